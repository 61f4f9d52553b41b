"""Cards in a whole cold build: (cold with cards - cold without) per card and core, text and photo cards.

Run: .venv/bin/python bench/cards_build.py CORPUS_PLAIN_DIR [--runs 3] [--base-src DIR] [--out bench/out/cards-build]

CORPUS_PLAIN_DIR is the `plain/` folder of `gen_corpus.py N OUT --tools plain`. Two sites are made from it:
`text/` (the pages without their `image:` line: every card drawn from the title) and `photo/` (every page
with a 1200x630 JPEG, as `bench/run.py` makes them). Each round builds each site cold (public/ and
.smo-cache/ deleted) without and with cards, alternating, with this checkout and, given `--base-src`
(e.g. `git archive main | tar -x -C /tmp/base`), with that one. Printed: medians of wall seconds and of
CPU seconds (user + system of the build and its workers), and cards per second per core
= cards / ((with - without) x cores), by wall and by CPU. CPU seconds stay meaningful on a busy machine;
wall seconds only on a quiet one.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR / "bench"))

from cards_bench import make_photo as make_large_photo

SITE_TOML = """title = "Bench"
base_url = "https://bench.example/"
language = "en"
description = "Bench corpus"
timezone = "UTC"

[author]
name = "Bench"

[cards]
enabled = {enabled}
"""


def make_sites(plain_dir: Path, out_dir: Path) -> dict[str, Path]:
    sites = {"text": out_dir / "text", "photo": out_dir / "photo"}
    for kind, site in sites.items():
        if site.exists():
            continue
        (site / "content").mkdir(parents=True)
        for page in sorted(plain_dir.glob("*.md")):
            text = page.read_text(encoding="utf-8")
            if kind == "text":
                text = "".join(line for line in text.splitlines(True) if not line.startswith("image:"))
            else:
                for line in text.splitlines():
                    if line.startswith("image:"):
                        image = site / "static" / line.split(":", 1)[1].strip().lstrip("/")
                        image.parent.mkdir(parents=True, exist_ok=True)
                        make_photo(image, len(text))
            (site / "content" / page.name).write_text(text, encoding="utf-8")
    return sites


def make_photo(path: Path, seed: int) -> None:
    """A 1200x630 photo-like JPEG, as `bench/run.py` gives every page of its corpus."""
    make_large_photo(path, seed)  # 1600x900, the same kind as cards_bench.py's
    with Image.open(path) as large:
        large.resize((1200, 630), Image.Resampling.BICUBIC).save(path, "JPEG", quality=85)


def build(source_dir: Path, site: Path, cards: bool) -> tuple[float, float, int]:
    """One cold build: wall seconds, CPU seconds of the build and its children, cards in public/cards."""
    (site / "site.toml").write_text(SITE_TOML.format(enabled="true" if cards else "false"), encoding="utf-8")
    shutil.rmtree(site / "public", ignore_errors=True)
    shutil.rmtree(site / ".smo-cache", ignore_errors=True)
    code = "import sys; from smo_gen.cli import main; sys.argv[0] = 'smo-gen'; main()"
    env = {**os.environ, "PYTHONPATH": str(source_dir)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, "build", "--site", str(site)],
        env=env,
        cwd=source_dir,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cards_dir = site / "public" / "cards"
    return wall, cpu, len(list(cards_dir.iterdir())) if cards_dir.is_dir() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plain_dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base-src", type=Path)
    parser.add_argument("--out", type=Path, default=REPO_DIR / "bench" / "out" / "cards-build")
    options = parser.parse_args()
    sites = make_sites(options.plain_dir, options.out)
    versions = {"head": REPO_DIR} | ({"base": options.base_src} if options.base_src else {})
    cores = os.cpu_count() or 1
    results: dict[tuple[str, str, bool], list[tuple[float, float, int]]] = {}
    for _ in range(options.runs):
        for kind, site in sites.items():
            for version, source in versions.items():
                for cards in (False, True):
                    results.setdefault((version, kind, cards), []).append(build(source, site, cards))
    print(f"{cores} cores, {options.runs} rounds, medians; load average now {os.getloadavg()}")
    print(
        "| version | cards | wall without | wall with | CPU without "
        "| CPU with | cards | /s/core (wall) | /s/core (CPU) |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind in sites:
        for version in versions:
            without, with_cards = results[(version, kind, False)], results[(version, kind, True)]
            wall0, wall1 = (statistics.median(r[0] for r in runs) for runs in (without, with_cards))
            cpu0, cpu1 = (statistics.median(r[1] for r in runs) for runs in (without, with_cards))
            count = with_cards[0][2]
            by_wall = count / ((wall1 - wall0) * cores) if wall1 > wall0 else float("inf")
            by_cpu = count / (cpu1 - cpu0) if cpu1 > cpu0 else float("inf")
            print(
                f"| {version} | {kind} | {wall0:.2f} | {wall1:.2f} | {cpu0:.2f} "
                f"| {cpu1:.2f} | {count} | {by_wall:.0f} | {by_cpu:.0f} |"
            )


if __name__ == "__main__":
    main()
