"""Writers' YAML and TOML slips, each explained once, on the line that causes it, with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.config.site_config import parse_config
from smo_gen.content.frontmatter import split_front_matter
from smo_gen.errors import ConfigError

PATH = "content/sale.md"


def message(text: str) -> str:
    front, problems = split_front_matter(text, PATH)
    assert front is None and len(problems) == 1, problems
    return str(problems[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '---\ntitle: "Hi"\n\tdescription: "x"\n---\n',
            "content/sale.md:3: front matter: this line is indented with a tab; YAML indents with spaces only "
            "(replace the tab with spaces, two for each level)",
            id="tab",
        ),
        pytest.param(
            "---\ntitle: Hi\nmessage: Spring sale: 30% off\n---\n",
            "content/sale.md:3: front matter: the value of 'message' contains ': ', which YAML reads as the start of "
            'another key (put the value in quotes: message: "Spring sale: 30% off")',
            id="unquoted colon",
        ),
        pytest.param(
            '---\ntitle: "Hi\ndescription: x\ndate: 2026-05-01\n---\n',
            "content/sale.md:2: front matter: the value of 'title' opens a quote (\") that is never closed "
            '(end the value with " on the same line: title: "Hi")',
            id="unclosed double quote, blamed on its own line",
        ),
        pytest.param(
            "---\ntitle: 'Hi\ndescription: x\n---\n",
            "content/sale.md:2: front matter: the value of 'title' opens a quote (') that is never closed "
            "(end the value with ' on the same line: title: 'Hi')",
            id="unclosed single quote",
        ),
        pytest.param(
            '---\ntitle: "Say "hi" now"\n---\n',
            "content/sale.md:2: front matter: the value of 'title' goes on after its closing quote ('hi\" now\"') "
            "(to use \" inside the value, wrap the whole value in ' instead: title: 'Say \"hi\" now')",
            id="quotes inside quotes",
        ),
        pytest.param(
            "---\ntitle: Hi\n  description: x\n---\n",
            "content/sale.md:3: front matter: 'description' is indented under 'title', which already has a value "
            "(start 'description' where 'title' starts: keys of the same level line up)",
            id="key indented under a value",
        ),
        pytest.param(
            "---\ntags:\n  - a\n - b\n---\n",
            "content/sale.md:4: front matter: this list item is indented by 1 space, the item above by 2 "
            "(indent every item of a list the same)",
            id="list item misaligned",
        ),
        pytest.param(
            "---\ntitle:Hi\ndate: 2026-05-01\n---\n",
            "content/sale.md:2: front matter: 'title:Hi' needs a space after the colon (write: title: Hi)",
            id="no space after the colon",
        ),
        pytest.param(
            "---\nmessage: @acme is back\n---\n",
            "content/sale.md:2: front matter: the value of 'message' starts with '@', which YAML keeps for its own "
            'syntax (put the value in quotes: message: "@acme is back")',
            id="value starting with @",
        ),
        pytest.param(
            "---\ntags: [a, b\ndate: 2026-05-01\n---\n",
            "content/sale.md:2: front matter: the list opened with '[' on this line is never closed "
            "(end it with ']' on the same line, and put items that contain ',' or ':' in quotes)",
            id="unclosed list",
        ),
        pytest.param(
            '+++\ntitle = "Hi\ndate = 2026-05-01\n+++\n',
            "content/sale.md:2: front matter: the value of 'title' opens a quote (\") that is never closed "
            '(end it with " on the same line: title = "Hi")',
            id="toml unclosed quote",
        ),
        pytest.param(
            '+++\ntitle: "Hi"\n+++\n',
            "content/sale.md:2: front matter: TOML writes 'key = value', not 'key: value' "
            "(write: title = \"Hi\", or use '---' fences for YAML front matter)",
            id="toml written as yaml",
        ),
        pytest.param(
            "+++\ntitle = Spring sale\n+++\n",
            "content/sale.md:2: front matter: the value of 'title' is text, and TOML needs text in quotes "
            '(write: title = "Spring sale")',
            id="toml unquoted text",
        ),
        pytest.param(
            '+++\ntitle = "Hi"\ndraft = True\n+++\n',
            "content/sale.md:3: front matter: the value of 'draft' is "
            "not true or false as TOML writes them (write: draft = true)",
            id="toml capitalised boolean",
        ),
    ],
)
def test_each_slip_gets_one_message_on_its_line_with_the_fix(text: str, expected: str) -> None:
    assert message(text) == expected


def test_a_multi_line_quoted_value_that_is_valid_yaml_is_not_flagged() -> None:
    front, problems = split_front_matter('---\ntitle: "Hi\n  there"\n---\n', PATH)
    assert problems == [] and front is not None and front.data == {"title": "Hi there"}


def test_what_is_not_recognised_keeps_the_parsers_words_with_a_general_hint() -> None:
    text = message("---\nx: !!python/object/apply:os.system ['echo hi']\n---\n")
    assert text.startswith(f"{PATH}:2: front matter: not valid YAML: could not determine a constructor")
    assert "indent with spaces only" in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "title = Acme Shop",
            "site.toml:1: the value of 'title' is text, and TOML needs text in quotes (write: title = \"Acme Shop\")",
        ),
        ('title: "Acme"', "site.toml:1: TOML writes 'key = value', not 'key: value' (write: title = \"Acme\")"),
        (
            'title = "Acme',
            (
                "site.toml:1: the value of 'title' opens a quote (\") "
                'that is never closed (end it with " on the same line: title = "Acme")'
            ),
        ),
    ],
)
def test_site_toml_slips_are_explained_too(tmp_path: Path, line: str, expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(f'{line}\nbase_url = "https://acme.example/"\n', tmp_path)
    assert [str(problem) for problem in raised.value.problems] == [expected]


def test_a_value_starting_with_a_dash_is_told_to_be_quoted() -> None:
    assert message("---\ntitle: - Hi\n---\n") == (
        "content/sale.md:2: front matter: the value of 'title' starts with '-', which YAML keeps for its own syntax "
        '(put the value in quotes: title: "- Hi")'
    )


def test_a_hashtag_that_cuts_an_unquoted_value_is_a_warning_with_the_quoted_line() -> None:
    front, problems = split_front_matter("---\nmessage: We are #1 in town\ndraft: true  # not yet\n---\n", PATH)
    assert front is not None and front.data["message"] == "We are"
    assert [str(problem) for problem in problems] == [
        (
            "warning: content/sale.md:2: front matter: "
            "the value of 'message' stops before '#1 in town': YAML reads ' #' "
            'as the start of a comment (put the value in quotes: message: "We are #1 in town")'
        )
    ], "a comment after a value, '  # not yet', is left alone"
