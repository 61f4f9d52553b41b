"""A page's front-matter `card`, read once: the layout it names and the card settings it changes.

Written as a layout name (`card: split`) or a table (`card: { layout: split, background: "#000000" }`).
The layout is checked here; the other settings stay as written, because checking them needs the
site's fonts and images: `smo_gen.cards` does that against the card schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smo_gen.errors import did_you_mean
from smo_gen.schema import describe_value

# "auto": "text" without a photo, "photo-gradient" with one; "custom": the boxes as configured.
LAYOUTS = ("auto", "text", "photo-panel", "photo-gradient", "split", "custom")
_EXPECTED = "expected a layout name such as 'split', or a table of card settings"

# Records a problem with the front matter key it names ('card', 'card.layout'): message, hint.
ProblemSink = Callable[[str, str, str | None], None]


@dataclass(frozen=True)
class CardOverrides:
    """The card one page asks for, over the site's `[cards]`."""

    layout: str | None = None  # one of LAYOUTS; None: the site's
    settings: Mapping[str, Any] = field(default_factory=dict)  # the table's other keys, as written
    line: int | None = None  # the front-matter line of `card`, for problems found in `settings` later

    def table(self) -> dict[str, Any]:
        """The overrides as one table, as the card schema reads `[cards]`."""
        return {**self.settings, "layout": self.layout} if self.layout else dict(self.settings)


NO_CARD_OVERRIDES = CardOverrides()


def parse_card_overrides(value: object, line: int | None, problem: ProblemSink) -> CardOverrides:
    """The front matter's `card` value as overrides; a value that is neither a layout name nor
    a table, or names no layout, is a problem and changes nothing."""
    if value is None:
        return NO_CARD_OVERRIDES
    if isinstance(value, str):
        layout = _layout(value.strip(), "card", problem)
        return CardOverrides(layout=layout, line=line) if layout else NO_CARD_OVERRIDES
    if not isinstance(value, Mapping):
        problem("card", f"{_EXPECTED}, got {describe_value(value)}", "for example: card: split")
        return NO_CARD_OVERRIDES
    settings = {str(key): item for key, item in value.items() if key != "layout"}
    if "layout" not in value:
        return CardOverrides(settings=settings, line=line)
    written = value["layout"]
    if not isinstance(written, str):
        problem("card.layout", f"expected a layout name, got {describe_value(written)}", _known())
        return CardOverrides(settings=settings, line=line)
    return CardOverrides(layout=_layout(written.strip(), "card.layout", problem), settings=settings, line=line)


def _layout(name: str, key: str, problem: ProblemSink) -> str | None:
    if name in LAYOUTS:
        return name
    problem(key, f"unknown layout '{name}'", did_you_mean(name, LAYOUTS) or _known())
    return None


def _known() -> str:
    return "one of " + ", ".join(f"'{name}'" for name in LAYOUTS)
