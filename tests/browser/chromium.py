"""Debian's Chromium driven by Playwright's Python package, or a skip (a failure under CI=true).

`make tools` installs Chromium with apt (scripts/install-test-tools.sh); the `test` extra brings
Playwright. Never `playwright install`: its browser download cannot work here, and the tests use
the system's /usr/bin/chromium. The machine has no internet, so Chromium's own background
connections are switched off, or it stalls on refused connections.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Path | None:
    if CHROMIUM_PATH.exists():
        return CHROMIUM_PATH
    found = shutil.which("chromium")
    return Path(found) if found else None


def require_chromium() -> Path:
    """The Chromium to drive, or skip saying what is missing (fail under CI=true)."""
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        missing.append("chromium (apt-get install chromium; `make tools` does it as root)")
    if missing:
        reason = f"browser tests need {' and '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    assert path is not None
    return path
