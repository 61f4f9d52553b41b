"""Hypothesis strategies for the feed tests: the texts and moments that XML, lxml and feedgen
each treat in their own way."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

# Pieces of text that XML, lxml and feedgen each treat in their own way.
TRICKY = (
    "Spring sale",
    " ",
    "&",
    "<",
    ">",
    "]]>",
    "<![CDATA[x]]>",
    '"',
    "'",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\x01",
    "\x0b",
    "\x7f",
    "\x85",
    "é",
    "ü",
    "😀",
    "\u2028",
    "\ufffe",
    "&amp;",
    "&#13;",
    "<b>bold</b>",
    '<a href="/prices/">prices</a>',
    '<img src="chair.jpg" alt="a &amp; b">',
)
texts = st.lists(st.sampled_from(TRICKY), max_size=4).map("".join)
urls = st.sampled_from(
    (
        "https://a.example/x.mp3",
        "https://a.example/a b?x=1&y=<2>",
        'https://a.example/"q"\t\n',
        "",
        "https://a.example/é",
    )
)
moments = st.builds(
    dt.datetime,
    year=st.sampled_from((999, 2024, 2026)),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    second=st.integers(0, 59),
    microsecond=st.sampled_from((0, 0, 1500)),
    tzinfo=st.sampled_from(
        (dt.UTC, dt.timezone(dt.timedelta(hours=-5)), dt.timezone(dt.timedelta(hours=5, minutes=30)))
    ),
)
