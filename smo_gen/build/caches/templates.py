"""Compiled templates kept between builds: Jinja's bytecode, under the header of every cache."""

from __future__ import annotations

import jinja2

from smo_gen.build.caches.header import cache_header


class TemplateBytecode(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds (Jinja checks each against its template's source).

    Compiled templates are code, so they are never kept in the site's cache folder, which a
    checkout or a pull request can fill: they go in Jinja's own folder for this user (in the
    temporary folder, made and checked by Jinja to belong to this user alone). Keyed by the
    template's full path and the cache header (smo-gen's code and Jinja's version), since the
    environment's options decide the compiled code. A cache that cannot be read or written is
    simply not used.
    """

    def __init__(self, header: str) -> None:
        super().__init__()  # raises RuntimeError when that folder is not safe to use
        self.header = header

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(name, f"{filename}|{self.header}")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass  # compiled again from the source

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def template_bytecode() -> TemplateBytecode | None:
    """The cache of compiled templates, or None when there is no private folder for it
    (templates are then compiled each build)."""
    try:
        return TemplateBytecode(cache_header(libraries=("Jinja2",)))
    except (OSError, RuntimeError):
        return None
