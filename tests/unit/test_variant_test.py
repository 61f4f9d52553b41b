"""The two-proportion test that says which A/B share variant leads (feedback/variant_test.py)."""

from __future__ import annotations

import pytest

from smo_gen.feedback.variant_test import VariantFigures, compare_variants


def test_120_of_1000_against_80_of_1000_is_a_clear_lead_for_a() -> None:
    result = compare_variants(VariantFigures("a", 120, 1000), VariantFigures("b", 80, 1000))
    assert result.leader == "a"
    assert result.p_value == pytest.approx(0.00287, abs=5e-5)
    assert result.z == pytest.approx(2.981, abs=1e-3)
    assert result.sentence() == "a leads b: a 120 of 1,000 (12.0%) against b 80 of 1,000 (8.0%); z = 2.98, p = 0.003."


def test_12_of_100_against_10_of_100_is_no_clear_difference() -> None:
    result = compare_variants(VariantFigures("a", 12, 100), VariantFigures("b", 10, 100))
    assert result.leader is None
    assert result.p_value == pytest.approx(0.651, abs=1e-3)
    assert result.sentence() == (
        "No clear difference yet between a and b: a 12 of 100 (12.0%) against b 10 of 100 (10.0%); z = 0.45, p = 0.651."
    )


def test_the_leader_is_whichever_rate_is_higher_and_order_does_not_matter() -> None:
    result = compare_variants(VariantFigures("a", 80, 1000), VariantFigures("b", 120, 1000))
    assert result.leader == "b" and result.sentence().startswith("b leads a:")


def test_no_clicks_at_all_is_no_difference_and_impossible_figures_are_refused() -> None:
    assert compare_variants(VariantFigures("a", 0, 10), VariantFigures("b", 0, 10)).leader is None
    with pytest.raises(ValueError, match="variant b: expected 0 <= clicks <= shown"):
        compare_variants(VariantFigures("a", 1, 10), VariantFigures("b", 11, 10))
