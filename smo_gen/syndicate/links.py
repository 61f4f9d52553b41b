"""What a build needs to show "also on …" links (`u-syndication`) on each page."""

from __future__ import annotations

from pathlib import Path

from smo_gen.errors import Problem, SmoError
from smo_gen.render.share_links import NETWORK_LABELS
from smo_gen.syndicate.ledger import LEDGER_NAME, load_ledger
from smo_gen.syndicate.networks import ADAPTERS
from smo_gen.urls import safe_url

Links = dict[str, list[tuple[str, str]]]


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
        warnings = [_as_warning(problem, "the pages are built without their \"also on\" links") for problem in error.problems]
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
                found.add((_label(record.network), url))
        if found:
            links[entry_id] = sorted(found)
    problems = [
        Problem("'url' is not an http(s) address, so the page does not link it", path=str(path), key=key,
                severity="warning", hint="fix the address or remove it from the record")
        for key in sorted(refused)
    ]
    return links, problems


def _as_warning(problem: Problem, consequence: str) -> Problem:
    return Problem(f"{problem.message}; {consequence}", path=problem.path, line=problem.line, key=problem.key,
                   hint=problem.hint, severity="warning")


def _label(network: str) -> str:
    adapter = ADAPTERS.get(network)
    return NETWORK_LABELS.get(network) or (adapter.label if adapter else network)
