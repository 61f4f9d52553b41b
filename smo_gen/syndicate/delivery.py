"""Getting one post to one network exactly once: retries, backoff, rate limits and reconciling.

- Connection failures (nothing was sent) and 5xx/timeouts are retried with exponential backoff
  and jitter, a bounded number of times; a 429 waits for its Retry-After (up to a bound).
- After an ambiguous failure (the request may have gone through) the adapter first looks for the
  post (`reconcile`); only if it is not there is the post sent again, with the same key.
- A network that can neither dedupe nor look (Telegram, Discord, Slack) is never sent a post twice:
  the ambiguous failure becomes `Uncertain` and the ledger keeps the post pending.
- 401/403 and other 4xx are not retried.
- A 2xx answer not shaped as the API documents (`answers.Malformed`, or an adapter tripping over it)
  is never taken as a receipt: the post may exist, so it stays pending and the next run checks.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from smo_gen.syndicate.answers import Malformed, check_receipt
from smo_gen.syndicate.http import Ambiguous, Failure, Http, NotSent, RateLimited, Uncertain
from smo_gen.syndicate.networks import Network
from smo_gen.syndicate.networks.webhook import is_idempotent
from smo_gen.syndicate.post import Post, Receipt, Secret

Sleep = Callable[[float], None]


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 1.0  # seconds before the first retry; doubles each time
    max_delay: float = 60.0
    max_wait: float = 300.0  # the longest Retry-After we wait for; beyond it the target fails for now
    jitter: float = 0.5  # each delay is scaled by a random factor in [1 - jitter, 1]

    def backoff(self, attempt: int, rng: random.Random) -> float:
        delay = min(self.max_delay, self.base_delay * 2.0**attempt)
        return delay * (1 - self.jitter * rng.random())


def can_retry_ambiguous(adapter: Network, post: Post) -> bool:
    return adapter.idempotent or adapter.reconcilable or is_idempotent(post.target)


def deliver(
    adapter: Network,
    post: Post,
    secret: Secret | None,
    http: Http,
    policy: RetryPolicy,
    sleep: Sleep,
    rng: random.Random,
    *,
    ambiguous: bool = False,
) -> Receipt:
    """Publish `post`, retrying what may be retried; raise `Failure` (or `Uncertain`) when it cannot."""
    last: Failure | None = None
    for attempt in range(policy.attempts):
        try:
            return _attempt(adapter, post, secret, http, ambiguous)
        except Malformed as failure:
            check = (
                "checked again next run"
                if adapter.reconcilable
                else ("look at the channel, then record it with --populate or remove the entry from the ledger")
            )
            raise Uncertain(
                f"{adapter.label} answered in a way its API does not document: {failure.message}; "
                f"it may have been posted, so it is kept pending ({check})"
            ) from None
        except RateLimited as failure:
            wait = failure.retry_after if failure.retry_after is not None else policy.backoff(attempt, rng)
            if wait > policy.max_wait:
                raise _final(Failure(f"{failure.message}; asked to wait {wait:.0f}s, try again later"), ambiguous)
            last = failure
            sleep(wait)
        except NotSent as failure:
            last = failure
            sleep(policy.backoff(attempt, rng))
        except Ambiguous as failure:
            if not can_retry_ambiguous(adapter, post):
                raise Uncertain(
                    f"{failure.message}; it may have been posted, and {adapter.label} offers no way to check: "
                    "look at the channel, then record it with --populate or remove the entry from the ledger"
                ) from None
            ambiguous, last = True, failure
            sleep(policy.backoff(attempt, rng))
        except Failure as failure:
            raise _final(failure, ambiguous) from None
    assert last is not None
    raise _final(Failure(f"{last.message} (gave up after {policy.attempts} attempts)"), ambiguous)


def _attempt(adapter: Network, post: Post, secret: Secret | None, http: Http, ambiguous: bool) -> Receipt:
    """One reconcile-then-publish, its answer checked; an adapter tripping over an answer is Malformed."""
    try:
        if ambiguous and adapter.reconcilable:
            found = adapter.reconcile(post, secret, http)
            if found is not None:
                return check_receipt(found)
        return check_receipt(adapter.publish(post, secret, http))
    except KeyError as error:
        # Answers are decoded JSON: a missing key or a wrong type is the server's doing, not ours.
        raise Malformed(f"the field {str(error.args[0])[:40]!r} is missing") from None
    except (IndexError, TypeError, AttributeError, ValueError):
        raise Malformed("a field is missing or of the wrong type") from None


def _final(failure: Failure, ambiguous: bool) -> Failure:
    """After an ambiguous failure we cannot say the post does not exist: keep it pending."""
    if ambiguous and not isinstance(failure, Uncertain):
        return Uncertain(f"{failure.message}; an earlier attempt may have been posted, checked again next run")
    return failure
