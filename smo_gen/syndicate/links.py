"""What a build needs to show "also on …" links (`u-syndication`) on each page."""

from __future__ import annotations

from pathlib import Path

from smo_gen.share import NETWORK_LABELS

from .ledger import LEDGER_NAME, load_ledger
from .networks import ADAPTERS


def load_syndication_links(site_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """Page id (its path, e.g. '/spring-sale/') → [(network label, post URL)], from the ledger.

    Only posts that are published and have a web address are listed, sorted by label then URL;
    no ledger means no links. A damaged ledger raises SmoError, as it does for syndication.
    """
    ledger = load_ledger(site_dir / LEDGER_NAME)
    links: dict[str, list[tuple[str, str]]] = {}
    for entry_id, targets in ledger.records.items():
        found = {
            (_label(record.network), record.url)
            for record in targets.values()
            if record.state == "posted" and record.url
        }
        if found:
            links[entry_id] = sorted((label, url) for label, url in found if url)
    return links


def _label(network: str) -> str:
    adapter = ADAPTERS.get(network)
    return NETWORK_LABELS.get(network) or (adapter.label if adapter else network)
