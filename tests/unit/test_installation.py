"""smo-gen's own files: the stamp of its code changes whenever a module does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from smo_gen import installation


def rglob_stamp(package_dir: Path) -> str:
    """The stamp as it was first written, with Path.rglob: what the faster walk must equal."""
    stats = sorted(
        (path.relative_to(package_dir).as_posix(), path.stat().st_mtime_ns, path.stat().st_size)
        for path in package_dir.rglob("*.py")
    )
    return repr(stats)


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "smo_gen"
    for rel in ("__init__.py", "cli.py", "build/__init__.py", "build/caches/data.py", "themes/page.html"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"# {rel}\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/outside.py").write_text("# not ours\n")
    os.symlink(tmp_path / "elsewhere", root / "linked")  # rglob does not follow a linked folder
    monkeypatch.setattr(installation, "PACKAGE_DIR", root)
    return root


def test_the_code_stamp_is_what_a_walk_of_the_package_with_rglob_gives(package: Path) -> None:
    assert installation.code_stamp.__wrapped__() == rglob_stamp(package)


def test_the_code_stamp_of_the_installed_package_is_what_rglob_gives() -> None:
    assert installation.code_stamp.__wrapped__() == rglob_stamp(installation.PACKAGE_DIR)


def test_editing_any_module_changes_the_code_stamp(package: Path) -> None:
    before = installation.code_stamp.__wrapped__()
    (package / "build/caches/data.py").write_text("# edited, and longer than before\n")
    assert installation.code_stamp.__wrapped__() != before
