"""A feedback.json from a checkout cannot make builds slow: the build sanitises at most what
`feedback` would have stored, and never hands deep nesting to the HTML parser."""

from __future__ import annotations

import nh3
import pytest

from smo_gen.feedback_store import MAX_STORED_CHARACTERS, Reply, ReplyAuthor
from smo_gen.site import reply_sanitizer
from smo_gen.site.reply_sanitizer import MAX_DEPTH, nesting_depth, sanitize_html
from smo_gen.site.responses import make_item


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(characters, depth) of every fragment handed to the HTML parser."""
    seen: list[tuple[int, int]] = []
    original = nh3.clean

    def clean(fragment: str, **options: object) -> str:
        seen.append((len(fragment), nesting_depth(fragment, 10**9)))
        return original(fragment, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reply_sanitizer.nh3, "clean", clean)
    return seen


@pytest.mark.parametrize(
    "content",
    [
        "<div>" * 200_000 + "x" + "</div>" * 200_000,  # the report's case: 2 MB, minutes before
        "<em><strong>" * 100_000,
        "<a>" * 300_000,
        "<p>" + "word " * 400_000 + "</p>",
        "<div>" * (MAX_DEPTH + 1) + "deep" + "</div>" * (MAX_DEPTH + 1),
    ],
)
def test_the_parser_sees_a_bounded_fragment_of_bounded_depth(parsed: list[tuple[int, int]], content: str) -> None:
    item = make_item("mastodon:1", "mastodon", Reply("1", ReplyAuthor("Ana"), content, "html"))
    assert all(size <= MAX_STORED_CHARACTERS + 200 and depth <= MAX_DEPTH for size, depth in parsed), parsed
    assert "<div" not in item.content_html and "<script" not in item.content_html


def test_too_deep_a_reply_is_shown_as_its_escaped_text(parsed: list[tuple[int, int]]) -> None:
    deep = "<div>" * 100 + "Nice <b>post</b> &amp; <script>alert(1)</script>" + "</div>" * 100
    shown = sanitize_html(deep)
    assert parsed == []
    assert shown.startswith("<p>Nice post &amp; alert(1)") and "<script" not in shown and "<b>" not in shown


def test_ordinary_replies_keep_their_markup(parsed: list[tuple[int, int]]) -> None:
    reply = "<p>Hi <a href='https://x.example/'>you</a>, <em>well</em> <a href='javascript:alert(1)'>done</a></p>"
    assert sanitize_html(reply) == (
        '<p>Hi <a href="https://x.example/" rel="nofollow ugc noopener">you</a>, <em>well</em> done</p>'
    )
    nested = "<div>" * MAX_DEPTH + "<p>ok</p>" + "</div>" * MAX_DEPTH
    assert sanitize_html(nested) == "<p>ok</p>"


@pytest.mark.parametrize(
    ("fragment", "depth"),
    [
        ("<p>a</p><p>b</p>", 1),
        ("<p>a<br>b<br/>c<img src=x></p>", 1),
        ("<div><span/><em>x</em></div>", 2),
        ("</div></div><b>", 1),  # stray closing tags do not go below zero
        ("a < b > c", 0),
    ],
)
def test_nesting_depth(fragment: str, depth: int) -> None:
    assert nesting_depth(fragment, 100) == depth


def test_thousands_of_emptied_links_are_unwrapped_in_one_pass() -> None:
    links = "".join(f"<a href='javascript:{n}'>w{n}</a> " for n in range(3000))
    shown = sanitize_html(links, limit=10**6)
    assert "<a" not in shown and "w0 w1 w2" in shown and "w2999" in shown
