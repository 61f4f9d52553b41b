"""The code style the project keeps: ruff's rules (line length 120 included) and its formatting.

`make lint` runs the same by hand; here it runs with every test so a long line or an unformatted
file fails the build like any other broken promise.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("smo_gen", "tests", "bench")

pytest.importorskip("ruff", reason="ruff comes with the dev extra: pip install -e '.[test,dev]' (make test does it)")


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *CHECKED], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_finds_nothing() -> None:
    result = ruff("check", "--no-cache", "--output-format", "concise")
    assert result.returncode == 0, f"ruff check (fix, or `ruff check --fix`):\n{result.stdout}{result.stderr}"


def test_the_tree_is_formatted() -> None:
    result = ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, f"run `.venv/bin/ruff format smo_gen tests bench`:\n{result.stdout}{result.stderr}"
