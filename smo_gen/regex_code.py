"""The code `re` makes of each regular expression, made once and kept between runs.

Python's `re` parses and compiles a pattern in Python, then hands the result (its flags, a list
of numbers for the C engine, its groups) to `_sre.compile`: about a tenth of a millisecond a
pattern, a millisecond for a long one. A one-edit build of 1,000 pages compiles some 180 as its
modules load (ours, Jinja's lexer, PyYAML's resolver, markdown-it's): 24-42 ms of its 0.37 s.
Each worker that highlights code makes Pygments' lexers for the languages it meets: 82 ms for
the five of the bench corpus, 48 ms of it compiling their patterns. What `re` hands the engine
depends only on the pattern, its flags and the Python, so while `reused_regex_code()` is
active, a pattern an earlier run compiled goes straight to the engine with the arguments kept
then, and only new patterns are compiled (measured: 217 patterns of a one-edit build in 2.6 ms).

The kept file holds the engine's arguments, recorded as `re` passed them (never made here), in
this user's own cache folder beside the dataclass code (see dataclass_code), named for the
Python that made it. The engine checks the code it is given (`_sre` validates it); a file that
is missing, damaged or refused means compiling as Python would.
"""

from __future__ import annotations

import contextlib
import marshal
import re
import sys
import threading
import time
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from re import _compiler  # type: ignore[attr-defined]  # re's own compiler, whose `compile` is wrapped
from typing import Any

from smo_gen.atomic_write import replace_cache_file
from smo_gen.dataclass_code import code_file

# The engine's arguments for a pattern: (pattern, flags, code, groups, groupindex, indexgroup) in 3.11.
EngineArguments = tuple[Any, ...]
Key = tuple[str | bytes, int]
_RECORDING = threading.Lock()
# The engine's code is numbers of _sre.CODESIZE bytes; an array of C unsigned ints holds them.
_CODE_TYPE = "I"


def pattern_file() -> Path | None:
    """Where the engine's arguments are kept for this Python, or None when there is no home folder."""
    folder = code_file()
    if folder is None:
        return None
    return folder.with_name(f"regex-code-{sys.implementation.cache_tag}-{sys.hexversion:x}.marshal")


class _Recorder:
    """`_sre` for `re`'s compiler while it compiles one pattern: records what it hands the engine."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.arguments: EngineArguments | None = None

    def compile(self, *arguments: Any) -> Any:
        self.arguments = arguments
        return self.engine.compile(*arguments)

    def __getattr__(self, name: str) -> Any:  # the engine's constants and helpers, as they are
        return getattr(self.engine, name)


class PatternCache:
    """The engine's arguments by pattern and flags: what a file held, what this process used, and
    how many patterns it compiled itself.

    In the file, the engine's code (a list of numbers, ~200 a pattern) is kept as the bytes of
    an array: marshal reads bytes at once, where a list of 85,000 numbers took 8.5 ms to read.
    Each entry carries the number of the save that last used it (`generation`): one not used
    in the last STALE_AFTER saves goes (a pattern whose text changes every run, as one of
    markdown-it's does, would otherwise pile up)."""

    def __init__(self, kept: dict[Key, Entry], generation: int = 0) -> None:
        self.kept = kept
        self.generation = generation
        self.used: dict[Key, EngineArguments] = {}
        self.compiled = 0
        self.compiling = 0.0  # seconds this process spent compiling patterns itself
        self.engine = _compiler._sre
        self.original: Callable[..., Any] = _compiler.compile

    @classmethod
    def load(cls, path: Path) -> PatternCache:
        """The arguments kept at `path`; none when the file cannot be read as such."""
        try:
            generation, kept = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return cls({})
        if type(generation) is not int or not isinstance(kept, dict):
            return cls({})
        return cls(kept, generation)

    def compile(self, pattern: Any, flags: Any = 0) -> Any:
        """`re._compiler.compile(pattern, flags)`, with the engine's arguments of a pattern seen before."""
        if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
            return self.original(pattern, flags)  # a parsed pattern (re.Scanner), or a debug listing
        key = (pattern, int(flags))
        arguments = self.used.get(key) or _arguments_of(self.kept.get(key), pattern)
        if arguments is not None:
            try:
                compiled = self.engine.compile(*arguments)
            except (TypeError, ValueError, RuntimeError, OverflowError):
                pass  # refused by the engine (a damaged file): compiled below instead
            else:
                self.used[key] = arguments
                return compiled
        recorder = _Recorder(self.engine)
        started = time.perf_counter()
        with _RECORDING:  # one recorder at a time: another thread's pattern must not be recorded as this one
            _compiler._sre = recorder
            try:
                compiled = self.original(pattern, flags)
            finally:
                _compiler._sre = self.engine
        recorded = recorder.arguments
        if recorded is not None and recorded[0] == pattern and type(recorded[0]) is type(pattern):
            try:
                self.used[key] = tuple(_plain(argument) for argument in recorded)
            except (TypeError, ValueError):  # not numbers where they are expected: compiled each run
                return compiled
            self.compiled += 1
            self.compiling += time.perf_counter() - started
        return compiled

    def save(self, path: Path) -> None:
        """Keep this process's arguments at `path` when compiling cost it WORTH_KEEPING_SECONDS
        or more, or it used some kept long ago (a worker's lexers, between cold builds), with
        those another process kept there meanwhile (a worker, another command) and not gone stale."""
        ageing = self.generation - STALE_AFTER // 2
        worth_keeping = self.compiling >= WORTH_KEEPING_SECONDS
        if not worth_keeping and all(_generation_of(self.kept[key]) > ageing for key in self.used if key in self.kept):
            return  # (markdown-it compiles a pattern of its own text every run, made in 0.1 ms)
        on_file = PatternCache.load(path)
        generation = max(on_file.generation, self.generation) + 1
        kept = {
            key: entry
            for key, entry in {**self.kept, **on_file.kept}.items()
            if _generation_of(entry) > generation - STALE_AFTER
        }
        for key, arguments in self.used.items():
            with contextlib.suppress(OverflowError, TypeError, ValueError):  # a number no array holds: not kept
                kept[key] = _entry_of(arguments, generation)
        try:
            data = marshal.dumps((generation, kept))
        except ValueError:  # an argument marshal cannot keep (never expected): nothing kept
            return
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        replace_cache_file(path, data)
        self.compiled, self.compiling = 0, 0.0


# A kept pattern no run used in this many saves goes.
STALE_AFTER = 20
# A run saves when compiling cost it at least this long: reading and writing the file takes ~5 ms.
WORTH_KEEPING_SECONDS = 0.005
# (generation, the engine's arguments with each list as its array's bytes, where those lists stand)
Entry = tuple[int, tuple[Any, ...], tuple[int, ...]]


def _entry_of(arguments: EngineArguments, generation: int) -> Entry:
    lists = tuple(index for index, argument in enumerate(arguments) if type(argument) is list)
    packed = tuple(
        array(_CODE_TYPE, argument).tobytes() if type(argument) is list else argument for argument in arguments
    )
    return generation, packed, lists


def _arguments_of(entry: Any, pattern: str | bytes) -> EngineArguments | None:
    """The engine's arguments an entry of the file holds; None for one that is not such (damaged)."""
    try:
        _, packed, lists = entry
        arguments = list(packed)
        for index in lists:
            code = array(_CODE_TYPE)
            code.frombytes(arguments[index])
            arguments[index] = code.tolist()
    except (TypeError, ValueError, IndexError):
        return None
    if not arguments or arguments[0] != pattern or type(arguments[0]) is not type(pattern):
        return None
    return tuple(arguments)


def _generation_of(entry: Any) -> int:
    generation = entry[0] if isinstance(entry, tuple) and entry else None
    return generation if type(generation) is int else -1


def _plain(argument: Any) -> Any:
    """An argument as marshal keeps it: numbers that are `int` subclasses (the flags, a
    `re.RegexFlag`; the code's opcodes, re's named constants) as plain numbers."""
    if type(argument) is list:
        return [int(item) for item in argument]  # the engine's code: numbers only
    return int(argument) if isinstance(argument, int) and type(argument) is not int else argument


_active: PatternCache | None = None


@contextlib.contextmanager
def reused_regex_code() -> Iterator[PatternCache | None]:
    """Patterns compiled meanwhile (by imports, by the build, by workers it forks) take the
    engine's arguments from the kept file.

    Yields the cache in use, or None when there is none (no home folder, or already active).
    """
    global _active
    path = pattern_file()
    engine = getattr(_compiler, "_sre", None)
    if path is None or _active is not None or getattr(engine, "CODESIZE", None) != array(_CODE_TYPE).itemsize:
        yield None
        return
    cache = PatternCache.load(path)
    _active = cache
    _compiler.compile = cache.compile
    try:
        yield cache
    finally:
        if _compiler.compile == cache.compile:  # ours, not replaced by anything meanwhile
            _compiler.compile = cache.original
        _active = None
        with contextlib.suppress(OSError):  # a folder that cannot be written: compiled again next run
            cache.save(path)


def keep_from_worker() -> None:
    """In a worker forked while `reused_regex_code` is active: keep what it compiles (the
    lexers of the languages it highlighted) when it ends."""
    cache, path = _active, pattern_file()
    if cache is None or path is None:
        return
    from multiprocessing import util

    def save() -> None:
        with contextlib.suppress(OSError):
            cache.save(path)

    cache.compiled, cache.compiling = 0, 0.0  # what the parent compiled before the fork is the parent's to keep
    util.Finalize(None, save, exitpriority=0)
