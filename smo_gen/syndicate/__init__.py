"""Syndication: post each published page to the configured networks, exactly once.

    manifest.json + syndication.json ─▶ network adapters (compose is pure, publish does I/O) ─▶ ledger
"""

from __future__ import annotations

from .delivery import RetryPolicy
from .links import load_syndication_links
from .runner import Outcome, SyndicateRequest, syndicate

__all__ = ["Outcome", "RetryPolicy", "SyndicateRequest", "load_syndication_links", "syndicate"]
