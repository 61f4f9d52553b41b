"""The syndication ledger: which page went to which target, committed with the site.

`<site>/syndication.json` (schema 1), sorted and indented so that diffs are small and stable:

    {
      "schema": 1,
      "site": "https://fizz-and-drive.example/",
      "posts": {
        "/spring-sale/": {
          "mastodon-eu": {"state": "posted", "network": "mastodon", "key": "…", "link": "…",
                          "remote_id": "1101", "url": "https://…/1101", "at": "2026-05-01T10:00:00Z"}
        }
      }
    }

`state` is `pending` (written, atomically, before the network is called), `posted` or `failed`
(with `error`), or `retracted` (deleted by `--sync` because its page was removed or expired).
`fingerprint` is a digest of what the post says, so `--sync` edits only what changed; `thread`
lists the ids of every part of a threaded post. `key` is the idempotency key, chosen once and
reused by every later attempt.
A `posted` record carries the network's id for the post (`remote_id`) and its web address
(`url`) when the network gave them; a network that answers only "ok" (a Slack webhook, a generic
webhook answering 204) gives neither, and the record says just `posted`, which is enough to never
post it again. `populated: true` marks a record made by `--populate` without posting. A `url` is
always an http(s) address (answers are checked before they are recorded; the build checks again).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from smo_gen.atomic_write import write_atomically
from smo_gen.data_files import parse_json_text, read_data_text
from smo_gen.errors import Problem, SmoError

LEDGER_NAME = "syndication.json"
LEDGER_SCHEMA = 1
STATES: tuple[str, ...] = ("pending", "posted", "failed", "retracted")
State = Literal["pending", "posted", "failed", "retracted"]

_FIELDS: dict[str, type] = {
    "state": str,
    "network": str,
    "key": str,
    "link": str,
    "remote_id": str,
    "url": str,
    "at": str,
    "error": str,
    "populated": bool,
    "fingerprint": str,
    "thread": list,
}
_REQUIRED = ("state", "network", "at")


@dataclass(frozen=True)
class Record:
    """What happened to one page on one target."""

    state: State
    network: str
    at: str  # when the state was set, RFC 3339 UTC
    key: str | None = None
    link: str | None = None
    remote_id: str | None = None
    url: str | None = None
    error: str | None = None
    populated: bool = False
    fingerprint: str | None = None  # of what the post says (all its parts), for `--sync`
    thread: tuple[str, ...] = ()  # the ids of every part of a thread, first to last

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"state": self.state, "network": self.network, "at": self.at}
        for name in ("key", "link", "remote_id", "url", "error", "fingerprint"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.populated:
            data["populated"] = True
        if self.thread:
            data["thread"] = list(self.thread)
        return data

    @property
    def posted(self) -> bool:
        """The post was made (or recorded by `--populate` as made): it is never made again."""
        return self.state == "posted"

    @property
    def remote_ids(self) -> tuple[str, ...]:
        """Every id of the post: each part of a thread, or its one id."""
        return self.thread or ((self.remote_id,) if self.remote_id else ())


@dataclass
class Ledger:
    site_url: str | None = None
    records: dict[str, dict[str, Record]] = field(default_factory=dict)

    def get(self, entry_id: str, target: str) -> Record | None:
        return self.records.get(entry_id, {}).get(target)

    def posted(self, entry_id: str, target: str) -> Record | None:
        """The record of the page's post on `target` when it was already made, else None."""
        record = self.get(entry_id, target)
        return record if record is not None and record.posted else None

    def set(self, entry_id: str, target: str, record: Record) -> None:
        self.records.setdefault(entry_id, {})[target] = record

    def pending(self) -> list[tuple[str, str, Record]]:
        return [
            (entry_id, target, record)
            for entry_id, targets in sorted(self.records.items())
            for target, record in sorted(targets.items())
            if record.state == "pending"
        ]


def parse_ledger(text: str, where: str = LEDGER_NAME) -> Ledger:
    """Parse and check the ledger; any damage is an error, so that nothing is posted on a guess."""
    hint = "fix it by hand or restore it from version control (git checkout -- syndication.json)"

    def fail(message: str, key: str | None = None) -> SmoError:
        return SmoError(Problem(message + "; nothing was posted", path=where, key=key, hint=hint))

    data = parse_json_text(text, where, hint, suffix="; nothing was posted")
    if not isinstance(data, dict):
        raise fail("expected a JSON object")
    if data.get("schema") != LEDGER_SCHEMA:
        raise fail(
            f"schema {data.get('schema')!r} is not {LEDGER_SCHEMA}, the ledger format this smo-gen knows", "schema"
        )
    site = data.get("site")
    if site is not None and not isinstance(site, str):
        raise fail("expected the site's URL", "site")
    posts = data.get("posts", {})
    if not isinstance(posts, dict):
        raise fail("expected an object of pages", "posts")
    ledger = Ledger(site_url=site)
    for entry_id, targets in posts.items():
        if not isinstance(targets, dict):
            raise fail("expected an object of targets", f"posts.{entry_id}")
        for target, raw in targets.items():
            ledger.set(entry_id, target, _parse_record(raw, f"posts.{entry_id}.{target}", fail))
    unknown = set(data) - {"schema", "site", "posts"}
    if unknown:
        raise fail(f"unknown key '{min(unknown)}'")
    return ledger


def _parse_record(raw: object, key: str, fail: Any) -> Record:
    if not isinstance(raw, dict):
        raise fail("expected an object", key)
    for name, value in raw.items():
        if name not in _FIELDS:
            raise fail(f"unknown field '{name}'", key)
        if value is not None and not isinstance(value, _FIELDS[name]):
            raise fail(f"'{name}' has the wrong type", key)
    for name in _REQUIRED:
        if not raw.get(name):
            raise fail(f"'{name}' is missing", key)
    if raw["state"] not in STATES:
        raise fail(f"state '{raw['state']}' is not one of {', '.join(STATES)}", key)
    thread = raw.get("thread") or []
    if not all(isinstance(part, str) and part for part in thread):
        raise fail("'thread' must list the ids of the thread's parts", key)
    return Record(**{**raw, "thread": tuple(thread)})


def render_ledger(ledger: Ledger) -> str:
    posts = {
        entry_id: {target: record.as_json() for target, record in sorted(targets.items())}
        for entry_id, targets in sorted(ledger.records.items())
        if targets
    }
    data: dict[str, Any] = {"schema": LEDGER_SCHEMA}
    if ledger.site_url:
        data["site"] = ledger.site_url
    data["posts"] = posts
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def load_ledger(path: Path) -> Ledger:
    """The ledger at `path` (empty when there is none); SmoError naming the file for anything unreadable."""
    text = read_data_text(path, hint="the ledger must be the plain JSON file smo-gen writes; nothing was posted")
    return Ledger() if text is None else parse_ledger(text, str(path))


def write_ledger(path: Path, ledger: Ledger) -> None:
    """Replace the ledger atomically: a temporary file, fsync, rename, fsync of the folder."""
    write_atomically(path, render_ledger(ledger).encode("utf-8"))


def parse_moment(value: object) -> dt.datetime | None:
    """An RFC 3339 time (a record's `at`, a status's `created_at`) as UTC-aware; None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)  # Python 3.11 reads a trailing "Z"
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def updated(record: Record | None, **changes: Any) -> Record:
    """A new record from `changes`, keeping the key and link of an earlier one."""
    if record is None:
        return Record(**changes)
    kept = {"key": record.key, "link": record.link, "network": record.network}
    clean: dict[str, Any] = {name: None for name in ("remote_id", "url", "error", "fingerprint")}
    clean["thread"] = ()
    return replace(record, **{**kept, **clean, "populated": False, **changes})
