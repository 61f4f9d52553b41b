"""Looking at and linking folders in a small process of its own, for a build server, which
must not fork.

A build takes the look of its output folder and links the tree it stages its changes in on
the other core, in a forked child (see build/output_look.py and build/switch.py). A build
server keeps a site's pages between builds, and forking it marks every page of its memory
copy-on-write: the build then faults on each page it writes to, reference counts included
(6,800 faults at 1,000 pages, 42,000 at 10,000, and the fork itself 2-10 ms). So the server
starts a side process once: a fresh interpreter importing only the standard library and the
two tasks' modules, which takes them one at a time from a pipe and answers on another.

Tasks and answers are sent as their length and their `marshal` form: both ends are the same
Python. A side process that fails or is gone fails the tasks given to it (`SideProcessFailed`);
the build then does the work itself, as it would without one.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from smo_gen.file_looks import walk_files
from smo_gen.tree_links import link_tree

_LENGTH_BYTES = 4


class SideProcessFailed(Exception):
    """The side process could not do a task: it failed, or the process is gone."""


def _look(root: str, skip_names: list[str]) -> list[tuple[str, tuple[int, int]]]:
    return walk_files(Path(root), skip_names=frozenset(skip_names))


def _link(source: str, target: str, skip: list[str], kept_names: list[str], temporary_suffix: str) -> None:
    link_tree(source, target, frozenset(skip), frozenset(kept_names), temporary_suffix)


TASKS: dict[str, Callable[..., Any]] = {"look": _look, "link": _link}  # what a side process does, by name


class SideTask:
    """A task given to a side process; `result()` waits for its answer."""

    def __init__(self, side: SideProcess, number: int) -> None:
        self.side = side
        self.number = number

    def result(self) -> Any:
        """The task's value; raises SideProcessFailed when the task failed or the process is gone."""
        return self.side.answer(self.number)

    def cancel(self) -> None:
        """Say nobody will ask for the answer (the process still does the task)."""
        self.side.forget(self.number)


class SideProcess:
    """A side process of this one's, started now. Not for threads: one thread gives it tasks."""

    def __init__(self) -> None:
        import subprocess  # only a build server starts one

        package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        # -I -S: no site-packages, no environment; smo_gen found where this process found it.
        # Started by vfork and exec (no preexec_fn): this process's memory stays its own.
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _MAIN, package_parent],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._tasks: IO[bytes] = self._process.stdin
        self._answers: IO[bytes] = self._process.stdout
        self._given = 0
        self._received: dict[int, tuple[bool, Any]] = {}
        self._unwanted: set[int] = set()  # tasks whose answers nobody will ask for
        self._broken = False

    def submit(self, task: str, *args: Any) -> SideTask:
        """Give the process `task` (a name in TASKS) with `args` (values `marshal` takes)."""
        self._given += 1
        if not self._broken:
            try:
                _write_frame(self._tasks, (self._given, task, args))
            except (OSError, ValueError):
                self._broken = True  # the process is gone: each task fails when asked for
        return SideTask(self, self._given)

    def answer(self, number: int) -> Any:
        """The answer to task `number` (those of tasks given before it are kept till asked for)."""
        while number not in self._received and not self._broken:
            frame = _read_frame(self._answers)
            if not (isinstance(frame, tuple) and len(frame) == 3):
                self._broken = True
                break
            answered, succeeded, value = frame
            if answered in self._unwanted:
                self._unwanted.discard(answered)
            else:
                self._received[answered] = (succeeded, value)
        received = self._received.pop(number, None)
        if received is None:
            raise SideProcessFailed("the side process is gone")
        succeeded, value = received
        if not succeeded:
            raise SideProcessFailed(value)
        return value

    def forget(self, number: int) -> None:
        if self._received.pop(number, None) is None:
            self._unwanted.add(number)  # its answer is dropped when it comes

    @property
    def alive(self) -> bool:
        return not self._broken and self._process.poll() is None

    def close(self) -> None:
        """Stop the process now, whatever it is doing."""
        self._broken = True
        self._process.kill()
        self._process.wait()
        for stream in (self._tasks, self._answers):
            try:
                stream.close()
            except OSError:
                pass


_current: SideProcess | None = None


def start_side_process() -> SideProcess:
    """Start the side process this process's builds use from now on (see `side_process`)."""
    global _current
    stop_side_process()
    _current = SideProcess()
    return _current


def side_process() -> SideProcess | None:
    """The side process this process's builds hand folder work to; None where there is none
    (a build that forks children for it, as every build but a server's does)."""
    if _current is not None and not _current.alive:
        stop_side_process()  # gone: the build forks again, and the server starts none till it restarts
    return _current


def stop_side_process() -> None:
    global _current
    if _current is not None:
        _current.close()
        _current = None


def _forget_in_child() -> None:
    """In a child forked from a process with a side process (a render worker): it is not the
    child's to use or stop (its copies of the pipes close with the child)."""
    global _current
    _current = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def serve_tasks(tasks: IO[bytes], answers: IO[bytes]) -> None:
    """In the side process: do each task read from `tasks`, answering on `answers`, until the
    other end closes."""
    while True:
        frame = _read_frame(tasks)
        if frame is None:
            return
        number, name, args = frame
        try:
            answer = (number, True, TASKS[name](*args))
        except Exception as error:  # noqa: BLE001 - told to the build, which then does the task itself
            answer = (number, False, f"{name}: {type(error).__name__}: {error}")
        _write_frame(answers, answer)


def _write_frame(stream: IO[bytes], value: Any) -> None:
    data = marshal.dumps(value)
    stream.write(len(data).to_bytes(_LENGTH_BYTES, "big") + data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> Any:
    """The next value on `stream`; None once it is closed or holds something else."""
    head = stream.read(_LENGTH_BYTES)
    if len(head) < _LENGTH_BYTES:
        return None
    length = int.from_bytes(head, "big")
    data = stream.read(length)
    if len(data) < length:
        return None
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None


_MAIN = """
import sys
sys.path.insert(0, sys.argv[1])
from smo_gen.side_process import serve_tasks
serve_tasks(sys.stdin.buffer, sys.stdout.buffer)
"""
