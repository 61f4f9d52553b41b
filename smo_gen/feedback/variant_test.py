"""Which A/B share variant works better: a two-proportion z-test on clicks out of times shown.

Each variant was shown `shown` times (impressions, from the networks' own statistics) and clicked
`clicks` times (counted from the access log or an analytics export). The test asks whether the
two click rates differ by more than chance would make them: with a two-sided p-value under
`ALPHA` one variant leads; otherwise there is no clear difference yet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ALPHA = 0.05  # the usual line: a difference this large comes by chance one time in twenty


@dataclass(frozen=True)
class VariantFigures:
    name: str
    clicks: int
    shown: int

    @property
    def rate(self) -> float:
        return self.clicks / self.shown if self.shown else 0.0


@dataclass(frozen=True)
class Comparison:
    """The outcome for two variants: the leader (None: no clear difference), z and the p-value."""

    first: VariantFigures
    second: VariantFigures
    z: float
    p_value: float
    leader: str | None

    def sentence(self) -> str:
        """The verdict with its numbers, for people."""
        figures = f"{_figures(self.first)} against {_figures(self.second)}; z = {self.z:.2f}, p = {_p(self.p_value)}"
        if self.leader is None:
            return f"No clear difference yet between {self.first.name} and {self.second.name}: {figures}."
        other = self.second.name if self.leader == self.first.name else self.first.name
        return f"{self.leader} leads {other}: {figures}."


def compare_variants(first: VariantFigures, second: VariantFigures, alpha: float = ALPHA) -> Comparison:
    """Two-proportion z-test with the pooled rate (both variants shown at least once).

    Raises ValueError when a variant was never shown or has more clicks than showings.
    """
    for variant in (first, second):
        if variant.shown <= 0 or not 0 <= variant.clicks <= variant.shown:
            raise ValueError(
                f"variant {variant.name}: expected 0 <= clicks <= shown "
                f"and shown > 0, got {variant.clicks} of {variant.shown}"
            )
    pooled = (first.clicks + second.clicks) / (first.shown + second.shown)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / first.shown + 1 / second.shown))
    z = (first.rate - second.rate) / spread if spread else 0.0
    p_value = math.erfc(abs(z) / math.sqrt(2))  # two-sided: 2 * (1 - Phi(|z|))
    leader = None
    if p_value < alpha:
        leader = first.name if first.rate > second.rate else second.name
    return Comparison(first, second, z, p_value, leader)


def _figures(variant: VariantFigures) -> str:
    return f"{variant.name} {variant.clicks:,} of {variant.shown:,} ({variant.rate:.1%})"


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.3f}"
