"""Problems print themselves the way a person reads them: where, which key, what, and a hint."""

from __future__ import annotations

import pytest

from smo_gen.errors import BuildError, ConfigError, Problem, ProblemList, SmoError, StrictError, did_you_mean


def test_problem_with_everything_reads_path_line_key_message_hint() -> None:
    problem = Problem("expected an integer, got 'ten'", path="site.toml", line=7, key="feeds.limit", hint="e.g. 20")
    assert str(problem) == "site.toml:7: feeds.limit: expected an integer, got 'ten' (e.g. 20)"


def test_problem_without_a_line_shows_the_path_alone() -> None:
    assert str(Problem("is required", path="site.toml", key="title")) == "site.toml: title: is required"


def test_problem_with_only_a_message_is_just_the_message() -> None:
    assert str(Problem("no site.toml here")) == "no site.toml here"


def test_line_without_a_path_is_not_shown() -> None:
    assert str(Problem("bad", line=3)) == "bad"


def test_warning_is_labelled_as_such() -> None:
    problem = Problem("unknown key", path="content/a.md", line=2, key="tittle", severity="warning")
    assert str(problem) == "warning: content/a.md:2: tittle: unknown key"


def test_error_carries_every_problem_and_prints_one_per_line() -> None:
    problems = [Problem("is required", path="site.toml", key="title"), Problem("bad", path="site.toml", line=4)]
    error = ConfigError(problems)
    assert error.problems == tuple(problems)
    assert str(error) == "site.toml: title: is required\nsite.toml:4: bad"


@pytest.mark.parametrize("given", ["plain text", Problem("plain text")])
def test_error_accepts_a_single_problem_or_a_string(given: str | Problem) -> None:
    error = SmoError(given)
    assert error.problems == (Problem("plain text"),)
    assert str(error) == "plain text"


def test_problem_list_separates_errors_from_warnings_and_raises_only_for_errors() -> None:
    problems = ProblemList()
    warning = Problem("odd", severity="warning")
    problems.add(warning)
    problems.raise_if_errors()  # warnings alone never fail a build
    error = Problem("broken")
    problems.extend([error])
    assert problems.warnings == [warning]
    assert problems.errors == [error]
    with pytest.raises(BuildError) as raised:
        problems.raise_if_errors()
    assert raised.value.problems == (error,), "only errors are carried by the exception"


def test_raise_if_errors_uses_the_requested_type() -> None:
    problems = ProblemList()
    problems.add(Problem("broken"))
    with pytest.raises(ConfigError):
        problems.raise_if_errors(ConfigError)


@pytest.mark.parametrize(
    ("typo", "choices", "expected"),
    [
        ("descripton", ["title", "description", "date"], "did you mean 'description'?"),
        ("tittle", ["title", "tags"], "did you mean 'title'?"),
        ("zzz", ["title", "description"], None),
        ("title", [], None),
    ],
)
def test_did_you_mean_suggests_only_close_names(typo: str, choices: list[str], expected: str | None) -> None:
    assert did_you_mean(typo, choices) == expected


def test_did_you_mean_accepts_any_iterable() -> None:
    assert did_you_mean("limt", (name for name in ["limit", "formats"])) == "did you mean 'limit'?"


def test_control_characters_from_user_files_cannot_drive_the_terminal() -> None:
    problem = Problem("unknown key", path="content/x.md", line=2, key="front matter: 'ti\x1b[31mtle'")
    assert str(problem) == "content/x.md:2: front matter: 'ti\\x1b[31mtle': unknown key"


def test_the_strict_mode_makes_every_warning_an_error_once_there_is_no_error() -> None:
    problems = ProblemList()
    problems.add(Problem("links to '/gone/'", path="content/a.md", line=4, severity="warning"))
    problems.raise_if_errors()  # warnings alone never fail a build
    with pytest.raises(StrictError) as raised:
        problems.raise_if_errors(strict=True)
    assert [str(problem) for problem in raised.value.problems] == ["content/a.md:4: links to '/gone/'"]
    assert raised.value.problems[0].severity == "error"

    problems.add(Problem("is not a date", path="content/b.md", line=2))
    with pytest.raises(BuildError) as failed:
        problems.raise_if_errors(strict=True)
    assert not isinstance(failed.value, StrictError), "errors come first; the warnings are shown as warnings"
    assert [str(problem) for problem in failed.value.problems] == ["content/b.md:2: is not a date"]
