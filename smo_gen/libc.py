"""Calls into the C library that Python's `os` does not offer, found by name (Linux only)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any


def libc_function(name: str, argument_types: Sequence[str], result_type: str = "int") -> Callable[..., Any] | None:
    """The C library's function `name`, typed (C type names as in ctypes without `c_`:
    "int", "uint", "longlong", "char_p"), with errno kept for `last_errno`; None where there
    is no such function (not Linux, or a C library older than the call)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here, not at the top: most builds never need it

    try:
        function = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = [getattr(ctypes, f"c_{type_name}") for type_name in argument_types]
    function.restype = getattr(ctypes, f"c_{result_type}")
    return function  # type: ignore[no-any-return]


def last_errno() -> int:
    """The errno the last call of a `libc_function` left, in this thread."""
    import ctypes

    return ctypes.get_errno()
