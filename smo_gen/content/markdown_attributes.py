"""Attribute lists in Markdown: `## Offers {#offers}`, kramdown's `{: .notice}`, Hugo's `{.class}`.

Hugo, Jekyll (kramdown) and Zola let writers give a heading its id, and a block or image a
class, in braces. Without this they print as text and a call to action to `#offers` points
nowhere. Understood here:

- at the end of a heading: `## Offers {#offers .big}`;
- on the line right before or after a paragraph, or on a line of its own after any block:
  `{: .notice--info}` or `{.notice}` (applies to that block; first in a container, to the next);
- right after an image or link: `![logo](logo.png){: .align-center}`.

Inside the braces: `.class`, `#id` and `key=value` (quoted or not); kramdown's leading ':' is
optional. Braces holding anything else (`{:toc}`, `{not attributes}`) stay text. Handlers of
events (`onclick=...`) are never copied.

Also kramdown's: a `* TOC` list ended by `{:toc}` becomes the page's table of contents, and an
HTML block's `markdown="1"` opens it to Markdown (`open_markdown_blocks`, before rendering).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from smo_gen.patterns import lazy_pattern

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

_LIST = lazy_pattern(r"\{:?\s*([^{}\n]*?)\s*\}")
_TRAILING = lazy_pattern(r"[ \t]+(\{:?[^{}\n]*\})[ \t]*$")
_LEADING = lazy_pattern(r"^\{:?[^{}\n]*\}")
_PART = lazy_pattern(
    r"""\.(?P<cls>[\w-]+)|#(?P<id>[\w:.-]+)|(?P<key>[A-Za-z_][\w:-]*)=(?P<value>"[^"]*"|'[^']*'|[^\s"'{}]+)"""
)


def parse_attribute_list(text: str) -> dict[str, str] | None:
    """`{: #id .a .b key="v"}` -> {'id': 'id', 'class': 'a b', 'key': 'v'}; None if not one."""
    whole = _LIST.fullmatch(text.strip())
    if whole is None or not whole[1]:
        return None
    attributes: dict[str, str] = {}
    classes: list[str] = []
    position = 0
    inner = whole[1]
    while position < len(inner):
        if inner[position].isspace():
            position += 1
            continue
        part = _PART.match(inner, position)
        if part is None:
            return None
        if part["cls"]:
            classes.append(part["cls"])
        elif part["id"]:
            attributes["id"] = part["id"]
        elif not part["key"].lower().startswith("on"):
            attributes[part["key"]] = part["value"].strip("\"'")
        position = part.end()
    if classes:
        attributes["class"] = " ".join(classes)
    return attributes


def attributes_plugin(md: MarkdownIt) -> None:
    """Apply attribute lists to headings, blocks, images and links (a core rule after inline)."""
    md.core.ruler.push("attribute_lists", _apply_attribute_lists)


def _apply_attribute_lists(state: StateCore) -> None:
    tokens = state.tokens
    if not any(token.type == "inline" and "{" in token.content for token in tokens):
        return
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "inline" and "{" in token.content:
            _inline_attributes(token)
            opener = tokens[index - 1]
            if opener.type == "heading_open":
                _heading_attributes(opener, token)
            elif opener.type == "paragraph_open" and _paragraph_attributes(tokens, index - 1):
                continue  # the paragraph was only attributes, and is gone
        index += 1


def _add(token: Token, attributes: dict[str, str]) -> None:
    for key, value in attributes.items():
        if key == "class" and token.attrGet("class"):
            value = f"{token.attrGet('class')} {value}"
        token.attrSet(key, value)


def _heading_attributes(heading: Token, inline: Token) -> None:
    trailing = _TRAILING.search(inline.content)
    children = inline.children or []
    if trailing is None or not children or children[-1].type != "text":
        return
    attributes = parse_attribute_list(trailing[1])
    last = children[-1]
    if attributes is None or not last.content.rstrip().endswith(trailing[1]):
        return
    last.content = last.content.rstrip()[: -len(trailing[1])].rstrip()
    inline.content = inline.content[: trailing.start()]
    _add(heading, attributes)


def _paragraph_attributes(tokens: list[Token], index: int) -> bool:
    """Attributes on a paragraph's last line; True when the paragraph held nothing else."""
    inline = tokens[index + 1]
    children = inline.children or []
    if len(children) > 2 and children[0].type == "text" and children[1].type == "softbreak":
        first = parse_attribute_list(children[0].content)  # kramdown: on the line before the paragraph
        if first is not None:
            del children[:2]
            inline.content = inline.content.partition("\n")[2]
            _add(tokens[index], first)
    if not children or children[-1].type != "text":
        return False
    attributes = parse_attribute_list(children[-1].content)
    if attributes is None:
        return False
    if len(children) == 1:
        target = _block_around(tokens, index)
        if target is None:
            return False
        _add(target, attributes)
        del tokens[index : index + 3]
        return True
    if children[-2].type != "softbreak":
        return False
    del children[-2:]
    inline.content = inline.content.rpartition("\n")[0]
    _add(tokens[index], attributes)
    return False


def _block_around(tokens: list[Token], index: int) -> Token | None:
    """The block an attributes-only paragraph at `index` names: the one before it at its
    level, or else (first in its container) the one after it."""
    level = tokens[index].level
    before = index - 1
    if before >= 0 and tokens[before].level == level:
        if tokens[before].nesting == 0:
            return tokens[before] if tokens[before].type != "html_block" else None
        if tokens[before].nesting == -1:
            depth = 0
            for back in range(before, -1, -1):
                depth += tokens[back].nesting
                if depth == 0:
                    return tokens[back]
    after = index + 3
    if after < len(tokens) and tokens[after].level == level and tokens[after].nesting >= 0:
        return tokens[after] if tokens[after].type != "html_block" else None
    return None


def _inline_attributes(inline: Token) -> None:
    """`{: .class}` right after an image or a link goes on that image or link."""
    children = inline.children or []
    for position in range(1, len(children)):
        child, previous = children[position], children[position - 1]
        if child.type != "text" or previous.type not in ("image", "link_close"):
            continue
        leading = _LEADING.match(child.content)
        attributes = parse_attribute_list(leading[0]) if leading else None
        if leading is None or attributes is None:
            continue
        target = previous if previous.type == "image" else _link_open(children, position - 1)
        if target is not None:
            _add(target, attributes)
            child.content = child.content[leading.end() :]


def _link_open(children: list[Token], close: int) -> Token | None:
    depth = 0
    for back in range(close, -1, -1):
        depth += children[back].nesting
        if depth == 0:
            return children[back]
    return None


def table_of_contents_plugin(md: MarkdownIt) -> None:
    """kramdown's `* TOC` + `{:toc}` list: replaced by a list of the page's headings.

    Registered after the anchors plugin, since it links to the headings' ids.
    """
    md.core.ruler.push("table_of_contents", _table_of_contents)


def _table_of_contents(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "inline" and token.content.endswith("{:toc}") and index >= 3:
            start = _list_holding(tokens, index)
            if start is not None:
                end = _closing(tokens, start)
                from markdown_it.token import Token

                html_block = Token("html_block", "", 0)
                html_block.content = _headings_list(tokens)
                html_block.map = tokens[start].map
                tokens[start : end + 1] = [html_block]
                return  # one table of contents a page, as kramdown makes


def _list_holding(tokens: list[Token], inline: int) -> int | None:
    """The list the `{:toc}` marker ends, if it is a list of one item of one line and the marker."""
    start = inline - 3  # list open, item open, paragraph open, inline
    if start < 0 or tokens[start].type not in ("bullet_list_open", "ordered_list_open"):
        return None
    end = _closing(tokens, start)
    return start if end == inline + 3 else None  # paragraph close, item close, list close


def _closing(tokens: list[Token], start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _headings_list(tokens: list[Token]) -> str:
    import html

    items = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrGet("id"):
            text = "".join(
                child.content for child in tokens[index + 1].children or [] if child.type in ("text", "code_inline")
            )
            items.append((int(token.tag[1]), str(token.attrGet("id")), text))
    if not items:
        return ""
    parts = ['<nav class="toc">']
    levels: list[int] = []
    for level, anchor, text in items:
        while levels and levels[-1] > level:
            parts.append("</li></ul>")
            levels.pop()
        if levels and levels[-1] == level:
            parts.append("</li>")
        else:
            parts.append("<ul>")
            levels.append(level)
        parts.append(f'<li><a href="#{html.escape(anchor)}">{html.escape(text)}</a>')
    parts.append("</li></ul>" * len(levels))
    parts.append("</nav>\n")
    return "".join(parts)


_MARKDOWN_ATTRIBUTE = lazy_pattern(
    r"""^(?P<open>[ ]{0,3}<[A-Za-z][\w-]*\b[^<>\n]*?)\s+markdown=(?P<q>["']?)"""
    r"""(?P<value>1|block|span|0)(?P=q)(?P<rest>[^<>\n]*>)(?P<end>[ \t]*$)?""",
    re.MULTILINE,
)


def open_markdown_blocks(text: str) -> str:
    """kramdown's `<div markdown="1">` with Markdown inside: the attribute goes, and a blank
    line after the tag lets CommonMark read what follows as Markdown (outside code only)."""
    if "markdown=" not in text:
        return text
    from smo_gen.content.foreign_markup import code_spans, inside

    code = code_spans(text)

    def replace(match: re.Match[str]) -> str:
        if inside(code, match.start()):
            return match.group(0)
        opened = match["open"] + match["rest"]
        return opened + "\n" if match["value"] in ("1", "block") and match["end"] is not None else opened

    return _MARKDOWN_ATTRIBUTE.sub(replace, text)
