"""Benchmark smo-gen against Hugo, Eleventy, Pelican and Jekyll on the same generated corpus.

Run: .venv/bin/python bench/run.py [--sizes 1000,10000] [--runs 5] [--tools smo-gen,hugo,eleventy,pelican,jekyll]
                                   [--install] [--out bench/out] [--shared ../shared] [--no-cards] [--settle 65]
                                   [--seed 42] [--no-build-server]

Each round runs every tool's scenarios once, the tools in an order that rotates from round to round, so a burst
of load from other work on the machine falls on different tools. Every figure is the median of the rounds, and
every comparison is a ratio between tools measured in the same run. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from measure import Measurement, Step, Summary, run_step, summarise
from tools import Eleventy, Hugo, InstallError, Jekyll, Pelican, SmoGen, Tool, remove

TOOL_NAMES = ["smo-gen", "hugo", "eleventy", "pelican", "jekyll"]
LABELS = {
    "smo-gen": "smo-gen",
    "hugo": "Hugo",
    "eleventy": "Eleventy",
    "pelican": "Pelican",
    "jekyll": "Jekyll",
}
SEED = 42
CORPUS_TOOLS = "hugo,jekyll,pelican,eleventy,plain"


@dataclass(frozen=True)
class Options:
    sizes: list[int]
    runs: int
    tools: list[str]
    install: bool
    out_dir: Path
    shared_dir: Path
    cards: bool
    settle: float
    seed: int = SEED
    build_server: bool = True


@dataclass(frozen=True)
class SizeResult:
    """Everything measured for one corpus size."""

    pages: int
    summaries: list[Summary]
    failures: dict[str, str]  # "tool, scenario" -> error, for steps that never succeeded
    html_files: dict[tuple[str, str], int]
    load_before: str
    load_after: str
    started: str


def parse_options(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=5, help="rounds per size (default 5)")
    parser.add_argument("--tools", default=",".join(TOOL_NAMES), help="tools, comma-separated (default all)")
    parser.add_argument("--install", action="store_true", help="install missing tools (apt as root, pip, npm)")
    parser.add_argument("--out", default=str(BENCH_DIR / "out"), help="work and results folder (default bench/out)")
    parser.add_argument("--shared", default=str(REPO_DIR.parent / "shared"), help="the shared/ folder")
    parser.add_argument("--no-cards", action="store_true", help="skip smo-gen's with-cards scenarios")
    parser.add_argument(
        "--no-build-server", action="store_true", help="every smo-gen build in a process of its own (no build server)"
    )
    parser.add_argument(
        "--seed", type=int, default=SEED, help=f"corpus seed (default {SEED}): another seed, another corpus"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=65,
        help="seconds to wait after making the corpus (default 65; see settle_file_system)",
    )
    args = parser.parse_args(argv)
    tools = [name.strip() for name in args.tools.split(",") if name.strip()]
    unknown = sorted(set(tools) - set(TOOL_NAMES))
    if unknown:
        parser.error(f"--tools: unknown {', '.join(unknown)} (choose from {', '.join(TOOL_NAMES)})")
    return Options(
        sizes=[int(size) for size in args.sizes.split(",") if size.strip()],
        runs=args.runs,
        tools=tools,
        install=args.install,
        out_dir=Path(args.out).resolve(),
        shared_dir=Path(args.shared).resolve(),
        cards=not args.no_cards,
        settle=args.settle,
        seed=args.seed,
        build_server=not args.no_build_server,
    )


def make_tools(options: Options) -> list[Tool]:
    peers_dir = options.out_dir / ".peers"
    every: dict[str, Tool] = {
        "smo-gen": SmoGen(REPO_DIR, with_cards=options.cards, build_server=options.build_server),
        "hugo": Hugo(),
        "eleventy": Eleventy(peers_dir, options.shared_dir),
        "pelican": Pelican(peers_dir),
        "jekyll": Jekyll(),
    }
    return [every[name] for name in options.tools]


def check_tools(tools: list[Tool], install: bool) -> tuple[list[Tool], dict[str, str]]:
    """Return the tools that can run, and for the others why not (installing them first when asked)."""
    ready, not_installed = [], {}
    for tool in tools:
        reason = tool.missing()
        if reason and install:
            print(f"installing {tool.name} ...", file=sys.stderr, flush=True)
            try:
                tool.install()
                reason = tool.missing()
            except InstallError as error:
                reason = str(error)
        if reason:
            print(f"not installed: {tool.name}: {reason}", file=sys.stderr)
            not_installed[tool.name] = reason
        else:
            ready.append(tool)
    return ready, not_installed


def copy_skeleton(source_dir: Path, target_dir: Path) -> None:
    """Copy a peer's site skeleton as shared, without its read-only permissions."""
    for source_path in sorted(source_dir.rglob("*")):
        target_path = target_dir / source_path.relative_to(source_dir)
        if source_path.is_dir():
            target_path.mkdir(parents=True, exist_ok=True)
        else:
            target_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_path, target_path)


def make_sites(tools: list[Tool], shared_dir: Path, sites_dir: Path, pages: int, seed: int = SEED) -> None:
    """Copy each peer's skeleton, generate the corpus into the copies, and let each tool finish its site."""
    remove(sites_dir)
    sites_dir.mkdir(parents=True)
    for tool in tools:
        skeleton_dir = shared_dir / "bench" / "sites" / tool.name
        if skeleton_dir.is_dir():
            copy_skeleton(skeleton_dir, sites_dir / tool.name)
    generator = shared_dir / "bench" / "gen_corpus.py"
    command = [
        sys.executable,
        str(generator),
        str(pages),
        str(sites_dir),
        "--seed",
        str(seed),
        "--tools",
        CORPUS_TOOLS,
    ]
    subprocess.run(command, check=True, stdout=sys.stderr)
    for tool in tools:
        tool.prepare_site(sites_dir, shared_dir, pages)


def rotated(groups: list[list[Step]], round_number: int) -> list[list[Step]]:
    shift = round_number % len(groups)
    return groups[shift:] + groups[:shift]


def count_html_files(output_dir: Path | None) -> int:
    return 0 if output_dir is None else sum(1 for _ in output_dir.rglob("*.html"))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def run_rounds(
    groups: list[list[Step]], runs: int, pages: int, log_dir: Path
) -> tuple[list[Measurement], dict[tuple[str, str], int]]:
    """Run every group once per round in rotating order; a group that fails is dropped from later rounds."""
    measurements: list[Measurement] = []
    html_files: dict[tuple[str, str], int] = {}
    broken: set[int] = set()
    for round_number in range(1, runs + 1):
        for group in rotated(groups, round_number - 1):
            if id(group) in broken:
                continue
            code_before = group[0].fingerprint() if group[0].fingerprint else ""
            for step in group:
                log_path = log_dir / f"{slug(step.tool)}-{slug(step.scenario)}-{round_number}.log"
                measurement = run_step(step, pages, round_number, log_path)
                if step.fingerprint and step.fingerprint() != code_before:
                    measurement = replace(measurement, disturbed=True)
                    print(f"    {step.tool}'s code changed during this group: run left out", file=sys.stderr)
                measurements.append(measurement)
                status = "failed" if measurement.error else f"{measurement.seconds:.2f} s"
                print(
                    f"[N={pages} round {round_number}/{runs}] {step.tool}, {step.scenario}: {status}",
                    file=sys.stderr,
                    flush=True,
                )
                if measurement.error:
                    print(f"    {measurement.error}", file=sys.stderr)
                    broken.add(id(group))
                    break
                if (step.tool, step.scenario) not in html_files:
                    html_files[(step.tool, step.scenario)] = count_html_files(step.output_dir)
    return measurements, html_files


def settle_file_system(seconds: float) -> None:
    """Wait until deleting the previous corpus no longer slows the next files created.

    Making the sites deletes the last run's (tens of thousands of files at 10,000 pages).
    ext4 without a journal, as on these VMs, will not reuse an inode freed in the last
    60 s (RECENTCY_MIN in the kernel's fs/ext4/ialloc.c; 360 s while the inode's table
    block is not yet written back, hence the sync first), and for every file it creates
    meanwhile it searches past each such inode of the group: the first tool of the first
    round paid for the whole corpus's deletion (a third slower at 10,000 pages). Each
    tool's own previous output is still deleted just before its cold build, as a user's
    would be.
    """
    os.sync()
    if seconds > 0:
        print(f"letting the file system settle for {seconds:g} s ...", file=sys.stderr, flush=True)
        time.sleep(seconds)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def measure_size(tools: list[Tool], options: Options, pages: int) -> SizeResult:
    sites_dir = options.out_dir / f"sites-{pages}"
    make_sites(tools, options.shared_dir, sites_dir, pages, options.seed)
    settle_file_system(options.settle)
    groups = [group for tool in tools for group in tool.groups(sites_dir)]
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = load_average()
    log_dir = options.out_dir / "logs" / str(pages)
    remove(log_dir)
    measurements, html_files = run_rounds(groups, options.runs, pages, log_dir)
    summaries, failures = [], {}
    for step in (step for group in groups for step in group):
        runs = [m for m in measurements if (m.tool, m.scenario) == (step.tool, step.scenario)]
        if any(m.error is None for m in runs):
            summaries.append(summarise(runs))
        else:
            errors = [m.error for m in runs if m.error] or ["not run (an earlier step of its group failed)"]
            failures[f"{step.tool}, {step.scenario}"] = errors[-1]
    return SizeResult(pages, summaries, failures, html_files, load_before, load_average(), started)


# --- the report ------------------------------------------------------------------------------------------


def find(result: SizeResult, tool: str, scenario: str) -> Summary | None:
    return next((s for s in result.summaries if (s.tool, s.scenario) == (tool, scenario)), None)


def ratio(value: Summary | None, reference: Summary | None) -> str:
    if value is None or reference is None:
        return "–"
    return f"{value.median_seconds / reference.median_seconds:.2f}"


def hugo_reference(result: SizeResult) -> Summary | None:
    """The faster of Hugo's two cold builds (full-content feed, summary feed): the stricter reference."""
    runs = [s for s in (find(result, "Hugo", "cold"), find(result, "Hugo", "cold, summary feed")) if s]
    return min(runs, key=lambda s: s.median_seconds) if runs else None


def runs_cell(summary: Summary) -> str:
    """How many runs the medians are of, and how many were left out because the code changed under them."""
    if not summary.disturbed:
        return str(summary.runs)
    if summary.disturbed == summary.runs:
        return f"{summary.runs} (all disturbed)"
    return f"{summary.runs} ({summary.disturbed} left out)"


def render_table(result: SizeResult, not_installed: dict[str, str]) -> list[str]:
    smo_cold = find(result, "smo-gen", "cold")
    hugo_cold = hugo_reference(result)
    lines = [
        (
            "| tool | scenario | N | runs | median s | min–max s | peak "
            "MB | tree MB | HTML files | × smo-gen cold | × Hugo ref. |"
        ),
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in result.summaries:
        html = result.html_files.get((s.tool, s.scenario), 0)
        lines.append(
            f"| {s.tool} | {s.scenario} | {s.pages} | {runs_cell(s)} | {s.median_seconds:.2f} | "
            f"{s.min_seconds:.2f}–{s.max_seconds:.2f} | {s.peak_mb:.0f} | {s.tree_peak_mb:.0f} | {html} | "
            f"{ratio(s, smo_cold)} | {ratio(s, hugo_cold)} |"
        )
    for name in result.failures:
        lines.append(f"| {name} | failed | {result.pages} | 0 | – | – | – | – | – | – | – |")
    for name in not_installed:
        lines.append(f"| {LABELS[name]} | not installed | {result.pages} | 0 | – | – | – | – | – | – | – |")
    return lines


def verdict(passed: bool | None) -> str:
    return "n/a" if passed is None else ("met" if passed else "**missed**")


def render_targets(result: SizeResult) -> list[str]:
    """Check the performance targets against the peers measured in the same run."""
    smo = {name: find(result, "smo-gen", name) for name in ("cold", "no change", "one edit")}
    hugo = hugo_reference(result)
    lines = [
        f"Hugo reference: the faster of Hugo's two cold builds ({hugo.scenario}, {hugo.median_seconds:.2f} s)."
        if hugo
        else "Hugo reference: Hugo was not measured.",
        "",
        "| target | smo-gen | reference | ratio | verdict |",
        "| --- | ---: | ---: | ---: | --- |",
    ]

    def row(target: str, mine: Summary | None, other: Summary | None, limit: float, inclusive: bool = False) -> None:
        if mine is None or other is None:
            lines.append(f"| {target} | – | – | – | n/a |")
            return
        value = mine.median_seconds / other.median_seconds
        passed = value <= limit if inclusive else value < limit
        lines.append(
            f"| {target} | {mine.median_seconds:.2f} s | {other.median_seconds:.2f} s | {value:.2f} | "
            f"{verdict(passed)} |"
        )

    for peer, scenario in (("Eleventy", "cold"), ("Pelican", "cold"), ("Jekyll", "cold")):
        row(f"cold faster than {peer}", smo["cold"], find(result, peer, scenario), 1.0)
    row("cold no slower than 1.5× Hugo", smo["cold"], hugo, 1.5, inclusive=True)
    row("no change under 1/3 of Hugo's build", smo["no change"], hugo, 1 / 3)
    row("one edit under 1/5 of Hugo's build", smo["one edit"], hugo, 1 / 5)
    if smo["cold"] and hugo:
        mine, other = smo["cold"], hugo
        lines.append(
            "| peak memory below Hugo's (target at 10,000) "
            f"| {mine.peak_mb:.0f} MB process, {mine.tree_peak_mb:.0f} MB "
            f"tree | {other.peak_mb:.0f} MB | {mine.tree_peak_mb / other.peak_mb:.2f} | "
            f"{verdict(max(mine.peak_mb, mine.tree_peak_mb) < other.peak_mb)} |"
        )
    return lines


def render_cards(result: SizeResult) -> list[str]:
    cold, cards = find(result, "smo-gen", "cold"), find(result, "smo-gen + cards", "cold")
    if cold is None or cards is None:
        return []
    extra = cards.median_seconds - cold.median_seconds
    rate = f"{result.pages / extra:.0f} cards/s" if extra > 0 else "not measurable (no slower than without)"
    line = (
        f"Cards: {result.pages} pages / ({cards.median_seconds:.2f} s − {cold.median_seconds:.2f} s) = {rate}; "
        f"the whole build with cards takes {cards.median_seconds / cold.median_seconds:.2f}× the build without."
    )
    return [line]


def machine_lines() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
        platform.machine(),
    )
    memory_kb = int(
        next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    )
    return [
        (
            f"- machine: {os.cpu_count()} CPUs (nproc), {model}, {memory_kb / 1024 / 1024:.1f} GB RAM, "
            f"{platform.system()} {platform.release()}"
        ),
        f"- Python {platform.python_version()} ({sys.executable})",
    ]


def render_report(result: SizeResult, options: Options, versions: dict[str, str], not_installed: dict[str, str]) -> str:
    command = " ".join([os.path.relpath(sys.executable, Path.cwd()), *sys.argv])
    lines = [
        f"## N = {result.pages:,}",
        "",
        (
            f"- date: {result.started}; N = {result.pages}, seed {options.seed}, {options.runs} rounds (medians), "
            f"load average {result.load_before} before, {result.load_after} after"
        ),
        f"- command: `{command}`",
        (
            "- smo-gen's build server: on (a build after the first runs in the server the first left; its memory "
            "counts as those builds': peak MB is the server's, tree MB includes it)"
            if options.build_server
            else "- smo-gen's build server: off (every build in a process of its own)"
        ),
        *machine_lines(),
        *(f"- {name}: {version}" for name, version in versions.items()),
        *(f"- {name}: not installed: {reason}" for name, reason in not_installed.items()),
        "",
        *render_table(result, not_installed),
        "",
        *render_cards(result),
        "",
        *render_targets(result),
    ]
    if result.failures:
        lines += ["", "Failures (last error of each):", ""]
        lines += [f"- {name}: `{error}`" for name, error in result.failures.items()]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    if not (options.shared_dir / "bench" / "gen_corpus.py").exists():
        print(f"error: {options.shared_dir}/bench/gen_corpus.py not found (give --shared)", file=sys.stderr)
        return 2
    options.out_dir.mkdir(parents=True, exist_ok=True)
    tools, not_installed = check_tools(make_tools(options), options.install)
    versions = {tool.name: tool.version() for tool in tools}
    for pages in options.sizes:
        result = measure_size(tools, options, pages)
        report = render_report(result, options, versions, not_installed)
        (options.out_dir / f"results-{pages}.md").write_text(report)
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
