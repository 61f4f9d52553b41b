"""`smo-gen report`: figures per campaign, audience and network in table, CSV, JSON and HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from smo_gen.errors import SmoError
from smo_gen.feedback.analytics import parse_analytics
from smo_gen.feedback.report import Report, ReportRow, load_report
from smo_gen.feedback.report_html import nice_maximum, render_report_html
from tests.feedback.conftest import FeedbackSite, MakeFeedbackSite
from tests.support.cli import run_on_site
from tests.support.targets_site import mastodon_and_bluesky
from tests.support.validators import validate_html

TARGETS = (
    mastodon_and_bluesky("https://example.social", "SMO_TEST_MASTODON_TOKEN")
    + """
[targets.x]
network = "x"
credential = "SMO_TEST_X_TOKEN"
"""
)

ANALYTICS = """\
# Exported from the analytics tool
# Date range: 2026-11-01 to 2026-11-07

utm_source,utm_medium,utm_campaign,utm_content,sessions
mastodon,social,summer-fizz-2026,,120
mastodon,social,summer-fizz-2026,cold,30
bluesky,social,summer-fizz-2026,,15
x,social,zero-cola,,7
(direct),(none),(not set),(not set),500
newsletter,email,spring,,3
"""

EXPECTED = [
    # campaign, audience, network, posts, replies, likes, reposts, clicks
    ("spring", None, "newsletter", 0, 0, 0, 0, 3),
    ("summer-fizz-2026", None, "bluesky", 1, 1, 7, 2, 15),
    ("summer-fizz-2026", None, "mastodon", 1, 2, 3, 1, 120),
    ("summer-fizz-2026", "cold", "mastodon", 1, 0, 1, 0, 30),
    ("zero-cola", None, "mastodon", 1, 0, 0, 0, 0),
    ("zero-cola", None, "x", 1, 0, 0, 0, 7),
]


def reply(text: str) -> dict[str, Any]:
    return {"author": {"name": "Ana"}, "content": text, "format": "text", "created_at": "2026-11-01T11:00:00Z"}


@pytest.fixture
def site(make_feedback_site: MakeFeedbackSite) -> FeedbackSite:
    site = make_feedback_site(TARGETS)
    site.post("/summer-fizz/", "mastodon-eu", "mastodon", "1")
    site.post("/summer-fizz/", "bsky", "bluesky", "at://did:plc:shop/app.bsky.feed.post/1")
    site.post("/summer-fizz/cold/", "mastodon-eu", "mastodon", "2")
    site.post("/zero-cola/", "mastodon-eu", "mastodon", None, populated=True)
    site.post("/zero-cola/", "x", "x", "1790")
    store = {
        "schema": 1,
        "hidden": [],
        "posts": {
            "/summer-fizz/": {
                "mastodon-eu": {
                    "network": "mastodon",
                    "counts": {"likes": 3, "reposts": 1, "replies": 2},
                    "replies": {"10": reply("a"), "11": reply("b")},
                },
                "bsky": {
                    "network": "bluesky",
                    "counts": {"likes": 7, "reposts": 2, "replies": 1},
                    "replies": {"at://x/app.bsky.feed.post/9": reply("c")},
                },
            },
            "/summer-fizz/cold/": {"mastodon-eu": {"network": "mastodon", "counts": {"likes": 1}, "replies": {}}},
        },
    }
    site.store_path.write_text(json.dumps(store), encoding="utf-8")
    (site.root / "visits.csv").write_text(ANALYTICS, encoding="utf-8")
    return site


def report(site: FeedbackSite, *options: str) -> str:
    result = run_on_site("report", str(site.root), "--analytics", str(site.root / "visits.csv"), *options)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_has_every_figure_and_the_totals(site: FeedbackSite) -> None:
    data = json.loads(report(site, "--format", "json"))
    rows = [
        (r["campaign"], r["audience"], r["network"], r["posts"], r["replies"], r["likes"], r["reposts"], r["clicks"])
        for r in data["rows"]
    ]
    assert rows == EXPECTED
    assert data["totals"] == {"posts": 5, "replies": 3, "likes": 11, "reposts": 3, "clicks": 175}
    assert data["untagged_visits"] == 500 and data["analytics"] is True


def test_csv_matches(site: FeedbackSite) -> None:
    rows = list(csv.reader(io.StringIO(report(site, "--format", "csv"))))
    assert rows[0] == ["campaign", "audience", "network", "posts", "replies", "likes", "reposts", "clicks"]
    assert rows[1:] == [[c, a or "", n, *map(str, numbers)] for c, a, n, *numbers in EXPECTED]


def test_the_terminal_table_lines_up_and_totals(site: FeedbackSite) -> None:
    lines = report(site).splitlines()
    assert lines[0].split() == ["campaign", "audience", "network", "posts", "replies", "likes", "reposts", "clicks"]
    assert lines[4].split() == ["summer-fizz-2026", "-", "mastodon", "1", "2", "3", "1", "120"]
    assert lines[-2].split() == ["total", "-", "5", "3", "11", "3", "175"]
    assert "500 visits without UTM tags" in lines[-1]
    assert len({len(line) for line in lines[:2]}) == 1


def test_without_analytics_there_is_no_clicks_column(site: FeedbackSite) -> None:
    result = run_on_site("report", str(site.root), "--format", "json")
    data = json.loads(result.output)
    assert data["analytics"] is False and all(row["clicks"] is None for row in data["rows"])
    table = run_on_site("report", str(site.root)).output
    assert "clicks" not in table.splitlines()[0]


def test_html_shows_the_figures_in_charts_and_tables_and_nothing_external(site: FeedbackSite) -> None:
    out = site.root / "report.html"
    report(site, "--format", "html", "--file", str(out))
    page = out.read_text(encoding="utf-8")
    # Three campaigns, each with a chart of posts, of responses and of clicks.
    assert page.startswith("<!DOCTYPE html>") and page.count("<figure>") == 9
    assert not re.search(r"<script|<link|@import|url\(|src=", page), "nothing is fetched"
    assert '<tr><td>cold</td><td>mastodon</td><td class="n">1</td><td class="n">0</td><td class="n">1</td>' in page
    assert '<span class="value">120 clicks</span>' in page and '<span class="value">7 likes</span>' in page
    assert '<th scope="row" colspan="2">total</th><td class="n">5</td><td class="n">3</td><td class="n">11</td>' in page


@pytest.mark.validator
def test_the_html_report_is_valid_html5(site: FeedbackSite) -> None:
    out = site.root / "report.html"
    out.write_text(render_report_html(load_report(site.root, site.root / "visits.csv")), encoding="utf-8")
    assert [str(message) for message in validate_html([out])] == []


def test_landing_page_urls_with_utm_queries_and_a_clicks_column(site: FeedbackSite) -> None:
    (site.root / "visits.csv").write_text(
        "Landing Page;Clicks\n"
        "https://shop.example/summer-fizz/cold/?utm_source=mastodon&utm_medium=social&utm_campaign=summer-fizz-2026&utm_content=cold;4\n"
        "/summer-fizz/?utm_source=bluesky&utm_campaign=summer-fizz-2026;2\n"
        "/about/;9\n",
        encoding="utf-8",
    )
    rows = {
        (r["campaign"], r["audience"], r["network"]): r["clicks"]
        for r in json.loads(report(site, "--format", "json"))["rows"]
    }
    assert rows[("summer-fizz-2026", "cold", "mastodon")] == 4
    assert rows[("summer-fizz-2026", None, "bluesky")] == 2


def test_bad_rows_are_named_by_line_all_at_once() -> None:
    text = "utm_source,utm_campaign,visits\nmastodon,a,10\nmastodon,b,ten\nx,c\nbluesky,d,-3\n"
    with pytest.raises(SmoError) as caught:
        parse_analytics(text, "visits.csv")
    assert [str(problem) for problem in caught.value.problems] == [
        "visits.csv:3: visits: expected a whole number of visits, got 'ten'",
        "visits.csv:4: expected 3 columns as in the header, got 2",
        "visits.csv:5: visits: expected a whole number of visits, got '-3'",
    ]


def test_a_csv_without_utm_columns_says_what_it_expected(site: FeedbackSite) -> None:
    (site.root / "visits.csv").write_text("date,visits\n2026-11-01,3\n", encoding="utf-8")
    result = run_on_site("report", str(site.root), "--analytics", str(site.root / "visits.csv"))
    assert result.exit_code == 1
    assert "visits.csv:1: no UTM columns: expected utm_source/utm_campaign" in result.output
    assert "the header has: date, visits" in result.output


def test_a_missing_build_says_to_build_first(make_feedback_site: MakeFeedbackSite, tmp_path: Path) -> None:
    site = make_feedback_site(TARGETS, built=False)
    result = run_on_site("report", str(site.root))
    assert result.exit_code == 1 and "run 'smo-gen build' first" in result.output


def test_html_charts_draw_one_scale_per_kind_of_measure_and_say_it() -> None:
    rows = (ReportRow("spring", "", "mastodon", posts=1, replies=2, likes=131, reposts=12, clicks=840),)
    page = render_report_html(Report("Shop", "https://shop.example/", rows, has_clicks=True))
    # One post fills the posts scale (0 to 1); it is not drawn against the likes.
    assert "Scale: 0 to 1 posts" in page and 'class="bar posts" style="width:100.0%"' in page
    # Replies, likes and reposts share one scale: 131 likes is 65.5 % of it, 2 replies 1 %.
    assert "Scale: 0 to 200 responses (replies, likes and reposts on one scale)" in page
    assert 'class="bar likes" style="width:65.5%"' in page and 'class="bar replies" style="width:1.0%"' in page
    assert "Scale: 0 to 1000 clicks" in page and 'class="bar clicks" style="width:84.0%"' in page
    assert '<span class="value">1 post</span>' in page


@pytest.mark.parametrize(("value", "end"), [(0, 1), (1, 1), (3, 5), (10, 10), (11, 20), (131, 200), (840, 1000)])
def test_a_scale_ends_at_a_round_number_that_holds_the_largest_value(value: int, end: int) -> None:
    assert nice_maximum(value) == end
