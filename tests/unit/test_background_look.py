"""The output folder's look taken by a child process: the same look, and no child left behind.

pytest's own threads make the look run in-process here (a fork is only safe in a process with
one thread), so the forked path runs in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from smo_gen.build.output_folder import look_at_output_folder
from smo_gen.build.output_look import OutputFolderLook, output_folder_look
from smo_gen.side_process import SideProcess, side_process


@pytest.fixture
def output(tmp_path: Path) -> Path:
    folder = tmp_path / "public"
    for n in range(30):
        (folder / f"post-{n}").mkdir(parents=True)
        (folder / f"post-{n}" / "index.html").write_text(f"<p>{n}</p>" * n, encoding="utf-8")
    (folder / "feed.xml").write_text("<rss/>", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    return folder


def run_in_fresh_interpreter(script: str) -> dict[str, object]:
    command = [sys.executable, "-c", textwrap.dedent(script)]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_child_takes_the_same_look_as_this_process(output: Path) -> None:
    result = run_in_fresh_interpreter(
        f"""
        import json, os
        from pathlib import Path
        from smo_gen.build.output_look import output_folder_look
        with output_folder_look(Path({str(output)!r})) as look:
            forked = look._child is not None
            taken = look.result()
        try:
            os.waitpid(-1, os.WNOHANG)
            left = True
        except ChildProcessError:
            left = False  # no child of ours is left, not even a zombie
        print(json.dumps({{"forked": forked, "look": sorted(taken.items()), "left": left}}))
        """
    )
    assert result["forked"] is True and result["left"] is False
    assert result["look"] == [[name, list(look)] for name, look in sorted(look_at_output_folder(output).items())]


def test_a_child_that_fails_leaves_the_look_to_this_process(output: Path) -> None:
    result = run_in_fresh_interpreter(
        f"""
        import json, os
        from pathlib import Path
        from smo_gen.build import output_look as background_look
        parent = os.getpid()
        real = background_look.look_at_output_folder

        def failing_in_the_child(folder):
            if os.getpid() != parent:
                raise OSError("the child cannot read the folder")
            return real(folder)

        background_look.look_at_output_folder = failing_in_the_child
        look = background_look.OutputFolderLook(Path({str(output)!r}))
        print(json.dumps({{"forked": look._child is not None, "look": sorted(look.result().items())}}))
        """
    )
    assert result["forked"] is True
    assert result["look"] == [[name, list(look)] for name, look in sorted(look_at_output_folder(output).items())]


def test_a_look_never_asked_for_stops_its_child(output: Path) -> None:
    result = run_in_fresh_interpreter(
        f"""
        import json, os
        from pathlib import Path
        from smo_gen.build.output_look import output_folder_look
        try:
            with output_folder_look(Path({str(output)!r})) as look:
                child = look._child
                raise RuntimeError("the build failed")
        except RuntimeError:
            pass
        try:
            os.kill(child, 0)
            alive = True
        except ProcessLookupError:
            alive = False
        print(json.dumps({{"child": child, "alive": alive}}))
        """
    )
    assert result["child"] is not None and result["alive"] is False


def test_with_other_threads_running_the_look_is_taken_here(output: Path) -> None:
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        look = OutputFolderLook(output)
        assert look._child is None
        assert look.result() == look_at_output_folder(output)
    finally:
        stop.set()
        other.join()


def test_a_missing_folder_looks_empty(tmp_path: Path) -> None:
    with output_folder_look(tmp_path / "nothing") as look:
        assert look.result() == {}


def test_a_side_process_takes_the_same_look_without_a_fork(side: SideProcess, output: Path) -> None:
    look = OutputFolderLook(output)
    assert look._side_task is not None and look._child is None
    assert look.result() == look_at_output_folder(output)


def test_when_the_side_process_is_gone_the_look_is_taken_here(side: SideProcess, output: Path) -> None:
    pending = OutputFolderLook(output)  # given to it before it went
    side._process.kill()
    side._process.wait()
    assert pending.result() == look_at_output_folder(output)
    assert side_process() is None  # later builds fork again
