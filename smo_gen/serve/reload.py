"""The live-reload script, and its injection into HTML as it is served (never into files)."""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources

SERVE_PREFIX = "/_smo/"
REPORT_PATH = SERVE_PREFIX + "report/"  # the campaign report (smo-gen report), while serving
EVENTS_PATH = SERVE_PREFIX + "events"
SCRIPT_PATH = SERVE_PREFIX + "reload.js"
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@cache
def reload_script() -> bytes:
    return resources.files("smo_gen.serve").joinpath("reload.js").read_bytes()


def reload_tag(generation: str) -> bytes:
    """The tag that loads the script; it knows which build the page came from."""
    return f'<script src="{SCRIPT_PATH}" data-generation="{html.escape(generation)}"></script>'.encode()


def inject_reload_script(page: bytes, generation: str) -> bytes:
    """`page` with the reload script before its last `</body>` (at the end when it has none)."""
    tag = reload_tag(generation)
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + tag
    at = ends[-1].start()
    return page[:at] + tag + page[at:]
