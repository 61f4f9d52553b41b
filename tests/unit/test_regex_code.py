"""Regular expressions compiled from the engine arguments an earlier run kept: exactly what re makes."""

from __future__ import annotations

import marshal
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from smo_gen import regex_code
from smo_gen.regex_code import pattern_file, reused_regex_code
from smo_gen.workers import fork_context, worker_pool

PATTERNS: list[tuple[str | bytes, int]] = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(\d\d))?", 0),
    (r"^\s*#+\s+(.+?)\s*#*$", re.MULTILINE),
    (r"café|naïve|straße", re.IGNORECASE),
    (r"(?<=\$)\d+(?:\.\d\d)?", 0),
    (
        r"""  [a-z]+  # a word
           \s*=\s*  # then an equals sign""",
        re.VERBOSE,
    ),
    (rb"\x00[\x01-\x7f]+\xff", 0),
    (r"<(p|h[1-6])[ >].*?</\1>", re.DOTALL | re.ASCII),
]
TEXTS = ["2026-12-07 and 2026-12", "## Title ##\n# Other", "CAFÉ naïve STRASSE", "cost $12.50", " key = value",
         "<h2 id=x>Hi\nthere</h2>", "ÿ"]  # fmt: skip


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(regex_code, "WORTH_KEEPING_SECONDS", 0.0)  # these patterns compile in microseconds
    re.purge()  # re's own per-process cache would answer before the kept code is asked
    return tmp_path / "cache"


def facts(compiled: re.Pattern[str] | re.Pattern[bytes]) -> tuple[object, ...]:
    found: list[object] = []
    for text in TEXTS:
        subject = text.encode("latin-1", "replace") + b"\x00a\xff" if isinstance(compiled.pattern, bytes) else text
        found += [(m.span(), m.groups(), m.groupdict()) for m in compiled.finditer(subject)]  # type: ignore[arg-type]
    return compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex, found


def compile_all() -> list[tuple[object, ...]]:
    re.purge()
    return [facts(re.compile(pattern, flags)) for pattern, flags in PATTERNS]


def test_patterns_from_kept_code_are_those_re_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    reference = compile_all()
    with reused_regex_code() as first_run:
        assert compile_all() == reference
        assert first_run is not None and first_run.compiled >= len(PATTERNS)
    path = pattern_file()
    assert path is not None and path.is_file()

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again, though its code was kept")

    with monkeypatch.context() as patched:
        patched.setattr("re._parser.parse", no_parsing)
        with reused_regex_code() as later_run:
            assert compile_all() == reference
            assert later_run is not None and later_run.compiled == 0


def test_kept_code_is_only_used_while_active() -> None:
    original = re._compiler.compile  # type: ignore[attr-defined]
    with reused_regex_code() as outer:
        assert outer is not None and re._compiler.compile == outer.compile  # type: ignore[attr-defined]
        with reused_regex_code() as nested:
            assert nested is None  # the outer one keeps its file
    assert re._compiler.compile is original  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not marshal at all",
        marshal.dumps([1, 2]),
        marshal.dumps((1, {("x+", 0): "not an entry"})),
        marshal.dumps((1, {("x+", 0): (1, ("x+", 0, b"\xff\xff\xff\xff" * 3, 0, {}, (None,)), (2,))})),  # bad code
        marshal.dumps((1, {("x+", 0): (1, ("y+", 0, b"", 0, {}, (None,)), (2,))})),  # another pattern's
    ],
)
def test_a_damaged_file_means_compiling_as_python_would(damage: bytes) -> None:
    path = pattern_file()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(damage)
    reference = compile_all()
    with reused_regex_code():
        assert compile_all() == reference
        assert re.compile("x+").fullmatch("xxx")


def test_patterns_no_run_uses_any_more_go(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_code, "STALE_AFTER", 2)
    with reused_regex_code():
        re.compile("old[0-9]+")
    for run in range(3):
        with reused_regex_code():
            re.purge()
            re.compile(f"new{run}[a-z]+")  # each run compiles one pattern of its own, so it saves
    path = pattern_file()
    assert path is not None
    _, kept = marshal.loads(path.read_bytes())
    assert ("old[0-9]+", 0) not in kept
    assert {("new1[a-z]+", 0), ("new2[a-z]+", 0)} <= set(kept)


def compile_in_worker(pattern: str) -> bool:
    return re.compile(pattern).fullmatch("abc") is not None


def test_what_a_forked_worker_compiles_is_kept_when_it_ends() -> None:
    context = fork_context()
    if context is None:
        pytest.skip("no fork on this system")
    with reused_regex_code(), worker_pool(1, context) as pool:
        assert isinstance(pool, ProcessPoolExecutor)
        assert pool.submit(compile_in_worker, "a(b)c|worker-only").result()
    path = pattern_file()
    assert path is not None
    _, kept = marshal.loads(path.read_bytes())
    assert ("a(b)c|worker-only", 0) in kept


def test_no_home_folder_means_nothing_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "")
    monkeypatch.setattr("os.path.expanduser", lambda path: path)
    with reused_regex_code() as cache:
        assert re.compile("z+").match("zz")
    assert cache is None


def test_a_pattern_still_used_stays_though_the_run_using_it_compiles_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that only highlights (its lexers all kept) still keeps them from going stale."""
    monkeypatch.setattr(regex_code, "STALE_AFTER", 4)

    def run(*patterns: str) -> None:
        with reused_regex_code():
            re.purge()
            for pattern in patterns:
                re.compile(pattern)

    run("keep-me+")
    for other in range(3):
        run(f"other{other}+")
    run("keep-me+")  # compiles nothing: everything it uses is kept
    for other in range(3, 6):
        run(f"other{other}+")
    path = pattern_file()
    assert path is not None
    _, kept = marshal.loads(path.read_bytes())
    assert ("keep-me+", 0) in kept
    assert ("other0+", 0) not in kept


def test_a_run_that_compiled_only_cheap_patterns_leaves_the_file_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    with reused_regex_code():
        re.compile("first[0-9]+")
    path = pattern_file()
    assert path is not None
    before = path.read_bytes()
    monkeypatch.setattr(regex_code, "WORTH_KEEPING_SECONDS", 10.0)
    with reused_regex_code() as cache:
        re.purge()
        re.compile("first[0-9]+")
        re.compile("cheap[a-z]")
        assert cache is not None and cache.compiled == 1
    assert path.read_bytes() == before


def test_arguments_that_cannot_be_kept_never_break_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_plain(argument: object) -> object:
        raise TypeError("not a number")

    def no_entry(*args: object) -> object:
        raise OverflowError("too large for the array")

    with monkeypatch.context() as patched:
        patched.setattr(regex_code, "_plain", no_plain)
        with reused_regex_code() as cache:
            assert re.compile("unkeepable[0-9]+").fullmatch("unkeepable42")
            assert cache is not None and cache.compiled == 0
    monkeypatch.setattr(regex_code, "_entry_of", no_entry)
    with reused_regex_code():
        re.purge()
        assert re.compile("unstorable[0-9]+").fullmatch("unstorable7")
    path = pattern_file()
    assert path is not None
    _, kept = marshal.loads(path.read_bytes())
    assert ("unstorable[0-9]+", 0) not in kept
