"""A/B share variants: their own pages, cards and utm_content; alternated by syndication; compared by the report."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from smo_gen.cli import main
from smo_gen.syndicate.entries import entries_for, load_manifest
from tests.support.measure_site import MEASURE_TOML
from tests.support.sites import BASE_URL, build, build_problems, read_output, write_site

FIZZ = """
---
title: Fizz is back
description: The lemonade.
date: 2026-09-01
campaign: fizz-26
variants:
  a:
    title: Fizz is back, colder
    message: Ice-cold Fizz is back
  b:
    title: Fizz, now with lemon
    description: 50% more lemon.
    message: 50% more lemon in every can
---
Fizz.
"""
TARGETS = """
[targets.masto]
network = "mastodon"
instance = "https://m.example"
credential = "MASTO_TOKEN"
[targets.other]
network = "mastodon"
instance = "https://n.example"
credential = "OTHER_TOKEN"
"""
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"


def _site(root: Path, toml: str = MEASURE_TOML) -> Path:
    return write_site(root, {"content/fizz.md": FIZZ}, toml)


@pytest.mark.parametrize("short_links", [True, False])
def test_each_variant_has_its_own_page_card_share_url_and_utm_content(tmp_path: Path, short_links: bool) -> None:
    toml = MEASURE_TOML if short_links else MEASURE_TOML.replace("[short_links]\n", "")
    root = _site(tmp_path / "site", toml)
    build(root)
    cards = set()
    for name, title in (("a", "Fizz is back, colder"), ("b", "Fizz, now with lemon")):
        html = read_output(root, f"fizz/variant-{name}/index.html")
        assert f'<meta property="og:title" content="{title}">' in html
        assert f'<meta property="og:url" content="{BASE_URL}fizz/variant-{name}/">' in html
        assert f'<link rel="canonical" href="{BASE_URL}fizz/">' in html
        cards.add(html.split('<meta property="og:image" content="', 1)[1].split('"', 1)[0])
        x_share = html.split('href="https://x.com/intent/tweet?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        shared = parse_qs(x_share)["url"][0]
        if short_links:
            assert shared.startswith(f"{BASE_URL}go/")
            shared = _refresh_target(read_output(root, urlsplit(shared).path.lstrip("/") + "index.html"))
        assert urlsplit(shared).path == f"/fizz/variant-{name}/"
        assert parse_qs(urlsplit(shared).query)["utm_content"] == [name]
    assert len(cards) == 2, "the variants share one card"


def _refresh_target(html: str) -> str:
    return html.split('http-equiv="refresh" content="0; url=', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_syndication_alternates_the_variants_across_targets(tmp_path: Path) -> None:
    root = _site(tmp_path / "site", MEASURE_TOML + TARGETS)
    build(root)
    entry = next(entry for entry in load_manifest(root / "public").entries if entry.id == "/fizz/")
    posted = [[e.id for e in entries_for(entry, (), turn)] for turn in range(3)]
    assert posted == [["/fizz/variant-a/"], ["/fizz/variant-b/"], ["/fizz/variant-a/"]]
    result = CliRunner().invoke(
        main,
        ["syndicate", "--site", str(root), "--plan", str(tmp_path / "plan.json"), "--now", "2026-11-01T12:00:00+00:00"],
    )
    assert result.exit_code == 0, result.output
    plan = (tmp_path / "plan.json").read_text()
    assert "Ice-cold Fizz is back" in plan and "50% more lemon in every can" in plan


def _log(short: dict[str, str], clicks: dict[str, int]) -> str:
    lines = []
    for name, count in clicks.items():
        for visitor in range(count):  # each reader from an address of their own, a minute apart
            address = f"10.{ord(name)}.{visitor // 250}.{visitor % 250 + 1}"
            time = f"{10 + visitor // 60:02d}:{visitor % 60:02d}:00"
            lines.append(
                f'{address} - - [07/Dec/2026:{time} +0000] "GET /go/{short[name]}/ HTTP/1.1" 200 300 "-" "{PHONE}"'
            )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("clicks", "shown", "verdict"),
    [
        (
            {"a": 120, "b": 80},
            1000,
            "a leads b: a 120 of 1,000 (12.0%) against b 80 of 1,000 (8.0%); z = 2.98, p = 0.003.",
        ),
        (
            {"a": 12, "b": 10},
            100,
            (
                "No clear difference yet between a and b: a 12 of 100 (12.0%) "
                "against b 10 of 100 (10.0%); z = 0.45, p = 0.651."
            ),
        ),
    ],
)
def test_the_report_compares_the_variants_clicks(
    tmp_path: Path, clicks: dict[str, int], shown: int, verdict: str
) -> None:
    root = _site(tmp_path / "site")
    build(root)
    links = json.loads(read_output(root, "manifest.json"))["links"]["items"]
    short = {link["variant"]: link["code"] for link in links if link["variant"] and link["network"] == "x"}
    (root / "access.log").write_text(_log(short, clicks))
    (root / "impressions.csv").write_text(f"campaign,variant,impressions\nfizz-26,a,{shown}\nfizz-26,b,{shown}\n")
    args = [
        "report",
        "--site",
        str(root),
        "--access-log",
        str(root / "access.log"),
        "--impressions",
        str(root / "impressions.csv"),
    ]
    data = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).output)["access_log"]
    [result] = data["variants"]
    assert result["clicks"] == clicks and result["shown"] == {"a": shown, "b": shown}
    assert result["verdict"] == verdict
    assert result["leader"] == ("a" if clicks["a"] == 120 else None)
    html = CliRunner().invoke(main, [*args, "--format", "html"]).output
    assert verdict.replace("&", "&amp;") in html


def test_without_impressions_the_report_says_what_it_needs(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    build(root)
    links = json.loads(read_output(root, "manifest.json"))["links"]["items"]
    short = {link["variant"]: link["code"] for link in links if link["variant"] and link["network"] == "x"}
    (root / "access.log").write_text(_log(short, {"a": 3, "b": 2}))
    text = CliRunner().invoke(main, ["report", "--site", str(root), "--access-log", str(root / "access.log")]).output
    assert (
        "A/B variants of fizz-26: a 3 clicks, b 2 clicks; to compare them, "
        "give how often each was shown (--impressions; missing: a, b)." in text
    )


def test_mistakes_in_variants_are_reported_with_their_line(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {
            "content/fizz.md": FIZZ.replace("    message: Ice-cold Fizz is back", "    mesage: Ice-cold").replace(
                "  b:\n", "  B c:\n"
            )
        },
        MEASURE_TOML,
    )
    messages = build_problems(root)
    assert (
        "content/fizz.md:6: front matter: 'variants': "
        "'variants.a.mesage' cannot be set per variant (did you mean 'message'?)" in messages
    )
    assert any("a variant name must be lower-case letters" in m and "'B c'" in m for m in messages), messages
