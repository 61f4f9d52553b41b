"""A section published as a podcast: Apple's itunes tags from site.toml and front matter,
durations measured from the audio files, and warnings for what Apple requires and is missing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from smo_gen.errors import BuildError, ConfigError
from tests.support.media_files import m4a_bytes, mp3_bytes, mp3_frames, wav_bytes
from tests.support.sites import BASE_URL, SITE_TOML, build, png_bytes, write_site

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
SHOW = """
[podcasts.radio]
title = "Test Shop Radio"
author = "Ana Lima"
owner_name = "Test Shop"
owner_email = "radio@shop.example"
category = "Business"
subcategory = "Marketing"
explicit = false
image = "images/show.png"
type = "serial"
"""
EPISODES = {
    "content/radio/_index.md": "---\ntitle: Radio\ndescription: Our weekly show.\n---\n",
    "content/radio/one.md": "---\ntitle: One\ndate: 2026-05-01\naudio: one.mp3\nepisode: 1\nseason: 1\n---\nFirst.\n",
    "content/radio/one.mp3": mp3_bytes(95),
    "content/radio/two.md": (
        "---\ntitle: Two\ndate: 2026-05-08\naudio: two.m4a\nepisode: 2\nseason: 1\nexplicit: true\n---\nSecond.\n"
    ),
    "content/radio/two.m4a": m4a_bytes(3725.4),
    "content/radio/trailer.md": (
        "---\ntitle: Trailer\ndate: 2026-04-20\naudio: trailer.wav\nepisode_type: trailer\n---\nSoon.\n"
    ),
    "content/radio/trailer.wav": wav_bytes(2.0),
    "content/news.md": "---\ntitle: Not an episode\ndate: 2026-05-02\n---\nNews.\n",
    "static/images/show.png": png_bytes(1400, 1400),
}


@pytest.fixture(scope="module")
def podcast(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    site = write_site(tmp_path_factory.mktemp("podcast"), EPISODES, SITE_TOML + SHOW)
    _, reporter = build(site)
    return site / "public", [str(problem) for problem in reporter.problems]


def channel_of(public: Path, feed: str) -> ET.Element:
    channel = ET.parse(public / feed).getroot().find("channel")
    assert channel is not None
    return channel


def test_the_channel_carries_apples_tags(podcast: tuple[Path, list[str]]) -> None:
    channel = channel_of(podcast[0], "radio/feed.xml")
    assert channel.findtext("title") == "Test Shop Radio"
    assert channel.findtext("language") == "en"
    assert channel.findtext(f"{ITUNES}author") == "Ana Lima"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}name") == "Test Shop"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == "radio@shop.example"
    image = channel.find(f"{ITUNES}image")
    assert image is not None and image.get("href") == f"{BASE_URL}images/show.png"
    category = channel.find(f"{ITUNES}category")
    assert category is not None and category.get("text") == "Business"
    assert [sub.get("text") for sub in category] == ["Marketing"]
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.findtext(f"{ITUNES}type") == "serial"


def test_items_carry_episode_tags_and_measured_durations(podcast: tuple[Path, list[str]]) -> None:
    items = {item.findtext("title"): item for item in channel_of(podcast[0], "radio/feed.xml").iter("item")}
    assert list(items) == ["Two", "One", "Trailer"]
    one_seconds = round(mp3_frames(95) * 1152 / 44_100)
    expected = {
        "Two": {"explicit": "true", "duration": "1:02:05", "episode": "2", "season": "1"},
        "One": {
            "explicit": "false",
            "duration": f"0:{one_seconds // 60:02d}:{one_seconds % 60:02d}",
            "episode": "1",
            "season": "1",
        },
        "Trailer": {"explicit": "false", "duration": "0:00:02", "episodeType": "trailer"},
    }
    for title, item in items.items():
        tags = {child.tag.removeprefix(ITUNES): child.text for child in item if child.tag.startswith(ITUNES)}
        assert tags == expected[title], title
        (enclosure,) = item.findall("enclosure")
        path = podcast[0] / (enclosure.get("url") or "").removeprefix(BASE_URL)
        assert enclosure.get("length") == str(path.stat().st_size)


def test_feedparser_reads_the_podcast(podcast: tuple[Path, list[str]]) -> None:
    parsed = feedparser.parse((podcast[0] / "radio" / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    # (feedparser maps only the old yes/clean of itunes:explicit; Apple and the W3C validator want true/false.)
    assert parsed.feed.itunes_type == "serial"
    assert parsed.feed.tags[0]["term"] == "Business"
    assert parsed.feed.image["href"] == f"{BASE_URL}images/show.png"
    assert next(entry.itunes_duration for entry in parsed.entries) == "1:02:05"


def test_other_feeds_stay_plain_rss(podcast: tuple[Path, list[str]]) -> None:
    text = (podcast[0] / "feed.xml").read_text()
    assert "itunes" not in text
    assert "itunes" not in (podcast[0] / "radio" / "atom.xml").read_text()


def test_a_wav_episode_is_warned_about(podcast: tuple[Path, list[str]]) -> None:
    warnings = podcast[1]
    assert warnings == [
        (
            "warning: content/radio/trailer.md:4: front matter: 'audio': 'trailer.wav' is audio/wav; "
            "Apple Podcasts plays MP3 and M4A (AAC) episodes (convert it, e.g. ffmpeg -i in.wav -b:a 128k out.mp3)"
        )
    ]


def test_a_show_without_category_builds_with_warnings(tmp_path: Path) -> None:
    show = '\n[podcasts.radio]\nimage = "images/wide.png"\n'
    files = {**EPISODES, "static/images/wide.png": png_bytes(1200, 630)}
    site = write_site(tmp_path / "site", files, SITE_TOML + show)
    _, reporter = build(site)
    warnings = [str(problem) for problem in reporter.problems if problem.severity == "warning"]
    assert (
        "warning: site.toml:17: podcasts.radio: has no 'category': Apple Podcasts requires one "
        '(for example category = "Business" and subcategory = "Marketing")' in warnings
    )
    assert (
        "warning: site.toml:17: podcasts.radio: has no 'owner_email': "
        "Apple Podcasts requires one to confirm the show is yours" in warnings
    )
    assert any(
        "the image is 1200x630; Apple Podcasts needs square artwork of 1400 to 3000 pixels" in text for text in warnings
    )
    channel = channel_of(site / "public", "radio/feed.xml")
    assert channel.find(f"{ITUNES}category") is None
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.findtext("title") == "Test Shop: Radio"


def test_a_table_naming_no_section_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", EPISODES, SITE_TOML + '\n[podcasts.raido]\ncategory = "Business"\n')
    with pytest.raises(BuildError) as raised:
        build(site)
    assert [str(problem) for problem in raised.value.problems] == [
        "site.toml:17: podcasts.raido: no section '/raido/' to make a podcast of (did you mean 'radio'?)"
    ]


def test_an_unknown_category_stops_the_build(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", EPISODES, SITE_TOML + '\n[podcasts.radio]\ncategory = "Tech"\n')
    with pytest.raises(ConfigError) as raised:
        build(site)
    assert "podcasts.radio.category: 'Tech' is not an Apple Podcasts category" in str(raised.value.problems[0])


def test_a_damaged_audio_file_names_the_page_and_the_file(tmp_path: Path) -> None:
    files = {**EPISODES, "content/radio/one.mp3": b"ID3 this is not an mp3"}
    site = write_site(tmp_path / "site", files, SITE_TOML + SHOW)
    with pytest.raises(BuildError) as raised:
        build(site)
    (problem,) = raised.value.problems
    assert str(problem).startswith(
        "content/radio/one.md:4: front matter: 'audio': audio 'one.mp3' is not readable audio"
    )


def test_the_whole_site_can_be_the_podcast(tmp_path: Path) -> None:
    files = {path: text for path, text in EPISODES.items() if not path.startswith("content/radio/_index")}
    files = {path.replace("content/radio/", "content/"): text for path, text in files.items()}
    site = write_site(tmp_path / "site", files, SITE_TOML + SHOW.replace("[podcasts.radio]", '[podcasts."/"]'))
    build(site)
    channel = channel_of(site / "public", "feed.xml")
    assert channel.findtext(f"{ITUNES}type") == "serial"
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert titles == ["Two", "Not an episode", "One", "Trailer"]
    assert "itunes" not in (site / "public" / "atom.xml").read_text()


def test_a_podcast_whose_feed_is_turned_off_is_an_error(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", EPISODES, SITE_TOML + '\n[feeds]\nformats = ["atom"]\n' + SHOW)
    with pytest.raises(BuildError) as raised:
        build(site)
    assert [str(problem) for problem in raised.value.problems] == [
        (
            "site.toml:20: podcasts.radio: is a podcast, but the feed it would be written in is turned off "
            '(keep "rss" in [feeds] formats, and the section\'s feeds on ([feeds] per_section, its generate_feeds))'
        )
    ]
