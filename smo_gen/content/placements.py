"""Front matter `qr: [window, flyer]`: the offline placements a page gets a QR code for.

A placement names where a printed code hangs; it becomes part of file names and `utm_content`, so
it is lower-case letters, digits and dashes. Audience variants print the placements of their page.
"""

from __future__ import annotations

from collections.abc import Sequence

from smo_gen.content.page import Page
from smo_gen.errors import Problem
from smo_gen.patterns import lazy_pattern
from smo_gen.schema import describe_value

QR_KEY = "qr"
# Where an A/B share variant page keeps its name ("a", "b"): set by content/share_variants.py.
SHARE_VARIANT_KEY = "_share_variant"
_NAME = lazy_pattern(r"^[a-z0-9][a-z0-9-]*$")


def page_placements(page: Page) -> tuple[str, ...]:
    """The page's valid placements, in the order written, each once."""
    return _parse(page.params.get(QR_KEY))[0]


def check_placements(pages: Sequence[Page]) -> list[Problem]:
    """A problem for each page whose `qr` is not a list of placement names."""
    problems = []
    for page in pages:
        if page.variant_of:
            continue  # its main page's front matter, reported once
        for message in _parse(page.params.get(QR_KEY))[1]:
            problems.append(page.problem(QR_KEY, message, hint="for example: qr: [window, flyer]"))
    return problems


def _parse(value: object) -> tuple[tuple[str, ...], list[str]]:
    if value is None:
        return (), []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return (), [f"expected a list of placement names, got {describe_value(value)}"]
    names: list[str] = []
    errors: list[str] = []
    for item in items:
        if not isinstance(item, str) or not _NAME.match(item.strip()):
            errors.append(f"a placement must be lower-case letters, digits and dashes, got {describe_value(item)}")
        elif item.strip() not in names:
            names.append(item.strip())
    return tuple(names), errors
