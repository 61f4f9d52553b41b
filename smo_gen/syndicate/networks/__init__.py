"""The network adapters, one per network, all following `base.Network`."""

from __future__ import annotations

from smo_gen.syndicate.networks.base import CannotCompose, Network
from smo_gen.syndicate.networks.bluesky import Bluesky
from smo_gen.syndicate.networks.chat import Discord, Slack, Telegram
from smo_gen.syndicate.networks.linkedin import LinkedIn
from smo_gen.syndicate.networks.mastodon import Mastodon
from smo_gen.syndicate.networks.meta import Facebook, Threads
from smo_gen.syndicate.networks.reddit import Reddit
from smo_gen.syndicate.networks.webhook import Webhook
from smo_gen.syndicate.networks.x import X

ADAPTERS: dict[str, type[Network]] = {
    adapter.name: adapter
    for adapter in (Mastodon, Bluesky, LinkedIn, X, Facebook, Reddit, Threads, Telegram, Discord, Slack, Webhook)
}


def make_adapters() -> dict[str, Network]:
    """Fresh adapters for one run (Bluesky keeps its sessions per run)."""
    return {name: adapter() for name, adapter in ADAPTERS.items()}


__all__ = ["ADAPTERS", "CannotCompose", "Network", "make_adapters"]
