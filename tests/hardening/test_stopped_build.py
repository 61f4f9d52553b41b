"""A build stopped at any moment (kill -9) leaves the output folder holding either the whole
old site or the whole new one, byte for byte; the next build completes and leaves nothing
behind (see `switch`)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smo_gen.build import switch
from tests.hardening.support import EPOCH
from tests.support.sites import write_site

COMMAND = Path(sys.executable).parent / "smo-gen"
PAGES = 300
TRIES = int(os.environ.get("SMO_KILL_TRIES", "8"))

pytestmark = pytest.mark.skipif(switch._exchange_call() is None, reason="no renameat2(RENAME_EXCHANGE) here")


def _page(number: int, words: str) -> str:
    return f"---\ntitle: Page {number}\ndate: 2026-05-01\ntags: [t{number % 7}]\n---\n{words} {number}.\n"


def _site(root: Path, words: str) -> Path:
    return write_site(root, {f"content/p{number}.md": _page(number, words) for number in range(PAGES)})


def _edit(site_dir: Path) -> None:
    for number in range(PAGES):
        (site_dir / f"content/p{number}.md").write_text(_page(number, "Edited text, longer than before"))


def _command(site_dir: Path) -> list[str]:
    return [str(COMMAND), "build", "--site", str(site_dir), "--quiet"]


def _environment() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


def _build(site_dir: Path) -> None:
    result = subprocess.run(
        _command(site_dir), capture_output=True, text=True, env=_environment(), timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`."""
    return {
        path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes() for path in folder.rglob("*")
    }


def _leftovers(site_dir: Path) -> list[str]:
    beside = [path.name for path in site_dir.iterdir() if switch.STAGING_INFIX in path.name]
    return beside + [path.name for path in (site_dir / "public").rglob("*.smo-tmp")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes | None], dict[str, bytes | None]]:
    """A site built once at site/ (copied back there before each try: the record of written
    files names the output folder's path), and the old and new sites as clean builds make them."""
    if not COMMAND.exists():
        pytest.fail(f"{COMMAND} is missing; install smo-gen into the venv (make build)")
    root = tmp_path_factory.mktemp("stopped")
    _build(_site(root / "site", "Original text"))
    template = Path(shutil.copytree(root / "site", root / "template", symlinks=True))
    new = _site(root / "new", "Original text")
    _edit(new)
    _build(new)
    old_tree, new_tree = _tree(template / "public"), _tree(new / "public")
    assert old_tree != new_tree
    return template, old_tree, new_tree


def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_site(
    built: tuple[Path, dict[str, bytes | None], dict[str, bytes | None]],
) -> None:
    template, old_tree, new_tree = built
    site_dir = template.parent / "site"
    chance = random.Random(os.environ.get("SMO_KILL_SEED", "24"))
    lasts = 2.0  # how long the build to stop takes, as the last completed one did: kills land anywhere in it
    for attempt in range(TRIES):
        shutil.rmtree(site_dir)
        shutil.copytree(template, site_dir, symlinks=True)
        _edit(site_dir)
        process = subprocess.Popen(
            _command(site_dir),
            env=_environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(chance.uniform(0.05, lasts * 1.1))
        os.killpg(process.pid, signal.SIGKILL)  # the build and its render workers
        process.wait()
        tree = _tree(site_dir / "public")
        assert tree in (old_tree, new_tree), f"try {attempt}: the output folder holds a mix of the old and new sites"
        started = time.monotonic()
        _build(site_dir)  # the same build, completed
        lasts = time.monotonic() - started
        assert _tree(site_dir / "public") == new_tree
        assert _leftovers(site_dir) == []


def test_a_deploy_checkouts_history_survives_a_build_killed_while_switching(tmp_path: Path) -> None:
    """Stopped between moving public/.git into the new tree and the exchange, the history
    sits in the staging folder: the next build moves it back before deleting that folder."""
    site_dir = _site(tmp_path / "site", "Original text")
    _build(site_dir)
    (site_dir / "public/.git").mkdir()
    (site_dir / "public/.git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    stopped = site_dir / f"{switch.staging_prefix(site_dir / 'public')}deadbeef"
    stopped.mkdir()
    os.rename(site_dir / "public/.git", stopped / ".git")
    _edit(site_dir)
    _build(site_dir)
    assert (site_dir / "public/.git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert _leftovers(site_dir) == []
    assert "Edited text" in (site_dir / "public/p1/index.html").read_text()
