"""Building the site for `serve`, and telling the open tabs what each build did.

A successful build gets a new generation and sends `reload` (or `css` when only
stylesheets changed). A failed one keeps the last good output, which the server goes on
serving, and sends `problems` with the overlay; the next good build sends `reload`, which
clears it.
"""

from __future__ import annotations

import secrets
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from smo_gen.build.command import build_site
from smo_gen.build.request import BuildRequest
from smo_gen.errors import Problem, SmoError
from smo_gen.reporter import BuildSummary, RecordingReporter, ShowProgress
from smo_gen.serve.events import Event, EventHub
from smo_gen.serve.overlay import overlay_payload
from smo_gen.serve.watcher import ChangeSet

Echo = Callable[[str], None]


@dataclass(frozen=True)
class BuildState:
    """The outcome of the latest build: its generation, and its errors when it failed."""

    generation: str  # changes with every good build; pages carry the one they came from
    good_builds: int
    problems: tuple[Problem, ...] = ()
    summary: BuildSummary | None = None

    @property
    def failing(self) -> bool:
        return bool(self.problems)


class LiveBuild:
    """Runs one build at a time and publishes its outcome to the event hub."""

    def __init__(
        self, request: BuildRequest, hub: EventHub, echo: Echo, show_progress: ShowProgress | None = None
    ) -> None:
        self.request = request
        self.hub = hub
        self.echo = echo
        self.show_progress = show_progress  # each long stage's count, for the terminal
        self._boot = secrets.token_hex(4)  # a restarted server never repeats a generation
        self._lock = threading.Lock()
        self._state = BuildState(generation=f"{self._boot}-0", good_builds=0)
        self._warnings: tuple[Problem, ...] = ()
        self._finished = threading.Condition()
        self.builds = 0  # every build, good or failed

    @property
    def state(self) -> BuildState:
        return self._state

    def greeting(self) -> list[Event]:
        """What a newly connected tab is told: the current generation, and the overlay if failing."""
        state = self._state
        events = [Event("hello", {"generation": state.generation, "failing": state.failing})]
        if state.failing:
            events.append(Event("problems", overlay_payload(state.problems)))
        return events

    def rebuild(self, changes: ChangeSet | None = None) -> BuildState:
        """Build now; never raises, so the server outlives any mistake in the site."""
        with self._lock:
            reporter = RecordingReporter(show_progress=self.show_progress)
            try:
                summary = build_site(self.request, reporter)
            except SmoError as error:
                state = self._failed(tuple(error.problems) or (Problem("the build failed"),))
            except Exception as exc:  # noqa: BLE001 - a bug must not stop the server
                self.echo("".join(traceback.format_exception(exc)).rstrip())
                state = self._failed(
                    (Problem(f"smo-gen failed unexpectedly: {exc!r} (the traceback is in the terminal)"),)
                )
            else:
                state = self._succeeded(summary, changes, reporter)
            with self._finished:
                self.builds += 1
                self._finished.notify_all()
            return state

    def wait_for_builds(self, count: int, timeout: float) -> bool:
        """Wait until `count` builds have run in all; False when `timeout` seconds pass first."""
        with self._finished:
            return self._finished.wait_for(lambda: self.builds >= count, timeout)

    def _succeeded(self, summary: BuildSummary, changes: ChangeSet | None, reporter: RecordingReporter) -> BuildState:
        previous = self._state
        count = previous.good_builds + 1
        state = BuildState(generation=f"{self._boot}-{count}", good_builds=count, summary=summary)
        self._state = state
        warnings = tuple(reporter.problems)
        if warnings != self._warnings:
            for problem in warnings:
                self.echo(str(problem))
            self._warnings = warnings
        cause = f" after {changes.describe(self.request.site_dir)} changed" if changes else ""
        done = str(summary).removeprefix("built ")  # the summary says "built ..." itself
        self.echo(f"{'rebuilt' if changes else 'built'}{cause}: {done}")
        css_only = changes is not None and changes.stylesheets_only and not previous.failing
        name = "css" if css_only else "reload"
        self.hub.publish(Event(name, {"generation": state.generation}))
        return state

    def _failed(self, problems: tuple[Problem, ...]) -> BuildState:
        previous = self._state
        state = BuildState(previous.generation, previous.good_builds, problems, previous.summary)
        self._state = state
        for problem in problems:
            self.echo(f"error: {problem}" if problem.severity == "error" else str(problem))
        if previous.good_builds:
            self.echo("The last good build is still served. Fix the file and save: open pages update by themselves.")
        self.hub.publish(Event("problems", overlay_payload(problems)))
        return state
