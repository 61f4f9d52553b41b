"""Front matter keys that look like a slip of a key deciding what is published, where and when.

An unknown key is usually kept for templates with a warning. But 'drafts: true' or 'imgae:'
would silently publish a draft or share the wrong picture, so a key one slip away from such a
key is an error, even without the strict mode.
"""

from __future__ import annotations

# Our name -> what is published instead when the key is misspelt.
PUBLICATION_KEYS = {
    "draft": "the page is published, not kept as a draft",
    "date": "the page is dated by its file instead",
    "publish_date": "the page is published now, not on that date",
    "expiry_date": "the page never expires",
    "image": "shares show the drawn card, not this image",
    "url": "the page is published at its default address instead",
    "slug": "the page is published at its default address instead",
}
# Keys other generators' themes really use, one slip away from a publication key: never flagged.
_REAL_KEYS = frozenset({"data", "link", "images", "dates", "page", "state", "drafted"})


def _folded(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def _slips(a: str, b: str) -> int:
    """The number of typing slips (a letter added, dropped, changed or two swapped) from `a` to `b`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def publication_key_slip(key: str, spellings: dict[str, str]) -> str | None:
    """The publication key (as written in `spellings`, which maps each accepted spelling to our
    name) that `key` is a slip of, or None."""
    folded = _folded(key)
    if key.lower() in _REAL_KEYS or len(folded) < 3:
        return None
    allowed = 1 if len(folded) <= 6 else 2
    candidates = []
    for spelling, name in spellings.items():
        slips = _slips(folded, _folded(spelling)) if name in PUBLICATION_KEYS else 0
        if 0 < slips <= allowed:
            # Among equals, the spelling closest to the writer's own style ('publishDate' for 'publsihDate').
            candidates.append((slips, _slips(key, spelling), spelling))
    return min(candidates)[2] if candidates else None
