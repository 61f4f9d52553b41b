"""Writing a rendered site into the output folder, touching only what changed.

Everything is rendered before this runs, so a build that fails never reaches the output
folder: the last good site stays exactly as it was. (Large feeds may be assembled partly from
ranges of the files the last build wrote, see `document_parts`; those files are only read.) Where
the system allows, the new site is assembled beside the output folder and switched in whole
(see `switch`); elsewhere each file is written to a temporary name and renamed into place,
so readers never see half a file.
A record of what was written (in the cache folder, not the output) lets the next build skip
unchanged files and remove the ones no page produces any more.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from smo_gen.atomic_write import write_atomically
from smo_gen.build.output_files import release_later, remove_obstacle, write_files, written_ahead_at
from smo_gen.build.output_folder import (
    MARKER_NAME,
    OutputWriteError,
)
from smo_gen.build.output_state import OutputState, save_record
from smo_gen.build.spare import make_kept, make_spare_request
from smo_gen.build.stale_files import remove_stale_files
from smo_gen.build.switch import CannotStage, Staging, tidy
from smo_gen.build.write_options import WriteOptions
from smo_gen.build.write_plan import WritePlan, plan_writes
from smo_gen.file_looks import FileLook, look_at_file
from smo_gen.render.outputs import Output, WrittenAhead


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int
    # Every file in the output folder afterwards (as `look_at_output_folder` gives it) when the
    # sweep for stale files took that look anyway; None when it did not.
    look: dict[str, FileLook] | None = field(default=None, compare=False)


def write_site(
    outputs: Iterable[Output], output_dir: Path, cache_dir: Path, options: WriteOptions | None = None
) -> WriteStats:
    """Bring `output_dir` in line with `outputs`: write what changed, remove what is gone.

    An output with neither data nor source is one the build found current (`OutputState.is_current`):
    it is kept as it is. `options` only spare work (see `WriteOptions`).
    """
    options = options or WriteOptions()
    state = options.state or OutputState(output_dir, cache_dir)
    plan = plan_writes(outputs, state, options.looks, options.link)
    needed = plan.is_needed(state)  # else nothing is touched
    staging = options.early.take_staging() if options.early is not None else None
    if staging is not None and not needed:
        staging.discard()  # early writes for outputs found unchanged after all
        staging = None
    if staging is None and needed:
        staging = Staging.open(output_dir, make_spare_request(state))
    elif not needed:
        tidy(output_dir)  # a build stopped after its switch left the old tree beside the output
    leftover: Staging | None = None  # a staged tree the outputs written ahead are copied from
    if staging is not None:
        try:
            return _write_staged(staging, state, plan, options)
        except CannotStage:  # the staging folder is removed (or left for `leftover`): write file by file instead
            options = replace(options, early=None)  # its files went to the staging folder
            leftover = staging
    done: list[str] = []  # outputs written so far, recorded as ours even if writing stops
    held: list[int] = []  # replaced large files, freed beside the rest of the build
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        if state.marker is not None:
            write_atomically(output_dir / MARKER_NAME, state.marker, durable=False)
        for path in plan.in_the_way:
            remove_obstacle(path)
        write_files(plan.changed, options, plan.fresh, held, done)
    except OSError as error:
        written = {  # as written: not written again next time
            dest: plan.current[dest]._replace(mtime_ns=(look_at_file(output_dir / dest) or (0, None))[1])
            for dest in done
        }
        with contextlib.suppress(OSError):  # the disk may be full for the record too
            save_record(state, {**state.files, **written}, output_dir)
        raise OutputWriteError(error, output_dir, "new" if plan.fresh else "partly" if done else "untouched") from error
    finally:
        release_later(held)
        if options.early is not None:
            options.early.discard()  # staged for an output found unchanged after all
        if leftover is not None:
            leftover.discard()
    return _finish(output_dir, state, plan, plan.changed)


def _finish(
    root: Path,
    state: OutputState,
    plan: WritePlan,
    written: list[tuple[Path, Output]],
    save: bool = True,
    placed: Sequence[Output] = (),
) -> WriteStats:
    """Remove the stale files under `root` (the output folder or the staged tree), record
    the time each `written` file was written (and each of `placed`, written ahead in its place),
    and save the record unless told not to."""
    current = plan.current
    removed, look = remove_stale_files(root, current, state.files, state.folder_look)
    for output in placed:
        assert isinstance(output.data, WrittenAhead)
        current[output.dest] = current[output.dest]._replace(mtime_ns=output.data.mtime_ns)
        if look is not None:
            look[output.dest] = (output.data.size, output.data.mtime_ns)
    for target, output in written:
        written_look = look_at_file(target)  # never one written ahead: those come as `placed`
        current[output.dest] = current[output.dest]._replace(mtime_ns=written_look[1] if written_look else None)
        if look is not None and written_look is not None:
            look[output.dest] = written_look
    if save:
        save_record(state, current, state.output_dir)
    return WriteStats(len(written) + len(placed), plan.unchanged, removed, look)


def _write_staged(staging: Staging, state: OutputState, plan: WritePlan, options: WriteOptions) -> WriteStats:
    """`write_site` through a staged tree (see `switch`): the output folder is replaced whole,
    or not at all."""
    output_dir, root = staging.output_dir, staging.path
    # The changed files are left out of the mirror, so they are written straight to their
    # place in the staged tree (nobody reads it yet), without a temporary name. Those written
    # there already (every one, on a cold build) need no path made: 20,000 at 10,000 pages took
    # 0.06 s of the write stage, with every other core idle.
    root_text = str(root)
    staged: list[tuple[Path, Output]] = []
    ahead: list[Output] = []
    for _, output in plan.changed:
        if written_ahead_at(output, os.path.join(root_text, output.dest)):
            ahead.append(output)
        else:
            staged.append((root / output.dest, output))
    dests = {output.dest for _, output in plan.changed}
    try:
        if staging.complete:
            staging.wait_mirrored()  # CannotStage: replaced file by file instead
            staging.written = True
            staging.unlink(dests)
        else:
            staging.mirror(dests)  # CannotStage: replaced file by file instead
        if state.marker is not None:
            write_atomically(root / MARKER_NAME, state.marker, durable=False)
        for path in plan.in_the_way:
            remove_obstacle(root / path.relative_to(output_dir))
        write_files(staged, options, in_place=True, placed=len(ahead))
        if options.early is not None:
            options.early.discard()  # staged for an output found unchanged after all: not part of the site
        stats = _finish(root, state, plan, staged, save=False, placed=ahead)
        # Recorded before the switch: a build stopped between the two finds every file of
        # either tree in the record, and rewrites what does not match.
        save_record(state, {**state.files, **plan.current} if plan.stale else plan.current, output_dir)
        staging.switch(make_kept(state, plan.current, dests, stats.look) if not plan.in_the_way else None)
    except OSError as error:
        staging.discard()
        shown = _as_output_path(error, root, output_dir)
        raise OutputWriteError(shown, output_dir, "untouched" if output_dir.exists() else "unmade") from error
    except CannotStage:
        if not any(isinstance(output.data, WrittenAhead) for _, output in plan.changed):
            staging.discard()  # else `write_site` copies the outputs written ahead from it first
        raise
    except BaseException:  # the build interrupted
        staging.discard()
        raise
    finally:
        if options.early is not None:
            options.early.discard()
    if plan.stale:
        save_record(state, plan.current, output_dir)  # without the files this build removed
    return stats


def _as_output_path(error: OSError, root: Path, output_dir: Path) -> OSError:
    """`error` naming the output file, not its place in the staged tree."""
    if isinstance(error.filename, str) and Path(error.filename).is_relative_to(root):
        shown = output_dir / Path(error.filename).relative_to(root)
        return OSError(error.errno, error.strerror, str(shown))
    return error
