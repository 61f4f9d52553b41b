"""What a build is to do in its output folder: which outputs to write, which are current, what is in the way."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from smo_gen.build.caches.trusted_looks import NO_LOOKS, FileLooks
from smo_gen.build.output_folder import WrittenFile
from smo_gen.build.output_state import OutputState
from smo_gen.errors import BuildError, Problem
from smo_gen.path_names import find_long_names
from smo_gen.render.document_parts import Assembled
from smo_gen.render.outputs import Output, WrittenAhead


@dataclass(frozen=True)
class WritePlan:
    """What `write_site` is to do in the output folder, decided before a single file is written."""

    current: dict[str, WrittenFile]  # the record after this build (times of changed files come once written)
    changed: list[tuple[Path, Output]]  # the outputs to write, with where they go
    unchanged: int  # outputs whose file is current already
    in_the_way: list[Path]  # what the last build wrote where a changed output now needs a folder or a file
    stale: bool  # the last build wrote files that no output produces any more
    fresh: bool  # there is no output folder yet: nothing can be in the way

    def is_needed(self, state: OutputState) -> bool:
        """False when the output folder is to stay exactly as it is."""
        return bool(self.changed or self.in_the_way or self.stale or state.marker is not None)


def plan_writes(outputs: Iterable[Output], state: OutputState, looks: FileLooks, link: bool) -> WritePlan:
    """Compare `outputs` with the record of what the last build wrote (`state`): which to write,
    which are current, what is in the way. Raises BuildError for what cannot be written."""
    output_dir, previous = state.output_dir, state.files
    fresh = not output_dir.exists()  # nothing can be in the way
    current: dict[str, WrittenFile] = {}
    changed: list[tuple[Path, Output]] = []
    unchanged = 0
    for output in outputs:
        if output.data is None and output.source is None:
            current[output.dest] = previous[output.dest]
            unchanged += 1
            continue
        fingerprint, size = output_fingerprint(output, looks, link)
        before = previous.get(output.dest)
        if before is not None and (before.fingerprint, before.size) == (fingerprint, size):
            kept = state.confirmed(output.dest, before, state.look(output.dest))
            if kept is not None:
                current[output.dest] = WrittenFile(fingerprint, size, output.key, output.reads_site, kept.mtime_ns)
                unchanged += 1
                continue
        current[output.dest] = WrittenFile(fingerprint, size, output.key, output.reads_site, None)  # time once written
        changed.append((output_dir / output.dest, output))
    problems = find_long_names(output.dest for _, output in changed)
    in_the_way = [] if fresh else find_obstacles(changed, output_dir, previous, problems)
    if problems:
        raise BuildError(problems)
    stale = any(dest not in current for dest in previous)
    return WritePlan(current, changed, unchanged, in_the_way, stale, fresh)


def output_fingerprint(output: Output, looks: FileLooks = NO_LOOKS, link: bool = False) -> tuple[str, int]:
    """What the output's bytes are known by, and how many there are: for a copy, its source's
    look, from `looks` (the build's trusted look at its inputs) or a stat, and whether it is
    linked (so a copy is made afresh when the setting changes)."""
    if isinstance(output.data, (Assembled, WrittenAhead)):
        return output.data.fingerprint, output.data.size
    if output.data is not None:
        return "sha256:" + hashlib.sha256(output.data).hexdigest(), len(output.data)
    assert output.source is not None
    source = str(output.source)
    look = looks.get(source)
    if look is None:
        info = os.stat(output.source)
        look = info.st_size, info.st_mtime_ns
    return f"{'link' if link else 'file'}:{source}:{look[0]}:{look[1]}", look[0]


def find_obstacles(
    changed: list[tuple[Path, Output]], output_dir: Path, previous: Mapping[str, WrittenFile], problems: list[Problem]
) -> list[Path]:
    """What is in the way of the outputs to write, to remove before writing: a file where a
    folder is now needed ('a' before 'a/index.html'), a folder where a file is now needed.

    Only what the last build wrote may go (and a link, never followed); anything else in the
    way is added to `problems`, before a single file is written.
    """
    obstacles: list[Path] = []
    looked: dict[str, bool] = {}  # folder -> in the way (each looked at once)
    for target, output in changed:
        parts = output.dest.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder not in looked:
                looked[folder] = _is_in_the_way(output_dir / folder)
                if looked[folder]:
                    _add_obstacle(output_dir, folder, output.dest, previous, obstacles, problems)
            if looked[folder]:
                break
        else:
            if target.is_dir() and not target.is_symlink() and output.dest not in looked:
                looked[output.dest] = True
                _add_obstacle(output_dir, output.dest, output.dest, previous, obstacles, problems)
    return obstacles


def _is_in_the_way(folder: Path) -> bool:
    """True when `folder` exists as something other than a folder (a file, or a link, which a
    build never writes through)."""
    try:
        mode = folder.lstat().st_mode
    except OSError:
        return False
    return not stat.S_ISDIR(mode)


def _add_obstacle(
    output_dir: Path,
    name: str,
    dest: str,
    previous: Mapping[str, WrittenFile],
    obstacles: list[Path],
    problems: list[Problem],
) -> None:
    path = output_dir / name
    if path.is_dir() and not path.is_symlink():
        foreign = [
            rel for rel in (p.relative_to(output_dir).as_posix() for p in _files_under(path)) if rel not in previous
        ]
    else:
        foreign = [] if name in previous else [name]
    if not foreign:
        obstacles.append(path)
        return
    problems.append(
        Problem(
            f"{output_dir.name}/{foreign[0]} is in the way of {output_dir.name}/{dest}, and smo-gen did not write it",
            hint="move or delete it by hand, then build again",
        )
    )


def _files_under(folder: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder):  # links are listed, never followed
        for name in files + [f for f in folders if os.path.islink(os.path.join(root, f))]:
            yield Path(root, name)
