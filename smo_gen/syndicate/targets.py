"""The `[targets]` section of site.toml: the accounts that pages are syndicated to.

Either one table per target, named by its key, or an array of tables that each carry a `name`:

    [targets.mastodon-eu]                 [[targets]]
    network = "mastodon"                  name = "mastodon-eu"
    instance = "https://mastodon.social"  network = "mastodon"
    credential = "SMO_MASTODON_EU_TOKEN"  ...

Every key is checked against the network's own options; all problems are reported together.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from smo_gen.errors import ConfigError, Problem, did_you_mean
from smo_gen.schema import TableReader, make_toml_line_finder
from smo_gen.syndicate.template import check_template

NETWORKS: tuple[str, ...] = (
    "mastodon",
    "bluesky",
    "linkedin",
    "x",
    "facebook",
    "reddit",
    "threads",
    "telegram",
    "discord",
    "slack",
    "webhook",
)

COMMON_KEYS: tuple[str, ...] = (
    "name",
    "network",
    "credential",
    "audiences",
    "template",
    "max_characters",
    "slots",
    "slot_window",
    "min_gap",
    "timezone",
    "thread",
)
THREAD_NETWORKS = ("mastodon", "bluesky")

# Per network: its own keys, each (default or None when required). A URL default can be changed to
# point a target at another server (a self-hosted PDS, a test server on 127.0.0.1).
NETWORK_OPTIONS: Mapping[str, Mapping[str, str | None]] = {
    "mastodon": {"instance": None, "visibility": "public"},
    "bluesky": {"service": "https://bsky.social", "handle": None},
    "linkedin": {"api_url": "https://api.linkedin.com", "author": None, "api_version": "202510"},
    "x": {"api_url": "https://api.x.com"},
    "facebook": {"api_url": "https://graph.facebook.com/v21.0", "page_id": None},
    "reddit": {"api_url": "https://oauth.reddit.com", "subreddit": None, "user_agent": "smo-gen syndication"},
    "threads": {"api_url": "https://graph.threads.net/v1.0", "user_id": "me"},
    "telegram": {"api_url": "https://api.telegram.org", "chat_id": None},
    "discord": {"guild_id": ""},
    "slack": {},
    "webhook": {"url": None, "idempotent": "false"},
}

URL_OPTIONS = ("instance", "service", "api_url", "url")
_ALIASES = {
    "twitter": "x",
    "bsky": "bluesky",
    "fb": "facebook",
    "fediverse": "mastodon",
    "instagram-threads": "threads",
}
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TARGET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Target:
    """One account to post to, as configured."""

    name: str
    network: str
    credential: str | None  # the NAME of the environment variable holding the secret, never the secret
    options: Mapping[str, str] = field(default_factory=dict)
    audiences: tuple[str, ...] = ()
    template: str | None = None
    max_characters: int | None = None
    slots: tuple[dt.time, ...] = ()  # local times of day at which a post may go out (empty: any time)
    slot_window: dt.timedelta = dt.timedelta(hours=1)  # how long after its time a slot stays open
    min_gap: dt.timedelta | None = None  # the least time between two posts to this target
    timezone: str | None = None  # IANA name for the slots; else the audience's, else the site's
    thread: bool = False  # split a post longer than the network allows into a thread

    def option(self, key: str) -> str:
        return self.options.get(key, "")


def parse_targets(raw: object, text: str = "", path: str = "site.toml") -> tuple[Target, ...]:
    """Validate the raw `targets` section; raise ConfigError listing every problem."""
    problems: list[Problem] = []
    line_of = make_toml_line_finder(text)
    tables: list[tuple[str, str | None, Mapping[str, Any]]] = []  # (key prefix, name from key, table)
    if raw is None or raw == {}:
        return ()
    if isinstance(raw, list):
        for index, table in enumerate(raw):
            if not isinstance(table, Mapping):
                problems.append(Problem("expected a table", path=path, key=f"targets[{index}]"))
            else:
                tables.append((f"targets[{index}].", None, table))
    elif isinstance(raw, Mapping):
        for name, table in raw.items():
            if not isinstance(table, Mapping):
                problems.append(Problem("expected a table such as [targets.NAME]", path=path, key=f"targets.{name}"))
            else:
                tables.append((f"targets.{name}.", str(name), table))
    else:
        raise ConfigError(Problem("expected a table of targets or [[targets]] tables", path=path, key="targets"))
    targets: list[Target] = []
    for prefix, key_name, table in tables:
        reader = TableReader(table, path=path, prefix=prefix, problems=problems, line_of=line_of)
        target = _parse_target(reader, key_name)
        if target is not None:
            if any(other.name == target.name for other in targets):
                reader.problem("name", f"target '{target.name}' is defined twice")
            targets.append(target)
    if problems:
        raise ConfigError(problems)
    return tuple(targets)


def _parse_target(reader: TableReader, key_name: str | None) -> Target | None:
    name = key_name if key_name is not None else reader.string("name")
    if key_name is not None and reader.has("name"):
        given = reader.string("name")
        if given != key_name:
            reader.problem("name", f"'{given}' differs from the table's name '{key_name}'", "leave 'name' out")
    if not name:
        reader.problem("name", "is required", 'add a line such as: name = "mastodon-eu"')
    elif not _TARGET_NAME.fullmatch(name):
        reader.problem("name", f"'{name}' is not a usable name", "use letters, digits, '-', '_' and '.'")
    network = reader.string("network")
    if not network:
        reader.problem("network", "is required", f"one of: {', '.join(NETWORKS)}")
    elif network not in NETWORKS:
        folded = network.casefold()
        hint = _ALIASES.get(folded) or (folded if folded in NETWORKS else None)
        suggestion = f"did you mean '{hint}'?" if hint else did_you_mean(folded, NETWORKS)
        reader.problem("network", f"unknown network '{network}'", suggestion or f"one of: {', '.join(NETWORKS)}")
    credential = reader.optional_string("credential")
    if credential is not None and not _ENV_NAME.fullmatch(credential):
        reader.problem(
            "credential",
            "expected the NAME of an environment variable, such as 'SMO_MASTODON_TOKEN'",
            "never put the secret itself in site.toml",
        )
    elif credential is None and network in NETWORKS and network != "webhook":
        reader.problem("credential", "is required: the name of the environment variable that holds the token")
    audiences = reader.string_list("audiences")
    template = reader.optional_string("template")
    if template is not None:
        for message in check_template(template):
            reader.problem("template", message)
    max_characters = reader.integer("max_characters", 0, minimum=0) or None
    options = _parse_options(reader, network)
    slots = tuple(sorted(_parse_slot(reader, slot) for slot in reader.string_list("slots")))
    slot_window = _parse_duration(reader, "slot_window") or dt.timedelta(hours=1)
    min_gap = _parse_duration(reader, "min_gap")
    timezone = reader.optional_string("timezone")
    if timezone is not None and not _is_zone(timezone):
        reader.problem("timezone", f"'{timezone}' is not an IANA time zone", "for example 'Australia/Sydney' or 'UTC'")
    thread = reader.boolean("thread", False)
    if thread and network in NETWORKS and network not in THREAD_NETWORKS:
        reader.problem("thread", f"{network} posts cannot be threaded", f"only {' and '.join(THREAD_NETWORKS)} can")
    reader.finish()
    if not name or network not in NETWORKS:
        return None
    return Target(
        name,
        network,
        credential,
        options,
        audiences,
        template,
        max_characters,
        slots,
        slot_window,
        min_gap,
        timezone,
        thread,
    )


_SLOT = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?")


def _parse_slot(reader: TableReader, text: str) -> dt.time:
    match = _SLOT.fullmatch(text.strip())
    if not match:
        reader.problem(
            "slots", f"'{text}' is not a time of day", 'write hours and minutes, e.g. slots = ["09:00", "17:30"]'
        )
        return dt.time(0, 0)
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_duration(text: str) -> dt.timedelta | None:
    """'2h', '90m', '1h30m', '1d': a span of time; None when `text` is not one."""
    match = _DURATION.fullmatch(text.strip().replace(" ", "").lower())
    if not match or not any(match.groups()):
        return None
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return dt.timedelta(days=days, hours=hours, minutes=minutes)


def _parse_duration(reader: TableReader, key: str) -> dt.timedelta | None:
    text = reader.optional_string(key)
    if text is None:
        return None
    duration = parse_duration(text)
    if duration is None or not duration:
        reader.problem(key, f"'{text}' is not a span of time", 'write it like "2h", "90m" or "1h30m"')
        return None
    return duration


def _is_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _parse_options(reader: TableReader, network: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for key, default in NETWORK_OPTIONS.get(network, {}).items():
        value = reader.raw(key)
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, int):
            value = str(value)  # Telegram chat ids and Facebook page ids are often written as numbers
        if value is None:
            if default is None:
                reader.problem(key, f"is required for {network} targets")
                continue
            value = default
        if not isinstance(value, str):
            reader.problem(key, "expected a string")
            continue
        value = value.strip()
        if key in URL_OPTIONS and value:
            parts = urlsplit(value if "://" in value else "https://" + value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                reader.problem(key, f"expected an http(s) URL, got '{value}'")
            value = f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")
        options[key] = value
    return options
