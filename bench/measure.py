"""Running one build as a child process: wall time, peak memory, and the summary of repeated runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
SAMPLE_SECONDS = 0.2  # how often the process tree's total RSS is read from /proc
TIMEOUT_SECONDS = 3600


@dataclass(frozen=True)
class Step:
    """One timed command of a tool, with the untimed work that must happen just before it."""

    tool: str
    scenario: str
    command: Sequence[str]
    cwd: Path
    prepare: Callable[[], None] = lambda: None
    output_dir: Path | None = None  # where it writes, to count the HTML files after the first cold build
    # A fingerprint of the tool's own code: when it changes between a group's first step and a later one (someone
    # editing an editable install), the later step's caches were invalidated, and its figure is not comparable.
    fingerprint: Callable[[], str] | None = None
    env: dict[str, str] = field(default_factory=dict)
    # Processes outside the command's own tree that do its work (smo-gen's build server): what they
    # hold counts as the step's memory, their peak RSS as its peak and their trees in its tree's.
    helpers: Callable[[], list[int]] = list


@dataclass(frozen=True)
class Measurement:
    """One run of one step: wall seconds, the child's peak RSS (wait4) and the sampled peak of its whole tree."""

    tool: str
    scenario: str
    pages: int
    round: int
    seconds: float
    peak_kb: int
    tree_peak_kb: int
    error: str | None = None
    disturbed: bool = False  # the tool's code changed since the group's first step (see Step.fingerprint)


@dataclass(frozen=True)
class Summary:
    """The runs of one tool and scenario: medians, and the spread of the times."""

    tool: str
    scenario: str
    pages: int
    runs: int
    disturbed: int  # runs left out because the tool's code changed under them
    median_seconds: float
    min_seconds: float
    max_seconds: float
    peak_mb: float
    tree_peak_mb: float


def summarise(measurements: Sequence[Measurement]) -> Summary:
    """Return the medians of measurements of one tool and scenario (failed and disturbed runs left out).

    When every successful run was disturbed, they are all used, and `disturbed` says so.
    """
    succeeded = [m for m in measurements if m.error is None]
    clean = [m for m in succeeded if not m.disturbed]
    good = clean or succeeded
    first = measurements[0]
    seconds = [m.seconds for m in good]
    return Summary(
        tool=first.tool,
        scenario=first.scenario,
        pages=first.pages,
        runs=len(good),
        disturbed=len(succeeded) - len(clean),
        median_seconds=statistics.median(seconds),
        min_seconds=min(seconds),
        max_seconds=max(seconds),
        peak_mb=statistics.median(m.peak_kb for m in good) / 1024,
        tree_peak_mb=statistics.median(m.tree_peak_kb for m in good) / 1024,
    )


def _read_process_table() -> dict[int, tuple[int, int]]:
    """Map pid -> (parent pid, RSS in KB) for every process we can read."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat_file:
                text = stat_file.read()
        except OSError:
            continue
        fields = text[text.rfind(b")") + 2 :].split()
        # fields[0] is the state (field 3 of stat), so ppid is field 4 and rss field 24
        table[int(name)] = (int(fields[1]), int(fields[21]) * PAGE_KB)
    return table


def read_tree_rss_kb(root_pid: int) -> int:
    """Return the summed RSS of a process and all its descendants, in KB."""
    table = _read_process_table()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        if pid in table:
            total += table[pid][1]
        todo.extend(children.get(pid, []))
    return total


def read_peak_rss_kb(pid: int) -> int:
    """Return a process's peak RSS so far (VmHWM), in KB; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Reads the total RSS of the process trees under `pids` every SAMPLE_SECONDS and keeps the highest."""

    def __init__(self, pids: Sequence[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak_kb = max(self.peak_kb, sum(read_tree_rss_kb(pid) for pid in self.pids))
            self.stopped.wait(SAMPLE_SECONDS)


def run_step(step: Step, pages: int, round_number: int, log_path: Path) -> Measurement:
    """Prepare and run one step; time it with perf_counter and read the child's peak RSS with wait4."""
    step.prepare()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", **step.env}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    helpers = step.helpers()
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        child = subprocess.Popen(step.command, cwd=step.cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeSampler([child.pid, *helpers])
        sampler.start()
        killer = threading.Timer(TIMEOUT_SECONDS, child.kill)
        killer.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        killer.cancel()
        sampler.stopped.set()
        sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    error = None
    if child.returncode != 0:
        error = f"exit {child.returncode}: {tail(log_path)}"
    peak_kb = max([usage.ru_maxrss, *(read_peak_rss_kb(pid) for pid in helpers)])
    return Measurement(
        tool=step.tool,
        scenario=step.scenario,
        pages=pages,
        round=round_number,
        seconds=seconds,
        peak_kb=peak_kb,
        tree_peak_kb=max(sampler.peak_kb, peak_kb),
        error=error,
    )


def tail(path: Path, lines: int = 6) -> str:
    """Return the last lines of a log, joined on ' | ', for an error message."""
    text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return " | ".join(line.strip() for line in text[-lines:]) or "(no output)"
