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


def test_a_block_seen_before_gets_the_same_html_as_the_first_time() -> None:
    # Blocks are remembered by code and language: the same code under another language, and a
    # block too large to remember, are highlighted for themselves.
    code = 'def sale(price):\n    return price * 0.8  # "spring"\n'
    first = render_markdown(f"```python\n{code}```\n").html
    assert render_markdown(f"Intro.\n\n```python\n{code}```\n").html.endswith(first)
    assert render_markdown(f"```python\n{code}```\n").html == first
    as_shell = render_markdown(f"```bash\n{code}```\n").html
    assert as_shell != first and as_shell.startswith('<pre><code class="language-bash">')
    large = code * 400  # past what is remembered
    assert render_markdown(f"```python\n{large}```\n").html == render_markdown(f"```python\n{large}```\n").html
    assert render_markdown(f"```python\n{large}```\n").html.count('<span class="k">def</span>') == 400
