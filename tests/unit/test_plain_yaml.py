"""Plain `key: value` front matter read without PyYAML gives exactly what PyYAML gives, or stands aside.

Every YAML front matter of real sites (the three shared corpora), of the bench corpus and of this
repository's sites is read both ways; wherever content/plain_yaml.py reads one, the values and
their types must be PyYAML's (with the loader content/frontmatter.py uses). Hand-written and
generated lines check the corners YAML is known for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smo_gen.content import frontmatter
from smo_gen.content.frontmatter import split_front_matter
from smo_gen.content.plain_yaml import parse_plain_yaml
from tests.unit.test_markdown_fast import CORPORA, CORPUS_NAMES, REPO, bench_bodies

RESOLVERS = frontmatter._Loader.yaml_implicit_resolvers


def reference(raw: str) -> Any:
    """What PyYAML reads, or the exception it raises."""
    try:
        return yaml.load(raw, Loader=frontmatter._Loader)
    except (yaml.YAMLError, RecursionError) as exc:
        return exc


def same(left: Any, right: Any) -> bool:
    """Equal, with the same types throughout (True == 1 in Python, not in front matter)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(same(left[key], right[key]) for key in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


def assert_plain_is_reference(raw: str) -> bool:
    """Whether the plain reader read `raw`; where it did, it read what PyYAML reads."""
    plain = parse_plain_yaml(raw, RESOLVERS)
    if plain is None:
        return False
    expected = reference(raw)
    assert same(plain, expected), f"{raw!r}: read as {plain!r}, PyYAML reads {expected!r}"
    return True


def front_matters_of(folder: Path) -> list[str]:
    """The raw YAML front matter of every Markdown or HTML file under `folder`."""
    raws: list[str] = []
    original = frontmatter._parse_yaml

    def record(raw: str, path: str) -> Any:
        raws.append(raw)
        return original(raw, path)

    frontmatter._parse_yaml = record  # type: ignore[assignment]
    try:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in (".md", ".markdown", ".html") and path.is_file():
                split_front_matter(path.read_text(encoding="utf-8", errors="replace"), str(path))
    finally:
        frontmatter._parse_yaml = original  # type: ignore[assignment]
    return raws


@pytest.mark.parametrize("corpus", CORPUS_NAMES)
def test_real_sites_front_matter_reads_the_same(corpus: str) -> None:
    folder = CORPORA / corpus
    if not folder.is_dir():
        pytest.skip(f"NOT CHECKED: the shared corpus {folder} is missing (set SMO_SHARED_DIR to the shared folder)")
    raws = front_matters_of(folder)
    taken = sum(assert_plain_is_reference(raw) for raw in raws)
    if corpus != "rust-blog":  # Zola's front matter is TOML
        assert taken, f"{corpus}: the plain reader read none of {len(raws)} front matters"


@pytest.mark.parametrize("folder", ["tests/fixtures", "content", "tests/golden"])
def test_this_repositorys_front_matter_reads_the_same(folder: str) -> None:
    for raw in front_matters_of(REPO / folder):
        assert_plain_is_reference(raw)


def test_bench_corpus_front_matter_is_all_read_without_pyyaml() -> None:
    bench_bodies(1, seed=1)  # loads the generator (bench/README.md), or skips without it
    import gen_corpus  # type: ignore[import-not-found]

    raws = [gen_corpus.yaml_front_matter(post).split("---\n")[1] for post in gen_corpus.generate(200, seed=5)]
    assert all(assert_plain_is_reference(raw) for raw in raws), "a bench page's front matter went to PyYAML"


PLAIN = [
    'title: "Spring sale"\ndate: 2026-03-01T09:00:00+01:00\ntags: [sale, spring]\ndraft: false\n',
    "title: It's a plain title, with commas\nweight: 12\nimage: /images/a.jpg\n",
    "# a comment\n\ntitle: 'single quoted # not a comment'\nempty:\nnothing: ~\nnull_word: null\n",
    "yes_key: yes\nno_key: No\non_key: ON\noff_key: off\ntrue_key: True\n",
    "list: []\nmixed: [a b, 'c', \"d\", 3, true, ~]\n",
    "url: https://example.com/a?b=c\ntime: 2026-03-01 09:00\nunicode: Ünïcödé ✓\n",
    "title:    spaced out   \nnegative: -5\nplus: +7\nzero: 0\n",
]

# Each is read some other way by YAML, or is an error: PyYAML's to read.
NOT_PLAIN = [
    "title: a: b\n",
    "title: ends with colon:\n",
    "title: with # comment\n",
    "title: x\ntitle: y\n",
    "yes: key read as a boolean\n",
    "null: key\n",
    "octal: 017\nhex: 0x1F\nsexagesimal: 1:30\nfloat: 1.5\nexp: 1e3\n",
    "inf: .inf\n",
    "anchor: &a value\nalias: *a\n",
    "tagged: !!str 12\n",
    "block: |\n  text\n",
    "folded: >\n  text\n",
    "nested:\n  key: value\n",
    "list:\n  - a\n  - b\n",
    "multi: first\n  continued\n",
    'escaped: "a\\tb"\n',
    "quote: 'it''s'\n",
    "tab:\tvalue\n",
    "flow: {a: 1}\n",
    "trailing: [a, ]\n",
    "colon_item: [a:b]\n",
    "at: @handle\n",
    "backtick: `x`\n",
    "percent: %x\n",
    "merge:\n<<: *a\n",
    "key : spaced\n",
    "'quoted key': x\n",
    "control: a\x01b\n",
    "nel: a\x85b\n",
    "line_separator: a\u2028b\n",
    "crlf: a\r\n",
    "--- \n",
    "just a scalar\n",
    "- a list\n",
]


@pytest.mark.parametrize("raw", PLAIN)
def test_plain_front_matter_is_read_without_pyyaml(raw: str) -> None:
    assert assert_plain_is_reference(raw), "the plain reader stood aside"


@pytest.mark.parametrize("raw", NOT_PLAIN)
def test_front_matter_yaml_reads_otherwise_is_left_to_pyyaml(raw: str) -> None:
    assert not assert_plain_is_reference(raw)


def test_front_matter_read_by_either_gives_the_page_the_same_values() -> None:
    front, problems = split_front_matter("---\ntitle: Sale\ntags: [a, b]\ndraft: no\n---\nBody\n", "content/a.md")
    assert front is not None and not problems
    assert front.data == {"title": "Sale", "tags": ["a", "b"], "draft": False}
    assert front.line_of("draft") == 4


_KEYS = st.sampled_from(["title", "on", "Yes", "null", "y", "tags", "_x", "a-b", "key2", "date"])
_VALUES = st.lists(
    st.sampled_from(
        ["word", " ", "two words", "yes", "No", "on", "OFF", "true", "~", "null", "Null", "12", "-3", "+4", "017"]
        + ["0x1F", "1:30", "1.5", ".5", ".inf", "1e3", "1_000", "2026-03-01", "2026-03-01T09:00:00Z", ":", ": "]
        + ["#", " #", "'", '"', "\\", "[", "]", ",", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "-", "?"]
        + ["/path", "https://x.example/a", "é", "\t", "=", "<<", ".", "(", "_"]
    ),
    max_size=5,
).map("".join)
_LINE = st.one_of(
    st.tuples(_KEYS, _VALUES).map(lambda pair: f"{pair[0]}: {pair[1]}"),
    st.tuples(_KEYS, _VALUES).map(lambda pair: f'{pair[0]}: "{pair[1]}"'),
    st.tuples(_KEYS, _VALUES).map(lambda pair: f"{pair[0]}: '{pair[1]}'"),
    st.tuples(_KEYS, _VALUES, _VALUES).map(lambda parts: f"{parts[0]}: [{parts[1]}, {parts[2]}]"),
    st.tuples(_KEYS, _VALUES).map(lambda pair: f"{pair[0]}:{pair[1]}"),
    st.sampled_from(["", "# comment", "  indented: x", "- item", "---", "..."]),
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, min_size=1, max_size=6).map("\n".join))
def test_generated_front_matter_reads_as_pyyaml_reads_it(raw: str) -> None:
    assert_plain_is_reference(raw)


_NEAR_PLAIN_VALUES = st.lists(
    st.sampled_from(
        ["word", " ", "yes", "No", "on", "OFF", "true", "~", "null", "12", "-3", "+4", "017", "0", "1:30", "1.5"]
        + [".5", "2026-03-01", "T09:00:00Z", "-", "+", ".", "/", "_", "é", ",", "'", '"', ":", "x:y", "=", "<<"]
    ),
    min_size=1,
    max_size=3,
).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_KEYS, _NEAR_PLAIN_VALUES, st.booleans()), min_size=1, max_size=5))
def test_generated_near_plain_front_matter_reads_as_pyyaml_reads_it(lines: list[tuple[str, str, bool]]) -> None:
    assert_plain_is_reference(
        "\n".join(f"{key}: [{value}, {value}]" if as_list else f"{key}: {value}" for key, value, as_list in lines)
    )
