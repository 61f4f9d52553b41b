"""Which folders a build may write into, and how smo-gen knows a folder is its own output.

A build writes, replaces and removes files in its output folder, so the folder is checked
before anything is read or written:

- it may not be, hold, or lie inside the site's sources (the site folder, content/, static/,
  themes/, templates/, the cache folder; `serve` writes into a folder of its own inside the
  cache folder), nor any folder above the site folder (such as the home folder);
- it must be missing, empty, or smo-gen's own output, which a marker file says
  (`.smo-gen-output`: a fixed signature and a digest of the site's base URL, the same on
  every machine so builds stay reproducible). A folder built by a version of smo-gen that
  wrote no marker is recognised by the record of written files that version kept in the
  cache folder (its file name is a digest of the output folder's path; it is never read, since
  it is a pickle). Any other folder is written into only when the person says so
  (`--force-output`). A folder marked for another site is refused too, unless this site's
  record says it wrote there (the base URL changed) or it lies inside the site folder.

Files are removed only when smo-gen's record says it wrote them (see `stale_files` and `write_plan`).
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

from smo_gen.build.caches.data import dump_cache_data, keeps_cache_reads, read_cache_data
from smo_gen.config.site_config import SiteConfig
from smo_gen.errors import BuildError, Problem
from smo_gen.file_looks import FileIdentity, FileLook, identity_of, walk_files
from smo_gen.path_names import MAX_NAME_BYTES

# Folders of an output folder that are never ours to write or tidy (a deploy checkout's history).
KEPT_NAMES = frozenset({".git", ".hg", ".svn"})
MARKER_NAME = ".smo-gen-output"  # says a folder is smo-gen's output
SIGNATURE = "smo-gen output folder"
SERVE_FOLDER = "serve"  # `serve` builds into this folder under the site's cache folder
STATE_PREFIX = "outputs-"
TEMPORARY_SUFFIX = ".smo-tmp"  # what an output is written as, beside it, before it is renamed into place
FORCE_HINT = "pass --force-output to write there anyway; smo-gen never deletes a file it did not write"

Ownership = Literal["new", "marked", "recorded", "forced"]


class WrittenFile(NamedTuple):
    """One output as the record of written files holds it (a JSON array, in this order)."""

    fingerprint: str  # what its bytes are known by: a digest, or a copy's source and look
    size: int
    key: str | None  # the digest of its inputs (see `output_keys`); None for a copy
    reads_site: bool  # its template read the whole site model
    mtime_ns: int | None  # its modification time as written; None until looked at


@dataclass(frozen=True)
class OutputRecord:
    """What the last build wrote into an output folder (kept in the cache folder, not the output)."""

    path: Path
    stored: bytes | None  # the record's bytes, to leave an equal record unwritten
    files: dict[str, WrittenFile]


def record_path(output_dir: Path, cache_dir: Path) -> Path:
    """Where the record of what was written into `output_dir` is kept: one per output folder,
    so `serve` (its own folder) and `build` never undo each other's."""
    return cache_dir / f"{STATE_PREFIX}{output_folder_key(output_dir)}.json"


def has_legacy_record(output_dir: Path, cache_dir: Path) -> bool:
    """Whether a version of smo-gen that wrote no marker kept a record of writing into
    `output_dir`: its name says which folder; its content (a pickle) is never read."""
    return record_path(output_dir, cache_dir).with_suffix(".pickle").is_file()


def load_output_record(output_dir: Path, cache_dir: Path) -> OutputRecord:
    """The record of the files the last build wrote into `output_dir` (empty when there is none).

    A record names only plain relative paths inside the folder: one naming '..', an absolute
    path or a version-control folder (a damaged or planted cache) is left out, so it can never
    lead the writer outside the output folder."""
    path = record_path(output_dir, cache_dir)
    known = _saved_record
    if known is not None and known[0] == str(path) and _identity(path) == known[1]:
        return OutputRecord(path, known[2], dict(known[3]))  # as this process saved it: the build changes its copy
    # JSON, never a pickle: the cache folder may come from a checkout (see caches.data).
    stored, state = read_cache_data(path)
    files = state.get("files") if isinstance(state, dict) else None
    kept: dict[str, WrittenFile] = {}
    if isinstance(state, dict) and state.get("output_dir") == str(output_dir) and isinstance(files, dict):
        kept = {
            dest: WrittenFile(*record) for dest, record in files.items() if is_plain_dest(dest) and _is_record(record)
        }
    return OutputRecord(path, stored, kept)


# Where a process keeps cache reads (a build server: see caches.data.keep_cache_reads), the
# record it saved last, with the look of the file it wrote: its next build finds the file so and
# takes the record from here, neither read nor checked again (~7 ms of a one-edit build at 1,000
# pages, ~70 ms at 10,000).
_saved_record: tuple[str, FileIdentity, bytes, dict[str, WrittenFile]] | None = None


def remember_saved_record(path: Path, written: os.stat_result, data: bytes, files: dict[str, WrittenFile]) -> None:
    """The record `files` was saved at `path` as `data`, the file's look then `written`."""
    global _saved_record
    if keeps_cache_reads():
        _saved_record = (str(path), identity_of(written), data, dict(files))


def _identity(path: Path) -> FileIdentity | None:
    try:
        return identity_of(os.stat(path))
    except OSError:
        return None


def dump_output_record(output_dir: Path, files: Mapping[str, WrittenFile]) -> bytes:
    return dump_cache_data({"output_dir": str(output_dir), "files": files})


def _is_record(record: object) -> bool:
    """A `WrittenFile` as JSON keeps it: [fingerprint, size, key or None, reads the site, time written or None]."""
    if not (isinstance(record, list) and len(record) == len(WrittenFile._fields)):
        return False
    fingerprint, size, key, reads_site, mtime_ns = record
    return (
        isinstance(fingerprint, str)
        and type(size) is int
        and (key is None or isinstance(key, str))
        and isinstance(reads_site, bool)
        and (mtime_ns is None or type(mtime_ns) is int)
    )


def is_plain_dest(dest: str) -> bool:
    """True for a relative path such as 'a/b/index.html': no empty, '.' or '..' part, no
    backslash, not inside a version-control folder."""
    parts = dest.split("/")
    return (
        "\\" not in dest
        and "\0" not in dest
        and all(part not in ("", ".", "..") for part in parts)
        and parts[0] not in KEPT_NAMES
    )


def marker_text(base_url: str) -> bytes:
    """The marker's content: the signature, and which site writes here (see `site_identity`)."""
    return f"{SIGNATURE}\nsite {site_identity(base_url)}\n".encode()


def site_identity(base_url: str) -> str:
    """A digest of the site's base URL: public already, and the same wherever the site is built."""
    return hashlib.sha256(base_url.encode()).hexdigest()[:16]


def read_marker(output_dir: Path) -> str | None:
    """The site identity the folder's marker names, '' for a marker naming none, None for no marker."""
    try:
        with open(output_dir / MARKER_NAME, "rb") as stream:
            text = stream.read(256).decode("utf-8", "replace")
    except OSError:
        return None
    lines = text.splitlines()
    if not lines or lines[0] != SIGNATURE:
        return None
    site = next((line[5:] for line in lines[1:] if line.startswith("site ")), "")
    return site.strip()


def claim_output_folder(config: SiteConfig, origin: str, force: bool = False) -> Ownership:
    """Check that a build of `config` may write into its output folder; say why it may.

    `origin` names where the folder was chosen ('--output', 'site.toml: output_dir') for the
    message. Raises BuildError, before anything is written, when the folder is or holds the
    site's sources, or holds files smo-gen did not write (unless `force`).
    """
    output_dir = config.output_dir
    if problem := find_source_clash(config, origin):
        raise BuildError(problem)
    if not output_dir.exists():
        return "new"
    if not output_dir.is_dir():
        raise BuildError(
            Problem(f"'{output_dir}' is a file, not a folder", key=origin, hint="choose a folder for the output")
        )
    marked = read_marker(output_dir)
    if marked is not None and (
        marked in (site_identity(config.base_url), "") or force or output_dir.is_relative_to(config.site_dir)
    ):
        return "marked"  # the common cases, decided without reading the record (4 MB at 10,000 pages)
    recorded = bool(load_output_record(output_dir, config.cache_dir).files) or has_legacy_record(
        output_dir, config.cache_dir
    )
    if marked is not None:
        if recorded:
            return "marked"  # this site wrote there, under another base URL
        raise BuildError(
            Problem(
                f"'{output_dir}' holds the output of another smo-gen site; this build would replace its files",
                key=origin,
                hint=f"build into a folder of its own, or {FORCE_HINT}",
            )
        )
    if recorded:
        return "recorded"  # built by a version of smo-gen that wrote no marker: the record says what is ours
    others = sorted(_entries(output_dir))
    if not others:
        return "new"
    if force:
        return "forced"
    shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
    raise BuildError(
        Problem(
            f"'{output_dir}' already holds files smo-gen did not write ({shown}); "
            "a build would replace those at the paths it writes",
            key=origin,
            hint=f"build into a new or empty folder, or {FORCE_HINT}",
        )
    )


def _entries(folder: Path) -> Iterator[str]:
    with os.scandir(folder) as scan:
        for entry in scan:
            if entry.name not in KEPT_NAMES:  # a deploy checkout's history is not in the way
                yield entry.name


def find_source_clash(config: SiteConfig, origin: str) -> Problem | None:
    """Why the output folder cannot be where it is (the site's sources are there), or None."""
    output_dir = config.output_dir
    site_dir = config.site_dir
    sources = [
        (site_dir, "the site folder"),
        (config.content_dir, "the content folder"),
        (config.static_dir, "the static folder"),
        (site_dir / "themes", "the themes folder"),
        (site_dir / "templates", "the templates folder"),
        (config.cache_dir, "the cache folder"),
    ]
    hint = "build into a folder of its own, such as public/ inside the site folder (the default)"
    for source, name in sources:
        if output_dir == source:
            reason = f"'{output_dir}' is {name}"
        elif source.is_relative_to(output_dir):
            reason = f"'{output_dir}' holds {name} ({source})"
        elif output_dir.is_relative_to(source) and source != site_dir:
            if source == config.cache_dir and output_dir == config.cache_dir / SERVE_FOLDER:
                continue  # serve's own folder
            reason = f"'{output_dir}' is inside {name} ({source})"
        else:
            continue
        return Problem(f"{reason}; a build would replace and delete files there", key=origin, hint=hint)
    return None


class OutputWriteError(BuildError):
    """The system refused a build's file (the disk is full, a permission is missing): said
    for people, with what it means for the output folder (`outcome`)."""

    def __init__(
        self, error: OSError, output_dir: Path, left: Literal["untouched", "partly", "new", "unmade"] = "untouched"
    ) -> None:
        """`left`: the output folder as the error leaves it: the previous site untouched,
        partly replaced, a new folder holding part of the site, or not made at all."""
        name = _shown_path(error.filename, output_dir)
        if error.errno == errno.ENOSPC:
            what = f"disk full while writing {name}"
        elif error.errno == errno.EDQUOT:
            what = f"disk quota exceeded while writing {name}"
        else:
            what = f"{name}: {error.strerror or error}"
        self.outcome = {
            "untouched": "no page of the previous site was replaced.",
            "partly": "the output folder holds the previous site with some "
            "files already replaced; the next build completes it.",
            "new": "the new output folder holds part of the site; the next build completes it.",
            "unmade": "no output folder was made.",
        }[left]
        super().__init__(Problem(what, hint="free some space or fix the permission, then build again"))


def _shown_path(filename: object, output_dir: Path) -> str:
    """The file an error names, as the output file it was for ('public/a/index.html')."""
    if not isinstance(filename, str):
        return f"the output folder {output_dir}"
    path = Path(filename)
    if path.name.endswith(TEMPORARY_SUFFIX) and path.name.startswith("."):
        path = path.with_name(path.name[1 : -len(TEMPORARY_SUFFIX)])
    try:
        return f"{output_dir.name}/{path.relative_to(output_dir).as_posix()}"
    except ValueError:
        return str(path)


def is_temporary(dest: str) -> bool:
    """True for a file a build writes before renaming it into place (see `temporary_name`):
    never part of a site."""
    return dest.endswith(TEMPORARY_SUFFIX) and dest.rpartition("/")[2].startswith(".")


def temporary_name(target: Path) -> Path:
    """The name `target` is written under before it is renamed into place: beside it, hidden,
    and never too long for the file system (a long name is replaced by its digest)."""
    name = f".{target.name}{TEMPORARY_SUFFIX}"
    if len(os.fsencode(name)) > MAX_NAME_BYTES:
        name = f".{hashlib.sha256(os.fsencode(target.name)).hexdigest()[:32]}.long{TEMPORARY_SUFFIX}"
    return target.with_name(name)


def clear_temporary(temporary: Path) -> None:
    """Remove a temporary file a stopped build left. Never written into: it may be a hard link
    to a source file (see `output_files`)."""
    temporary.unlink(missing_ok=True)


def output_folder_key(output_dir: Path) -> str:
    """A short name for an output folder, so records about `public/` and serve's folder stay apart."""
    return hashlib.sha256(str(output_dir).encode()).hexdigest()[:12]


def look_at_output_folder(output_dir: Path) -> dict[str, FileLook]:
    """Every file in an output folder with its size and modification time (version control's
    folders and smo-gen's marker left out). The writer and the build stamp take the same look."""
    return dict(walk_files(output_dir, skip_names=UNLOOKED_NAMES))


UNLOOKED_NAMES = KEPT_NAMES | {MARKER_NAME}
