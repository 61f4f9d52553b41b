"""`smo-gen build`: decide whether anything changed, and if so run the pipeline.

A build whose inputs are exactly those of the last successful build into the same folder is
skipped (see `build_stamp`), before the heavy modules of the pipeline are even imported, so a
no-change build costs little more than a look at the files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time

from smo_gen.build.build_stamp import (
    BuildStamp,
    find_current_stamp,
    look_at_files,
    look_at_inputs,
    look_at_outputs,
    save_stamp,
)
from smo_gen.build.output_folder import OutputWriteError, claim_output_folder
from smo_gen.build.output_look import output_folder_look
from smo_gen.build.request import BuildRequest
from smo_gen.build.switch import tidy, wait_for_removals
from smo_gen.config.site_config import SiteConfig, load_config
from smo_gen.errors import BuildError, Problem, ProblemList, SmoError, StrictError
from smo_gen.reporter import BuildSummary, Reporter
from smo_gen.workers import no_cycle_collection


def build_now() -> dt.datetime:
    """The moment this build treats as now: SOURCE_DATE_EPOCH when set, for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise BuildError(Problem(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got '{epoch}'")) from None
    return dt.datetime.now(tz=dt.UTC)


def load_request_config(request: BuildRequest) -> SiteConfig:
    config = load_config(request.site_dir)
    if request.base_url:
        config = config.with_base_url(request.base_url)
    if request.output_dir:
        config = config.with_output_dir(request.output_dir)
    return config


def build_site(request: BuildRequest, reporter: Reporter) -> BuildSummary:
    """Build the site described by `request`; raise BuildError listing every problem.

    Warnings reach the reporter whether the build succeeds, fails or is skipped.
    """
    started = time.perf_counter()
    config = load_request_config(request)
    origin = "--output" if request.output_dir else "site.toml: output_dir"
    claim_output_folder(config, origin, request.force_output)  # before the folder is even looked at
    now = request.now or build_now()
    with output_folder_look(config.output_dir) as outputs:
        inputs = look_at_inputs(config, request.output_options())
        stamp = find_current_stamp(config, inputs, now, outputs.result)
        if stamp is not None:
            if request.is_strict(config) and stamp.warnings:
                raise StrictError(stamp.warnings)  # the output stays as the last build left it
            for problem in stamp.warnings:
                reporter.problem(problem)
            # A build stopped after saving its stamp, while its old tree was being removed,
            # leaves that tree beside the output: a skipped build removes it as a full one does.
            tidy(config.output_dir)
            summary = stamp.skipped_summary(time.perf_counter() - started)
            reporter.finished(summary)
            return summary

        from smo_gen.build.pipeline import (  # the heavy part: only when there is something to build
            PipelineRun,
            run_pipeline,
        )

        problems = ProblemList()
        try:
            with no_cycle_collection():
                run = PipelineRun.make(request, config, now, reporter, problems, inputs.files)
                built = run_pipeline(run, outputs.result)
        except StrictError:
            raise  # its problems are the warnings
        except SmoError:
            for problem in problems.warnings:
                reporter.problem(problem)
            raise
        except OSError as error:  # a cache the disk could not take, say (the writer says its own)
            for problem in problems.warnings:
                reporter.problem(problem)
            raise OutputWriteError(error, config.output_dir) from error
    if not inputs.settled:
        wait_for_removals()
        return built.summary  # an input changed moments ago and may change again unseen: no stamp
    stamp = BuildStamp(
        inputs=inputs.digest,
        extra_files=look_at_files(built.extra_files),
        expires=built.expires,
        outputs=built.outputs if built.outputs is not None else look_at_outputs(config.output_dir),
        summary=built.summary,
        warnings=tuple(built.warnings),
    )
    with contextlib.suppress(OSError):  # the site is written; without a stamp the next build only looks closer
        save_stamp(config, stamp)
    wait_for_removals()  # the old site, deleted meanwhile: a build leaves nothing beside its output
    return built.summary
