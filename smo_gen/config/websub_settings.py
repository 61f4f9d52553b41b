"""Site.toml's `[websub]` table: the hubs that feeds name, and that `smo-gen ping` tells of changes.

Read with the rest of site.toml, since the build writes the hubs into every feed;
syndicate/websub.py does the telling.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from smo_gen.errors import Problem
from smo_gen.schema import TableReader


@dataclass(frozen=True)
class WebSubSettings:
    hubs: tuple[str, ...] = ()


def parse_websub_settings(
    table: Mapping[str, Any], line_of: Callable[[str], int | None]
) -> tuple[WebSubSettings, list[Problem]]:
    problems: list[Problem] = []
    reader = TableReader(table, path="site.toml", prefix="websub.", problems=problems, line_of=line_of)
    hubs = reader.string_list("hubs")
    for hub in hubs:
        if not hub.startswith(("https://", "http://")):
            reader.problem("hubs", f"'{hub}' is not an http(s) URL", "for example 'https://pubsubhubbub.appspot.com/'")
    reader.finish()
    return WebSubSettings(tuple(h for h in hubs if h.startswith(("https://", "http://")))), problems
