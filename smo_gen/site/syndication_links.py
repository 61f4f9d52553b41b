"""What a build needs to show "also on …" links (`u-syndication`) on each page."""

from __future__ import annotations

from pathlib import Path

from smo_gen.config.share_settings import NETWORK_LABELS
from smo_gen.errors import Problem, SmoError
from smo_gen.syndication_ledger import LEDGER_NAME, load_ledger
from smo_gen.urls import safe_url

Links = dict[str, list[tuple[str, str]]]
# The networks syndication posts to that have no share links, by the names their adapters give
# them (syndicate/networks/; a test keeps the two in step).
POSTING_LABELS = {
    "telegram": "Telegram",
    "discord": "Discord",
    "slack": "Slack",
    "threads": "Threads",
    "webhook": "Webhook",
}


def load_syndication_links(site_dir: Path) -> tuple[Links, list[Problem]]:
    """Page id (its path, e.g. '/spring-sale/') → [(network label, post URL)], from the ledger, and warnings.

    Only posts that are published and have an http(s) address are listed, sorted by label then URL;
    no ledger means no links. The links are extras, so nothing in the ledger stops a build: a damaged
    ledger, or an address that is not http(s) (a hand edit, say), is a warning naming the file, and
    the build goes on without those links.
    """
    path = site_dir / LEDGER_NAME
    try:
        ledger = load_ledger(path)
    except SmoError as error:
        warnings = [
            _as_warning(problem, 'the pages are built without their "also on" links') for problem in error.problems
        ]
        return {}, warnings
    links: Links = {}
    refused: list[str] = []
    for entry_id, targets in ledger.records.items():
        found = set()
        for target, record in targets.items():
            if not record.posted or not record.url:
                continue
            url = safe_url(record.url, ("http", "https"))
            if url is None:
                refused.append(f"posts.{entry_id}.{target}")
            else:
                found.add((network_label(record.network), url))
        if found:
            links[entry_id] = sorted(found)
    problems = [
        Problem(
            "'url' is not an http(s) address, so the page does not link it",
            path=str(path),
            key=key,
            severity="warning",
            hint="fix the address or remove it from the record",
        )
        for key in sorted(refused)
    ]
    return links, problems


def _as_warning(problem: Problem, consequence: str) -> Problem:
    return Problem(
        f"{problem.message}; {consequence}",
        path=problem.path,
        line=problem.line,
        key=problem.key,
        hint=problem.hint,
        severity="warning",
    )


def network_label(network: str) -> str:
    """What an "also on" link calls a network: "Mastodon", "Telegram"."""
    return NETWORK_LABELS.get(network) or POSTING_LABELS.get(network) or network
