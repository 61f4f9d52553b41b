"""Skipping a whole build when nothing it reads has changed since the last one.

A build with nothing changed should cost about as much as looking. The last successful build
leaves a stamp in the cache folder: a digest of a look at everything it read (the names, sizes
and modification times of the content, static, theme and template files, site.toml, the
ledgers, smo-gen's own files and the installed libraries, and the command-line options), the
files it wrote, the warnings it gave, and the moment its output expires (the next scheduled
publication or expiry, or at once when a template shows the time). When a new build's look
matches, the output folder still holds exactly those files, and that moment has not come,
the build is skipped: it would write the very same bytes.

Looking uses file sizes and modification times, not contents, as make and git do: it costs a
`stat` per file, where reading and hashing a large site costs ten times more. File systems
keep modification times in ticks (a few milliseconds on ext4, one or two seconds on FAT and
some network file systems), so a file saved twice within one tick at the same size looks
unchanged; like git's "racily clean" rule, a build that saw a file modified within a tick or
so of its look leaves no stamp, and the next build runs in full.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from smo_gen.atomic_write import replace_cache_file
from smo_gen.build.caches.data import cache_types, dump_cache_data, loads_cache_data
from smo_gen.build.caches.trusted_looks import NO_LOOKS, FileLooks
from smo_gen.build.output_folder import look_at_output_folder, output_folder_key
from smo_gen.config.site_config import SiteConfig
from smo_gen.errors import Problem
from smo_gen.file_looks import FileLook, look_at_file, walk_files
from smo_gen.installation import PACKAGE_DIR, installed_distributions
from smo_gen.render.themes import load_theme
from smo_gen.reporter import BuildSummary

STAMP_PREFIX = "build-"
STAMP_VERSION = 1
# Files a build reads from the site folder itself, besides the folders it walks.
SITE_FILES = ("site.toml", "syndication.json", "feedback.json")

# A file modified this shortly before a look may change again within the same time tick. File
# systems with whole-second times (every time ends in .000000000) get the longer wait.
SETTLE_NS_FINE = 50_000_000
SETTLE_NS_COARSE = 2_000_000_000


@dataclass(frozen=True)
class InputsLook:
    """A look at a build's inputs: their digest, and whether any changed too recently to trust it."""

    digest: str
    newest_ns: int  # the newest modification time seen
    taken_ns: int  # when the look was taken
    # Each file whose look can be trusted (settled): the build's later stages use it rather
    # than a stat of their own, and trust a file that looks as it did last time.
    files: FileLooks = field(default=NO_LOOKS, compare=False, repr=False)

    @property
    def settled(self) -> bool:
        return is_settled(self.newest_ns, self.taken_ns)


def is_settled(mtime_ns: int, taken_ns: int) -> bool:
    """True when a file modified at `mtime_ns` and looked at at `taken_ns` cannot change again
    unseen: any later change would get a later modification time."""
    coarse = mtime_ns % 1_000_000_000 == 0
    return mtime_ns < taken_ns - (SETTLE_NS_COARSE if coarse else SETTLE_NS_FINE)


@dataclass(frozen=True)
class BuildStamp:
    """What the last successful build into one output folder read and wrote."""

    inputs: str  # digest of the look at the inputs before the build read them
    extra_files: dict[str, FileLook | None]  # files outside the looked-at folders (card fonts, ...)
    expires: dt.datetime | None  # the moment the same inputs would build differently; None: never
    outputs: dict[str, FileLook]
    summary: BuildSummary
    warnings: tuple[Problem, ...]

    def skipped_summary(self, seconds: float) -> BuildSummary:
        """The summary of a build that found this stamp current: every output unchanged."""
        last = self.summary
        return BuildSummary(
            pages=last.pages,
            outputs=last.outputs,
            written=0,
            unchanged=last.outputs,
            removed=0,
            feeds=last.feeds,
            rendered=0,
            cards_drawn=0,
            cards_reused=last.cards_drawn + last.cards_reused,
            seconds=seconds,
        )


def stamp_path(config: SiteConfig) -> Path:
    return config.cache_dir / f"{STAMP_PREFIX}{output_folder_key(config.output_dir)}.json"


def look_at_inputs(config: SiteConfig, options: tuple[object, ...]) -> InputsLook:
    """A look at everything a build of `config` with `options` reads, taken without reading it."""
    taken_ns = time.time_ns()
    newest_ns = 0
    theme = load_theme(config)
    skip = {config.output_dir, config.cache_dir}
    digest = hashlib.sha256(repr((STAMP_VERSION, options, str(config.site_dir), config.text)).encode())
    files: dict[str, FileLook] = {}
    folders = [config.content_dir, config.static_dir, *theme.dirs, *theme.template_dirs, PACKAGE_DIR]
    for folder in dict.fromkeys(folders):  # a folder may be listed twice (the default theme)
        digest.update(os.fsencode(f"\0{folder}\0"))
        trusted = folder in (config.content_dir, config.static_dir)
        for name, file_look in walk_files(folder, frozenset(skip), frozenset({"__pycache__"})):
            size, mtime_ns = file_look
            digest.update(f"{name}:{size}:{mtime_ns}\n".encode("utf-8", "surrogateescape"))
            newest_ns = max(newest_ns, mtime_ns)
            if trusted and is_settled(mtime_ns, taken_ns):
                files[f"{folder}/{name}"] = file_look
    for name in SITE_FILES:
        look = look_at_file(config.site_dir / name)
        digest.update(f"\0{name}:{look}".encode())
        newest_ns = max(newest_ns, look[1] if look else 0)
    digest.update(repr(installed_distributions()).encode())
    return InputsLook(digest.hexdigest(), newest_ns, taken_ns, FileLooks(files))


def look_at_outputs(output_dir: Path) -> dict[str, FileLook]:
    """Every file in the output folder with its size and modification time."""
    return look_at_output_folder(output_dir)


def look_at_files(paths: Iterable[Path]) -> dict[str, FileLook | None]:
    return {str(path): look_at_file(path) for path in paths}


def find_current_stamp(
    config: SiteConfig,
    inputs: InputsLook,
    now: dt.datetime,
    output_look: Callable[[], dict[str, FileLook]] | None = None,
) -> BuildStamp | None:
    """The stamp of the last build when that build's output is still exactly what this one would write.

    `output_look()` gives the output folder's look (default: taken here, see `look_at_outputs`)."""
    if not inputs.settled:
        return None
    stamp = load_stamp(config, inputs.digest)
    if stamp is None:
        return None
    if stamp.expires is not None and now >= stamp.expires:
        return None
    if look_at_files(Path(name) for name in stamp.extra_files) != stamp.extra_files:
        return None
    if (output_look() if output_look else look_at_outputs(config.output_dir)) != stamp.outputs:
        return None  # a file was edited, deleted or added by hand: the build puts it right
    return stamp


def save_stamp(config: SiteConfig, stamp: BuildStamp) -> None:
    """Keep `stamp`: its inputs digest on the first line, the rest as data below (see `load_stamp`)."""
    path = stamp_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "extra_files": {name: list(look) if look else None for name, look in stamp.extra_files.items()},
        "expires": stamp.expires,
        "outputs": {name: list(look) for name, look in stamp.outputs.items()},
        "summary": stamp.summary,
        "warnings": list(stamp.warnings),
    }
    # Two output looks a page, as plain JSON: only the summary and warnings are records,
    # tagged as json.dumps meets them (walking 20,000 looks first to tag nothing took 12 ms).
    data = dump_cache_data(body)
    replace_cache_file(path, stamp.inputs.encode("ascii") + b"\n" + data)
    path.with_suffix(".pickle").unlink(missing_ok=True)  # as earlier versions kept it, never read


_STAMP_TYPES = cache_types(BuildSummary, Problem)


def load_stamp(config: SiteConfig, inputs: str | None = None) -> BuildStamp | None:
    """The stamp the last build left, if its inputs digest is `inputs` (any, when None).

    The rest is read only on a match: at 10,000 pages a stamp holds 20,000 output looks and
    maybe as many warnings, and every build after an edit would load it for nothing.
    """
    try:
        with open(stamp_path(config), "rb") as stream:
            digest = stream.readline(200).rstrip(b"\n").decode("ascii")
            if inputs is not None and digest != inputs:
                return None
            body = loads_cache_data(stream.read(), _STAMP_TYPES)
    except (OSError, UnicodeDecodeError):
        return None
    return _stamp_of(digest, body)


def _stamp_of(digest: str, body: object) -> BuildStamp | None:
    """The stamp a file's data describes, or None when it is not one (damaged, foreign)."""
    if not isinstance(body, dict):
        return None
    outputs, extra_files = _looks(body.get("outputs")), _looks(body.get("extra_files"))
    expires, summary, warnings = body.get("expires"), body.get("summary"), body.get("warnings")
    if outputs is None or extra_files is None or not isinstance(summary, BuildSummary):
        return None
    if not (expires is None or isinstance(expires, dt.datetime)) or not isinstance(warnings, list):
        return None
    if not all(isinstance(warning, Problem) for warning in warnings):
        return None
    found = {name: look for name, look in outputs.items() if look is not None}
    if len(found) != len(outputs):
        return None
    return BuildStamp(digest, extra_files, expires, found, summary, tuple(warnings))


def _looks(value: object) -> dict[str, FileLook | None] | None:
    if not isinstance(value, dict):
        return None
    looks: dict[str, FileLook | None] = {}
    for name, look in value.items():
        if look is None:
            looks[name] = None
        elif isinstance(look, list) and len(look) == 2 and type(look[0]) is int and type(look[1]) is int:
            looks[name] = (look[0], look[1])
        else:
            return None
    return looks
