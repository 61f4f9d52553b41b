"""Every feed item shows its share image, with the measured size and bytes of the published file;
every feed has an icon and a logo of the sizes its format asks for."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from tests.support.sites import BASE_URL, SITE_TOML, build, png_bytes, write_site

MEDIA = "{http://search.yahoo.com/mrss/}"
ATOM = "{http://www.w3.org/2005/Atom}"
NO_CARDS = SITE_TOML + "\n[cards]\nenabled = false\n"


def published_file(public: Path, url: str) -> Path:
    assert url.startswith(BASE_URL), url
    return public / url.removeprefix(BASE_URL)


def measured(public: Path, url: str) -> tuple[str, str, str]:
    """Width, height and bytes of the file `url` names in the output, as feed attributes write them."""
    path = published_file(public, url)
    with Image.open(path) as image:
        width, height = image.size
    return str(width), str(height), str(path.stat().st_size)


def rss_images(public: Path, feed: str = "feed.xml") -> dict[str, dict[str, str]]:
    """Each RSS item's link -> its media:content attributes (and one only)."""
    found = {}
    for item in ET.parse(public / feed).getroot().iter("item"):
        contents = item.findall(f"{MEDIA}content")
        assert len(contents) == 1, f"{item.findtext('link')}: expected one media:content, found {len(contents)}"
        assert len(item.findall("enclosure")) <= 1, "RSS allows one enclosure per item"
        found[item.findtext("link") or ""] = dict(contents[0].attrib)
    return found


def atom_images(public: Path) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Each Atom entry's link -> (its media:content, its image enclosure link)."""
    found = {}
    for entry in ET.parse(public / "atom.xml").getroot().iter(f"{ATOM}entry"):
        (content,) = entry.findall(f"{MEDIA}content")
        links = [
            link.attrib
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/")
        ]
        assert len(links) == 1
        alternate = next(
            link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel") in (None, "alternate")
        )
        found[alternate or ""] = (dict(content.attrib), dict(links[0]))
    return found


@pytest.fixture(scope="module")
def carded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Cards on (the default): every page shares its card, drawn over its photo when it has one."""
    site = write_site(
        tmp_path_factory.mktemp("carded"),
        {
            "content/photo-post/index.md": (
                "---\ntitle: With a photo\ndate: 2026-05-01\nimage: photo.jpg\nimage_alt: A chair\n---\nHi.\n"
            ),
            "content/photo-post/photo.jpg": png_bytes(1600, 900, kind="JPEG"),
            "content/plain.md": "---\ntitle: Plain words\ndate: 2026-05-02\n---\nJust text.\n",
        },
    )
    build(site)
    return site / "public"


@pytest.fixture(scope="module")
def uncarded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Cards off: pages share their own image, else the site's default, or an image elsewhere."""
    pages = {
        f"content/note-{n:02d}.md": (
            f"---\ntitle: Note {n}\ndate: 2026-01-01T{n // 60:02d}:{n % 60:02d}:00Z\n---\nNote.\n"
        )
        for n in range(1, 54)
    }
    site = write_site(
        tmp_path_factory.mktemp("uncarded"),
        {
            **pages,
            "content/photo-post/index.md": (
                "---\ntitle: With a photo\ndate: 2026-05-01\nimage: photo.png\nimage_alt: A chair\n---\nHi.\n"
            ),
            "content/photo-post/photo.png": png_bytes(1000, 700),
            "content/remote.md": (
                "---\ntitle: Elsewhere\ndate: 2026-05-03\nimage: https://cdn.example/pic.jpg\n"
                "image_alt: A lamp\n---\nHi.\n"
            ),
        },
        NO_CARDS,
    )
    build(site)
    return site / "public"


def test_rss_items_carry_the_card_with_its_measured_size(carded: Path) -> None:
    images = rss_images(carded)
    assert set(images) == {f"{BASE_URL}photo-post/", f"{BASE_URL}plain/"}
    for link, attributes in images.items():
        assert attributes["url"].startswith(f"{BASE_URL}cards/"), link
        assert attributes["medium"] == "image"
        assert (attributes["width"], attributes["height"], attributes["fileSize"]) == measured(
            carded, attributes["url"]
        ), link
        og_image = (carded / link.removeprefix(BASE_URL) / "index.html").read_text()
        assert f'property="og:image" content="{attributes["url"]}"' in og_image, "the feed shows what og:image shares"


def test_atom_entries_carry_the_image_twice_alike(carded: Path) -> None:
    for link, (content, enclosure) in atom_images(carded).items():
        width, height, size = measured(carded, content["url"])
        assert (content["width"], content["height"], content["fileSize"]) == (width, height, size), link
        assert (enclosure["href"], enclosure["type"], enclosure["length"]) == (content["url"], content["type"], size)


def test_json_feed_items_name_the_same_image(carded: Path) -> None:
    items = json.loads((carded / "feed.json").read_text())["items"]
    rss = rss_images(carded)
    assert {item["url"]: item["image"] for item in items} == {
        link: attributes["url"] for link, attributes in rss.items()
    }


def test_without_cards_a_page_shares_its_photo_else_the_default_image(uncarded: Path) -> None:
    images = rss_images(uncarded)
    photo = images[f"{BASE_URL}photo-post/"]
    assert photo["url"] == f"{BASE_URL}photo-post/photo.png"
    assert (photo["width"], photo["height"], photo["fileSize"]) == measured(uncarded, photo["url"])
    assert (photo["width"], photo["height"]) == ("1000", "700")
    default = images[f"{BASE_URL}note-53/"]
    assert default["url"] == f"{BASE_URL}images/default.png"
    assert (default["width"], default["height"], default["fileSize"]) == measured(uncarded, default["url"])


def test_an_image_on_another_site_gets_no_invented_size(uncarded: Path) -> None:
    remote = rss_images(uncarded)[f"{BASE_URL}remote/"]
    assert remote == {"url": "https://cdn.example/pic.jpg", "medium": "image", "type": "image/jpeg"}
    _, enclosure = atom_images(uncarded)[f"{BASE_URL}remote/"]
    assert enclosure == {"rel": "enclosure", "href": "https://cdn.example/pic.jpg", "type": "image/jpeg"}


def test_feeds_hold_fifty_items_by_default(uncarded: Path) -> None:
    parsed = feedparser.parse((uncarded / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 50, "55 dated pages, the newest 50 in the feed (Flipboard asks for 30 or more)"
    assert len(json.loads((uncarded / "feed.json").read_text())["items"]) == 50


def test_feedparser_reads_each_item_image(carded: Path) -> None:
    parsed = feedparser.parse((carded / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    for entry in parsed.entries:
        (content,) = entry.media_content
        assert content["medium"] == "image"
        assert (content["width"], content["height"], content["filesize"]) == measured(carded, content["url"])


def test_the_feed_icon_and_logo_are_drawn_at_each_format_size(tmp_path: Path) -> None:
    toml = NO_CARDS + '\n[feeds]\nicon = "static/images/icon.png"\nlogo = "static/images/logo.png"\n'
    site = write_site(
        tmp_path / "site",
        {
            "content/hello.md": "---\ntitle: Hello\ndate: 2026-05-01\n---\nHi.\n",
            "static/images/icon.png": png_bytes(1024, 1024),
            "static/images/logo.png": png_bytes(1200, 400),
        },
        toml,
    )
    build(site)
    public = site / "public"
    channel = ET.parse(public / "feed.xml").getroot().find("channel")
    assert channel is not None
    image = channel.find("image")
    assert image is not None
    url = image.findtext("url") or ""
    assert (image.findtext("width"), image.findtext("height")) == measured(public, url)[:2] == ("144", "144")
    assert image.findtext("title") == channel.findtext("title") and image.findtext("link") == channel.findtext("link")
    atom = ET.parse(public / "atom.xml").getroot()
    assert measured(public, atom.findtext(f"{ATOM}icon") or "")[:2] == ("512", "512")
    assert measured(public, atom.findtext(f"{ATOM}logo") or "")[:2] == ("600", "300")
    data = json.loads((public / "feed.json").read_text())
    assert measured(public, data["icon"])[:2] == ("512", "512")
    assert measured(public, data["favicon"])[:2] == ("64", "64")

    def drawn() -> dict[str, int]:
        return {path.name: path.stat().st_mtime_ns for path in (site / ".smo-cache" / "feed-pictures").iterdir()}

    first = drawn()
    assert len(first) == 4
    build(site)
    assert drawn() == first, "the pictures are drawn once and kept"


def test_a_new_icon_beside_site_toml_is_drawn_on_the_next_build(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/hello.md": "---\ntitle: Hello\ndate: 2026-05-01\n---\nHi.\n",
            "icon.png": png_bytes(300, 300, (255, 0, 0)),
        },
        NO_CARDS + '\n[feeds]\nicon = "icon.png"\n',
    )
    build(site)
    first = json.loads((site / "public" / "feed.json").read_text())["icon"]
    (site / "icon.png").write_bytes(png_bytes(300, 300, (0, 0, 255)))
    build(site)
    second = json.loads((site / "public" / "feed.json").read_text())["icon"]
    assert second != first, "the build noticed the changed icon"
    assert published_file(site / "public", second).is_file()
    assert not published_file(site / "public", first).exists(), "the old picture left the output"
