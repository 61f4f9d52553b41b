"""Regular expressions compiled the first time they are used, not when their module is imported.

A one-edit build imports some 230 modules for a handful of functions in each: compiling every
module-level pattern at import cost it about 6 ms (60 patterns, measured with the build's own
imports) for patterns that served only uncommon input (a Jekyll tag, a TOML syntax slip, a
YouTube link). `lazy_pattern` stands in for `re.compile` at module level for such patterns; the
pattern is compiled on its first use and then costs nothing more than a compiled one.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast


class LazyPattern:
    """A pattern's source and flags; compiled when any attribute of it is first asked for."""

    def __init__(self, source: str | bytes, flags: int = 0) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Python asks here only for names not yet in the instance's dict: the first use of each
        # method. The compiled pattern's bound method is kept there, so later calls go straight
        # to it, as fast as calling the compiled pattern's own method.
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(self._source, self._flags)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"lazy_pattern({self._source!r}, {self._flags!r})"


def lazy_pattern(source: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile(source, flags)`, done on the pattern's first use.

    It answers every method and attribute of a compiled pattern (`match`, `sub`, `pattern`...),
    and is typed as one; only pass it where those are called, never to `re.sub(pattern, ...)`
    or another function that wants the compiled object itself.
    """
    return cast("re.Pattern[AnyStr]", LazyPattern(source, flags))
