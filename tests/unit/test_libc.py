"""C library calls found by name: typed, with errno, and None where the call does not exist."""

from __future__ import annotations

import errno
import os
import sys

import pytest

from smo_gen.libc import last_errno, libc_function

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's C library only")


def test_a_function_is_found_typed_and_called() -> None:
    getpid = libc_function("getpid", ())
    assert getpid is not None and getpid() == os.getpid()


def test_a_failed_call_leaves_its_errno() -> None:
    close = libc_function("close", ("int",))
    assert close is not None and close(-1) == -1
    assert last_errno() == errno.EBADF


def test_a_call_the_library_lacks_is_none() -> None:
    assert libc_function("no_such_call_in_any_libc", ("int",)) is None
