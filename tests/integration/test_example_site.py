"""The repository's own example site builds, validates and carries complete social tags."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from smo_gen.config.site_config import load_config
from tests.support.sites import build_example_site
from tests.support.social_checks import check_shared_pages
from tests.support.validators import html_files, validate_html

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_site(tmp_path_factory.mktemp("example"))


def test_example_site_has_at_least_four_campaigns_and_hides_the_draft(example_public: Path) -> None:
    manifest = json.loads((example_public / "manifest.json").read_text())
    titles = [page["title"] for page in manifest["pages"]]
    assert len(titles) >= 4, titles
    assert not any("Winter Warmers" in title for title in titles), "the draft must stay out"
    assert not (example_public / "winter-warmers").exists()


def test_example_site_html_passes_the_nu_checker(example_public: Path) -> None:
    errors = validate_html(html_files(example_public))
    assert not errors, "\n".join(map(str, errors))


def test_every_example_page_has_complete_social_tags(example_public: Path) -> None:
    problems = check_shared_pages(example_public, load_config(REPO).base_url)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_example_feeds_parse_cleanly(example_public: Path, name: str) -> None:
    feed = feedparser.parse((example_public / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) >= 3
    for entry in feed.entries:
        assert entry.link.startswith("https://"), entry.link
        assert entry.get("published_parsed"), f"{entry.title} has no date"


def test_example_json_feed_is_version_1_1(example_public: Path) -> None:
    feed = json.loads((example_public / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert all(item["id"] and item["url"].startswith("https://") for item in feed["items"])
