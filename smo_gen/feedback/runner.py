"""`smo-gen feedback`: the replies and reactions to every syndicated post, added to feedback.json.

Reads everything first (site.toml, its targets and `[feedback]`, the ledger, feedback.json), then
reads each target's posts (`posted` records with a remote id). A target that cannot be read (no
connection, timeout, 5xx, 401/403, a body that is not the JSON expected) is reported and skipped:
what feedback.json holds for it stays exactly as it was. New replies are added by id and counts
replaced; feedback.json is written atomically, and only when something changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import httpx

from smo_gen import __version__
from smo_gen.config.site_config import load_config
from smo_gen.errors import Problem, SmoError, did_you_mean
from smo_gen.feedback.readers import NotRead, PostGone, ReadContext, Reader, make_readers
from smo_gen.feedback.settings import FeedbackSettings, parse_feedback_settings
from smo_gen.feedback_store import (
    FEEDBACK_NAME,
    FeedbackStore,
    PostFeedback,
    load_feedback,
    merge_feedback,
    write_feedback,
)
from smo_gen.syndicate.http import Failure, Http
from smo_gen.syndicate.post import Secret, redact
from smo_gen.syndicate.targets import Target, parse_targets
from smo_gen.syndication_ledger import LEDGER_NAME, Ledger, Record, load_ledger

ReadStatus = Literal["read", "not read", "failed", "skipped"]


@dataclass(frozen=True)
class TargetResult:
    """What one target gave: `read` (maybe with notes), `not read` (X), `failed`, or `skipped`."""

    target: str
    network: str
    status: ReadStatus
    posts: int = 0
    new_replies: int = 0
    detail: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedbackRun:
    results: tuple[TargetResult, ...]
    written: bool

    @property
    def failed(self) -> tuple[TargetResult, ...]:
        return tuple(result for result in self.results if result.status == "failed")


class FeedbackReporter(Protocol):
    def result(self, result: TargetResult) -> None: ...


@dataclass(frozen=True)
class FeedbackRequest:
    site_dir: Path
    targets: tuple[str, ...] = ()
    environ: Mapping[str, str] = field(default_factory=dict)
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    timeout: float | None = None  # seconds per request; default from [feedback] timeout


def read_feedback(request: FeedbackRequest, reporter: FeedbackReporter | None = None) -> FeedbackRun:
    """Run one `smo-gen feedback`; returns each target's result (also sent to `reporter`)."""
    config = load_config(request.site_dir)
    targets = parse_targets(config.sections.get("targets"), config.text)
    settings = parse_feedback_settings(config.sections.get("feedback"), config.text)
    ledger = load_ledger(config.site_dir / LEDGER_NAME)
    store_path = config.site_dir / FEEDBACK_NAME
    store = load_feedback(store_path)
    chosen = _choose(targets, request.targets)
    now = _stamp(request.clock())
    readers = make_readers()
    results: list[TargetResult] = []
    timeout = request.timeout or settings.timeout
    with httpx.Client(timeout=timeout, headers={"User-Agent": f"smo-gen/{__version__}"}) as client:
        http = Http(client)
        for target in chosen:
            result = _read_target(target, ledger, store, readers[target.network], http, settings, request, now)
            results.append(result)
            if reporter is not None:
                reporter.result(result)
    if not request.targets:
        for name in sorted({t for posts in ledger.records.values() for t in posts} - {t.name for t in targets}):
            result = TargetResult(name, "?", "skipped", detail="no longer in site.toml; what was read is kept")
            results.append(result)
            if reporter is not None:
                reporter.result(result)
    return FeedbackRun(tuple(results), write_feedback(store_path, store))


def _read_target(
    target: Target,
    ledger: Ledger,
    store: FeedbackStore,
    reader: Reader,
    http: Http,
    settings: FeedbackSettings,
    request: FeedbackRequest,
    now: str,
) -> TargetResult:
    posts = _posts_of(ledger, target.name)
    if not posts:
        return TargetResult(target.name, target.network, "skipped", detail="nothing posted with a remote id yet")
    value = request.environ.get(target.credential, "") if target.credential else ""
    secret = Secret(value) if value else None
    context = ReadContext(http, secret, settings)
    notes: list[str] = []
    read = new_replies = 0
    for entry_id, record in posts:
        try:
            reading = reader.read(target, record, context)
        except NotRead as reason:
            return TargetResult(target.name, target.network, "not read", detail=f"not read ({reason})")
        except PostGone as gone:
            notes.append(f"{entry_id}: post not found ({_safe(str(gone), secret)}); kept what was read before")
            continue
        except Failure as failure:
            return _failed(target, failure.message, secret, len(posts) - read)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            message = f"{_label(target)} answered in a shape smo-gen does not know"
            return _failed(target, message, secret, len(posts) - read)
        fresh = PostFeedback(
            target.network, record.remote_id, record.url, reading.counts, {reply.id: reply for reply in reading.replies}
        )
        old = store.get(entry_id, target.name)
        new_replies += len(set(fresh.replies) - set(old.replies if old else {}))
        store.set(entry_id, target.name, merge_feedback(old, fresh, now))
        read += 1
    return TargetResult(target.name, target.network, "read", read, new_replies, notes=tuple(notes))


def _failed(target: Target, message: str, secret: Secret | None, count: int) -> TargetResult:
    hint = ""
    if target.credential and secret is None and ("401" in message or "403" in message):
        hint = f" (environment variable {target.credential} is not set)"
    detail = f"could not read: {_safe(message, secret)}{hint}; kept what was read before"
    return TargetResult(target.name, target.network, "failed", detail=detail, notes=(f"{count} post(s) not read",))


def _posts_of(ledger: Ledger, target: str) -> list[tuple[str, Record]]:
    return [
        (entry_id, record)
        for entry_id, targets in sorted(ledger.records.items())
        if (record := targets.get(target)) is not None and record.posted and record.remote_id
    ]


def _choose(targets: tuple[Target, ...], names: tuple[str, ...]) -> list[Target]:
    known = {target.name: target for target in targets}
    for name in names:
        if name not in known:
            hint = did_you_mean(name, known) or (f"targets: {', '.join(known)}" if known else "add [targets] first")
            raise SmoError(Problem(f"--target {name}: no such target in site.toml", hint=hint))
    return [target for target in targets if not names or target.name in names]


def _safe(message: str, secret: Secret | None) -> str:
    return redact(message, [secret] if secret else [])


def _label(target: Target) -> str:
    return {"linkedin": "LinkedIn", "x": "X"}.get(target.network, target.network.title())


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def render_results(run: FeedbackRun) -> str:
    """One line per target, then which could not be read."""
    lines = []
    for result in run.results:
        if result.status == "read":
            line = f"{result.target} ({result.network}): read {result.posts} post(s), {result.new_replies} new repl"
            line += "y" if result.new_replies == 1 else "ies"
        else:
            line = f"{result.target} ({result.network}): {result.status}" + (
                f": {result.detail}" if result.detail else ""
            )
            if result.status == "not read" and result.detail:
                line = f"{result.target} ({result.network}): {result.detail}"
        lines.append(line)
        lines.extend(f"  {note}" for note in result.notes)
    if run.failed:
        lines.append(
            "Could not read: "
            + ", ".join(result.target for result in run.failed)
            + ". Nothing stored for them was lost; run again later."
        )
    lines.append(f"{FEEDBACK_NAME}: " + ("updated" if run.written else "unchanged"))
    return "\n".join(lines) + "\n"
