"""Syntax highlighting of fenced code with Pygments: spans with CSS classes, no JavaScript.

The theme's stylesheet colours the classes (light, and dark under prefers-color-scheme);
`render_highlight_css` makes that part of it. A fence with no language, or one Pygments does
not know, stays plain escaped code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer

# Languages that mean "no highlighting" in Hugo, Jekyll and Zola sites.
_PLAIN = frozenset({"", "text", "txt", "plain", "plaintext", "none", "nohighlight", "output"})
# Pygments marks white space with spans of its own; they style nothing and double the size.
_WHITESPACE_SPAN = re.compile(r'<span class="w">([^<]*)</span>')
LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"


# Code blocks up to this size are remembered with their HTML (see remember_blocks); at most
# REMEMBERED of them, so the memory each function remembering them takes stays under 10 MB.
REMEMBERED_SIZE = 8_000
REMEMBERED = 256


def remember_blocks(render: Callable[[str, str], str]) -> Callable[[str, str], str]:
    """`render(code, language)` (or `(info, content)`), remembered for blocks up to REMEMBERED_SIZE.

    The same block often comes back in a site (an install command, a config file every post
    of a series shows): Pygments took 0.15 ms a block, 6% of parsing a page of the bench
    corpus, whose 365 fences in a thousand pages are 5 blocks repeated. Rendering a block is a
    pure function of the two strings, so one seen before in this process takes the HTML made then.
    """
    remembered = functools.lru_cache(maxsize=REMEMBERED)(render)

    @functools.wraps(render)
    def render_block(first: str, second: str) -> str:
        if len(first) + len(second) <= REMEMBERED_SIZE:
            return remembered(first, second)
        return render(first, second)

    return render_block


def highlight_code(code: str, language: str, _attributes: str = "") -> str:
    """`code` as HTML spans for `language` ('rust', 'rust,ignore', 'py'); '' to leave it plain.

    markdown-it calls this for each fence and wraps the result in <pre><code class="language-x">.
    """
    return _highlight(code, language)


@remember_blocks
def _highlight(code: str, language: str) -> str:
    lexer = _lexer(language.split(",")[0].strip().lower())
    if lexer is None:
        return ""
    from pygments import highlight

    spans = highlight(code, lexer, _formatter())
    return _WHITESPACE_SPAN.sub(r"\1", spans)


@functools.lru_cache(maxsize=256)
def _lexer(name: str) -> Lexer | None:
    """The lexer for `name`, looked up once per process (a lookup costs about a millisecond)."""
    if name in _PLAIN:
        return None
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def load_highlighter() -> None:
    """Import Pygments and make the formatter now, in a process about to fork workers."""
    from pygments import highlight  # noqa: F401 - imported for the workers

    _formatter()


@functools.lru_cache(maxsize=1)
def _formatter() -> HtmlFormatter:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)


def render_highlight_css(selector: str = "pre code") -> str:
    """The stylesheet for highlighted code: light colours, then dark ones for dark mode."""
    from pygments.formatters import HtmlFormatter

    def rules(style: str) -> list[str]:
        lines = HtmlFormatter(style=style).get_style_defs(selector).splitlines()
        # Only the tokens' colours: the theme styles the block itself (background, padding), and
        # red boxes around what a lexer did not expect help no reader.
        return [
            line
            for line in lines
            if line.startswith(selector + " .") and "background" not in line and "border" not in line
        ]

    dark = [f"  {selector} [class] {{ color: inherit; font-weight: inherit; font-style: inherit; }}"]
    dark += ["  " + line for line in rules(DARK_STYLE)]
    header = (
        f"/* Code highlighting: Pygments styles '{LIGHT_STYLE}' "
        f"and '{DARK_STYLE}' (smo_gen/content/highlighting.py). */"
    )
    return "\n".join([header, *rules(LIGHT_STYLE), "@media (prefers-color-scheme: dark) {", *dark, "}", ""])
