"""Front matter: YAML between '---', TOML between '+++', errors on the file's own line numbers."""

from __future__ import annotations

import pytest

from smo_gen.content.frontmatter import FrontMatter, split_front_matter
from smo_gen.errors import Problem

PATH = "content/spring-sale.md"


def split_ok(text: str) -> FrontMatter:
    front, problems = split_front_matter(text, PATH)
    assert problems == [], [str(p) for p in problems]
    assert front is not None
    return front


def split_fails(text: str) -> list[str]:
    front, problems = split_front_matter(text, PATH)
    assert front is None, "a file whose front matter cannot be read gives no page"
    return [str(problem) for problem in problems]


def test_yaml_front_matter_and_body() -> None:
    front = split_ok("---\ntitle: Spring sale\ntags: [cars, drinks]\n---\n\nHello *world*.\n")
    assert front.kind == "yaml"
    assert front.data == {"title": "Spring sale", "tags": ["cars", "drinks"]}
    assert front.body == "\nHello *world*.\n"
    assert front.body_line == 5


def test_toml_front_matter_and_body() -> None:
    front = split_ok('+++\ntitle = "Spring sale"\n\n[extra]\ncolor = "red"\n+++\nHello.\n')
    assert front.kind == "toml"
    assert front.data == {"title": "Spring sale", "extra": {"color": "red"}}
    assert front.body == "Hello.\n"
    assert front.body_line == 7


def test_file_without_front_matter_is_all_body() -> None:
    front = split_ok("# Hello\n\nText.\n")
    assert (front.kind, front.data, front.body, front.body_line) == ("none", {}, "# Hello\n\nText.\n", 1)


@pytest.mark.parametrize("text", ["---\n---\nBody\n", "+++\n+++\nBody\n"])
def test_empty_front_matter_is_an_empty_table(text: str) -> None:
    front = split_ok(text)
    assert front.data == {}
    assert front.body == "Body\n"
    assert front.body_line == 3


def test_yaml_may_end_with_three_dots() -> None:
    assert split_ok("---\ntitle: A\n...\nBody\n").body == "Body\n"


def test_closing_fence_on_the_last_line_leaves_an_empty_body() -> None:
    front = split_ok("---\ntitle: A\n---")
    assert front.data == {"title": "A"}
    assert front.body == ""


def test_fence_with_trailing_spaces_is_accepted() -> None:
    assert split_ok("---  \ntitle: A\n---\t\nBody").data == {"title": "A"}


def test_a_horizontal_rule_inside_the_body_is_not_a_fence() -> None:
    front = split_ok("---\ntitle: A\n---\nOne\n\n---\n\nTwo\n")
    assert front.body == "One\n\n---\n\nTwo\n"


@pytest.mark.parametrize(("fence", "text"), [("---", "---\ntitle: A\n\nBody\n"), ("+++", '+++\ntitle = "A"\n')])
def test_unclosed_front_matter_says_which_fence_is_missing(fence: str, text: str) -> None:
    assert split_fails(text) == [
        (
            f"{PATH}:1: front matter is never closed: no line with just '{fence}' after line 1 "
            f"(add a line '{fence}' after the last front matter key)"
        )
    ]


def test_opening_fence_must_stand_alone() -> None:
    assert split_fails("--- title: A\n---\n") == [f"{PATH}:1: the opening '---' must stand alone on the first line"]


def test_invalid_yaml_points_at_the_line_in_the_file() -> None:
    text = "---\ntitle: Spring sale\ndescription: Save: now\n---\nBody\n"
    problems = split_fails(text)
    assert len(problems) == 1
    expected = (
        f"{PATH}:3: front matter: the value of 'description' contains ': "
        "', which YAML reads as the start of another key "
        '(put the value in quotes: description: "Save: now")'
    )
    assert problems == [expected]


def test_invalid_yaml_further_down_keeps_counting_lines() -> None:
    text = "---\ntitle: A\ntags:\n  - a\n  - b\nimage: [unclosed\n---\n"
    problems = split_fails(text)
    assert len(problems) == 1
    line = int(problems[0].split(":")[1])
    assert line in (6, 7), f"the problem should point at or just after line 6, got {problems[0]}"


def test_invalid_toml_points_at_the_line_in_the_file() -> None:
    text = '+++\ntitle = "A"\ndate = 2026-13-01\n+++\n'
    problems = split_fails(text)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{PATH}:3: front matter: the value of 'date' is not a date TOML can read: '2026-13-01'"
    ), problems[0]
    assert "(at line" not in problems[0]


@pytest.mark.parametrize("text", ["---\n- a\n- b\n---\n", "---\njust text\n---\n"])
def test_yaml_that_is_not_a_mapping_is_rejected(text: str) -> None:
    assert split_fails(text) == [
        (
            f"{PATH}:2: front matter: must be a set of 'key: value' lines "
            "(write one 'key: value' per line, such as: title: Spring sale)"
        )
    ]


def test_yaml_keys_must_be_text() -> None:
    assert split_fails("---\n1: one\n---\n") == [f"{PATH}:2: front matter key 1 must be text"]


def test_yaml_timestamps_stay_strings_so_the_site_timezone_applies() -> None:
    front = split_ok("---\ndate: 2026-05-01 10:00:00\nday: 2026-05-01\n---\n")
    assert front.data == {"date": "2026-05-01 10:00:00", "day": "2026-05-01"}


def test_yaml_other_scalars_keep_their_types() -> None:
    front = split_ok("---\ndraft: true\nweight: 3\nratio: 1.5\n---\n")
    assert front.data == {"draft": True, "weight": 3, "ratio": 1.5}


def test_unsafe_yaml_tags_are_refused() -> None:
    problems = split_fails("---\nx: !!python/object/apply:os.system ['echo hi']\n---\n")
    assert len(problems) == 1 and problems[0].startswith(f"{PATH}:2: front matter: not valid YAML"), problems


def test_key_lines_are_file_lines() -> None:
    front = split_ok("---\ntitle: A\n\n# a comment\ndate: 2026-05-01\ntags:\n  - title: nested\n---\n")
    assert front.line_of("title") == 2
    assert front.line_of("date") == 5
    assert front.line_of("tags") == 6
    assert front.line_of("missing") is None


def test_toml_key_lines_include_tables() -> None:
    front = split_ok('+++\ntitle = "A"\n\n[extra]\ncolor = "red"\n+++\n')
    assert front.line_of("title") == 2
    assert front.line_of("extra") == 4
    assert front.line_of("extra.color") == 4, "a nested key points at its table"


def test_problems_are_problem_values() -> None:
    _, problems = split_front_matter("---\n", PATH)
    assert all(isinstance(problem, Problem) for problem in problems)


def test_a_key_written_twice_is_an_error_on_its_second_line() -> None:
    front, problems = split_front_matter(
        "---\ntitle: First\ndate: 2026-05-01\ntitle: Second\n---\nBody\n", "content/x.md"
    )
    assert front is None
    assert [str(p) for p in problems] == [
        "content/x.md:4: front matter: the key 'title' is given twice (keep one of the two lines)"
    ]


@pytest.mark.parametrize(
    "lead",
    ["\n", "\n\n", "  \n\t\n", "\ufeff", "\ufeff\n", "   "],
    ids=["blank line", "two blank lines", "whitespace lines", "BOM", "BOM and blank line", "spaces"],
)
def test_front_matter_after_blank_lines_or_a_bom_is_found_as_hugo_finds_it(lead: str) -> None:
    front = split_ok(f"{lead}---\ntitle: Release notes\ndate: 2026-05-01\n---\nBody\n")
    assert front.data == {"title": "Release notes", "date": "2026-05-01"}
    assert front.body == "Body\n"


def test_lines_before_the_fence_still_count_in_key_lines_and_errors() -> None:
    front = split_ok("\n\n---\ntitle: A\ndate: 2026-05-01\n---\nBody\n")
    assert front.line_of("date") == 5
    assert front.body_line == 7
    assert split_fails("\n\n+++\ntitle = \n+++\n")[0].startswith(f"{PATH}:4: front matter: 'title' has no value")
    assert split_fails("\n---\ntitle: A\n")[0].startswith(f"{PATH}:2: front matter is never closed")


def test_a_longer_dash_fence_opens_yaml_as_in_hugo() -> None:
    front = split_ok("------\ntitle: A\n---\nBody\n")
    assert front.data == {"title": "A"}
    assert front.body == "Body\n"


def test_a_file_starting_with_text_after_blank_lines_has_no_front_matter() -> None:
    front = split_ok("\n\nJust text.\n\n---\n\nMore.\n")
    assert front.kind == "none"
    assert front.body == "\n\nJust text.\n\n---\n\nMore.\n"
