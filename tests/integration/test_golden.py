"""A golden build: the small site in tests/fixtures/golden-site must build to exactly the files
kept in tests/golden/expected/.

When output changes on purpose, regenerate the expected files and review the diff:

    SMO_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/integration/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from tests.support.sites import build

HERE = Path(__file__).resolve().parent
SITE = HERE.parent / "fixtures" / "golden-site"
EXPECTED = HERE.parent / "golden" / "expected"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_golden_build_matches_expected_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    build(site)
    actual = _files(site / "public")
    if os.environ.get("SMO_UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(site / "public", EXPECTED)
    expected = _files(EXPECTED)
    assert sorted(actual) == sorted(expected), "the set of built files changed"
    for name, data in expected.items():
        if actual[name] != data:
            try:
                diff = "\n".join(
                    difflib.unified_diff(
                        data.decode().splitlines(),
                        actual[name].decode().splitlines(),
                        "expected",
                        "actual",
                        lineterm="",
                    )
                )
            except UnicodeDecodeError:
                diff = f"binary file differs ({len(data)} -> {len(actual[name])} bytes)"
            raise AssertionError(f"{name} differs from the golden copy:\n{diff[:4000]}")
