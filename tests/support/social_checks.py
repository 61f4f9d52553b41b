"""An outside check of a built page's social tags, written from the networks' documentation.

Deliberately independent of smo_gen's own code: it reads the HTML like a crawler would and
compares what the tags claim with the image files themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image

from tests.support.validators import html_files

REQUIRED_OG = ("og:title", "og:type", "og:image", "og:url", "og:description", "og:site_name", "og:image:alt")
REQUIRED_X = ("twitter:card", "twitter:title", "twitter:description", "twitter:image", "twitter:image:alt")
URL_PROPERTIES = ("og:url", "og:image", "og:image:secure_url", "twitter:image")
MIME_BY_FORMAT = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}


@dataclass
class Head(HTMLParser):
    meta: dict[str, list[str]] = field(default_factory=dict)
    links: list[dict[str, str]] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)
    title: str = ""
    _in_json_ld: bool = False
    _in_title: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta.setdefault(key, []).append(values.get("content", ""))
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json_ld = False
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld[-1] += data
        if self._in_title:
            self.title += data

    def one(self, key: str) -> str | None:
        values = self.meta.get(key)
        return values[0] if values else None


def read_head(html_path: Path) -> Head:
    head = Head()
    head.feed(html_path.read_text(encoding="utf-8"))
    return head


def local_file_for(url: str, base_url: str, public_dir: Path) -> Path | None:
    if not url.startswith(base_url):
        return None
    rel = unquote(urlsplit(url).path)[len(urlsplit(base_url).path) :]
    return public_dir / rel


def check_social_tags(html_path: Path, public_dir: Path, base_url: str) -> list[str]:
    """Every way the page breaks the Open Graph / X card rules; empty when it follows them."""
    head = read_head(html_path)
    problems: list[str] = []
    where = html_path.relative_to(public_dir).as_posix()
    for key in REQUIRED_OG + REQUIRED_X:
        if not head.one(key):
            problems.append(f"{where}: missing {key}")
    canonicals = [link for link in head.links if link.get("rel") == "canonical"]
    if len(canonicals) != 1:
        problems.append(f"{where}: expected one rel=canonical, found {len(canonicals)}")
    for link in canonicals:
        if not link.get("href", "").startswith(("https://", "http://")):
            problems.append(f"{where}: canonical is not absolute: {link.get('href')}")
    for key in URL_PROPERTIES:
        value = head.one(key)
        if value and not value.startswith(("https://", "http://")):
            problems.append(f"{where}: {key} is not an absolute URL: {value}")
    card = head.one("twitter:card")
    if card not in ("summary", "summary_large_image", "player", "app"):
        problems.append(f"{where}: twitter:card '{card}' is not a card type")
    image_url = head.one("og:image")
    if image_url:
        problems += _check_image(where, head, image_url, card, public_dir, base_url)
    for block in head.json_ld:
        if "<" in block:
            problems.append(f"{where}: JSON-LD contains a raw '<'")
        try:
            json.loads(block)
        except ValueError as exc:
            problems.append(f"{where}: JSON-LD does not parse: {exc}")
    if not head.json_ld:
        problems.append(f"{where}: no JSON-LD")
    return problems


def check_shared_pages(public_dir: Path, base_url: str) -> list[str]:
    """`check_social_tags` over every built page that carries og:type (redirect stubs carry no social tags)."""
    problems: list[str] = []
    for html_path in html_files(public_dir):
        if read_head(html_path).one("og:type") is not None:
            problems += check_social_tags(html_path, public_dir, base_url)
    return problems


def _check_image(
    where: str, head: Head, image_url: str, card: str | None, public_dir: Path, base_url: str
) -> list[str]:
    problems = []
    path = local_file_for(image_url, base_url, public_dir)
    if path is None:
        return problems  # a remote image: nothing to compare with
    if not path.is_file():
        return [f"{where}: og:image {image_url} is not in the built site"]
    with Image.open(path) as image:
        width, height, kind = image.width, image.height, image.format
    declared = (head.one("og:image:width"), head.one("og:image:height"))
    if declared != (str(width), str(height)):
        problems.append(f"{where}: og:image size declared {declared}, file is {width}x{height}")
    if head.one("og:image:type") != MIME_BY_FORMAT.get(kind or ""):
        problems.append(f"{where}: og:image:type {head.one('og:image:type')} but the file is {kind}")
    if path.stat().st_size > 5 * 1024 * 1024:
        problems.append(f"{where}: og:image is over 5 MB")
    if card == "summary_large_image" and (width < 300 or height < 157):
        problems.append(f"{where}: large image card with a {width}x{height} image (X needs 300x157)")
    if head.one("twitter:image") != image_url:
        problems.append(f"{where}: twitter:image differs from og:image")
    return problems
