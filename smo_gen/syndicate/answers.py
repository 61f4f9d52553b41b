"""Checking what a network answered before anything of it is recorded, printed or put on a page.

A network (or something pretending to be one) may answer 2xx with anything: `{}`, a list, an id
that is an object, a `url` of `javascript:…`. Adapters read answers through these functions, which
raise `Malformed` for anything the API does not document, so one odd answer fails one target with a
clear message, and only plain ids and http(s) addresses of bounded size reach the ledger.
"""

from __future__ import annotations

from typing import Any

from smo_gen.syndicate.http import Failure
from smo_gen.syndicate.post import Receipt
from smo_gen.urls import safe_url

MAX_ID_CHARACTERS = 512
MAX_URL_CHARACTERS = 2048


class Malformed(Failure):
    """A 2xx answer that is not shaped as the network's API documents."""


def answer_object(value: object, what: str) -> dict[str, Any]:
    """`value` when it is a JSON object; Malformed otherwise."""
    if not isinstance(value, dict):
        raise Malformed(f"{what} is {_kind(value)}, not an object")
    return value


def answer_list(value: object, what: str) -> list[Any]:
    """`value` when it is a JSON list (None counts as empty); Malformed otherwise."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise Malformed(f"{what} is {_kind(value)}, not a list")
    return value


def answer_id(value: object, what: str = "id") -> str:
    """An id as text: a string or an integer, short, printable and without spaces."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value:
        raise Malformed(f"its {what} is {_kind(value)}, not an id")
    if len(value) > MAX_ID_CHARACTERS or any(ch.isspace() or not ch.isprintable() for ch in value):
        raise Malformed(f"its {what} is not a plain id of at most {MAX_ID_CHARACTERS} characters")
    return value


def answer_url(value: object, what: str = "url") -> str | None:
    """An http(s) address (None when the answer has none); Malformed for anything else."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise Malformed(f"its {what} is {_kind(value)}, not an address")
    if len(value) > MAX_URL_CHARACTERS:
        raise Malformed(f"its {what} is longer than {MAX_URL_CHARACTERS} characters")
    url = safe_url(value, ("http", "https"))
    if url is None:
        raise Malformed(f"its {what} is not an http(s) address")
    return url


def check_receipt(receipt: object) -> Receipt:
    """`receipt` with its id and address checked again, whichever adapter made it."""
    if not isinstance(receipt, Receipt):
        raise Malformed(f"the adapter's answer is {_kind(receipt)}")
    remote_id = None if receipt.remote_id is None else answer_id(receipt.remote_id)
    return Receipt(remote_id, answer_url(receipt.url), tuple(answer_id(part) for part in receipt.thread))


def _kind(value: object) -> str:
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
