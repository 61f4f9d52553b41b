"""Server-Sent Events: the one-way channel that tells every open tab what the last build did."""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    """One message to the tabs: `reload`, `css`, `problems`, `clear` or `hello`."""

    name: str
    data: dict[str, Any]

    def encode(self) -> bytes:
        payload = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"))
        return f"event: {self.name}\ndata: {payload}\n\n".encode()


# A subscriber's queue receives events, and None once the hub closes.
Subscription = queue.Queue[Event | None]


class EventHub:
    """Fans each published event out to every subscribed connection."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Subscription] = []
        self._closed = False

    def subscribe(self) -> Subscription:
        subscription: Subscription = queue.Queue()
        with self._lock:
            if self._closed:
                subscription.put(None)
            else:
                self._subscribers.append(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            if subscription in self._subscribers:
                self._subscribers.remove(subscription)

    def publish(self, event: Event) -> None:
        with self._lock:
            for subscription in self._subscribers:
                subscription.put(event)

    @property
    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscribers)

    def close(self) -> None:
        """Ends every open event stream; later subscribers are ended at once."""
        with self._lock:
            self._closed = True
            for subscription in self._subscribers:
                subscription.put(None)
            self._subscribers.clear()
