"""RSS items and Atom entries written as text, byte for byte as feedgen and lxml's pretty print write them.

Building a feedgen entry per page, serializing the whole document with lxml (and for Atom
parsing and printing it again to add the enclosures) and cutting the entries back out cost
about 0.45 CPU s of the 0.55 that the three feeds of 1,000 bench pages took, in the task that
one worker renders alone. Written here as strings, an entry costs a few string
replacements over its text.

These functions say what they are not sure of by returning None: a value XML cannot carry (a
control character, a lone surrogate: lxml refuses those, and the build reports it as it always
did), an empty text (feedgen and lxml each have their own way with those) or a date without an
offset. Such an entry goes the feedgen way (`feeds.feedgen_entries`), which stays the reference:
tests/unit/test_feed_xml.py renders many pages both ways and compares the bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from smo_gen.content.page import Page
from smo_gen.patterns import lazy_pattern
from smo_gen.render.feed_media import enclosures, image_attributes
from smo_gen.render.podcast_feed import ItunesItem
from smo_gen.site.model import Site, SocialImage
from smo_gen.site.podcasts import Podcast

# XML 1.0 cannot carry these at all, escaped or not.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ILLEGAL_CHARACTERS = tuple(chr(code) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF))
_LONG = 200  # characters: below this, the pattern is the faster way to look
# What lxml refuses to write (control characters but tab, line feed and carriage return; lone
# surrogates; U+FFFE and U+FFFF): an entry holding any of them goes the feedgen way.
_UNSAFE = lazy_pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# media:content's attributes in the order feedgen's media extension sets them.
_MEDIA_ORDER = ("url", "fileSize", "type", "medium", "height", "width")
# RFC 2822 dates as feedgen writes them (strftime in the C locale), whatever the process's locale.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clean_xml_text(text: str) -> str:
    """Text as XML can carry it: no control characters, and line ends as a parser reads them
    back ('\\r\\n' -> '\\n'; lxml 6 writes a bare carriage return as '&#13;', which survives parsing)."""
    # A page's HTML is kilobytes, and the pattern looks at each character in Python's regex
    # engine (44 us for 6 kB); searching for each character it may match takes 4.
    if len(text) < _LONG or any(character in text for character in _ILLEGAL_CHARACTERS):
        text = _XML_ILLEGAL.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def escape_text(text: str) -> str:
    """Element text as lxml writes it: '&', '<', '>' escaped, a carriage return as a character reference."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def escape_attribute(value: str) -> str:
    """An attribute value (in double quotes) as lxml writes it: also '"', tab and line ends escaped."""
    value = escape_text(value).replace('"', "&quot;")
    return value.replace("\t", "&#9;").replace("\n", "&#10;")


def element(indent: str, name: str, text: str) -> str:
    """An element with text, on its own line at `indent`."""
    return f"{indent}<{name}>{escape_text(text)}</{name}>"


def empty_element(indent: str, name: str, attributes: Iterable[tuple[str, str]]) -> str:
    """An element with attributes only, on its own line at `indent`."""
    shown = "".join(f' {key}="{escape_attribute(value)}"' for key, value in attributes)
    return f"{indent}<{name}{shown}/>"


def _media_content(indent: str, image: SocialImage | None) -> list[str]:
    """An item's image as feedgen's media extension writes it: only the attributes that have a value."""
    if image is None:
        return []
    attributes = image_attributes(image)
    return [
        empty_element(indent, "media:content", ((key, attributes[key]) for key in _MEDIA_ORDER if attributes.get(key)))
    ]


def format_rfc2822(moment: dt.datetime) -> str:
    """'Tue, 30 Dec 2025 11:21:34 -0500', as feedgen's formatRFC2822 writes it in the C locale."""
    return f"{_DAYS[moment.weekday()]}, {moment:%d} {_MONTHS[moment.month - 1]} {moment:%Y %H:%M:%S %z}"


def _dated(page: Page) -> bool:
    """Whether the page's dates are as feedgen takes them: with an offset, and a four-digit year."""
    moments = (page.date, page.modified or page.date)
    return all(m is not None and m.tzinfo is not None and m.year >= 1000 for m in moments)


def _texts(values: Iterable[str]) -> list[str] | None:
    """`values` cleaned for XML, or None when one comes out empty (feedgen's special cases)."""
    cleaned = [clean_xml_text(value) for value in values]
    return None if any(not text for text in cleaned) else cleaned


def encode_lines(lines: Sequence[str], body_line: str | None = None) -> bytes | None:
    """The lines as bytes, or None when one holds what lxml would refuse.

    `body_line` (the line of the page's HTML) was cleaned when the HTML was made, so only the
    encoding looks at it: searching every page's HTML twice took 0.07 s of 1,000 pages.
    """
    if any(_UNSAFE.search(line) for line in lines if line is not body_line):
        return None
    try:
        return "\n".join(lines).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None


def rss_item(site: Site, page: Page, body: str | None, podcast: Podcast | None) -> bytes | None:
    """The page's `<item>` as the site's RSS feed holds it, from its start tag's line to the end
    of its end tag's line; None when only feedgen may say (see the module's docstring).

    `body`: the page's feed HTML as XML text (`ContentCache.xml_html`: cleaned, then escaped)
    in a full-content feed, else None; `podcast`: the show the feed's items are episodes of.
    """
    if not _dated(page):
        return None
    texts = _texts((page.title, *([page.summary] if page.summary else ()), *[a.name for a in page.authors]))
    terms = _texts(dict.fromkeys((*page.categories, *page.tags)))
    if texts is None or terms is None or body == "":
        return None
    title, summary = texts[0], (texts[1] if page.summary else None)
    creators = texts[2:] if page.summary else texts[1:]
    url = site.url(page.url_path)
    lines = ["    <item>", element("      ", "title", title), element("      ", "link", url)]
    body_line = None  # the line holding the page's HTML
    if summary is not None:
        lines.append(element("      ", "description", summary))
        if body is not None:
            lines.append(body_line := f"      <content:encoded>{body}</content:encoded>")
    elif body is not None:
        lines.append(body_line := f"      <description>{body}</description>")
    lines.append(f'      <guid isPermaLink="true">{escape_text(url)}</guid>')
    lines += [element("      ", "category", term) for term in terms]
    files = enclosures(site, page)
    if files:
        attributes = (("url", files[0].url), ("length", str(files[0].byte_size)), ("type", files[0].mime))
        lines.append(empty_element("      ", "enclosure", attributes))
    assert page.date is not None  # _dated
    lines.append(element("      ", "pubDate", format_rfc2822(page.date)))
    lines += _media_content("      ", site.image_for(page.url_path))
    lines += [element("      ", "dc:creator", creator) for creator in creators]
    if podcast is not None:
        episode = ItunesItem()
        episode.describe(podcast, page, files[0] if files and files[0].kind == "audio" else None)
        if any(not text for _, text in episode.tags):
            return None
        lines += [element("      ", f"itunes:{name}", text) for name, text in episode.tags]
    lines.append("    </item>\n")
    return encode_lines(lines, body_line)


def atom_entry(site: Site, page: Page, body: str | None) -> bytes | None:
    """The page's `<entry>` as the site's Atom feed holds it (with its enclosure links, added
    after the entry's last line as feeds.add_atom_enclosures leaves them); None when only
    feedgen may say. `body` as for `rss_item`."""
    if not _dated(page):
        return None
    title = _texts((page.title,))
    terms = _texts(dict.fromkeys((*page.categories, *page.tags)))
    if title is None or terms is None:
        return None
    url = site.url(page.url_path)
    assert page.date is not None  # _dated
    lines = [
        "  <entry>",
        element("    ", "id", url),
        element("    ", "title", title[0]),
        element("    ", "updated", (page.modified or page.date).isoformat()),
    ]
    for author in page.authors:
        name = clean_xml_text(author.name)
        if not name:
            continue  # feedgen leaves out an author without a name, as Atom requires one
        lines += ["    <author>", element("      ", "name", name)]
        if author.url:
            lines.append(element("      ", "uri", author.url))
        lines.append("    </author>")
    body_line = None  # the line holding the page's HTML
    if body:
        lines.append(body_line := f'    <content type="html">{body}</content>')
    elif body is not None:
        lines.append('    <content type="html"/>')  # feedgen gives empty content no text at all
    lines.append(empty_element("    ", "link", (("href", url),)))
    if page.summary:
        summary = clean_xml_text(page.summary)
        lines.append(element("    ", "summary", summary) if summary else "    <summary/>")
    lines += [empty_element("    ", "category", (("term", term),)) for term in terms]
    lines.append(element("    ", "published", page.date.isoformat()))
    image = site.image_for(page.url_path)
    lines += _media_content("    ", image)
    links: list[tuple[tuple[str, str], ...]] = [
        (("rel", "enclosure"), ("href", item.url), ("type", item.mime), ("length", str(item.byte_size)))
        for item in enclosures(site, page)
    ]
    if image is not None:
        described = image_attributes(image)
        shown = ((name, described[key]) for name, key in (("type", "type"), ("length", "fileSize")) if key in described)
        links.append((("rel", "enclosure"), ("href", image.url), *shown))
    # Enclosures are added to the printed document, after the whitespace that ended the
    # entry's last line: lxml prints what it parsed as it was, and the new links unindented.
    lines.append("  " + "".join(empty_element("", "link", attributes) for attributes in links) + "</entry>\n")
    return encode_lines(lines, body_line)
