"""Which entry a target posts when a page has A/B share variants (syndicate/entries.py: entries_for)."""

from __future__ import annotations

from dataclasses import replace

from smo_gen.syndicate.entries import entries_for
from tests.unit.syndicate.test_compose import ENTRY

A = replace(ENTRY, id="/summer/variant-a/", share_variant="a")
B = replace(ENTRY, id="/summer/variant-b/", share_variant="b")
COLD = replace(ENTRY, id="/summer/cold/", audience="cold")


def test_targets_take_the_variants_in_turn() -> None:
    page = replace(ENTRY, variants=(A, B))
    assert [[e.id for e in entries_for(page, (), turn)] for turn in range(4)] == [
        ["/summer/variant-a/"],
        ["/summer/variant-b/"],
        ["/summer/variant-a/"],
        ["/summer/variant-b/"],
    ]


def test_a_target_naming_an_audience_posts_the_audience_variant_not_a_share_variant() -> None:
    page = replace(ENTRY, variants=(COLD, A, B))
    assert [e.id for e in entries_for(page, ("cold",), 1)] == ["/summer/cold/"]
    assert [e.id for e in entries_for(page, ("hot",), 1)] == ["/summer/variant-b/"]


def test_a_page_without_variants_is_posted_as_itself() -> None:
    assert list(entries_for(ENTRY, (), 3)) == [ENTRY]
