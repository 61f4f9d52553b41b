"""Hostile replies come out harmless through load_responses and the responses partial."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jinja2
import pytest

from smo_gen.feedback import PageResponses, load_responses
from tests.support.validators import validate_html

TEMPLATES = Path(__file__).resolve().parents[2] / "themes" / "default" / "templates"
BIDI_AND_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u2060\ufeff\x00-\x08\x7f]")
HUGE = "Buy now " * 2_000


def reply(
    content: str, fmt: str = "html", link: str = "https://example.social/@ana/1", **author: Any
) -> dict[str, Any]:
    return {
        "author": {"name": "Ana", "handle": "@ana@example.social", **author},
        "content": content,
        "format": fmt,
        "created_at": "2026-11-01T11:00:00.123+02:00",
        "url": link,
    }


HOSTILE: dict[str, dict[str, Any]] = {
    "script": reply('<p>hi<script>alert("x")</script><style>body{display:none}</style></p>'),
    "js-link": reply(
        '<p><a href="javascript:alert(1)">click</a> <a href=" JAVASCRIPT:alert(2)">two</a>'
        '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a> <a href="/relative">rel</a></p>'
    ),
    "img": reply(
        '<p><img src=x onerror="alert(1)"><iframe src="https://evil.example/"></iframe>'
        '<svg onload=alert(1)><circle/></svg><form action="https://evil.example"><input></form></p>'
    ),
    "on-attributes": reply(
        '<p onclick="alert(1)" style="position:fixed"><strong onmouseover="x">bold</strong>'
        '<a href="https://ok.example/" target="_blank" rel="me" onclick="x">ok</a></p>'
    ),
    "huge": reply(f"<p>{HUGE}</p>"),
    "huge-text": reply(HUGE, "text"),
    "bidi": reply(
        "<p>Invoice \u202egnp.exe\u202c \u2066isolate\u2069 zero\u200bwidth\ufeff\x07</p>",
        name="\u202eevil\u202c Ana\u200b",
    ),
    "text-markup": reply(
        '<script>alert(1)</script> & <b>not bold</b> "quoted"\n\nsecond', "text", link="javascript:alert(1)"
    ),
    "odd-unicode": reply(
        "<p>Z" + "\u0301" * 200 + "algo \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063"
        "\U000e0074\U000e007f flag, tag\U000e0041\U000e0042 smuggled, 👩‍👩‍👧 family</p>"
    ),
    "bad-author-url": reply("<p>x</p>", url="http://example.social/@plain", avatar="https://tracker.example/a.png"),
    "js-author-url": reply("<p>y</p>", url="javascript:alert(1)", name='"><script>alert(1)</script>'),
}


@pytest.fixture
def responses(tmp_path: Path) -> PageResponses:
    store = {
        "schema": 1,
        "hidden": ["mastodon-eu:hidden-one"],
        "posts": {
            "/spring-sale/": {
                "mastodon-eu": {
                    "network": "mastodon",
                    "remote_id": "1",
                    "url": "https://example.social/@shop/1",
                    "counts": {"likes": 3, "reposts": 1, "replies": 12},
                    "replies": {**HOSTILE, "hidden-one": reply("<p>hide me</p>")},
                }
            }
        },
    }
    (tmp_path / "feedback.json").write_text(json.dumps(store), encoding="utf-8")
    return load_responses(tmp_path)["/spring-sale/"]


def render(responses: PageResponses) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return env.get_template("partials/responses.html").render(responses=responses)


def by_id(responses: PageResponses, name: str) -> Any:
    return next(item for item in responses.replies if item.id == f"mastodon-eu:{name}")


def test_nothing_executable_survives(responses: PageResponses) -> None:
    html = render(responses)
    lowered = html.lower()
    for needle in (
        "<script",
        "<style",
        "<img",
        "<iframe",
        "<svg",
        "<form",
        "<input",
        "javascript:",
        "data:",
        "onerror",
        "onclick",
        "onload",
        "onmouseover",
        "style=",
        "target=",
    ):
        assert needle not in lowered, f"{needle!r} survived in the rendered partial"
    assert 'href="/relative"' not in html
    assert (
        '<a href="https://ok.example/" rel="nofollow ugc noopener">ok</a>'
        in by_id(responses, "on-attributes").content_html
    )


def test_plain_text_is_escaped_never_parsed(responses: PageResponses) -> None:
    item = by_id(responses, "text-markup")
    assert item.content_html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt; &quot;quoted&quot;</p><p>second</p>"
    )
    assert item.url is None, "a javascript: link to the original is dropped"


def test_bidi_overrides_and_invisible_characters_are_removed(responses: PageResponses) -> None:
    item = by_id(responses, "bidi")
    assert not BIDI_AND_INVISIBLE.search(item.content_html + item.author_name)
    assert "Invoice gnp.exe isolate zerowidth" in item.content_html
    assert item.author_name == "evil Ana"
    assert not BIDI_AND_INVISIBLE.search(render(responses))


def test_odd_unicode_is_tamed_but_emoji_survive(responses: PageResponses) -> None:
    content = by_id(responses, "odd-unicode").content_html
    assert "\u0301" * 4 not in content, "a flood of combining marks is cut"
    assert "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f" in content, "the Scotland flag"
    assert "\U000e0041" not in content and "tag smuggled" in content
    assert "👩‍👩‍👧" in content, "ZWJ sequences stay"


def test_huge_texts_are_cut_at_a_word_with_an_ellipsis(responses: PageResponses) -> None:
    for name in ("huge", "huge-text"):
        content = by_id(responses, name).content_html
        text = re.sub("<[^>]+>", "", content)
        assert len(text) <= 2_000 and text.endswith("…"), (name, text[-20:])
        assert text[:-1].split()[-1] in ("Buy", "now"), f"{name}: cut inside a word: {text[-20:]!r}"


def test_authors_link_only_to_https_profiles_and_avatars_are_never_hot_linked(responses: PageResponses) -> None:
    assert by_id(responses, "bad-author-url").author_url is None
    assert by_id(responses, "js-author-url").author_url is None
    html = render(responses)
    assert "tracker.example" not in html and "http://example.social/@plain" not in html
    assert "&#34;&gt;&lt;script&gt;" in html or "&quot;&gt;&lt;script&gt;" in html, "names are autoescaped"
    assert by_id(responses, "script").author_initials == "A"


def test_hidden_replies_are_left_out_and_markup_is_accessible(responses: PageResponses) -> None:
    html = render(responses)
    assert "hide me" not in html and len(responses.replies) == len(HOSTILE)
    assert '<section class="responses" aria-labelledby="responses-heading">' in html
    assert '<h2 id="responses-heading">Responses</h2>' in html
    assert html.count('class="h-cite u-comment"') == len(HOSTILE)
    assert '<time class="dt-published" datetime="2026-11-01T09:00:00Z">2026-11-01 09:00 UTC</time>' in html
    assert 'href="https://example.social/@ana/1"' in html
    assert "Mastodon</span>:" in html and "3 favourites" in html and "1 boost," in html and "12 replies" in html


def test_no_feedback_json_means_no_responses(tmp_path: Path) -> None:
    assert load_responses(tmp_path) == {}
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    assert env.get_template("partials/responses.html").render(responses=None).strip() == ""


@pytest.mark.validator
def test_the_partial_is_valid_html(responses: PageResponses, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body><main>{render(responses)}</main></body></html>",
        encoding="utf-8",
    )
    assert [str(message) for message in validate_html([page])] == []
