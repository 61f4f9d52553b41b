"""Loading and saving the build's caches at 10,000 entries: JSON data (today) against pickle (before).

Run: .venv/bin/python bench/cache_load.py [--entries 10000] [--rounds 7]

Caches became data-only JSON (smo_gen/build/caches/data.py) so that a cache folder from a checkout
cannot run code. This prints, per cache, the median time to read (and to write) it both ways,
on entries shaped like a real site's. Nothing here asserts a time; it prints a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pickle
import sys
import zoneinfo
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]

from cards_bench import median_seconds

from smo_gen.build.caches.data import dump_cache_data, dump_tagged_data, loads_cache_data
from smo_gen.build.parsing import CACHED_TYPES
from smo_gen.content.page import Author, Page
from smo_gen.errors import Problem
from smo_gen.reporter import BuildSummary

ZONE = zoneinfo.ZoneInfo("Europe/Berlin")


def page(n: int) -> Page:
    body = "<p>" + "Spring sale on bikes and helmets. " * 60 + "</p>"
    when = dt.datetime(2026, 5, 1, 9, tzinfo=ZONE) + dt.timedelta(hours=n)
    return Page(
        source_path=f"content/posts/post-{n}.md",
        url_path=f"/posts/post-{n}/",
        slug=f"post-{n}",
        title=f"Post {n}",
        description="A post.",
        summary=body[:300],
        body_html=body,
        date=when,
        lastmod=when,
        tags=("bikes", "sale"),
        image=f"/images/post-{n}.jpg",
        authors=(Author("Ana"),),
        word_count=360,
        params={"weight": n},
        key_lines={"title": 2, "date": 3, "tags": 4},
        digest=f"{n:064x}",
    )


def caches(entries: int) -> dict[str, tuple[object, bool]]:
    """name -> (value, needs tags), shaped as each cache keeps its entries."""
    looks = {f"/site/static/images/post-{n}.jpg": [120_000 + n, 1_790_000_000_000_000_000 + n] for n in range(entries)}
    return {
        "images": ({k: [*v, 1200, 630, "image/jpeg"] for k, v in looks.items()}, False),
        "card-sources": ({k: [*v, f"{n:064x}"] for n, (k, v) in enumerate(looks.items())}, False),
        "outputs record (2 files a page)": (
            {
                "output_dir": "/site/public",
                "files": {
                    f"posts/post-{n}/{name}": [
                        f"sha256:{n:064x}",
                        20_000,
                        f"{n:064x}",
                        False,
                        1_790_000_000_000_000_000,
                    ]
                    for n in range(entries)
                    for name in ("index.html", "card.png")
                },
            },
            False,
        ),
        "parse cache (one shard of 16 holds 1/16)": (
            [
                "header",
                {
                    f"content/posts/post-{n}.md": (f"{n:064x}", (4000, 1_790_000_000_000_000_000), (page(n), []))
                    for n in range(entries)
                },
            ],
            True,
        ),
        "build stamp": (
            {
                "outputs": {
                    f"posts/post-{n}/index.html": [20_000, 1_790_000_000_000_000_000] for n in range(2 * entries)
                },
                "extra_files": {},
                "expires": None,
                "warnings": [Problem("no description", path=f"content/p{n}.md") for n in range(entries // 10)],
                "summary": BuildSummary(1, 2, 3, 4, 5, 6, 7, 8, 9, 1.0),
            },
            True,
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    types = {**CACHED_TYPES, "BuildSummary": BuildSummary}
    print(f"| cache ({options.entries:,} entries) | MB | read: pickle | read: JSON | write: pickle | write: JSON |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, (value, tagged) in caches(options.entries).items():
        dump = dump_tagged_data if tagged else dump_cache_data
        as_json, as_pickle = dump(value), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        assert loads_cache_data(as_json, types) == value, name
        figures = [
            median_seconds(lambda: pickle.loads(as_pickle), options.rounds),  # noqa: B023
            median_seconds(lambda: loads_cache_data(as_json, types), options.rounds),  # noqa: B023
            median_seconds(lambda: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), options.rounds),  # noqa: B023
            median_seconds(lambda: dump(value), options.rounds),  # noqa: B023
        ]
        print(
            f"| {name} | {len(as_json) / 1e6:.1f} | "
            + " | ".join(f"{seconds * 1000:.1f} ms" for seconds in figures)
            + " |"
        )


if __name__ == "__main__":
    main()
