"""Patterns compiled on first use: the same answers as compiled ones, and no compiling until then."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import smo_gen
from smo_gen.patterns import LazyPattern, lazy_pattern

CASES = [
    (r"(?P<word>\w+)-(\d+)", 0, "spring-2026 sale-7 none"),
    (r"^(?:-{3,}|\.\.\.)[ \t]*$", re.MULTILINE, "---\ntitle: x\n...\nbody\n---  \n"),
    (r"<p(?:\s[^>]*)?>(.*?)</p>", re.IGNORECASE | re.DOTALL, "<P class=a>one\ntwo</p><p>three</p>"),
    (r"\s+", 0, "  spaced   out\ttext  "),
]


@pytest.mark.parametrize(("source", "flags", "text"), CASES)
def test_a_lazy_pattern_answers_as_the_compiled_pattern_does(source: str, flags: int, text: str) -> None:
    lazy, compiled = lazy_pattern(source, flags), re.compile(source, flags)

    def spans(matches: object) -> list[tuple[int, int, tuple[str | None, ...]]]:
        return [(m.start(), m.end(), m.groups()) for m in matches]  # type: ignore[attr-defined]

    for pattern in (lazy, compiled):  # each twice: the first call compiles, the second reuses
        assert spans(pattern.finditer(text)) == spans(compiled.finditer(text))
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("#", text) == compiled.sub("#", text)
    assert lazy.subn(lambda m: m[0].upper(), text) == compiled.subn(lambda m: m[0].upper(), text)
    assert lazy.split(text) == compiled.split(text)
    assert spans(filter(None, [lazy.search(text, 1)])) == spans(filter(None, [compiled.search(text, 1)]))
    assert bool(lazy.match(text)) == bool(compiled.match(text))
    assert bool(lazy.fullmatch(text)) == bool(compiled.fullmatch(text))
    assert (lazy.pattern, lazy.flags, lazy.groups, dict(lazy.groupindex)) == (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
        dict(compiled.groupindex),
    )


def test_a_pattern_is_compiled_on_its_first_use_and_only_once(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real_compile = re.compile

    def counting_compile(source: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(source)
        return real_compile(source, flags)

    monkeypatch.setattr(re, "compile", counting_compile)
    pattern = lazy_pattern(r"never-seen-\d+")
    assert compiled == []  # a module importing it pays nothing
    assert pattern.sub("x", "never-seen-1 never-seen-22") == "x x"
    assert pattern.search("a never-seen-3") is not None
    assert pattern.match("never-seen-4") is not None
    assert compiled == [r"never-seen-\d+"]


def test_a_broken_pattern_fails_on_its_first_use() -> None:
    pattern = lazy_pattern(r"(unclosed")
    with pytest.raises(re.error):
        pattern.search("text")


def test_every_lazy_pattern_in_smo_gen_compiles() -> None:
    """A lazy pattern with a typo would fail only when its uncommon input comes along: compile
    them all here, so a mistake fails the tests instead of a user's build."""
    found = 0
    for module_info in pkgutil.walk_packages(smo_gen.__path__, "smo_gen."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else [value]
            for candidate in values:
                if isinstance(candidate, LazyPattern):
                    found += 1
                    assert candidate.groups >= 0, f"{module_info.name}.{name}"  # asking compiles it
    assert found >= 40  # the module-level patterns a build seldom needs
