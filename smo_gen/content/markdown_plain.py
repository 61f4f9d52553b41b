"""What a plain Markdown page keeps beside its HTML, read from its lines and the compiled core's
HTML instead of from a syntax tree.

The fast path (content/markdown_fast.py) reads a page's headings, fences, words, opening text
and links from markdown-it-pyrs's syntax tree. Building that tree took 0.2 ms of a bench page's
0.9 ms and reading it from Python another 0.2, four times what rendering the HTML takes. Most
pages are written with a handful of constructs whose values the lines and the HTML give as well:

- lines that are blank, paragraph text, an ATX heading (`## Title`), a list item (`- text`,
  `1. text`), a one-line quote (`> text`), a table's row (`| a | b |`), a column-0 ```` ``` ````
  fence, or raw HTML opening with a block tag (`<div ...>`, up to a blank line); none indented;
- outside fences, raw HTML and tables' pipes, none of `{ | ~ < > & \\`, a tab, no `]` but a
  link's `](` (so no reference definitions), and every run of backticks closed on its line;
- links only as `[text](url)` on one line, with a URL markdown-it leaves as written; no images
  and no hard breaks (their tags are not among the plain ones).

A page is read here only when the HTML's blocks are exactly those its lines were read as and its
tags (raw HTML aside) only those such lines make; any other page (None) goes on to the tree.
`tests/unit/test_markdown_fast.py` holds both to markdown-it-py's values over real sites' pages
and generated ones.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from smo_gen.content.content_links import ContentLink, is_checkable, iter_html_links
from smo_gen.content.markdown import HOST_MAX, PLAIN_LINK

# What keeps a page off this path when it is anywhere in running text: constructs whose values
# need the tree (see the module's docstring). Each is looked for alone: a search for one
# character is ten times as fast as a regex's or a search for two (']:' is ruled out by
# counting '](' instead, images and hard breaks by the tags they make).
_NOT_PLAIN = ("{", "|", "~", "<", ">", "&", "\\", "\t", "\r")
_HEADING_LINE = re.compile(r"(#{1,6}) \S")
_ITEM_LINE = re.compile(r"(?:([-+*])|\d{1,9}([.)])) \S")
# Lines that may be a thematic break, a setext underline or an empty list item.
_RULE_OR_EMPTY_ITEM = re.compile(r"[-+=*_ ]+|\d{1,9}[.)] *")
_FENCE_INFO = re.compile(r"[A-Za-z0-9_+#.,-]*")
_MAYBE_FENCE = re.compile(r" {0,3}(?:`{3,}|~{3,})")
_TABLE_DELIMITER = re.compile(r"\|(?: ?:?-+:? ?\|)+")
# Raw HTML that CommonMark (and markdown-it) ends at a blank line: a block-level tag opening the line.
_HTML_BLOCK_START = re.compile(
    r"</?(?:address|article|aside|center|details|dialog|div|dl|fieldset|figcaption|figure|footer"
    r"|form|header|iframe|main|nav|section|summary|table)(?:[ >]|/>|$)"
)
_BACKTICK_RUNS = re.compile(r"`+")
_OTHER_TAG = re.compile(r"<(?!/?(?:p|h[1-6]|ul|ol|li|pre|code|em|strong|a|blockquote|table|thead|tbody|tr|th|td)[ >])")
_BLOCK_TAG = re.compile(r"<(p|h[1-6]|ul|ol|li|pre|blockquote|table|thead|tbody|tr|th|td)[ >]")
_LINK = re.compile(r"<a ([^>]*)>(.*?)</a>", re.DOTALL)
_HREF = re.compile(r'href="([^"]*)"')
_HEADING = re.compile(r"<h[1-6]>(.*?)</h[1-6]>", re.DOTALL)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class PlainReading:
    """A plain page's values beside its HTML, as content/markdown_fast.py's tree reading gives them."""

    headings: list[str]  # each heading's text, in order
    fences: list[tuple[str, str]]  # each fence's info string and content, in order
    words: int
    first_paragraph: str
    links: list[ContentLink]


class _Lines:
    """One pass over a page's lines: the blocks they make and what their text holds."""

    def __init__(self) -> None:
        self.blocks: list[str] = []  # the HTML block tags the lines make, in order
        self.fences: list[tuple[str, str]] = []
        self.raw: list[tuple[str, int]] = []  # raw HTML blocks and their first lines
        self.prose: list[str] = []  # running text, a line each (a quote's without its marker)
        self.prose_lines: list[int] = []  # their 1-based lines in the page
        self.markers = 0  # headings' '#'s and list items' markers: words not counted

    def read(self, lines: list[str]) -> bool:
        """Read `lines`; False when they are not all plain."""
        list_marker = ""  # the open list's bullet or delimiter
        in_paragraph = False  # whether a paragraph (or a list item's text) is open
        index, count = 0, len(lines)
        while index < count:
            line = lines[index]
            index += 1  # now the line's 1-based number, and the next line's index
            if not line:
                list_marker, in_paragraph = "", False
                continue
            first = line[0]
            if first == " ":
                return False  # indented: maybe code, or a list item's second paragraph
            if first == "`" and line.startswith("```"):
                end = _fence_end(lines, index)
                if end is None or not _FENCE_INFO.fullmatch(line[3:]):
                    return False
                self.fences.append((line[3:], "".join(content + "\n" for content in lines[index:end])))
                self.blocks.append("pre")
                list_marker, in_paragraph = "", False
                index = end + 1
                continue
            if first == "<":
                if not _HTML_BLOCK_START.match(line):
                    return False
                end = index
                while end < count and lines[end]:
                    end += 1
                self.raw.append(("\n".join(lines[index - 1 : end]) + "\n", index))
                list_marker, in_paragraph = "", False
                index = end
                continue
            if first == "|":
                end = self.table(lines, index - 1, in_paragraph or bool(list_marker))
                if end is None:
                    return False
                list_marker, in_paragraph = "", False
                index = end
                continue
            if first == ">":
                if line[1:2] != " " or line[2:3] == " " or index < count and lines[index]:
                    return False  # a quote of more than one line: its words need the tree
                self.text(line[2:], index)
                self.blocks += ("blockquote", "p")
                list_marker, in_paragraph = "", False
                continue
            self.text(line, index)
            if first == "#":
                heading = _HEADING_LINE.match(line)
                if heading is None or line.endswith("#"):
                    return False
                self.blocks.append(f"h{len(heading[1])}")
                self.markers += 1
                list_marker, in_paragraph = "", False
            elif first in "-+*0123456789" and (item := _ITEM_LINE.match(line)):
                marker = item[1] or item[2]
                if marker != list_marker:
                    if in_paragraph and item[2]:
                        return False  # maybe a paragraph's text: only a list from 1 may break into one
                    self.blocks.append("ol" if item[2] else "ul")
                    list_marker = marker
                self.blocks.append("li")
                self.markers += 1
                in_paragraph = True
            else:
                if first in "-+=*_0123456789" and _RULE_OR_EMPTY_ITEM.fullmatch(line):
                    return False
                if not in_paragraph:
                    self.blocks.append("p")
                    in_paragraph = True
        return True

    def text(self, line: str, number: int) -> None:
        self.prose.append(line)
        self.prose_lines.append(number)

    def table(self, lines: list[str], start: int, interrupts: bool) -> int | None:
        """Read the table whose header is `lines[start]`; the index after its last row, or None
        unless every row has the header's cells between pipes and a blank line follows it."""
        header = lines[start]
        columns = header.count("|") - 1
        if interrupts or start + 1 >= len(lines) or not header.endswith("|"):
            return None
        delimiter = lines[start + 1]
        if not _TABLE_DELIMITER.fullmatch(delimiter) or delimiter.count("|") - 1 != columns:
            return None
        self.text(header.replace("|", " ").strip(), start + 1)
        self.blocks += ("table", "thead", "tr", *["th"] * columns)
        end = start + 2
        while end < len(lines) and lines[end]:
            row = lines[end]
            if row[0] != "|" or not row.endswith("|") or row.count("|") - 1 != columns:
                return None
            if end == start + 2:
                self.blocks.append("tbody")
            self.text(row.replace("|", " ").strip(), end + 1)
            self.blocks += ("tr", *["td"] * columns)
            end += 1
        return end


def read_plain_page(text: str, rendered: str) -> PlainReading | None:
    """The values of `text`, whose HTML by markdown-it-pyrs is `rendered`; None unless the page
    is plain (see the module's docstring)."""
    if not text.endswith("\n"):
        return None
    lines = text.split("\n")
    lines.pop()  # the '' after the last line break
    reading = _Lines()
    if not reading.read(lines):
        return None
    prose = "\n".join(reading.prose)
    if any(mark in prose for mark in _NOT_PLAIN) or prose.count("]") != prose.count("]("):
        return None  # (a ']' not opening a link's URL may end a reference definition's label)
    if "`" in prose and any(has_unclosed_backticks(line) for line in reading.prose if "`" in line):
        return None
    own = _without_raw(rendered, reading.raw)  # the HTML the lines outside raw HTML make
    if own is None or _OTHER_TAG.search(own) or _BLOCK_TAG.findall(own) != reading.blocks:
        return None
    links = _links(prose, reading.prose_lines, own)
    if links is None:
        return None
    if reading.raw:
        links += (
            link for block, line in reading.raw for link in iter_html_links(block, line) if is_checkable(link.url)
        )
        links.sort(key=lambda link: link.line)  # in the page's order, as no line holds both
    # A heading's text as markdown._add_heading_ids joins it, the opening paragraph's as
    # markdown._first_paragraph_text folds it (its line breaks are the HTML's); a quote's
    # paragraph is not the page's opening one.
    headings = [_text_of(inner) for inner in _HEADING.findall(own)]
    paragraphs = (
        " ".join(_text_of(match[1]).split())  # as `\s+` made one space, then stripped: the same white space
        for match in _PARAGRAPH.finditer(own)
        if not own.endswith("<blockquote>\n", 0, match.start())
    )
    first_paragraph = next((plain for plain in paragraphs if plain), "")
    return PlainReading(headings, reading.fences, len(prose.split()) - reading.markers, first_paragraph, links)


def _fence_end(lines: list[str], start: int) -> int | None:
    """The index of the plain '```' line that closes the fence whose content starts at `start`;
    None when a line inside might close it otherwise, or none does."""
    for index in range(start, len(lines)):
        line = lines[index]
        if line == "```":
            return index
        if line[:1] in (" ", "`", "~") and _MAYBE_FENCE.match(line):
            return None
    return None


def has_unclosed_backticks(text: str) -> bool:
    """Whether a run of backticks in `text` is closed by no later run of its length (the two
    parsers read such text differently)."""
    if "``" not in text:
        return text.count("`") % 2 == 1  # single backticks, closed in pairs
    runs = [len(run) for run in _BACKTICK_RUNS.findall(text)]
    while runs:
        opening = runs.pop(0)
        if opening not in runs:
            return True
        del runs[: runs.index(opening) + 1]
    return False


def _without_raw(rendered: str, raw: list[tuple[str, int]]) -> str | None:
    """`rendered` without the raw HTML blocks, each found where it should be, as written; None
    when one is not (the HTML took it otherwise)."""
    if not raw:
        return rendered
    parts = []
    position = 0
    for block, _line in raw:
        found = rendered.find(block, position)
        if found < 0 or found and rendered[found - 1] != "\n":
            return None
        parts.append(rendered[position:found])
        position = found + len(block)
    parts.append(rendered[position:])
    return "".join(parts)


def _links(prose: str, prose_lines: list[int], rendered: str) -> list[ContentLink] | None:
    """The page's links with their lines, as content_links.find_links reads them; None unless
    each is an inline link on one line with a URL written as markdown-it leaves it."""
    found = _LINK.findall(rendered)
    if len(found) != prose.count("]("):
        return None
    links = []
    position = line = 0  # where the last link's URL was found, and on which line of `prose`
    for attributes, inner in found:
        href = _HREF.fullmatch(attributes)  # a title, or any other attribute: not a plain link
        if href is None:
            return None
        url = html.unescape(href[1]) if "&" in href[1] else href[1]
        plain = PLAIN_LINK.match(url)
        if plain is None or len(plain["host"] or "") > HOST_MAX or "\n" in inner:
            return None
        found_at = prose.find(f"]({url})", position)
        if found_at < 0:
            return None
        line += prose.count("\n", position, found_at)
        if is_checkable(url):
            links.append(ContentLink(url, prose_lines[line]))
        position = found_at + 1
    return links


def _text_of(inner: str) -> str:
    """The text of a heading's or paragraph's HTML: its text and code, as written."""
    return html.unescape(_ANY_TAG.sub("", inner))
