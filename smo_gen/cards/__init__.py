"""Social cards: the og:image of every page, cropped from its photo or drawn from the theme's layout.

`parse_card_settings` reads the theme's card.toml and the site's `[cards]` table,
`CardPlanner` (or `plan_card`, for one) names each page's card before anything is drawn (the name
hashes every input),
`draw_cards` draws the cards missing from the cache directory, in parallel, and prunes the rest.
The card.toml format is documented in `smo_gen.cards.settings` and themes/default/CARDS.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smo_gen.cards.plan import CardPlan, CardPlanner, CardSource, plan_card
    from smo_gen.cards.run import CardRun, draw_cards
    from smo_gen.cards.settings import CardSettings, LogoStyle, TextStyle, parse_card_settings

# Each name's module, imported when the name is first asked for: the drawing code pulls in
# Pillow and fontTools (40 ms), which a build with cards switched off never needs, while
# `smo_gen.cards.page_cards` (imported by every build) makes Python import this package first.
_MODULES = {
    "CardPlan": "plan",
    "CardPlanner": "plan",
    "CardSource": "plan",
    "plan_card": "plan",
    "CardRun": "run",
    "draw_cards": "run",
    "CardSettings": "settings",
    "LogoStyle": "settings",
    "TextStyle": "settings",
    "parse_card_settings": "settings",
}

__all__ = [
    "CardPlan",
    "CardPlanner",
    "CardRun",
    "CardSettings",
    "CardSource",
    "LogoStyle",
    "TextStyle",
    "draw_cards",
    "parse_card_settings",
    "plan_card",
]


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
