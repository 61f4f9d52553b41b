"""The `[feedback]` section of site.toml: where replies are read from.

    [feedback]
    bluesky_appview = "https://public.api.bsky.app"   # the AppView that answers getPostThread
    thread_depth = 6                                    # how deep Bluesky reply trees are read
    timeout = 20                                        # seconds per request

    [feedback.targets.bluesky-main]                     # per target, overriding the above
    appview = "http://127.0.0.1:8080"
    [feedback.targets.reddit-main]
    api_url = "https://oauth.reddit.com"               # where comments are read (default: the target's)

A target's own `appview` option in `[targets]`, when smo-gen's target schema has one, counts too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from smo_gen.errors import ConfigError, Problem
from smo_gen.schema import TableReader, make_toml_line_finder
from smo_gen.syndicate.targets import Target

DEFAULT_APPVIEW = "https://public.api.bsky.app"
TARGET_KEYS = ("appview", "api_url")


@dataclass(frozen=True)
class FeedbackSettings:
    bluesky_appview: str = DEFAULT_APPVIEW
    thread_depth: int = 6
    timeout: float = 20.0
    per_target: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def endpoint(self, target: Target, key: str, default: str) -> str:
        """The URL `key` for reading `target`: [feedback.targets.NAME], the target's option, or `default`."""
        own = self.per_target.get(target.name, {}).get(key) or target.option(key)
        return (own or default).rstrip("/")

    def appview(self, target: Target) -> str:
        return self.endpoint(target, "appview", self.bluesky_appview)


def parse_feedback_settings(raw: Mapping[str, Any] | None, text: str = "", path: str = "site.toml") -> FeedbackSettings:
    if not raw:
        return FeedbackSettings()
    problems: list[Problem] = []
    reader = TableReader(raw, path=path, prefix="feedback.", problems=problems, line_of=make_toml_line_finder(text))
    appview = _url(reader, "bluesky_appview", DEFAULT_APPVIEW)
    depth = reader.integer("thread_depth", 6, minimum=1, maximum=100)
    timeout = reader.integer("timeout", 20, minimum=1, maximum=600)
    targets = reader.subtable("targets")
    per_target: dict[str, dict[str, str]] = {}
    for name in targets.table:
        table = targets.subtable(str(name))
        per_target[str(name)] = {key: url for key in TARGET_KEYS if (url := _url(table, key, ""))}
        table.finish()
    targets.finish()
    reader.finish()
    if problems:
        raise ConfigError(problems)
    return FeedbackSettings(appview, depth, float(timeout), per_target)


def _url(reader: TableReader, key: str, default: str) -> str:
    value = reader.string(key, default).strip()
    if not value:
        return default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        reader.problem(key, f"expected an http(s) URL, got '{value}'")
        return default
    return value.rstrip("/")
