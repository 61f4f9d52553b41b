"""Video and audio campaigns: measured media, og:video/og:audio, X player cards, enclosures."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from smo_gen.errors import BuildError
from tests.support.media_files import mp4_bytes, wav_bytes
from tests.support.sites import BASE_URL, build, write_and_build, write_site
from tests.support.social_checks import check_social_tags, read_head
from tests.support.validators import html_files, validate_html

MP4 = mp4_bytes(640, 360, seconds=12.5)
WAV = wav_bytes(0.5)

FILES = {
    "content/launch/index.md": "---\ntitle: Launch film\ndate: 2026-05-01\nvideo:\n"
    "  url: film.mp4\n  title: The launch film\n---\nWatch it.\n",
    "content/launch/film.mp4": MP4,
    "content/teaser.md": "---\ntitle: Teaser\ndate: 2026-05-02\n"
    "video: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n---\nOn YouTube.\n",
    "content/jingle.md": "---\ntitle: The jingle\ndate: 2026-05-03\naudio: /audio/jingle.wav\n---\nListen.\n",
    "static/audio/jingle.wav": WAV,
}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_and_build(tmp_path_factory.mktemp("media"), FILES) / "public"


def test_local_video_is_measured_and_gets_a_player_card(public: Path) -> None:
    head = read_head(public / "launch" / "index.html")
    assert head.one("og:video") == f"{BASE_URL}launch/film.mp4"
    assert head.one("og:video:secure_url") == f"{BASE_URL}launch/film.mp4"
    assert head.one("og:video:type") == "video/mp4"
    assert (head.one("og:video:width"), head.one("og:video:height")) == ("640", "360")
    assert head.one("twitter:card") == "player"
    assert head.one("twitter:player") == f"{BASE_URL}launch/player/"
    assert (head.one("twitter:player:width"), head.one("twitter:player:height")) == ("640", "360")
    assert head.one("twitter:player:stream") == f"{BASE_URL}launch/film.mp4"
    player = (public / "launch" / "player" / "index.html").read_text()
    assert "<video controls" in player and 'src="/launch/film.mp4"' in player


def test_platform_video_embeds_privately_and_loads_nothing_until_asked(public: Path) -> None:
    head = read_head(public / "teaser" / "index.html")
    assert head.one("og:video") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert head.one("og:video:type") == "text/html"
    assert head.one("twitter:card") == "player"
    assert head.one("twitter:player") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    html = (public / "teaser" / "index.html").read_text()
    body = html[html.index("<body") :]
    assert "<iframe" not in body
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in body
    assert 'src="https://www.youtube' not in body and "ytimg" not in body


def test_audio_page_carries_og_audio(public: Path) -> None:
    head = read_head(public / "jingle" / "index.html")
    assert head.one("og:audio") == f"{BASE_URL}audio/jingle.wav"
    assert head.one("og:audio:type") == "audio/wav"
    assert head.one("twitter:card") == "summary_large_image"


def test_feeds_carry_enclosures_with_the_real_sizes(public: Path) -> None:
    rss = feedparser.parse((public / "feed.xml").read_bytes())
    assert not rss.bozo
    by_title = {entry.title: entry for entry in rss.entries}
    video = by_title["Launch film"].enclosures[0]
    assert (video.href, int(video.length), video.type) == (f"{BASE_URL}launch/film.mp4", len(MP4), "video/mp4")
    audio = by_title["The jingle"].enclosures[0]
    assert (int(audio.length), audio.type) == (len(WAV), "audio/wav")
    assert not by_title["Teaser"].get("enclosures"), "a platform page is not a file to download"
    atom = feedparser.parse((public / "atom.xml").read_bytes())
    assert not atom.bozo
    media = {
        int(link.length) for e in atom.entries for link in e.get("enclosures", ()) if not link.type.startswith("image/")
    }
    assert media == {len(MP4), len(WAV)}, "each file once (the entries' other enclosures are their share images)"
    items = {item["title"]: item for item in json.loads((public / "feed.json").read_text())["items"]}
    attachment = items["Launch film"]["attachments"][0]
    assert attachment == {
        "url": f"{BASE_URL}launch/film.mp4",
        "mime_type": "video/mp4",
        "size_in_bytes": len(MP4),
        "title": "The launch film",
        "duration_in_seconds": 12.5,
    }


def test_media_pages_are_valid_and_follow_the_social_rules(public: Path) -> None:
    errors = validate_html(html_files(public))
    assert not errors, "\n".join(map(str, errors))
    problems = []
    for name in ("launch", "teaser", "jingle"):
        problems += check_social_tags(public / name / "index.html", public, BASE_URL)
    assert not problems, "\n".join(problems)


def test_without_https_a_local_video_keeps_the_large_image_card(tmp_path: Path) -> None:
    toml = (Path(__file__).parents[1] / "support").joinpath("sites.py").read_text()
    assert "https://shop.example/" in toml
    from tests.support.sites import SITE_TOML

    site = write_site(tmp_path, FILES, SITE_TOML.replace("https://shop.example/", "http://shop.example/"))
    build(site)
    head = read_head(site / "public" / "launch" / "index.html")
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("og:video") == "http://shop.example/launch/film.mp4" and head.one("og:video:secure_url") is None


def test_missing_media_file_is_an_error_naming_the_line(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/x.md": "---\ntitle: X\ndate: 2026-05-01\naudio: nope.mp3\n---\n"})
    with pytest.raises(BuildError) as caught:
        build(site)
    assert "content/x.md:4: front matter: 'audio': audio 'nope.mp3' not found" in str(caught.value)


def test_wrong_kind_of_file_is_an_error(tmp_path: Path) -> None:
    files = {
        "content/x.md": "---\ntitle: X\ndate: 2026-05-01\nvideo: /audio/jingle.wav\n---\n",
        "static/audio/jingle.wav": WAV,
    }
    site = write_site(tmp_path, files)
    with pytest.raises(BuildError) as caught:
        build(site)
    assert "is not a video file" in str(caught.value)
