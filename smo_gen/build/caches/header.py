"""The one rule by which every cache goes stale: its header.

A cached value is made by smo-gen's own code, maybe by some libraries (Markdown, feedgen,
Pillow), and maybe under some settings (the site's time zone, its language). A cache is
written with a header naming all three: the code stamp, the versions of those libraries and
those settings, digested. A cache whose header is not the one this build would write is
empty, whatever it holds: nothing else decides that a whole cache is stale. (Single values
go stale by their own key: a file's look, a source's digest.)
"""

from __future__ import annotations

import functools
from typing import Any

from smo_gen import __version__
from smo_gen.digest import stable_digest
from smo_gen.installation import code_stamp, distribution_versions

# The libraries that turn a page's text into its model: a new one may render the same text differently.
PARSER_LIBRARIES = ("markdown-it-py", "markdown-it-pyrs", "mdit-py-plugins", "pygments")
# The libraries that write the XML feeds: another version may print the same entries differently.
FEED_LIBRARIES = ("feedgen", "lxml")


def cache_header(*settings: Any, libraries: tuple[str, ...] = ()) -> str:
    """The header of a cache of values made by this code and `libraries` under `settings`
    (plain values: text, numbers, tuples, dataclasses; see digest)."""
    return stable_digest(__version__, code_stamp(), library_versions(libraries), settings)


@functools.lru_cache(maxsize=16)
def library_versions(names: tuple[str, ...]) -> str:
    """'markdown-it-py 4.3.0, ...' for the named libraries ('' for none), looked up once a build."""
    return distribution_versions(*names) if names else ""
