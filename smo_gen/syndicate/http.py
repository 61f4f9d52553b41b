"""HTTP for the adapters: every failure becomes one of a few kinds that decide what happens next.

- `NotSent`: the request never reached the network (connection refused): safe to retry.
- `Ambiguous`: it may have reached it (timeout after sending, connection lost, 5xx): reconcile first.
- `RateLimited`: 429 (or the network's own way of saying so), with how long to wait when it says.
- `CredentialRejected`: 401/403; retrying cannot help.
- `Rejected`: any other 4xx, with the network's own message.

Messages name the host only, never a full URL: some APIs (Telegram) carry the token in the path.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from smo_gen.shortening import shorten

ErrorReader = Callable[[httpx.Response], str]


MAX_ANSWER_BYTES = 8 * 1024 * 1024  # far above any answer these APIs give (40 statuses are ~100 kB)
MAX_MESSAGE_CHARACTERS = 1000


class Failure(Exception):
    """A post that did not go through; `message` is safe to print and to record (and bounded)."""

    def __init__(self, message: str) -> None:
        message = shorten(message, MAX_MESSAGE_CHARACTERS)
        super().__init__(message)
        self.message = message


class NotSent(Failure):
    pass


class Ambiguous(Failure):
    pass


class RateLimited(Failure):
    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Rejected(Failure):
    pass


class CredentialRejected(Rejected):
    pass


class Uncertain(Failure):
    """We gave up not knowing whether the post exists; the ledger keeps it pending."""


def describe_error(response: httpx.Response) -> str:
    """The network's own error message from a JSON or text body, as most APIs shape it."""
    try:
        body: Any = response.json()
    except ValueError:
        return response.text.strip()[:300] or response.reason_phrase
    return _message_from(body) or response.reason_phrase


def _message_from(body: Any) -> str:
    if isinstance(body, str):
        return body
    if isinstance(body, list):
        return "; ".join(filter(None, (_message_from(item) for item in body)))
    if not isinstance(body, dict):
        return ""
    for key in ("error_description", "detail", "message", "description", "error", "errors", "title"):
        if body.get(key):
            found = _message_from(body[key])
            if found:
                return found
    return ""


def retry_after_of(response: httpx.Response, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait, from Retry-After (seconds or a date), X's reset time, or a JSON `retry_after`."""
    header = response.headers.get("retry-after")
    if header:
        if header.strip().replace(".", "", 1).isdigit():
            return float(header)
        try:
            when = email.utils.parsedate_to_datetime(header)
            return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())
        except (TypeError, ValueError):
            pass
    reset = response.headers.get("x-rate-limit-reset")  # X: epoch seconds
    if reset and reset.isdigit():
        return max(0.0, int(reset) - (now or dt.datetime.now(dt.UTC)).timestamp())
    reddit = response.headers.get("x-ratelimit-reset")  # Reddit: seconds
    if reddit and reddit.replace(".", "", 1).isdigit():
        return float(reddit)
    try:
        body = response.json()
    except ValueError:
        return None
    if isinstance(body, dict):
        value = body.get("retry_after", (body.get("parameters") or {}).get("retry_after"))
        if isinstance(value, int | float):
            return float(value)
    return None


class Http:
    """Sends requests and classifies what went wrong; adapters call `send` then `check`."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def send(self, method: str, url: str, **options: Any) -> httpx.Response:
        try:
            host = urlsplit(url).netloc.rpartition("@")[2] or "the server"
        except ValueError:
            host = "the server"
        try:
            return self._bounded(method, url, host, **options)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError):
            # The URL is made from settings and credentials: its text may hold a token, so it is not shown.
            raise Rejected(
                f"the address for {host} is not a valid http(s) URL: check the target's settings "
                "and credential (a stray space or line break?)"
            ) from None
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
            raise NotSent(f"could not connect to {host}") from None
        except httpx.TimeoutException:
            raise Ambiguous(f"no answer from {host} in time") from None
        except httpx.TransportError:
            raise Ambiguous(f"the connection to {host} was lost") from None

    def _bounded(self, method: str, url: str, host: str, **options: Any) -> httpx.Response:
        """The response, its body read (decoded) up to `MAX_ANSWER_BYTES`: a hostile server cannot fill memory."""
        with self.client.stream(method, url, **options) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_ANSWER_BYTES:
                    raise Ambiguous(f"{host} answered with more than {MAX_ANSWER_BYTES // (1024 * 1024)} MB")
        # The body is decoded already: the new response must not decode it again.
        headers = [
            (k, v)
            for k, v in response.headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=bytes(body),
            request=response.request,
            extensions=response.extensions,
            history=response.history,
        )

    def check(self, response: httpx.Response, label: str, read_error: ErrorReader = describe_error) -> httpx.Response:
        """Return a 2xx response; raise the right `Failure` for anything else."""
        status = response.status_code
        if 200 <= status < 300:
            return response
        message = read_error(response)
        if status == 429:
            raise RateLimited(f"{label} rate limit: {message}", retry_after_of(response))
        if status in (401, 403):
            raise CredentialRejected(f"credential rejected by {label} ({status}): {message}")
        if status >= 500:
            raise Ambiguous(f"{label} answered {status}: {message}")
        raise Rejected(f"{label} refused it ({status}): {message}")

    def json(self, method: str, url: str, label: str, read_error: ErrorReader = describe_error, **options: Any) -> Any:
        """`send` + `check`, returning the decoded JSON body ({} for an empty one)."""
        response = self.check(self.send(method, url, **options), label, read_error)
        if not response.content:
            return {}
        try:
            return response.json()
        except json.JSONDecodeError:
            raise Ambiguous(f"{label} answered {response.status_code} with a body that is not JSON") from None
