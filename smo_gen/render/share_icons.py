"""The share links' icons: small line drawings as inline SVG, made once, the same on every page.

They were a Jinja macro called once per link of every page (about a tenth of a page's template
time); as constants they cost a dictionary look-up. Themes reach them as `share_icons[network]`.
"""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup

# What each icon draws inside the common <svg> element (the networks' own logos are not used).
_DRAWINGS: Mapping[str, str] = {
    "x": '<path d="M4 4l16 16M20 4L4 20"/>',
    "facebook": '<path d="M14 8h3V4h-3a4 4 0 0 0-4 4v3H7v4h3v6h4v-6h3l1-4h-4V8z"/>',
    "linkedin": '<rect x="3" y="3" width="18" height="18" rx="3"/>'
    '<path d="M8 10v7M8 7v.01M12 17v-7M12 13a3 3 0 0 1 6 0v4"/>',
    "bluesky": '<path d="M12 11C10 7 6 4 4 5s0 6 3 7c-3 1-3 4-1 5s4-1 6-4c2 3 4 5 6 4s2-4-1-5c3-1 5-6 3-7s-6 2-8 6z"/>',
    "mastodon": '<path d="M20 9c0-4-3-5-8-5S4 5 4 9v5c0 4 3 6 8 6 2 0 3-.5 3-.5v-2s-1.5.5-3 .5c-2 0-3-1-3-2 '
    '4 .5 11 .5 11-3z"/>'
    '<path d="M9 13V9.5a1.5 1.5 0 0 1 3 0V12m0-2.5a1.5 1.5 0 0 1 3 0V13"/>',
    "reddit": '<circle cx="12" cy="14" r="7"/><circle cx="18" cy="5" r="1.5"/>'
    '<path d="M12 7l1-4 5 2M9.5 16.5c1.5 1 3.5 1 5 0M9 13v.01M15 13v.01"/>',
    "hackernews": '<rect x="3" y="3" width="18" height="18" rx="2"/><path d="M8 7l4 6 4-6M12 13v5"/>',
    "whatsapp": '<path d="M4 20l1.3-4A8 8 0 1 1 8 19z"/>'
    '<path d="M9 9c0 3 3 6 6 6l1-1.5-2-1-1 .8c-1-.5-1.8-1.3-2.3-2.3l.8-1-1-2z"/>',
    "telegram": '<path d="M21 4L3 11l6 2 2 6 3-4 5 4z"/><path d="M9 13l8-6"/>',
    "email": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3 7l9 6 9-6"/>',
    "pinterest": '<circle cx="12" cy="12" r="9"/><path d="M11 8c3-1 6 1 5 4s-4 3-5 1M12 11l-3 10"/>',
}
# A network without a drawing of its own (a theme's, say) gets an arrow in a circle.
_OTHER = '<circle cx="12" cy="12" r="8"/><path d="M8 12h8M12 8l4 4-4 4"/>'
_SVG = (
    '<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none"'
    ' stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{}</svg>'
)


class ShareIcons(dict[str, Markup]):
    """network -> its icon as safe markup; any other name gets the generic icon."""

    def __missing__(self, network: str) -> Markup:
        return OTHER_ICON


OTHER_ICON = Markup(_SVG.format(_OTHER))
SHARE_ICONS = ShareIcons({network: Markup(_SVG.format(drawing)) for network, drawing in _DRAWINGS.items()})
