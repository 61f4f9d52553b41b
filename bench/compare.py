"""smo-gen against an earlier commit of itself, on the bench corpus, the two builds alternating.

Run: .venv/bin/python bench/compare.py --base REV [--sizes 1000] [--pairs 5] [--scenarios cold,one edit] [--cards]

On a shared two-core machine the same build varies by a third within an hour, so a change is
measured against its base in pairs run back to back, the order swapped from pair to pair, and
read as the ratio of the medians. The base commit is checked out in a git worktree under the
work folder and run with this checkout's virtual environment (its libraries), so only smo-gen's
own code differs. Nothing here asserts a time; it prints a table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from measure import Step, run_step
from run import make_sites
from tools import EDIT_SENTENCE, SmoGen, remove

SCENARIOS = ("cold", "no change", "one edit")
# Settings of the bench's site.toml that older commits do not know.
NEWER_SETTINGS = ("hard_link_static",)
# Runs the checkout at PYTHONPATH as the `smo-gen` command would (an older commit may not have cli.run).
COMMAND = "import sys; from smo_gen.cli import main; sys.argv[0] = 'smo-gen'; main()"


def parse_options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare against (any git revision)")
    parser.add_argument("--sizes", default="1000", help="corpus sizes, comma-separated (default 1000)")
    parser.add_argument("--pairs", type=int, default=5, help="alternating pairs of builds per scenario (default 5)")
    parser.add_argument("--scenarios", default="cold,one edit", help=f"comma-separated, of: {', '.join(SCENARIOS)}")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out" / "compare", help="work folder")
    parser.add_argument("--shared", type=Path, default=REPO_DIR.parent / "shared", help="the shared/ folder")
    parser.add_argument(
        "--cards", action="store_true", help="build with [cards] enabled = true (a card for every page)"
    )
    options = parser.parse_args(argv)
    options.scenario_list = [name.strip() for name in options.scenarios.split(",") if name.strip()]
    unknown = [name for name in options.scenario_list if name not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {unknown[0]!r}; choose from: {', '.join(SCENARIOS)}")
    return options


def check_out(revision: str, folder: Path) -> str:
    """A worktree of `revision` at `folder`, byte-compiled as `make build` leaves a checkout; its short name."""
    short = subprocess.run(
        ["git", "-C", str(REPO_DIR), "rev-parse", "--short", revision], check=True, capture_output=True, text=True
    ).stdout.strip()
    if folder.exists():
        subprocess.run(["git", "-C", str(REPO_DIR), "worktree", "remove", "--force", str(folder)], check=False)
        remove(folder)
    subprocess.run(["git", "-C", str(REPO_DIR), "worktree", "add", "--detach", "-q", str(folder), short], check=True)
    compile_checkout(folder)
    return short


def compile_checkout(folder: Path) -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "smo_gen")], check=True)


def head_name() -> str:
    git = ["git", "-C", str(REPO_DIR)]
    short = subprocess.run([*git, "rev-parse", "--short", "HEAD"], check=True, capture_output=True, text=True)
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--", "smo_gen", "themes"], check=True, capture_output=True, text=True
    )
    return short.stdout.strip() + (" + uncommitted" if changed.stdout.strip() else "")


def prepare(site_dir: Path, scenario: str, edited: Path) -> None:
    if scenario == "cold":
        remove(site_dir / "public", site_dir / ".smo-cache")
        os.sync()
    elif scenario == "one edit":
        with open(site_dir / "content" / edited.name, "a", encoding="utf-8") as markdown_file:
            markdown_file.write(EDIT_SENTENCE)


def measure_size(options: argparse.Namespace, pages: int, checkouts: dict[str, Path]) -> list[str]:
    """Alternating pairs at one corpus size; the Markdown table rows for it."""
    sites_dir = options.out / f"sites-{pages}"
    make_sites([SmoGen(REPO_DIR, with_cards=False)], options.shared, sites_dir, pages)
    plain = sites_dir / "smo-gen"
    edited = sorted((plain / "content").glob("*.md"))[pages // 2]
    sites = {}
    for name, checkout in checkouts.items():
        site_dir = sites_dir / f"site-{name}"
        shutil.copytree(plain, site_dir)
        toml = site_dir / "site.toml"
        text = toml.read_text(encoding="utf-8")
        if options.cards:
            text = text.replace("enabled = false", "enabled = true")
        toml.write_text(drop_unknown_settings(text, checkout), encoding="utf-8")
        sites[name] = site_dir
    times: dict[tuple[str, str], list[float]] = {}
    log_dir = options.out / "logs" / str(pages)
    for pair in range(options.pairs):
        order = list(checkouts) if pair % 2 == 0 else list(reversed(checkouts))
        for scenario in options.scenario_list:
            for name in order:
                site_dir = sites[name]
                if scenario != "cold" and not (site_dir / "public").exists():
                    prepare(site_dir, "cold", edited)  # a first build to edit against
                    env = {**os.environ, "PYTHONPATH": str(checkouts[name])}
                    # In the site folder, as the measured builds run: `python -c` puts the current
                    # folder first on sys.path, so from this checkout's root it would import the
                    # head's smo_gen whatever PYTHONPATH says, and the base's first measured build
                    # would start from a cache made by other code (a full rebuild).
                    subprocess.run(command(site_dir), env=env, cwd=site_dir, check=True, capture_output=True)
                step = Step(
                    tool=name,
                    scenario=scenario,
                    command=command(site_dir),
                    cwd=site_dir,
                    prepare=lambda site_dir=site_dir, scenario=scenario: prepare(site_dir, scenario, edited),
                    env={"PYTHONPATH": str(checkouts[name])},
                )
                measurement = run_step(
                    step, pages, pair + 1, log_dir / f"{name}-{scenario.replace(' ', '-')}-{pair}.log"
                )
                if measurement.error:
                    raise SystemExit(f"{name}, {scenario}: {measurement.error}")
                times.setdefault((name, scenario), []).append(measurement.seconds)
                print(
                    f"[N={pages} pair {pair + 1}/{options.pairs}] {name}, {scenario}: {measurement.seconds:.2f} s",
                    file=sys.stderr,
                )
    head, base = list(checkouts)
    rows = []
    for scenario in options.scenario_list:
        head_median = statistics.median(times[(head, scenario)])
        base_median = statistics.median(times[(base, scenario)])
        rows.append(
            f"| {scenario} | {pages} | {options.pairs} | {base_median:.2f} "
            f"| {head_median:.2f} | {head_median / base_median:.2f} |"
        )
    return rows


def drop_unknown_settings(site_toml: str, checkout: Path) -> str:
    """`site_toml` without the lines of bench settings that `checkout` predates (it would reject
    them as unknown keys); a base that predates one is measured as it was."""
    # site.toml's keys are read in smo_gen/config.py, or in smo_gen/config/ since the packages
    config_source = "".join(path.read_text(encoding="utf-8") for path in (checkout / "smo_gen").glob("config*/**/*.py"))
    config_source += "".join(path.read_text(encoding="utf-8") for path in (checkout / "smo_gen").glob("config.py"))
    lines = site_toml.splitlines(keepends=True)
    return "".join(
        line
        for line in lines
        if not any(line.startswith(f"{key} =") and key not in config_source for key in NEWER_SETTINGS)
    )


def command(site_dir: Path) -> list[str]:
    """`smo-gen build` of whichever checkout PYTHONPATH names."""
    return [sys.executable, "-c", COMMAND, "build", "--site", str(site_dir), "-q"]


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    options.out.mkdir(parents=True, exist_ok=True)
    base_name = check_out(options.base, options.out / "base")
    compile_checkout(REPO_DIR)
    head = head_name()
    checkouts = {f"head {head}": REPO_DIR, f"base {base_name}": options.out / "base"}
    lines = [
        f"smo-gen {head} against {base_name}: medians of alternating pairs (ratio < 1: the head is faster)",
        "",
        "| scenario | N | pairs | base s | head s | head ÷ base |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for pages in (int(size) for size in options.sizes.split(",")):
        lines += measure_size(options, pages, checkouts)
    print("\n".join(lines))
    subprocess.run(
        ["git", "-C", str(REPO_DIR), "worktree", "remove", "--force", str(options.out / "base")], check=False
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
