"""The code `dataclasses` writes for each class, compiled once and kept between runs.

Python 3.11 writes a dataclass's `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and
`__delattr__` as source text and compiles it when the class is made: the 107 dataclasses a
one-edit build imports took 50 ms of its 140 ms of imports, two thirds of that compiling. The
text depends only on the class's fields and options, so its compiled code is the same every
run. While `reused_dataclass_code()` is active, the `exec` that `dataclasses` calls finds each
text's code in a file of compiled code and compiles only texts it has not seen.

That file holds code, so it lives in this user's own cache folder (`$XDG_CACHE_HOME/smo-gen`,
else `~/.cache/smo-gen`), never in a site's `.smo-cache`, which a checkout can fill; Jinja's
compiled templates are kept apart the same way. It is named for the Python that compiled it.
A file that is missing, unreadable or damaged means compiling as Python would.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import hashlib
import marshal
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import CodeType
from typing import Any

from smo_gen.atomic_write import replace_cache_file


def code_file() -> Path | None:
    """Where compiled dataclass code is kept for this Python, or None when there is no home folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None  # no home to expand "~" to: nowhere private to keep code
    return Path(base) / "smo-gen" / f"dataclass-code-{sys.implementation.cache_tag}-{sys.hexversion:x}.marshal"


# Some 800 texts make every class of smo-gen's commands; past this many, most are stale.
KEPT_TEXTS = 2_000


class CodeCache:
    """Compiled code by the digest of its source text: what a file held, and what this run used."""

    def __init__(self, known: dict[bytes, CodeType]) -> None:
        self.known = known
        self.used: dict[bytes, CodeType] = {}
        self.compiled = 0  # texts this run compiled itself

    @classmethod
    def load(cls, path: Path) -> CodeCache:
        """The code kept at `path`; empty when it cannot be read as such."""
        try:
            known = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return cls({})
        if not isinstance(known, dict) or not all(isinstance(code, CodeType) for code in known.values()):
            return cls({})
        return cls(known)

    def exec(self, source: Any, globals: dict[str, Any] | None = None, locals: Any = None) -> None:
        """`exec(source, globals, locals)`, with a text's compiled code taken from the cache."""
        if isinstance(source, str):
            key = hashlib.blake2b(source.encode(), digest_size=16).digest()
            code = self.known.get(key)
            if code is None:
                # What exec(source) compiles: `dont_inherit`, so this module's own `from __future__`
                # does not change the code (it would turn annotations into strings).
                code = compile(source, "<string>", "exec", dont_inherit=True)
                self.compiled += 1
            self.used[key] = source = code
        builtins.exec(source, globals, locals)  # noqa: S102 - the very call dataclasses makes, on its own text

    def save(self, path: Path) -> None:
        """Keep this run's code at `path` when it compiled any, with the code other runs kept.

        Commands import different modules (`build`, `serve`, `syndicate`): keeping only one
        run's texts made each command compile again what the other had just dropped, ~30 ms a
        run. Texts no class uses any more (smo-gen's code changed) go once the file holds
        more than `KEPT_TEXTS`: then only this run's are kept.
        """
        if self.compiled:
            kept = {**self.known, **self.used}
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            replace_cache_file(path, marshal.dumps(kept if len(kept) <= KEPT_TEXTS else self.used))


@contextlib.contextmanager
def reused_dataclass_code() -> Iterator[CodeCache | None]:
    """Dataclasses made meanwhile (by imports) take their compiled methods from the kept file.

    Yields the cache in use, or None when there is none (no home folder, or already active).
    """
    path = code_file()
    if path is None or "exec" in vars(dataclasses):
        yield None
        return
    cache = CodeCache.load(path)
    # `dataclasses` calls exec by its global name, which Python looks up in the module before
    # the builtins: a module global of that name is found first.
    dataclasses.exec = cache.exec  # type: ignore[attr-defined]
    try:
        yield cache
    finally:
        if vars(dataclasses).get("exec") == cache.exec:  # ours, not removed by anything meanwhile
            del dataclasses.exec  # type: ignore[attr-defined]
        with contextlib.suppress(OSError):  # a folder that cannot be written: compiled again next run
            cache.save(path)
