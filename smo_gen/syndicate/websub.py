"""WebSub: feeds name their hubs, and `smo-gen ping` tells each hub which feeds changed.

A hub pushes a changed feed to its subscribers (news aggregators, feed readers) at once,
instead of them polling hours later. The publish notice is the one hubs commonly accept:
a form POST of `hub.mode=publish` and `hub.url=<feed URL>`. What each hub was last told is
kept in `websub.json` beside site.toml (commit it, like the syndication ledger, so CI
runs share it): an unchanged feed is never announced twice.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smo_gen.atomic_write import write_atomically
from smo_gen.data_files import load_json_file

STATE_NAME = "websub.json"
FEED_NAMES = ("feed.xml", "atom.xml", "feed.json")  # the defaults; a site may name them ([feeds] rss_file ...)
ATTEMPTS = 4
RETRY_BASE_DELAY = 0.5  # seconds before the second attempt; doubled each time, with jitter


@dataclass(frozen=True)
class PingResult:
    hub: str
    feed_url: str
    status: str  # "notified", "unchanged" or "failed: <reason>"

    @property
    def failed(self) -> bool:
        return self.status.startswith("failed")


def iter_feeds(output_dir: Path, base_url: str, names: Iterable[str] = FEED_NAMES) -> Iterator[tuple[str, str]]:
    """(feed URL, digest of its bytes) for every feed in the built site, found by its file `names`."""
    names = set(names)
    for path in sorted(output_dir.rglob("*")):
        if path.name in names and path.is_file():
            rel = path.relative_to(output_dir).as_posix()
            yield base_url.rstrip("/") + "/" + rel, hashlib.sha256(path.read_bytes()).hexdigest()


def load_state(path: Path) -> dict[str, dict[str, str]]:
    data = load_json_file(path, hint="delete it to announce every feed again")
    hubs = data.get("hubs") if isinstance(data, dict) else None
    return (
        {hub: dict(feeds) for hub, feeds in hubs.items() if isinstance(feeds, dict)} if isinstance(hubs, dict) else {}
    )


def save_state(path: Path, state: Mapping[str, Mapping[str, str]]) -> None:
    text = json.dumps({"schema": 1, "hubs": state}, indent=2, sort_keys=True) + "\n"
    write_atomically(path, text.encode("utf-8"))


def ping_hubs(
    hubs: tuple[str, ...],
    feeds: list[tuple[str, str]],
    state_path: Path,
    *,
    client: Any,
    sleep: Callable[[float], None] = time.sleep,
    base_delay: float | None = None,
) -> list[PingResult]:
    """Notify every hub of each feed whose bytes changed since that hub was last told."""
    state = load_state(state_path)
    results = []
    for hub in hubs:
        told = state.setdefault(hub, {})
        for feed_url, digest in feeds:
            if told.get(feed_url) == digest:
                results.append(PingResult(hub, feed_url, "unchanged"))
                continue
            error = _publish(client, hub, feed_url, sleep, RETRY_BASE_DELAY if base_delay is None else base_delay)
            if error is None:
                told[feed_url] = digest
                save_state(state_path, state)  # after each success, so a crash loses nothing
            results.append(PingResult(hub, feed_url, "notified" if error is None else f"failed: {error}"))
    return results


def _publish(client: Any, hub: str, feed_url: str, sleep: Callable[[float], None], base_delay: float) -> str | None:
    """POST the publish notice, retrying what may pass (timeouts, resets, 5xx, 429)."""
    import httpx

    reason = "no attempt made"
    for attempt in range(ATTEMPTS):
        if attempt:
            sleep(base_delay * 2 ** (attempt - 1) * (1 + random.random() / 2))
        try:
            response = client.post(hub, data={"hub.mode": "publish", "hub.url": feed_url})
        except httpx.TimeoutException:
            reason = "the hub did not answer in time"
            continue
        except httpx.TransportError as exc:
            reason = f"could not reach the hub ({type(exc).__name__})"
            continue
        if 200 <= response.status_code < 300:
            return None
        reason = f"the hub answered {response.status_code} {response.reason_phrase}".rstrip()
        if response.status_code == 429:
            sleep(min(_retry_after(response), 60.0))
            continue
        if response.status_code < 500:
            return f"{reason}: {response.text.strip()[:200]}" if response.text.strip() else reason
    return reason


def _retry_after(response: Any) -> float:
    value = response.headers.get("Retry-After", "1")
    try:
        return max(0.0, float(value))
    except ValueError:
        return 1.0
