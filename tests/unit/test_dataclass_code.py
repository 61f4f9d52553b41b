"""Dataclass methods from kept compiled code: the same classes as Python makes, compiled once."""

from __future__ import annotations

import builtins
import dataclasses
import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from smo_gen.dataclass_code import code_file, reused_dataclass_code

METHODS = ("__init__", "__repr__", "__eq__", "__lt__", "__hash__", "__setattr__", "__delattr__")


def make_record() -> type:
    """A new class each call, as an import makes one each run."""

    @dataclass(frozen=True, order=True)
    class Record:
        name: str
        tags: tuple[str, ...] = ()
        counts: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
        note: str | None = field(default=None, kw_only=True)

    return Record


def make_plain() -> type:
    @dataclass
    class Plain:
        value: int = 0

    return Plain


def code_of(cls: type, name: str) -> tuple[Any, ...]:
    function = vars(cls)[name]
    code = function.__code__
    return (
        code.co_code,
        code.co_consts,
        code.co_names,
        code.co_varnames,
        code.co_filename,
        function.__defaults__,
        function.__kwdefaults__,
        function.__annotations__,
        function.__qualname__,
    )


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_classes_made_from_kept_code_are_those_python_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    reference = make_record()
    with reused_dataclass_code() as first_run:
        compiled = make_record()
    assert first_run is not None and first_run.compiled > 0
    path = code_file()
    assert path is not None and path.is_file()

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again, though the code was kept")

    monkeypatch.setattr(builtins, "compile", no_compiling)
    with reused_dataclass_code() as later_run:
        reused = make_record()
    monkeypatch.undo()
    assert later_run is not None and later_run.compiled == 0
    for cls in (compiled, reused):
        for name in METHODS:
            assert code_of(cls, name) == code_of(reference, name), name
        assert inspect.signature(cls) == inspect.signature(reference)
        one, same, other = cls("a", ("x",), {"n": 1}), cls("a", ("x",), {"n": 2}), cls("b")
        assert one == same and hash(one) == hash(same) and one < other
        assert repr(one).endswith(".Record(name='a', tags=('x',), counts={'n': 1}, note=None)")
        with pytest.raises(dataclasses.FrozenInstanceError):
            one.name = "c"  # type: ignore[attr-defined]


def test_kept_code_is_only_used_while_the_build_imports() -> None:
    with reused_dataclass_code():
        assert "exec" in vars(dataclasses)
        with reused_dataclass_code() as nested:
            assert nested is None  # the outer one keeps its file
    assert "exec" not in vars(dataclasses)
    assert make_plain()(3).value == 3


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", b"\xe9\x00\x00\x00"])
def test_a_damaged_file_means_compiling_as_python_would(damage: bytes) -> None:
    path = code_file()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(damage)
    with reused_dataclass_code() as cache:
        made = make_plain()
    assert cache is not None and cache.compiled > 0
    assert made(5) == made(5) and repr(made(5)).endswith("Plain(value=5)")
    assert code_of(made, "__init__") == code_of(make_plain(), "__init__")


def test_no_home_folder_means_nothing_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "")
    monkeypatch.setattr("os.path.expanduser", lambda path: path)
    with reused_dataclass_code() as cache:
        assert make_plain()(1).value == 1
    assert cache is None


def test_code_kept_by_another_command_stays_kept() -> None:
    """`serve` and `build` import different classes: neither run drops the other's code."""
    with reused_dataclass_code():
        make_record()  # one command's classes
    with reused_dataclass_code() as other:
        make_plain()  # another's
    assert other is not None and other.compiled > 0
    with reused_dataclass_code() as first_again:
        make_record()
    assert first_again is not None and first_again.compiled == 0


def test_a_file_grown_past_its_bound_keeps_only_the_last_run_s_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("smo_gen.dataclass_code.KEPT_TEXTS", 1)
    with reused_dataclass_code():
        make_record()
    with reused_dataclass_code():
        make_plain()  # the record's code is dropped now
    with reused_dataclass_code() as plain_again:
        make_plain()
    assert plain_again is not None and plain_again.compiled == 0
    with reused_dataclass_code() as record_again:
        make_record()
    assert record_again is not None and record_again.compiled > 0
