"""What the theme's templates use: the templates each one pulls in, and names that widen what its outputs depend on."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.meta

from smo_gen.build.caches.data import iter_typed_pairs, load_mapped_cache_data
from smo_gen.build.caches.header import cache_header
from smo_gen.build.caches.sharded import ShardedCache
from smo_gen.digest import stable_digest
from smo_gen.render.themes import Theme

_NOW = re.compile(rb"\bnow\b")
_SECTIONS = re.compile(rb"\bsections\b")


@dataclass(frozen=True)
class TemplateMentions:
    """What the theme's templates mention that decides what their outputs depend on."""

    now: bool = False  # `now`: their output changes with every build
    sections: bool = False  # `sections`: they read site.toml's tables themselves, whichever they name


def scan_templates(theme: Theme) -> TemplateMentions:
    """Look through every template of the theme for the names that `TemplateMentions` lists."""
    sources = [path.read_bytes() for folder in theme.template_dirs for path in folder.rglob("*") if path.is_file()]
    return TemplateMentions(
        now=any(_NOW.search(source) for source in sources), sections=any(_SECTIONS.search(source) for source in sources)
    )


REFERENCES_FILE = "templates/references.json"  # in the cache folder: what each template source names


def read_references_ahead(cache_dir: Path) -> None:
    """Read the templates' references as `TemplateDigests` reads them, for a process that keeps
    cache reads (a build server before its first build: see caches.data.keep_cache_reads)."""
    load_mapped_cache_data(cache_dir / REFERENCES_FILE)


class TemplateDigests:
    """The digest of a template together with everything it extends, includes or imports.

    Found by reading the templates (jinja2.meta), so an output is rebuilt when a template it
    uses changes, and only then. A template naming another by a variable cannot be followed;
    outputs using it depend on every template.
    """

    def __init__(self, env: jinja2.Environment, memo_path: Path | None = None) -> None:
        self.env = env
        self.digests: dict[str | None, str] = {None: ""}
        self.everything: str | None = None
        self.closures: dict[str, set[str]] = {}  # template -> the templates it uses, itself included
        # The templates each template source names, kept between builds: parsing them all to
        # find out took a tenth of a one-edit build of 1,000 pages.
        self.memo = (
            ShardedCache(memo_path.parent, memo_path.stem, cache_header(libraries=("Jinja2",)), 1)
            if memo_path
            else None
        )
        loaded = self.memo.entries if self.memo else None
        self.references: dict[str, list[str | None]] = dict(iter_typed_pairs(loaded, str, _is_name_list))
        self.loaded = set(self.references)
        self.used: set[str] = set()

    def digest(self, name: str | None) -> str:
        if name not in self.digests:
            assert name is not None  # None (no template) is in the table from the start
            self.digests[name] = self._closure_digest(name)
        return self.digests[name]

    def _closure_digest(self, name: str) -> str:
        seen: dict[str, str] = {}
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            try:
                source, filename, _ = self.env.loader.get_source(self.env, current)  # type: ignore[union-attr]
                referenced = self._referenced(source)
            except jinja2.TemplateError:
                return self._all_templates()  # rendering will report it; rebuild to be safe
            seen[current] = f"{filename}\0{source}"
            if None in referenced:
                return self._all_templates()
            todo.extend(ref for ref in referenced if ref is not None)
        self.closures[name] = set(seen)
        return stable_digest(sorted(seen.items()))

    def _referenced(self, source: str) -> list[str | None]:
        """The templates `source` extends, includes or imports (None: named by a variable)."""
        key = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        if key not in self.references:
            self.references[key] = list(jinja2.meta.find_referenced_templates(self.env.parse(source)))
        self.used.add(key)  # once parsed: a template with a syntax error is not remembered
        return self.references[key]

    def save(self) -> None:
        """Keep the references of the templates this build read (earlier versions go)."""
        if self.memo and self.used != self.loaded:
            self.references = {key: self.references[key] for key in self.used}
            try:
                self.memo.save(self.references)
            except OSError:
                pass  # found again by parsing next time

    def compile(self, names: set[str | None]) -> None:
        """Compile `names` and the templates they use, once, before the workers fork.

        Each worker would otherwise compile (or load from the bytecode cache) the same ones.
        """
        for name in sorted(name for name in names if name is not None):
            self.digest(name)  # finds the templates it uses, once (outputs keyed later need it too)
            for used in sorted(self.closures.get(name) or {name}):
                try:
                    self.env.get_template(used)
                except jinja2.TemplateError:
                    pass  # reported when an output using it is rendered

    def _all_templates(self) -> str:
        if self.everything is None:
            names = sorted(self.env.list_templates())
            self.everything = stable_digest([(n, self._source(n)) for n in names])
        return self.everything

    def _source(self, name: str) -> str:
        try:
            return str(self.env.loader.get_source(self.env, name)[0])  # type: ignore[union-attr]
        except jinja2.TemplateError as exc:  # unreadable (not UTF-8): rendering reports it
            return f"error: {exc}"


def _is_name_list(names: object) -> bool:
    """The templates a template names (None: named by a variable), as TemplateDigests keeps them."""
    return isinstance(names, list) and all(name is None or isinstance(name, str) for name in names)
