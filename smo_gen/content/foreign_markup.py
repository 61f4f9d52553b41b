"""Other generators' template syntax in a page body: translated, or reported with its line.

Pages brought from Jekyll, Hugo or Zola still hold Liquid tags (`{% link x.md %}`,
`{{ site.title }}`), Hugo shortcodes (`{{< figure src="a.png" >}}`) and Zola shortcodes
(`{{ youtube(id="...") }}`). Before the body is rendered as Markdown, each one outside code
is either translated into Markdown or HTML that means the same (content/shortcodes.py), or reported
as a warning naming the file, the line and the construct. Code (fenced, indented, inline)
is left alone, apart from the generators' own escapes (`{% raw %}`, `{{</* x */>}}`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from smo_gen.errors import Problem
from smo_gen.patterns import lazy_pattern

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# One alternative per syntax; none may hold a blank line, so a stray '{{' cannot swallow a page.
_NO_BLANK = r"(?:(?!\n[ \t]*\n).)*?"
_TAG = lazy_pattern(
    r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"  # Liquid: kept literally, even in code
    rf"|\{{\{{(?P<esc_open><|%|)\s*/\*(?P<escaped>{_NO_BLANK})\*/\s*(?P<esc_close>>|%|)\}}\}}"  # Hugo, Zola escapes
    rf"|\{{%-?\s*/\*(?P<escaped_block>{_NO_BLANK})\*/\s*-?%\}}"
    rf"|\{{\{{<(?P<hugo>{_NO_BLANK})>\}}\}}"
    rf"|\{{\{{%(?P<hugo_md>{_NO_BLANK})%\}}\}}"
    rf"|\{{%(?P<liquid>{_NO_BLANK})%\}}"
    rf"|\{{\{{(?P<output>{_NO_BLANK})\}}\}}",
    re.DOTALL,
)
_NAME = lazy_pattern(r"\s*(/?)\s*([A-Za-z_][\w.-]*)")
_ZOLA_CALL = lazy_pattern(r"\s*([A-Za-z_]\w*)\s*\((.*)\)\s*$", re.DOTALL)
_BACKTICKS = lazy_pattern(r"`+")
# Liquid tags whose end tag is `end<name>` even when no handler knows them.
_LIQUID_BLOCKS = frozenset({"if", "unless", "for", "case", "capture", "comment", "highlight", "tablerow"})


@dataclass(frozen=True)
class MarkupTag:
    """One construct found in the text: where it is, what syntax, its name and arguments."""

    start: int
    end: int
    syntax: str  # "liquid", "output" ({{ }}), "hugo", "zola", "raw", "escape"
    name: str  # "link", "figure", "site.title" ...; "" for raw text and escapes
    args: str
    closing: bool = False  # Hugo '{{< /note >}}', Liquid '{% endif %}', Zola '{% end %}'
    self_closing: bool = False  # Hugo '{{< note />}}'
    source: str = ""  # the construct as written


@dataclass(frozen=True)
class MarkupValues:
    """What `{{ site.x }}`, `{{ page.x }}` and Hugo's `param` can be filled from."""

    site: Mapping[str, Any] = field(default_factory=dict)
    page: Mapping[str, Any] = field(default_factory=dict)
    page_params: Mapping[str, Any] = field(default_factory=dict)
    site_params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Translation:
    """One body being translated: the text, where it came from, and what was found."""

    text: str
    path: str
    first_line: int  # the file's line of the body's first line
    values: MarkupValues
    problems: dict[tuple[str, str, str], tuple[str, list[int]]] = field(default_factory=dict)  # kind -> first, lines
    variables: dict[str, str] = field(default_factory=dict)  # Liquid capture / assign
    _line_starts: list[int] = field(default_factory=list)

    def line_of(self, offset: int) -> int:
        if not self._line_starts:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        return self.first_line + bisect.bisect_right(self._line_starts, offset) - 1

    def warn(self, tag: MarkupTag, why: str) -> None:
        construct = " ".join(tag.source.split())
        if len(construct) > 80:
            construct = construct[:77] + "..."
        _, lines = self.problems.setdefault((tag.syntax, tag.name, why), (construct, []))
        lines.append(self.line_of(tag.start))

    def report(self) -> list[Problem]:
        """One warning per kind of construct and reason, with the lines of the others like it.

        The message names the kind (`{{< gh >}}`), the same on every page, so the console can
        count repeats across a site; the hint has the construct as written and its lines.
        """
        found = []
        for (syntax, name, why), (construct, lines) in self.problems.items():
            kind = _kind(syntax, name, construct)
            details = [f"written '{construct}'"] if construct.replace(" ", "") != kind.replace(" ", "") else []
            if len(lines) > 1:
                details.append(f"{len(lines)} times, on lines {', '.join(map(str, lines))}")
            hint = "; ".join(details) or None
            found.append(Problem(f"'{kind}': {why}", path=self.path, line=lines[0], hint=hint, severity="warning"))
        return found


def _kind(syntax: str, name: str, construct: str) -> str:
    """The construct without its arguments: '{{< gh >}}', '{% include %}', '{{ site.repo }}'."""
    if syntax == "hugo":
        delimiter = construct[2]
        closing = "/" if construct[3:].lstrip().startswith("/") else ""
        return f"{{{{{delimiter} {closing}{name} {'>' if delimiter == '<' else '%'}}}}}"
    if syntax == "zola":
        return f"{{{{ {name}() }}}}" if construct.startswith("{{") else f"{{% {name}() %}}"
    if syntax == "output":
        return f"{{{{ {name} }}}}"
    return f"{{% {name} %}}" if not construct.lstrip("{%- ").startswith("end") else f"{{% end{name} %}}"


# A handler turns a construct into text; paired ones get their content, translated unless
# `pairing` says "literal" (code, comments). `pairing` is None for a construct that stands alone.
SingleHandler = Callable[[Translation, MarkupTag], str]
PairedHandler = Callable[[Translation, MarkupTag, str], str]
Pairing = Callable[[MarkupTag], str | None]


def has_foreign_markup(text: str) -> bool:
    """Whether `text` may hold a template construct: a quick test before the real scan."""
    return "{%" in text or "{{" in text


def translate_foreign_markup(
    text: str,
    path: str,
    first_line: int,
    values: MarkupValues,
    single: SingleHandler,
    paired: PairedHandler,
    pairing: Pairing,
) -> tuple[str, list[Problem]]:
    """`text` with every construct outside code replaced by what `single`/`paired` make of it."""
    if not has_foreign_markup(text):
        return text, []
    run = Translation(text, path, first_line, values)
    code = code_spans(text)
    tags = [tag for tag in _iter_tags(text) if tag.syntax in ("raw", "escape") or not inside(code, tag.start)]
    if not tags:
        return text, []
    translated = _translate(run, tags, 0, len(tags), 0, len(text), single, paired, pairing)
    return translated, run.report()


def _translate(
    run: Translation,
    tags: list[MarkupTag],
    first: int,
    stop: int,
    start: int,
    end: int,
    single: SingleHandler,
    paired: PairedHandler,
    pairing: Pairing,
) -> str:
    parts: list[str] = []
    position = start
    index = first
    while index < stop:
        tag = tags[index]
        parts.append(run.text[position : tag.start])
        mode = None if tag.closing or tag.self_closing else pairing(tag)
        closer = _find_closer(tags, index, stop) if mode else None
        if closer is None:
            parts.append(_indented(run.text, tag.start, single(run, tag)))
            position, index = tag.end, index + 1
            continue
        if mode == "literal":
            inner = run.text[tag.end : tags[closer].start]
        else:
            inner = _translate(run, tags, index + 1, closer, tag.end, tags[closer].start, single, paired, pairing)
        parts.append(_indented(run.text, tag.start, paired(run, tag, inner)))
        position, index = tags[closer].end, closer + 1
    parts.append(run.text[position:end])
    return "".join(parts)


def _indented(text: str, start: int, output: str) -> str:
    """`output` with each new line indented as the construct's line is (inside a list item, say)."""
    if "\n" not in output:
        return output
    line_start = text.rfind("\n", 0, start) + 1
    indent = text[line_start:start]
    if not indent or indent.strip():
        return output
    return output.replace("\n", "\n" + indent)


def _find_closer(tags: list[MarkupTag], index: int, stop: int) -> int | None:
    """The index of the tag that closes `tags[index]`, minding nested ones of the same name."""
    opener = tags[index]
    depth = 0
    for other in range(index + 1, stop):
        tag = tags[other]
        if tag.syntax != opener.syntax or tag.self_closing:
            continue
        # Zola closes every block with '{% end %}'; Liquid and Hugo name the block closed.
        zola = opener.syntax == "zola"
        if not tag.closing and (tag.args.startswith("(") if zola else tag.name == opener.name):
            depth += 1
        elif tag.closing and (zola or tag.name == opener.name):
            if depth == 0:
                return other
            depth -= 1
    return None


def _iter_tags(text: str) -> list[MarkupTag]:
    tags = []
    for match in _TAG.finditer(text):
        tag = _make_tag(match)
        if tag is not None:
            tags.append(tag)
    return tags


def _make_tag(match: re.Match[str]) -> MarkupTag | None:
    start, end, source = match.start(), match.end(), match.group(0)
    if match["raw"] is not None:
        return MarkupTag(start, end, "raw", "", match["raw"], source=source)
    if match["escaped"] is not None:
        opening, closing = match["esc_open"], match["esc_close"]
        return MarkupTag(start, end, "escape", "", f"{{{{{opening}{match['escaped']}{closing}}}}}", source=source)
    if match["escaped_block"] is not None:
        return MarkupTag(start, end, "escape", "", f"{{%{match['escaped_block']}%}}", source=source)
    for group, syntax in (("hugo", "hugo"), ("hugo_md", "hugo")):
        body = match[group]
        if body is not None:
            return _hugo_tag(start, end, body, source)
    if match["liquid"] is not None:
        return _liquid_tag(start, end, match["liquid"].strip("-").strip(), source)
    body = match["output"].strip("-").strip()
    call = _ZOLA_CALL.match(body)
    if call:
        return MarkupTag(start, end, "zola", call[1], call[2], self_closing=True, source=source)
    return MarkupTag(start, end, "output", body.split("|")[0].strip(), body, source=source)


def _hugo_tag(start: int, end: int, body: str, source: str) -> MarkupTag | None:
    self_closing = body.rstrip().endswith("/")
    if self_closing:
        body = body.rstrip()[:-1]
    name = _NAME.match(body)
    if name is None:
        return None
    return MarkupTag(start, end, "hugo", name[2], body[name.end() :].strip(), bool(name[1]), self_closing, source)


def _liquid_tag(start: int, end: int, body: str, source: str) -> MarkupTag | None:
    call = _ZOLA_CALL.match(body)
    if call:
        return MarkupTag(start, end, "zola", call[1], "(" + call[2] + ")", source=source)
    name = _NAME.match(body)
    if name is None:
        return None
    word = name[2]
    if word == "end":
        return MarkupTag(start, end, "zola", "end", "", closing=True, source=source)
    if word.startswith("end") and word != "end":
        return MarkupTag(start, end, "liquid", word[3:], "", closing=True, source=source)
    return MarkupTag(start, end, "liquid", word, body[name.end() :].strip(), source=source)


def is_liquid_block(name: str) -> bool:
    return name in _LIQUID_BLOCKS


def inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` falls in one of the sorted `spans`."""
    index = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def code_spans(text: str) -> list[tuple[int, int]]:
    """Offsets (start, end) of the code in `text`: code blocks, then code spans between them."""
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    line_starts.append(len(text))
    blocks = []
    for token in _block_parser().parse(text):
        if token.type in ("fence", "code_block") and token.map:
            first, last = token.map
            blocks.append((line_starts[first], line_starts[min(last, len(line_starts) - 1)]))
    spans = list(blocks)
    position = 0
    for block_start, block_end in [*blocks, (len(text), len(text))]:
        spans += _inline_code(text, position, block_start)
        position = block_end
    return sorted(spans)


def _inline_code(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Code spans: a run of backticks up to the next run of the same length (CommonMark)."""
    spans: list[tuple[int, int]] = []
    position = start
    while True:
        opening = _BACKTICKS.search(text, position, end)
        if opening is None:
            return spans
        run = opening.group(0)
        search = opening.end()
        while True:
            closing = _BACKTICKS.search(text, search, end)
            if closing is None or closing.group(0) == run:
                break
            search = closing.end()
        if closing is None:
            position = opening.end()
            continue
        spans.append((opening.start(), closing.end()))
        position = closing.end()


@functools.lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """A parser that only finds blocks: enough to know where code blocks are."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.enable(["table"])
    md.core.ruler.enableOnly(["normalize", "block"])
    return md
