"""The network adapters, one per network, all following `base.Network`."""

from __future__ import annotations

from .base import CannotCompose, Network
from .bluesky import Bluesky
from .chat import Discord, Slack, Telegram
from .linkedin import LinkedIn
from .mastodon import Mastodon
from .meta import Facebook, Threads
from .reddit import Reddit
from .webhook import Webhook
from .x import X

ADAPTERS: dict[str, type[Network]] = {
    adapter.name: adapter
    for adapter in (Mastodon, Bluesky, LinkedIn, X, Facebook, Reddit, Threads, Telegram, Discord, Slack, Webhook)
}


def make_adapters() -> dict[str, Network]:
    """Fresh adapters for one run (Bluesky keeps its sessions per run)."""
    return {name: adapter() for name, adapter in ADAPTERS.items()}


__all__ = ["ADAPTERS", "CannotCompose", "Network", "make_adapters"]
