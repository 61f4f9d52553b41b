"""feedback.json: stable text, merging that never drops a reply, and damage reported with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.errors import ConfigError, SmoError
from smo_gen.feedback.settings import parse_feedback_settings
from smo_gen.feedback_store import (
    Counts,
    FeedbackStore,
    PostFeedback,
    Reply,
    ReplyAuthor,
    merge_feedback,
    parse_feedback,
    render_feedback,
    write_feedback,
)

A = Reply("1", ReplyAuthor("Ana"), "<p>a</p>", "html", "2026-11-01T11:00:00Z")
B = Reply("2", ReplyAuthor("Bo"), "b", "text")


def test_merge_adds_new_replies_keeps_old_ones_and_takes_new_counts() -> None:
    old = PostFeedback("mastodon", "9", None, Counts(1, 0, 1), {"1": A}, "2026-11-01T00:00:00Z")
    fresh = PostFeedback("mastodon", "9", None, Counts(4, 1, 1), {"2": B})
    merged = merge_feedback(old, fresh, "2026-11-02T00:00:00Z")
    assert sorted(merged.replies) == ["1", "2"] and merged.counts == Counts(4, 1, 1)
    assert merged.updated == "2026-11-02T00:00:00Z"
    same = merge_feedback(merged, PostFeedback("mastodon", "9", None, Counts(4, 1, 1), {}), "2026-11-03T00:00:00Z")
    assert same == merged, "nothing new: not even the time changes"


def test_render_is_sorted_stable_and_round_trips() -> None:
    store = FeedbackStore(hidden=("m:2",))
    store.set("/b/", "m", PostFeedback("mastodon", "9", "https://x/9", Counts(1, 2, 3), {"2": B, "1": A}))
    store.set("/a/", "m", PostFeedback("mastodon", "8"))
    text = render_feedback(store)
    assert text.index('"/a/"') < text.index('"/b/"') and text.index('"1"') < text.index('"2"')
    assert render_feedback(parse_feedback(text)) == text


def test_surrogates_and_nul_from_a_network_cannot_break_writing() -> None:
    from smo_gen.feedback.readers.base import make_reply

    reply = make_reply("1", name="A\ud800na", content="x\x00y")
    assert reply is not None and reply.author.name == "Ana" and reply.content == "xy"
    store = FeedbackStore()
    store.set("/a/", "m", PostFeedback("mastodon", replies={"1": reply}))
    render_feedback(store).encode("utf-8")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "feedback.json:1: not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
        ('{"schema": 2}', "feedback.json: schema: schema 2 is not 1, the format this smo-gen knows"),
        ('{"schema": 1, "hiden": []}', "feedback.json: unknown key 'hiden'"),
        (
            '{"schema": 1, "hidden": "x"}',
            'feedback.json: hidden: expected a list of response ids such as "mastodon-eu:110200"',
        ),
        (
            '{"schema": 1, "posts": {"/a/": {"m": {"network": "mastodon", "counts": {"likes": -1}}}}}',
            "feedback.json: posts./a/.m: malformed entry (expected a count, got -1)",
        ),
    ],
)
def test_damage_is_reported_with_where_and_how_to_fix_it(text: str, message: str) -> None:
    with pytest.raises(SmoError) as caught:
        parse_feedback(text)
    [problem] = caught.value.problems
    assert str(problem).startswith(message), str(problem)
    assert "git checkout -- feedback.json" in str(problem)


def test_feedback_settings_check_every_key() -> None:
    settings = parse_feedback_settings(
        {"bluesky_appview": "http://127.0.0.1:9/", "targets": {"b": {"appview": "https://a.example"}}}
    )
    assert (
        settings.bluesky_appview == "http://127.0.0.1:9" and settings.per_target["b"]["appview"] == "https://a.example"
    )
    with pytest.raises(ConfigError) as caught:
        parse_feedback_settings({"bluesky_appveiw": "x", "timeout": 0, "targets": {"b": {"appview": "ftp://x"}}})
    assert [str(p) for p in caught.value.problems] == [
        "site.toml: feedback.timeout: expected an integer of at least 1, got 0",
        "site.toml: feedback.targets.b.appview: expected an http(s) URL, got 'ftp://x'",
        "site.toml: feedback.bluesky_appveiw: unknown key (did you mean 'bluesky_appview'?)",
    ]


def test_site_toml_owns_a_feedback_section() -> None:
    """config/site_config.py must pass [feedback] through (OWNED_SECTIONS); the conftest patches it in until then."""


def test_nothing_read_and_no_file_yet_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "feedback.json"
    assert write_feedback(path, FeedbackStore()) is False and not path.exists()
    path.write_text(render_feedback(FeedbackStore()), encoding="utf-8")
    assert write_feedback(path, FeedbackStore()) is False, "an existing file that says the same stays as it is"
