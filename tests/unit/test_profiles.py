"""The destination profiles of `check --profile`, on pages and feeds written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.check.profiles.run import PROFILES, check_profiles, parse_profile_names, render_profile_report
from smo_gen.check.profiles.verdicts import Verdict
from smo_gen.errors import ConfigError
from tests.support.sites import png_bytes

BASE = "https://shop.example/"
ITUNES = 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
MEDIA = 'xmlns:media="http://search.yahoo.com/mrss/"'
CONTENT = 'xmlns:content="http://purl.org/rss/1.0/modules/content/"'


def page(
    robots: str | None = "index, follow, max-image-preview:large", image: str = "images/wide.png", **meta: str
) -> str:
    tags = {
        "og:type": "article",
        "og:title": "Spring sale",
        "og:description": "Everything half price.",
        "og:url": BASE + "sale/",
        "og:image": BASE + image,
        **meta,
    }
    head = "".join(f'<meta property="{key}" content="{value}">' for key, value in tags.items())
    if robots is not None:
        head += f'<meta name="robots" content="{robots}">'
    return f"<!DOCTYPE html><html><head><title>Spring sale</title>{head}</head><body></body></html>"


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in {"images/wide.png": png_bytes(1200, 630), **files}.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return folder


def verdicts(folder: Path, name: str) -> dict[str, Verdict]:
    return {verdict.file: verdict for verdict in check_profiles(folder, BASE, [PROFILES[name]])}


def messages(verdict: Verdict) -> list[str]:
    return [f"{finding.level}: {finding.message}" for finding in verdict.findings]


def rss(items: str, channel: str = "", namespaces: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" {namespaces}><channel><title>Shop</title>'
        f"<link>{BASE}</link><description>News</description><language>en</language>{channel}{items}</channel></rss>"
    )


def rss_item(number: int, image: str = "images/wide.png", content: bool = True) -> str:
    body = f"<content:encoded>&lt;p&gt;Article {number}&lt;/p&gt;</content:encoded>" if content else ""
    return (
        f"<item><title>Post {number}</title><link>{BASE}p{number}/</link><guid>{BASE}p{number}/</guid>"
        f"<pubDate>Fri, 02 Oct 2026 00:00:00 +0000</pubDate><description>{'w' * 320}</description>{body}"
        f'<media:content url="{BASE}{image}" medium="image" type="image/png" width="1200" height="630"/></item>'
    )


# --- discover ---


def test_discover_passes_an_article_with_large_previews_and_a_wide_image(tmp_path: Path) -> None:
    folder = write(tmp_path, {"sale/index.html": page()})
    assert verdicts(folder, "discover")["sale/index.html"].status == "pass"


def test_discover_fails_without_max_image_preview_large_or_with_a_narrow_image(tmp_path: Path) -> None:
    folder = write(
        tmp_path,
        {
            "a/index.html": page(robots=None),
            "b/index.html": page(robots="max-image-preview:standard"),
            "c/index.html": page(image="images/narrow.png"),
            "d/index.html": page(robots="noindex, max-image-preview:large"),
            "images/narrow.png": png_bytes(800, 420),
        },
    )
    found = verdicts(folder, "discover")
    assert all(verdict.status == "fails" for verdict in found.values())
    assert messages(found["a/index.html"])[0].startswith('fail: no max-image-preview:large in <meta name="robots">')
    assert messages(found["b/index.html"])[0].startswith("fail: its robots meta says max-image-preview:standard")
    assert "fail: og:image is 800 px wide; Discover's large images are at least 1200 px wide" in messages(
        found["c/index.html"]
    )
    assert any("noindex" in text for text in messages(found["d/index.html"]))
    assert "'robots'" in found["a/index.html"].findings[0].fix


def test_discover_and_pinterest_leave_list_pages_alone(tmp_path: Path) -> None:
    folder = write(tmp_path, {"tags/index.html": page(robots=None, **{"og:type": "website"})})
    assert verdicts(folder, "discover") == {}
    assert verdicts(folder, "pinterest") == {}


# --- fediverse ---


def test_fediverse_reads_the_creator_account(tmp_path: Path) -> None:
    good = page().replace("</head>", '<meta name="fediverse:creator" content="@ana@mastodon.example"></head>')
    bad = page().replace("</head>", '<meta name="fediverse:creator" content="ana at mastodon"></head>')
    folder = write(tmp_path, {"good/index.html": good, "bad/index.html": bad, "none/index.html": page()})
    found = verdicts(folder, "fediverse")
    assert found["good/index.html"].status == "pass"
    assert messages(found["bad/index.html"]) == [
        "fail: fediverse:creator 'ana at mastodon' is not an account (expected @user@host)"
    ]
    assert found["none/index.html"].status == "warnings"
    assert "fediverse_creator" in found["none/index.html"].findings[0].fix


# --- pinterest ---


def test_pinterest_wants_a_2_3_image_and_honours_the_opt_outs(tmp_path: Path) -> None:
    pin = f'<a href="https://www.pinterest.com/pin/create/button/?url=x&amp;media={BASE}cards/pin.png&amp;description=y">Pin</a>'
    folder = write(
        tmp_path,
        {
            "wide/index.html": page(),
            "pinned/index.html": page().replace("<body>", f"<body>{pin}"),
            "nopin/index.html": page().replace("</head>", '<meta name="pinterest" content="nopin"></head>'),
            "cards/pin.png": png_bytes(1000, 1500),
        },
    )
    found = verdicts(folder, "pinterest")
    assert found["pinned/index.html"].status == "pass"
    assert found["wide/index.html"].status == "warnings"
    assert "1000x1500" in messages(found["wide/index.html"])[0]
    assert found["nopin/index.html"].status == "fails"


# --- flipboard ---


def test_flipboard_fails_a_feed_of_10_items_naming_the_count_and_the_minimum(tmp_path: Path) -> None:
    feed = rss("".join(rss_item(n) for n in range(10)), namespaces=f"{MEDIA} {CONTENT}")
    home = '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>'
    folder = write(tmp_path, {"feed.xml": feed, "index.html": home})
    found = verdicts(folder, "flipboard")
    assert list(found) == ["feed.xml"]
    assert found["feed.xml"].status == "fails"
    assert messages(found["feed.xml"])[0] == "fail: 10 items; Flipboard asks for at least 30"
    assert "limit" in found["feed.xml"].findings[0].fix and "[feeds]" in found["feed.xml"].findings[0].fix


def test_flipboard_passes_30_full_items_with_large_images_and_names_items_that_break_its_rules(tmp_path: Path) -> None:
    items = "".join(rss_item(n) for n in range(30))
    hub = '<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="hub" href="https://hub.example/"/>'
    good = rss(
        items.replace("<guid>", "<dc:creator>Ana</dc:creator><guid>"),
        hub,
        f'{MEDIA} {CONTENT} xmlns:dc="http://purl.org/dc/elements/1.1/"',
    )
    assert verdicts(write(tmp_path / "good", {"feed.xml": good}), "flipboard")["feed.xml"].status == "pass"
    bad_items = (
        rss_item(0, image="images/tiny.png") + rss_item(1, content=False) + "".join(rss_item(n) for n in range(2, 30))
    )
    bad = rss(bad_items, hub, f"{MEDIA} {CONTENT}")
    found = verdicts(write(tmp_path / "bad", {"feed.xml": bad, "images/tiny.png": png_bytes(300, 300)}), "flipboard")[
        "feed.xml"
    ]
    texts = messages(found)
    assert "fail: 1 of 30 items carry a summary, not the entire article (no content:encoded): 'Post 1'" in texts
    assert "fail: 1 items have no image of at least 400 px on its smallest side: 'Post 0'" in texts


# --- feedly ---


def test_feedly_only_warns_and_reads_every_format(tmp_path: Path) -> None:
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Shop</title><icon>https://shop.example/i.png</icon>'
        '<entry><title>A</title><id>a</id><content type="html">&lt;img src="https://shop.example/images/wide.png"&gt;</content></entry></feed>'
    )
    json_feed = (
        '{"version": "https://jsonfeed.org/version/1.1", "title": "Shop", "items": [{"id": "a", "content_text": "A"}]}'
    )
    folder = write(tmp_path, {"atom.xml": atom, "feed.json": json_feed})
    found = verdicts(folder, "feedly")
    assert found["atom.xml"].status == "pass"
    assert found["feed.json"].status == "warnings"
    assert {finding.level for finding in found["feed.json"].findings} == {"warning"}


# --- apple podcasts ---


def podcast(channel: str, items: str) -> str:
    return rss(items, channel, ITUNES)


def episode(number: int, url: str = "audio/e{n}.mp3", length: int = 4) -> str:
    href = BASE + url.format(n=number)
    return (
        f"<item><title>Episode {number}</title><guid>{BASE}e{number}/</guid>"
        "<pubDate>Fri, 02 Oct 2026 00:00:00 +0000</pubDate>"
        f'<enclosure url="{href}" length="{length}" type="audio/mpeg"/>'
        "<itunes:duration>00:01:00</itunes:duration></item>"
    )


COMPLETE = (
    f'<itunes:image href="{BASE}images/art.png"/><itunes:category text="Technology"/>'
    "<itunes:explicit>false</itunes:explicit>"
    "<itunes:author>Shop</itunes:author><itunes:owner><itunes:name>Ana</itunes:name><itunes:email>a@shop.example</itunes:email></itunes:owner>"
)
AUDIO = {"audio/e1.mp3": b"abcd", "audio/e2.mp3": b"abcd"}


def test_apple_podcasts_passes_a_complete_show(tmp_path: Path) -> None:
    folder = write(
        tmp_path,
        {
            "podcast/feed.xml": podcast(COMPLETE, episode(1) + episode(2)),
            "images/art.png": png_bytes(1400, 1400),
            **AUDIO,
        },
    )
    assert messages(verdicts(folder, "apple-podcasts")["podcast/feed.xml"]) == []


def test_apple_podcasts_fails_a_show_without_category_naming_the_tag_and_the_setting(tmp_path: Path) -> None:
    channel = COMPLETE.replace('<itunes:category text="Technology"/>', "")
    folder = write(
        tmp_path,
        {
            "podcast/feed.xml": podcast(channel, episode(1) + episode(2)),
            "images/art.png": png_bytes(1400, 1400),
            **AUDIO,
        },
    )
    found = verdicts(folder, "apple-podcasts")["podcast/feed.xml"]
    assert found.status == "fails"
    assert messages(found) == ["fail: no <itunes:category>: Apple Podcasts requires it of every show"]
    assert (
        found.findings[0].fix
        == 'set category in the podcast\'s table of site.toml ([podcasts.<section>] category = "Technology")'
    )


def test_apple_podcasts_measures_the_artwork_and_the_enclosures(tmp_path: Path) -> None:
    items = episode(1) + episode(2, url="audio/e1.mp3") + episode(3, url="audio/e2.mp3", length=99)
    folder = write(
        tmp_path, {"podcast/feed.xml": podcast(COMPLETE, items), "images/art.png": png_bytes(1400, 1200), **AUDIO}
    )
    texts = messages(verdicts(folder, "apple-podcasts")["podcast/feed.xml"])
    assert "fail: itunes:image is 1400x1200; the artwork must be square" in texts
    assert any(text.startswith("fail: enclosure URLs used by more than one episode") for text in texts)
    assert any("says 99 bytes but the file has 4" in text for text in texts)


def test_apple_podcasts_fails_an_episode_in_a_format_it_does_not_play(tmp_path: Path) -> None:
    items = episode(1) + episode(2, url="audio/e{n}.wav")
    folder = write(
        tmp_path,
        {
            "podcast/feed.xml": podcast(COMPLETE, items),
            "images/art.png": png_bytes(1400, 1400),
            "audio/e1.mp3": b"abcd",
            "audio/e2.wav": b"abcd",
        },
    )
    found = verdicts(folder, "apple-podcasts")["podcast/feed.xml"]
    assert found.status == "fails"
    unplayable = (
        "1 of 2 episodes have a file Apple Podcasts does not play (it takes MP3, M4A, MP4, M4V, MOV, PDF and EPUB)"
    )
    assert messages(found) == [f"fail: {unplayable}: 'Episode 2'"]
    assert "ffmpeg" in found.findings[0].fix


def test_a_feed_of_text_pages_is_no_podcast(tmp_path: Path) -> None:
    folder = write(tmp_path, {"feed.xml": rss(rss_item(1), namespaces=f"{MEDIA} {CONTENT}")})
    assert verdicts(folder, "apple-podcasts") == {}


# --- choosing and reporting ---


def test_profile_names_all_and_unknown_ones() -> None:
    assert [profile.name for profile in parse_profile_names("all")] == list(PROFILES)
    assert [profile.name for profile in parse_profile_names("flipboard, discover")] == ["flipboard", "discover"]
    with pytest.raises(ConfigError, match="did you mean 'flipboard'"):
        parse_profile_names("flipbaord")


def test_the_report_gives_each_verdict_with_its_fixes(tmp_path: Path) -> None:
    folder = write(tmp_path, {"sale/index.html": page(robots=None)})
    profiles = parse_profile_names("discover")
    text = render_profile_report(check_profiles(folder, BASE, profiles), profiles)
    assert "  FAILS    sale/index.html" in text
    assert "        fix: let the page's robots meta tag say max-image-preview:large" in text
    assert text.splitlines()[-1] == "  discover: 1 verdict: 1 fail, 0 with warnings, 0 pass."
