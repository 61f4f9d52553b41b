"""Syndication: post each published page to the configured networks, exactly once.

manifest.json + syndication.json ─▶ network adapters (compose is pure, publish does I/O) ─▶ ledger
"""

from __future__ import annotations

from smo_gen.site.syndication_links import load_syndication_links
from smo_gen.syndicate.delivery import RetryPolicy
from smo_gen.syndicate.runner import Outcome, SyndicateRequest, syndicate

__all__ = ["Outcome", "RetryPolicy", "SyndicateRequest", "load_syndication_links", "syndicate"]
