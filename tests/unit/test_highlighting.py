"""Fenced code highlighted by Pygments: classes only, and the theme carries their colours."""

from __future__ import annotations

from pathlib import Path

from smo_gen.content.highlighting import render_highlight_css
from smo_gen.content.markdown import render_markdown

THEME_CSS = Path(__file__).resolve().parents[2] / "themes" / "default" / "static" / "css" / "smo.css"


def test_known_languages_get_class_spans_and_no_inline_styles() -> None:
    html = render_markdown('```rust,ignore\nfn main() { let s = "<b>"; }\n```\n').html
    assert html.startswith(
        '<pre><code class="language-rust,ignore"><span class="k">fn</span> <span class="nf">main</span>'
    )
    assert '<span class="s">"&lt;b&gt;"</span>' in html
    assert "style=" not in html and '<span class="w">' not in html


def test_unknown_or_no_language_is_plain_escaped_code() -> None:
    assert render_markdown("```no-such-language\n<b>&\n```\n").html == (
        '<pre><code class="language-no-such-language">&lt;b&gt;&amp;\n</code></pre>\n'
    )
    assert render_markdown("```\n<b>\n```\n").html == "<pre><code>&lt;b&gt;\n</code></pre>\n"
    assert (
        render_markdown("```text\nplain words\n```\n").html
        == '<pre><code class="language-text">plain words\n</code></pre>\n'
    )


def test_the_default_theme_has_light_and_dark_colours_for_the_classes() -> None:
    css = render_highlight_css()
    assert "pre code .k {" in css and "@media (prefers-color-scheme: dark)" in css
    assert css in THEME_CSS.read_text(encoding="utf-8"), (
        "themes/default/static/css/smo.css must end with render_highlight_css()'s output; regenerate it with "
        "python -c 'from smo_gen.content.highlighting import render_highlight_css; print(render_highlight_css())'"
    )
