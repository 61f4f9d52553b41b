"""`smo-gen syndicate`: the published pages from the manifest, posted to each target exactly once.

Reads everything first (site.toml, its targets, the manifest, the ledger), then for each page and
target: a dry run shows what would be posted; `publish` reconciles pending records first, then
writes each new post as pending before calling the network and as posted (or failed) right after;
`populate` records pages as posted without posting. Two runs at once are locked out.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, Protocol

import httpx

from smo_gen import __version__
from smo_gen.config.site_config import load_config
from smo_gen.errors import Problem, SmoError, did_you_mean
from smo_gen.syndicate.delivery import RetryPolicy, Sleep, can_retry_ambiguous, deliver
from smo_gen.syndicate.entries import Entry, entries_for, is_live, load_manifest, matches_page
from smo_gen.syndicate.http import Ambiguous, Failure, Http, NotSent, RateLimited, Uncertain
from smo_gen.syndicate.lock import hold_lock
from smo_gen.syndicate.networks import CannotCompose, Network, make_adapters
from smo_gen.syndicate.plan import Plan, load_plan, plan_refusal, write_plan
from smo_gen.syndicate.post import Post, Secret, redact
from smo_gen.syndicate.schedule import Clocks, Sent, decide
from smo_gen.syndicate.sync import said_fingerprint, sync_action
from smo_gen.syndicate.targets import NETWORKS, Target, parse_targets
from smo_gen.syndication_ledger import (
    LEDGER_NAME,
    Ledger,
    Record,
    load_ledger,
    parse_moment,
    updated,
    write_ledger,
)

Mode = Literal["dry-run", "publish", "populate"]
PostStatus = Literal[
    "would post",
    "posted",
    "already posted",
    "recorded",
    "skipped",
    "failed",
    "pending",
    "refused",
    "waiting",
    "in sync",
    "would edit",
    "edited",
    "not editable",
    "would retract",
    "retracted",
    "not deletable",
    "would record",
]
FAILED: tuple[PostStatus, ...] = ("failed", "pending", "refused")


@dataclass(frozen=True)
class Outcome:
    entry_id: str
    target: str
    network: str
    status: PostStatus
    detail: str = ""
    url: str | None = None
    post: Post | None = None


class SyndicateReporter(Protocol):
    def warning(self, message: str) -> None: ...

    def outcome(self, outcome: Outcome) -> None: ...


@dataclass(frozen=True)
class SyndicateRequest:
    site_dir: Path
    mode: Mode = "dry-run"
    output_dir: Path | None = None
    targets: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    check_live: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Sleep | None = None
    timeout: float = 20.0
    plan_path: Path | None = None  # dry run: write the plan there; publish: post only what matches it
    sync: bool = False  # edit changed posts and retract removed pages instead of posting new ones


@dataclass
class _Run:
    request: SyndicateRequest
    reporter: SyndicateReporter
    ledger: Ledger
    ledger_path: Path
    http: Http
    adapters: dict[str, Network]
    secrets: dict[str, Secret | None]
    outcomes: list[Outcome] = field(default_factory=list)
    resolved: dict[str, Target] = field(default_factory=dict)
    plan: Plan | None = None

    def report(self, outcome: Outcome) -> None:
        secrets = [secret for secret in self.secrets.values() if secret]
        outcome = replace(outcome, detail=redact(outcome.detail, secrets))
        self.outcomes.append(outcome)
        self.reporter.outcome(outcome)

    def save(self, entry_id: str, target: Target, **changes: object) -> None:
        record = self.ledger.get(entry_id, target.name)
        changes.setdefault("at", _stamp(self.request.clock()))
        if isinstance(changes.get("error"), str):
            changes["error"] = redact(str(changes["error"]), [s for s in self.secrets.values() if s])
        self.ledger.set(entry_id, target.name, updated(record, network=target.network, **changes))
        write_ledger(self.ledger_path, self.ledger)


def syndicate(request: SyndicateRequest, reporter: SyndicateReporter) -> list[Outcome]:
    """Run one `smo-gen syndicate`; returns every outcome (also sent to `reporter`)."""
    config = load_config(request.site_dir)
    targets = parse_targets(config.sections.get("targets"), config.text)
    if not targets:
        raise SmoError(
            Problem(
                "no [targets] to syndicate to",
                path="site.toml",
                hint='add one, e.g. [targets.mastodon] with network = "mastodon"',
            )
        )
    chosen = _choose_targets(targets, request.targets)
    if request.sync and (request.mode == "populate" or request.plan_path is not None):
        raise SmoError(Problem("--sync goes alone (a dry run) or with --publish, not with --populate or --plan"))
    if request.plan_path is not None and request.mode == "populate":
        raise SmoError(
            Problem(
                "--plan goes with a dry run (to write a plan) or with --publish (to follow one), not with --populate"
            )
        )
    manifest = load_manifest((request.output_dir or config.output_dir).resolve())
    plan = _load_plan(request, manifest.site_url)
    _check_messages(manifest.entries, targets, reporter)
    ledger_path = config.site_dir / LEDGER_NAME
    now = request.clock()
    items = [] if request.sync else list(_iter_items(manifest.entries, chosen, request.pages, now, reporter))
    secrets = {target.name: _secret(target, request, reporter) for target in chosen}
    with httpx.Client(timeout=request.timeout, headers={"User-Agent": f"smo-gen/{__version__}"}) as client:
        if request.mode == "dry-run":
            run = _Run(request, reporter, load_ledger(ledger_path), ledger_path, Http(client), make_adapters(), secrets)
            _check_site(run.ledger, manifest.site_url, ledger_path)
            if request.sync:
                _sync(run, manifest.entries, chosen, now)
                return run.outcomes
            for entry, target in _due(run, items, config.timezone, config.sections.get("audiences"), now):
                _dry_run(run, entry, target)
            if request.plan_path is not None:
                write_plan(
                    request.plan_path,
                    manifest.site_url,
                    [o.post for o in run.outcomes if o.status == "would post" and o.post is not None],
                )
            return run.outcomes
        with hold_lock(config.cache_dir / "syndicate.lock"):
            run = _Run(request, reporter, load_ledger(ledger_path), ledger_path, Http(client), make_adapters(), secrets)
            _check_site(run.ledger, manifest.site_url, ledger_path)
            run.ledger.site_url = manifest.site_url
            run.plan = plan
            if request.sync:
                _sync(run, manifest.entries, chosen, now)
            elif request.mode == "populate":
                _populate(run, items)
            else:
                _publish(run, _due(run, items, config.timezone, config.sections.get("audiences"), now))
            return run.outcomes


def _iter_items(
    entries: tuple[Entry, ...],
    targets: list[Target],
    pages: tuple[str, ...],
    now: dt.datetime,
    reporter: SyndicateReporter,
) -> Iterator[tuple[Entry, Target]]:
    matched: set[str] = set()
    for entry in entries:
        if pages and not any(matches_page(entry, page) for page in pages):
            continue
        matched.update(page for page in pages if matches_page(entry, page))
        reason = is_live(entry, now) or ("marked 'syndicate: false'" if not entry.syndicated else None)
        if reason:
            if pages:
                reporter.warning(f"{entry.id}: not posted, it is {reason}")
            continue
        for turn, target in enumerate(targets):  # the turn alternates A/B share variants across targets
            for posted in entries_for(entry, target.audiences, turn):
                if posted is entry or not is_live(posted, now):  # a variant keeps its page's dates
                    yield posted, target
    for page in pages:
        if page not in matched:
            raise SmoError(
                Problem(
                    f"--page {page}: no such page in the manifest",
                    hint="give its path (/spring-sale/) or URL, and build first",
                )
            )


def _check_messages(entries: tuple[Entry, ...], targets: tuple[Target, ...], reporter: SyndicateReporter) -> None:
    """Warn about a `messages` key that names neither a network nor a target (a typo posts the default)."""
    known = set(NETWORKS) | {target.name for target in targets}
    for entry in entries:
        for key in sorted({k for e in (entry, *entry.variants) for k in e.messages} - known):
            hint = did_you_mean(key, sorted(known)) or f"networks: {', '.join(NETWORKS)}"
            reporter.warning(f"{entry.id}: messages.{key} names no network or target, so it is never used ({hint})")


def _due(
    run: _Run,
    items: list[tuple[Entry, Target]],
    site_zone: str,
    audiences: object,
    now: dt.datetime,
) -> list[tuple[Entry, Target]]:
    """The items due now (and every posted or pending one, handled as before); the rest reported as waiting."""
    fresh = [
        (e, t) for e, t in items if (r := run.ledger.get(e.id, t.name)) is None or r.state in ("failed", "retracted")
    ]
    if not fresh:
        return items
    clocks = Clocks(site_zone, _audience_zones(audiences))
    decisions = {(d.entry.id, d.target.name): d for d in decide(fresh, _history(run.ledger, items), clocks, now)}
    due: list[tuple[Entry, Target]] = []
    for entry, target in items:
        decision = decisions.get((entry.id, target.name))
        if decision is None or decision.due_now:
            due.append((entry, target))
        elif decision.due_at is None:
            run.report(Outcome(entry.id, target.name, target.network, "skipped", decision.why_not_now))
        else:
            when = decision.due_at.astimezone(zoneinfo.ZoneInfo(clocks.zone_for(target, entry)))
            run.report(
                Outcome(
                    entry.id,
                    target.name,
                    target.network,
                    "waiting",
                    f"due {when.isoformat(timespec='minutes')}; not now: {decision.why_not_now}",
                )
            )
    return due


def _audience_zones(raw: object) -> dict[str, str]:
    """Each audience's `timezone` from site.toml (the build has checked them)."""
    if not isinstance(raw, Mapping):
        return {}
    return {
        str(name): table["timezone"]
        for name, table in raw.items()
        if isinstance(table, Mapping) and isinstance(table.get("timezone"), str)
    }


def _history(ledger: Ledger, items: list[tuple[Entry, Target]]) -> list[Sent]:
    """What was really posted, per target and audience, for gaps and slots (not --populate records)."""
    audience = {entry.id: entry.audience for entry, _ in items}
    sent = []
    for entry_id, targets in ledger.records.items():
        for target, record in targets.items():
            moment = parse_moment(record.at)
            if record.posted and not record.populated and moment is not None:
                sent.append(Sent(target, audience.get(entry_id), moment))
    return sent


def _load_plan(request: SyndicateRequest, site_url: str) -> Plan | None:
    """The approved plan a publishing run must follow, read before anything is posted."""
    if request.plan_path is None or request.mode != "publish":
        return None
    plan = load_plan(request.plan_path)
    if plan.site_url != site_url:
        raise SmoError(
            Problem(
                f"the plan is for {plan.site_url}, but the built site is {site_url}; nothing was posted",
                path=str(request.plan_path),
                hint="plan and publish from builds of the same site",
            )
        )
    return plan


def _choose_targets(targets: tuple[Target, ...], names: tuple[str, ...]) -> list[Target]:
    known = {target.name: target for target in targets}
    for name in names:
        if name not in known:
            hint = did_you_mean(name, known) or f"targets: {', '.join(known)}"
            raise SmoError(Problem(f"--target {name}: no such target in site.toml", hint=hint))
    return [target for target in targets if not names or target.name in names]


def _secret(target: Target, request: SyndicateRequest, reporter: SyndicateReporter) -> Secret | None:
    if target.credential is None:
        return None
    value = request.environ.get(target.credential, "")
    if not value and request.mode == "dry-run":
        reporter.warning(f"{target.name}: environment variable {target.credential} is not set; publishing would fail")
    if value and request.mode == "dry-run" and (problem := _credential_problem(target, Secret(value))):
        reporter.warning(f"{target.name}: {problem}")
    return Secret(value) if value else None


def _credential_problem(target: Target, secret: Secret) -> str | None:
    """Why the credential cannot be sent as it is; tokens and webhook URLs hold no spaces or line breaks."""
    if any(ch.isspace() or not ch.isprintable() for ch in secret.reveal()):
        return (
            f"credential unusable: environment variable {target.credential} holds a space, line break or "
            "control character (often a trailing newline from a file or echo); remove it"
        )
    return None


def _check_site(ledger: Ledger, site_url: str, path: Path) -> None:
    if ledger.site_url and ledger.site_url != site_url:
        raise SmoError(
            Problem(
                f"the ledger is for {ledger.site_url}, but the built site is {site_url}; nothing was posted",
                path=str(path),
                hint="syndicate from a build of the real site, not a preview (--base-url)",
            )
        )


def _target(run: _Run, target: Target) -> Target:
    if target.name not in run.resolved:
        run.resolved[target.name] = run.adapters[target.network].resolve(target, run.http)
    return run.resolved[target.name]


def _compose(run: _Run, entry: Entry, target: Target) -> Post:
    post = run.adapters[target.network].compose(entry, _target(run, target))
    record = run.ledger.get(entry.id, target.name)
    if record is not None and record.key:
        post = replace(post, key=record.key)  # chosen when first attempted; kept for good
    return post


def _already_posted(run: _Run, entry: Entry, target: Target) -> bool:
    """Whether the ledger says this post was made; if so, reported as "already posted" (never made twice)."""
    record = run.ledger.posted(entry.id, target.name)
    if record is not None:
        run.report(Outcome(entry.id, target.name, target.network, "already posted", url=record.url))
    return record is not None


def _compose_or_report(run: _Run, entry: Entry, target: Target) -> Post | None:
    """The post, or None when it cannot be made to fit (reported as failed)."""
    try:
        return _compose(run, entry, target)
    except CannotCompose as error:
        run.report(Outcome(entry.id, target.name, target.network, "failed", str(error)))
        return None


def _dry_run(run: _Run, entry: Entry, target: Target) -> None:
    if _already_posted(run, entry, target):
        return
    record = run.ledger.get(entry.id, target.name)
    if run.request.check_live and (reason := _not_live(run, entry)):
        run.report(Outcome(entry.id, target.name, target.network, "skipped", reason))
        return
    post = _compose_or_report(run, entry, target)
    if post is None:
        return
    note = f"(ledger: {record.state})" if record else ""
    run.report(Outcome(entry.id, target.name, target.network, "would post", note, post=post))


def _populate(run: _Run, items: list[tuple[Entry, Target]]) -> None:
    for entry, target in items:
        if _already_posted(run, entry, target):
            continue
        post = _compose(run, entry, target)
        run.save(entry.id, target, state="posted", populated=True, key=post.key, link=post.link)
        run.report(Outcome(entry.id, target.name, target.network, "recorded", "as posted, without posting"))


def _publish(run: _Run, items: list[tuple[Entry, Target]]) -> None:
    rng = random.Random()
    sleep = run.request.sleep or time.sleep
    pending = [(e, t) for e, t in items if (r := run.ledger.get(e.id, t.name)) and r.state == "pending"]
    rest = [(e, t) for e, t in items if (e, t) not in pending]
    for entry, target in pending + rest:  # pending records are reconciled before anything new is posted
        if _already_posted(run, entry, target):
            continue
        record = run.ledger.get(entry.id, target.name)
        secret = run.secrets[target.name]
        if target.credential and secret is None:
            run.report(
                Outcome(
                    entry.id,
                    target.name,
                    target.network,
                    "failed",
                    f"credential missing: environment variable {target.credential} is not set",
                )
            )
            continue
        if secret is not None and (problem := _credential_problem(target, secret)):
            run.report(Outcome(entry.id, target.name, target.network, "failed", problem))
            continue
        was_pending = record is not None and record.state == "pending"
        if not was_pending and run.request.check_live and (reason := _not_live(run, entry)):
            run.report(Outcome(entry.id, target.name, target.network, "skipped", reason))
            continue
        post = _compose_or_report(run, entry, target)
        if post is None:
            continue
        if run.plan is not None and (refusal := plan_refusal(run.plan, post, str(run.request.plan_path))):
            run.report(Outcome(entry.id, target.name, target.network, "refused", refusal, post=post))
            continue
        adapter = run.adapters[target.network]
        first_attempt = record.at if was_pending and record is not None else _stamp(run.request.clock())
        post = replace(post, attempted_at=parse_moment(first_attempt))
        if was_pending and not can_retry_ambiguous(adapter, post):
            run.report(
                Outcome(
                    entry.id,
                    target.name,
                    target.network,
                    "pending",
                    "an earlier run was interrupted while posting and "
                    f"{adapter.label} offers no way to check: look at the channel, then record it "
                    "with --populate, or remove its entry from the ledger to post it again",
                )
            )
            continue
        if not was_pending:
            run.save(entry.id, target, state="pending", key=post.key, link=post.link, at=first_attempt)
        try:
            receipt = deliver(adapter, post, secret, run.http, run.request.retry, sleep, rng, ambiguous=was_pending)
        except Uncertain as failure:
            # `at` stays the first attempt's: reconciling looks back to it, however many runs later.
            run.save(entry.id, target, state="pending", error=failure.message, at=first_attempt)
            run.report(Outcome(entry.id, target.name, target.network, "pending", failure.message))
            continue
        except Failure as failure:
            run.save(entry.id, target, state="failed", error=failure.message)
            run.report(Outcome(entry.id, target.name, target.network, "failed", failure.message))
            continue
        run.save(
            entry.id,
            target,
            state="posted",
            remote_id=receipt.remote_id,
            url=receipt.url,
            thread=receipt.thread,
            fingerprint=said_fingerprint(post),
        )
        run.report(Outcome(entry.id, target.name, target.network, "posted", url=receipt.url, post=post))


def _sync(run: _Run, entries: tuple[Entry, ...], targets: list[Target], now: dt.datetime) -> None:
    """`--sync`: edit each posted post whose page now says something else; retract those whose page went."""
    current = {e.id: e for entry in entries for e in (entry, *entry.variants)}
    pages = run.request.pages
    for target in targets:
        for entry_id in sorted(run.ledger.records):
            record = run.ledger.posted(entry_id, target.name)
            if record is None:
                continue
            entry = current.get(entry_id)
            if pages and not any(
                page.strip("/") == entry_id.strip("/") or (entry and matches_page(entry, page)) for page in pages
            ):
                continue
            adapter = run.adapters[target.network]
            post = None
            if entry is not None and not is_live(entry, now):
                post = _compose_or_report(run, entry, target)
                if post is None:
                    continue
            gone = "removed from the site" if entry is None else is_live(entry, now)
            action = sync_action(adapter, record, post, gone)
            if action.status != "apply":
                run.report(
                    Outcome(
                        entry_id,
                        target.name,
                        target.network,
                        action.status,
                        action.detail,
                        url=None if action.detail else record.url,
                    )
                )
                continue
            if run.request.mode == "dry-run":
                status: PostStatus = "would edit" if action.kind == "edit" else "would retract"
                if action.kind == "record":
                    status = "would record"
                where = f" ({record.url})" if record.url else ""
                run.report(Outcome(entry_id, target.name, target.network, status, action.detail + where))
                continue
            _apply_sync(run, entry_id, target, record, post, action.kind)


def _apply_sync(run: _Run, entry_id: str, target: Target, record: Record, post: Post | None, kind: str) -> None:
    adapter = run.adapters[target.network]
    # `at` stays when it was posted: gaps and slots count from the post, not from an edit.
    kept: dict[str, object] = {"remote_id": record.remote_id, "url": record.url, "thread": record.thread}
    if kind == "record" and post is not None:
        run.save(entry_id, target, state="posted", fingerprint=said_fingerprint(post), at=record.at, **kept)
        run.report(
            Outcome(
                entry_id,
                target.name,
                target.network,
                "recorded",
                "what the page says now is taken as what was posted (the ledger did not say)",
            )
        )
        return
    secret = run.secrets[target.name]
    if target.credential and secret is None:
        run.report(
            Outcome(
                entry_id,
                target.name,
                target.network,
                "failed",
                f"credential missing: environment variable {target.credential} is not set",
            )
        )
        return
    try:
        if kind == "edit" and post is not None:
            _retrying(run, lambda in_doubt: adapter.edit(post, record, secret, run.http, in_doubt=in_doubt))
        else:
            _retrying(run, lambda in_doubt: adapter.delete(target, record, secret, run.http))
    except Failure as failure:
        run.report(Outcome(entry_id, target.name, target.network, "failed", failure.message))
        return
    if kind == "edit" and post is not None:
        run.save(entry_id, target, state="posted", fingerprint=said_fingerprint(post), at=record.at, **kept)
        run.report(Outcome(entry_id, target.name, target.network, "edited", url=record.url, post=post))
    else:
        run.save(entry_id, target, state="retracted", fingerprint=record.fingerprint, **kept)
        run.report(Outcome(entry_id, target.name, target.network, "retracted", url=record.url))


def _retrying(run: _Run, call: Callable[[bool], None]) -> None:
    """An edit or deletion, retried like a post: both are repeatable (an edit checks first when in doubt)."""
    policy, sleep, rng = run.request.retry, run.request.sleep or time.sleep, random.Random()
    in_doubt, last = False, Failure("no attempt")
    for attempt in range(policy.attempts):
        try:
            call(in_doubt)
            return
        except RateLimited as failure:
            wait = failure.retry_after if failure.retry_after is not None else policy.backoff(attempt, rng)
            if wait > policy.max_wait:
                raise Failure(f"{failure.message}; asked to wait {wait:.0f}s, try again later") from None
            last = failure
            sleep(wait)
        except (NotSent, Ambiguous) as failure:
            in_doubt = in_doubt or isinstance(failure, Ambiguous)
            last = failure
            sleep(policy.backoff(attempt, rng))
        except (KeyError, IndexError, TypeError, AttributeError, ValueError):
            raise Failure("the answer is not what the network's API documents; run --sync again to check") from None
    raise Failure(f"{last.message} (gave up after {policy.attempts} attempts)")


def _not_live(run: _Run, entry: Entry) -> str | None:
    """Why the page cannot be read at its public URL yet, or None when it answers 200."""
    try:
        response = run.http.send("GET", entry.url, follow_redirects=True)
    except Failure as failure:
        return f"not live yet: {failure.message}"
    if response.status_code != 200:
        return f"not live yet: {entry.url} answered {response.status_code}"
    return None


def parse_now(text: str | None) -> Callable[[], dt.datetime]:
    """The clock of `--now ISO`: that moment, always (a time without a zone is UTC); else the real clock.

    SOURCE_DATE_EPOCH is deliberately not read: CI sets it to the commit time for reproducible
    builds, and posting by it would post (or hold back) pages at the wrong moment.
    """
    if text is None:
        return lambda: dt.datetime.now(dt.UTC)
    moment = parse_moment(text.strip().replace(" ", "T", 1))
    if moment is None:
        raise SmoError(Problem(f"--now {text}: not a moment", hint="write it as ISO 8601, e.g. 2026-05-01T09:00:00Z"))
    return lambda: moment


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


__all__ = ["FAILED", "Outcome", "RetryPolicy", "SyndicateReporter", "SyndicateRequest", "parse_now", "syndicate"]
