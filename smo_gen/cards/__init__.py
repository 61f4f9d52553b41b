"""Social cards: the og:image of every page, cropped from its photo or drawn from the theme's layout.

`parse_card_settings` reads the theme's card.toml and the site's `[cards]` table,
`CardPlanner` (or `plan_card`, for one) names each page's card before anything is drawn (the name
hashes every input),
`draw_cards` draws the cards missing from the cache directory, in parallel, and prunes the rest.
The card.toml format is documented in `smo_gen.cards.settings` and themes/default/CARDS.md.
"""

from smo_gen.cards.plan import CardPlan, CardPlanner, CardSource, plan_card
from smo_gen.cards.run import CardRun, draw_cards
from smo_gen.cards.settings import CardSettings, LogoStyle, TextStyle, parse_card_settings

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
