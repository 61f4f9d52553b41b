"""TableReader: every wrong type becomes a located problem, unknown keys get a suggestion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from smo_gen.errors import Problem
from smo_gen.schema import TableReader, describe_value, make_toml_line_finder


def reader(table: dict[str, Any], problems: list[Problem], **kwargs: Any) -> TableReader:
    return TableReader(table, path="site.toml", problems=problems, **kwargs)


def messages(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("value", "described"),
    [
        (True, "true"),
        (False, "false"),
        ({"a": 1}, "a table"),
        ([1, 2], "a list"),
        (dt.date(2026, 5, 1), "the date 2026-05-01"),
        (dt.datetime(2026, 5, 1, 10, 0), "the date 2026-05-01T10:00:00"),
        ("ten", "'ten'"),
        (3, "3"),
        (1.5, "1.5"),
    ],
)
def test_describe_value_names_values_as_a_toml_writer_would(value: Any, described: str) -> None:
    assert describe_value(value) == described


def test_describe_value_shortens_long_text() -> None:
    described = describe_value("x" * 200)
    assert len(described) <= 60
    assert described.endswith("...'")


def test_values_of_the_right_type_are_returned_without_problems() -> None:
    problems: list[Problem] = []
    table = reader({"name": "  Acme  ", "on": True, "limit": 3, "ratio": 2, "tags": ["a", " b ", ""]}, problems)
    assert table.string("name") == "Acme", "strings are stripped"
    assert table.boolean("on", False) is True
    assert table.integer("limit", 20) == 3
    ratio = TableReader({"ratio": 2}, path="x", problems=problems)._typed("ratio", float, 0.0)
    assert ratio == 2.0 and isinstance(ratio, float), "an integer is accepted where a number is expected"
    assert table.string_list("tags") == ("a", "b"), "items are stripped and empty ones dropped"
    assert problems == []


def test_missing_and_none_values_give_the_default() -> None:
    problems: list[Problem] = []
    table = reader({"blank": None}, problems)
    assert table.string("absent", "fallback") == "fallback"
    assert table.integer("blank", 20) == 20
    assert table.optional_string("absent") is None
    assert table.string_list("absent", ("rss",)) == ("rss",)
    assert problems == []


@pytest.mark.parametrize(
    ("method", "value", "message"),
    [
        ("string", 3, "site.toml: key: expected a string, got 3"),
        ("boolean", "yes", "site.toml: key: expected true or false, got 'yes'"),
        ("integer", "ten", "site.toml: key: expected an integer, got 'ten'"),
        ("integer", True, "site.toml: key: expected an integer, got true"),
        ("integer", 1.5, "site.toml: key: expected an integer, got 1.5"),
        ("string_list", [1, 2], "site.toml: key: expected a list of strings, got a list"),
        ("string_list", {"a": "b"}, "site.toml: key: expected a list of strings, got a table"),
        ("subtable", "feeds", "site.toml: key: expected a table, got 'feeds'"),
    ],
)
def test_wrong_type_is_a_problem_naming_the_key(method: str, value: Any, message: str) -> None:
    problems: list[Problem] = []
    table = reader({"key": value}, problems)
    if method in ("boolean", "integer"):
        getattr(table, method)("key", False if method == "boolean" else 20)
    else:
        getattr(table, method)("key")
    assert messages(problems) == [message]


def test_wrong_type_falls_back_to_the_default() -> None:
    problems: list[Problem] = []
    assert reader({"limit": "ten"}, problems).integer("limit", 20) == 20


def test_integer_bounds_are_checked() -> None:
    problems: list[Problem] = []
    table = reader({"low": 0, "high": 500}, problems)
    assert table.integer("low", 20, minimum=1) == 20
    assert table.integer("high", 20, maximum=100) == 20
    assert messages(problems) == [
        "site.toml: low: expected an integer of at least 1, got 0",
        "site.toml: high: expected an integer of at most 100, got 500",
    ]


def test_a_single_string_counts_as_a_one_item_list() -> None:
    problems: list[Problem] = []
    assert reader({"formats": "rss"}, problems).string_list("formats") == ("rss",)
    assert problems == []


def test_choice_outside_the_options_suggests_the_closest() -> None:
    problems: list[Problem] = []
    value = reader({"mode": "atomm"}, problems).choice("mode", "rss", ("rss", "atom"))
    assert value == "rss"
    assert messages(problems) == ["site.toml: mode: expected one of 'rss', 'atom', got 'atomm' (did you mean 'atom'?)"]


def test_unknown_key_suggests_a_key_that_was_asked_for() -> None:
    problems: list[Problem] = []
    table = reader({"titel": "Acme", "description": "x"}, problems)
    table.string("title")
    table.string("description")
    table.finish()
    assert messages(problems) == ["site.toml: titel: unknown key (did you mean 'title'?)"]


def test_unknown_key_without_a_close_match_has_no_hint() -> None:
    problems: list[Problem] = []
    table = reader({"zzz": 1}, problems)
    table.string("title")
    table.finish()
    assert messages(problems) == ["site.toml: zzz: unknown key"]


def test_unknown_key_severity_can_be_a_warning() -> None:
    problems: list[Problem] = []
    table = reader({"zzz": 1}, problems, unknown_severity="warning")
    table.finish()
    assert [p.severity for p in problems] == ["warning"]


def test_subtable_prefixes_keys_and_shares_the_problem_list() -> None:
    problems: list[Problem] = []
    root = reader({"feeds": {"limit": "ten", "limt": 3}}, problems)
    feeds = root.subtable("feeds")
    feeds.integer("limit", 20)
    feeds.finish()
    root.finish()
    assert messages(problems) == [
        "site.toml: feeds.limit: expected an integer, got 'ten'",
        "site.toml: feeds.limt: unknown key (did you mean 'limit'?)",
    ]


def test_problems_carry_the_line_the_finder_gives() -> None:
    text = 'title = "Acme"\n\n[feeds]\nlimit = "ten"\n'
    problems: list[Problem] = []
    root = TableReader(
        {"title": "Acme", "feeds": {"limit": "ten"}},
        path="site.toml",
        problems=problems,
        line_of=make_toml_line_finder(text),
    )
    root.subtable("feeds").integer("limit", 20)
    assert messages(problems) == ["site.toml:4: feeds.limit: expected an integer, got 'ten'"]


TOML = """\
# Acme's site
title = "Acme"
"quoted" = 1
feeds.limit = 3

[author]
name = "Acme"

[ author.social ]  # handles
x = "@acme"

[[targets]]
name = "first"

[feeds]
limits = 1
limit = 5
"""


@pytest.mark.parametrize(
    ("dotted", "line"),
    [
        ("title", 2),
        ("quoted", 3),
        ("author", 6),
        ("author.name", 7),
        ("author.social", 9),
        ("author.social.x", 10),
        ("targets", 12),
        ("feeds.limit", 4),  # the first place it is written
        ("feeds.limits", 16),
        ("name", None),  # 'name' only appears inside tables, never at the top level
        ("missing", None),
    ],
)
def test_toml_line_finder_points_at_the_key(dotted: str, line: int | None) -> None:
    assert make_toml_line_finder(TOML)(dotted) == line


def test_toml_line_finder_does_not_confuse_a_key_with_a_longer_one() -> None:
    line_of = make_toml_line_finder("[feeds]\nlimits = 1\nlimit = 5\n")
    assert line_of("feeds.limit") == 3
