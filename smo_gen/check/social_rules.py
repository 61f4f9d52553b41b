"""What each network shows of a shared link, and the rules a page's share tags must follow.

Pure functions over a page's parsed `<head>` (`ShareTags`) and the measured facts of its
images; `smo-gen check`, the social preview of `smo-gen serve` and the build's warnings
(check/build_share.py) all use them, so the three cannot disagree.

Where the numbers come from (read in 2025; the networks change them without notice):

- X (developer.x.com, "Cards markup" and "Summary card with large image"): twitter:title
  "max 70 characters", twitter:description "max 200 characters"; images "must be less than
  5MB", JPG, PNG, WEBP or GIF ("SVG is not supported"); summary_large_image needs at least
  300x157 (at most 4096x4096), summary at least 144x144. Without twitter:card a summary
  card "may" be drawn from the og: tags.
- Facebook (developers.facebook.com, "Sharing: best practices" and "Images in link shares"):
  1200x630 recommended; below 600x315 the link shows a small thumbnail; images up to 8 MB;
  og:image:width/height let the first share show the image before it is crawled. The title
  cut at about 88 characters is a convention of social-media guides, not Meta's documentation.
- LinkedIn (learn.microsoft.com, "Making your website shareable on LinkedIn"): og:title,
  og:image, og:description; image at least 1200x627, at most 5 MB, ratio 1.91:1. The title
  cut at about 120 characters is, again, a convention observed in the Post Inspector.
- Mastodon (docs.joinmastodon.org, "Preview cards"): the server fetches og:title,
  og:description and og:image, and shows a large card for landscape images; the web client
  clamps text with CSS, so no character number is documented.
- Bluesky (lexicon app.bsky.embed.external): uri, title, description and a thumb blob of at
  most 1,000,000 bytes; clients shrink a larger image before posting, which can blur it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from smo_gen.patterns import lazy_pattern
from smo_gen.shortening import shorten
from smo_gen.site.image_facts import ImageFacts

Level = Literal["error", "warning"]

MEGABYTE = 1024 * 1024
X_MAX_BYTES = 5 * MEGABYTE
X_LARGE_MINIMUM = (300, 157)
X_SUMMARY_MINIMUM = (144, 144)
X_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
X_DESCRIPTION_CHARS = 200
BLUESKY_MAX_BYTES = 1_000_000
CARD_RATIO = 1.91  # width / height of the large previews on every network
CARD_RATIO_TOLERANCE = 0.15


@dataclass(frozen=True)
class PreviewRules:
    """How one network shows a shared link, with the source of each number."""

    name: str
    label: str
    title_chars: int | None  # where the title is cut in the feed; None: clamped by lines
    shows_description: bool
    large_minimum: tuple[int, int] | None  # below it, a small thumbnail instead of the large card
    recommended: tuple[int, int] | None
    max_bytes: int | None
    source: str


PREVIEW_RULES: tuple[PreviewRules, ...] = (
    PreviewRules("x", "X", 70, False, X_LARGE_MINIMUM, None, X_MAX_BYTES, "developer.x.com Cards markup"),
    PreviewRules(
        "facebook", "Facebook", 88, True, (600, 315), (1200, 630), 8 * MEGABYTE, "Meta sharing best practices"
    ),
    PreviewRules(
        "linkedin", "LinkedIn", 120, False, None, (1200, 627), 5 * MEGABYTE, "LinkedIn: make your website shareable"
    ),
    PreviewRules("mastodon", "Mastodon", None, True, None, None, None, "docs.joinmastodon.org preview cards"),
    PreviewRules("bluesky", "Bluesky", None, True, None, None, BLUESKY_MAX_BYTES, "lexicon app.bsky.embed.external"),
)
_LABELS = {network.name: network.label for network in PREVIEW_RULES}

# How to mend each finding in a smo-gen site; a finding names the tag, its fix names the setting.
FIX_IMAGE = (
    "give the page an 'image' in its front matter, or set default_image under [social] in site.toml "
    "(drawn cards, on by default, give every page one)"
)
FIX_IMAGE_FILE = "check the page's 'image' (or [social] default_image): the file must be beside the page or in static/"
FIX_ALT = "describe the image in the page's 'image_alt' (or [social] default_image_alt in site.toml)"
FIX_DESCRIPTION = "add a 'description' to the page's front matter (or a description in site.toml for list pages)"
FIX_BASE_URL = "set base_url in site.toml to the full https:// address of the site"
FIX_TEMPLATE = "keep the share tags of the default theme's partials/head.html in your template's <head>"
FIX_SMALLER = "save the image smaller: JPEG or WebP at 1200x630 stays well under 1 MB"
FIX_LARGER = "use an image of at least 1200x630, or leave out 'image' for a drawn card of that size"


@dataclass(frozen=True)
class Finding:
    """One thing that weakens or breaks a page's share, on some networks or all of them."""

    level: Level
    message: str
    networks: tuple[str, ...] = ()  # empty: every network
    fix: str = ""  # what to change in the site, in its writer's terms
    key: str = ""  # the front-matter key the fix changes ('title', 'image', ...), if any

    def describe(self) -> str:
        """The finding without its level: the networks it concerns, then what is wrong."""
        where = ", ".join(_LABELS.get(name, name) for name in self.networks)
        return f"{where + ': ' if where else ''}{self.message}"

    def __str__(self) -> str:
        return f"{self.level}: {self.describe()}"


@dataclass(frozen=True)
class ShareTags:
    """The share-related parts of a page's `<head>`, as a crawler reads them."""

    meta: Mapping[str, tuple[str, ...]]
    title: str = ""
    canonical_url: str | None = None
    redirects: bool = False  # <meta http-equiv=refresh>: an alias page, never shared

    def first(self, key: str) -> str | None:
        values = self.meta.get(key)
        value = values[0].strip() if values else ""
        return value or None

    @property
    def image_url(self) -> str | None:
        return self.first("og:image") or self.first("og:image:url")

    @property
    def x_image_url(self) -> str | None:
        return self.first("twitter:image") or self.first("twitter:image:src") or self.image_url

    @property
    def page_url(self) -> str | None:
        return self.first("og:url")

    def title_for(self, network: str) -> str | None:
        if network == "x":
            return self.first("twitter:title") or self.first("og:title")
        return self.first("og:title")

    def description_for(self, network: str) -> str | None:
        if network == "x":
            return self.first("twitter:description") or self.first("og:description")
        return self.first("og:description")


# The head is read with regular expressions, not html.parser, which took 0.36 ms a page (a
# tenth of a 1,000-page cold build, for `check` and for the build's own share warnings when a
# theme writes its own head); these take about a quarter of that. What they skip is what a
# crawler skips: comments and the insides of scripts, styles and templates.
_HIDDEN = lazy_pattern(r"<!--.*?-->|<(script|style|template|textarea)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# `<meta property="k" content="v">`, the common spelling, is read whole by one expression; the
# other meta and link tags (`_TAG` skips the plain ones) have their attributes taken apart.
_PLAIN = r'<meta\s+(?:property|name)="([^"]*)"\s+content="([^"]*)"\s*/?>'
_PLAIN_META = lazy_pattern(_PLAIN, re.IGNORECASE)
_TAG = lazy_pattern(
    r"(?!" + _PLAIN.replace("([", "(?:[") + r")<(meta|link)\b((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE
)
_ANY_META = lazy_pattern(r"<meta\b((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
_TITLE = lazy_pattern(r"<title\b[^>]*>(.*?)(?:</title\s*>|$)", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = lazy_pattern(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
_HEAD_END = lazy_pattern(r"</head>", re.IGNORECASE)


def tag_attributes(text: str) -> dict[str, str]:
    """The attributes of one tag's text (what follows its name), names lower case, values unescaped."""
    values: dict[str, str] = {}
    for name, value in _ATTRIBUTE.findall(text):
        name = name.lower()
        if name not in values:  # the first of a repeated attribute counts, as in browsers
            if value[:1] in ('"', "'"):
                value = value[1:-1]
            values[name] = html.unescape(value) if "&" in value else value
    return values


def _meta_entries(head: str) -> tuple[list[tuple[str, str]], str | None, bool]:
    """The head's meta tags as (key, content) in document order, its first canonical link, and
    whether it redirects."""
    plain = _PLAIN_META.findall(head)
    others: list[tuple[str, str]] = []
    canonical: str | None = None
    redirects = False
    for tag, text in _TAG.findall(head):
        if tag[0] in "lL":  # <link>: only the first canonical one is wanted
            if canonical is None and "canonical" in text.lower():
                values = tag_attributes(text)
                if "canonical" in values.get("rel", "").lower().split():
                    canonical = values.get("href", "")
            continue
        values = tag_attributes(text)
        others.append((values.get("property") or values.get("name") or "", values.get("content", "")))
        redirects = redirects or values.get("http-equiv", "").lower() == "refresh"
    entries = [
        (html.unescape(key), html.unescape(content)) if "&" in key + content else (key, content)
        for key, content in plain
    ]
    if others and {key.strip().lower() for key, _ in others} & {key.strip().lower() for key, _ in entries}:
        # A key written both ways (rare): read again in document order, since the first one counts.
        entries = []
        for match in _ANY_META.finditer(head):
            values = tag_attributes(match.group(1))
            entries.append((values.get("property") or values.get("name") or "", values.get("content", "")))
        return entries, canonical, redirects
    return entries + others, canonical, redirects


def parse_share_tags(page_html: str) -> ShareTags:
    """Read the meta tags, title and canonical link of an HTML page's head."""
    end = _HEAD_END.search(page_html)
    head = _HIDDEN.sub("", page_html if end is None else page_html[: end.start()])
    entries, canonical, redirects = _meta_entries(head)
    meta: dict[str, list[str]] = {}
    for key, content in entries:
        key = key.strip().lower()
        if key:
            meta.setdefault(key, []).append(content)
    title = _TITLE.search(head)
    tags = {key: tuple(found) for key, found in meta.items()}
    return ShareTags(tags, " ".join(html.unescape(title.group(1)).split()) if title else "", canonical, redirects)


def is_absolute_url(url: str) -> bool:
    """An http(s) URL with a host (read without urlsplit: the build asks this of every page's tags)."""
    scheme, separator, rest = url.strip().partition("://")
    return bool(separator) and scheme.lower() in ("http", "https") and rest[:1] not in ("", "/", "?", "#")


# What an image URL turned out to be: its measured facts, or why it could not be measured.
ImageLookup = Mapping[str, "ImageFacts | str"]


class MeasuredOnce:
    """Measures each image URL once, however many pages share it (`_measure` says how)."""

    def __init__(self) -> None:
        self.facts: dict[str, ImageFacts | str | None] = {}

    def measure(self, url: str) -> ImageFacts | str | None:
        """What `url` is: its facts, why it cannot be measured, or None for an image it cannot judge."""
        if url not in self.facts:
            self.facts[url] = self._measure(url)
        return self.facts[url]

    def _measure(self, url: str) -> ImageFacts | str | None:
        raise NotImplementedError


def look_up_images(tags: ShareTags, measure: Callable[[str], ImageFacts | str | None]) -> dict[str, ImageFacts | str]:
    """The facts of the images the tags share (`measure(url)`: None for an image it cannot judge)."""
    found: dict[str, ImageFacts | str] = {}
    for url in {tags.image_url, tags.x_image_url}:
        if url and is_absolute_url(url):
            facts = measure(url)
            if facts is not None:
                found[url] = facts
    return found


def check_share(tags: ShareTags, images: ImageLookup) -> list[Finding]:
    """Every way the page's share breaks a network's rule (error) or is weakened (warning).

    `images` maps image URLs to their measured facts, or to a message saying why the file
    could not be measured; a URL it does not hold (an image on another host) is not judged.
    """
    findings = _required_tags(tags)
    findings += _text_findings(tags)
    image_url = tags.image_url
    if image_url and is_absolute_url(image_url):
        findings += _image_findings(tags, image_url, images.get(image_url))
    x_image = tags.x_image_url
    if x_image and x_image != image_url and is_absolute_url(x_image):
        findings += _x_image_findings(tags, images.get(x_image))
    return findings


def _required_tags(tags: ShareTags) -> list[Finding]:
    findings: list[Finding] = []
    for key, why, fix in (
        ("og:title", "networks fall back to the <title> or show the bare link", FIX_TEMPLATE),
        ("og:url", "shares of the same page are not counted together", FIX_TEMPLATE),
        ("og:image", "the share has no picture", FIX_IMAGE),
    ):
        if not tags.first(key):
            findings.append(Finding("error", f"no {key}: {why}", fix=fix, key="image" if fix == FIX_IMAGE else ""))
    for key in ("og:url", "og:image", "og:image:secure_url", "twitter:image"):
        value = tags.first(key)
        if value and not is_absolute_url(value):
            findings.append(
                Finding(
                    "error",
                    f"{key} is not an absolute http(s) URL: '{value}'; crawlers cannot resolve it",
                    fix=FIX_BASE_URL,
                )
            )
    if tags.image_url:
        alt = tags.first("og:image:alt")
        if not alt:
            findings.append(
                Finding(
                    "error",
                    "no og:image:alt: the image has no text for people using screen readers",
                    fix=FIX_ALT,
                    key="image_alt",
                )
            )
        elif alt == tags.first("og:title"):
            findings.append(
                Finding(
                    "warning",
                    (
                        "og:image:alt only repeats og:title: people using screen readers hear the title twice "
                        "and learn nothing of the image"
                    ),
                    fix=FIX_ALT,
                    key="image_alt",
                )
            )
        if not tags.first("twitter:image:alt"):
            findings.append(
                Finding(
                    "error",
                    "no twitter:image:alt: X shows the image without a description",
                    ("x",),
                    FIX_ALT,
                    key="image_alt",
                )
            )
    card = tags.first("twitter:card")
    if card is None:
        findings.append(
            Finding("warning", "no twitter:card: X may show a small summary card, or none", ("x",), FIX_TEMPLATE)
        )
    elif card not in ("summary", "summary_large_image", "player", "app"):
        findings.append(
            Finding(
                "error",
                f"twitter:card '{card}' is not a card type X knows",
                ("x",),
                "use summary_large_image or summary",
            )
        )
    return findings


def _text_findings(tags: ShareTags) -> list[Finding]:
    findings: list[Finding] = []
    for network in PREVIEW_RULES:
        title = tags.title_for(network.name)
        if title and network.title_chars and len(title) > network.title_chars:
            findings.append(
                Finding(
                    "warning",
                    f"title is {len(title)} characters; {network.label} shows about {network.title_chars}: "
                    f"'{shorten(title, network.title_chars)}'",
                    (network.name,),
                    f"shorten the page's 'title' to {network.title_chars} characters or fewer",
                    key="title",
                )
            )
    description = tags.description_for("facebook")
    fix_length = f"shorten the page's 'description' to {X_DESCRIPTION_CHARS} characters or fewer"
    if not description:
        findings.append(
            Finding(
                "warning",
                "no og:description: the preview has no text under its title",
                fix=FIX_DESCRIPTION,
                key="description",
            )
        )
    elif len(description) > X_DESCRIPTION_CHARS:
        findings.append(
            Finding(
                "warning",
                (
                    f"og:description is {len(description)} characters; X documents {X_DESCRIPTION_CHARS} at most, "
                    "and others cut sooner"
                ),
                fix=fix_length,
                key="description",
            )
        )
    x_description = tags.first("twitter:description")
    if x_description and x_description != description and len(x_description) > X_DESCRIPTION_CHARS:
        findings.append(
            Finding(
                "warning",
                f"twitter:description is {len(x_description)} characters; X documents {X_DESCRIPTION_CHARS} at most",
                ("x",),
                fix_length,
                key="description",
            )
        )
    return findings


def _image_findings(tags: ShareTags, url: str, facts: ImageFacts | str | None) -> list[Finding]:
    if facts is None:
        return [
            Finding(
                "warning",
                f"og:image is on another host and was not measured: {url}",
                fix="check it with each network's own debugger, or use an image of this site",
                key="image",
            )
        ]
    if isinstance(facts, str):
        return [Finding("error", f"og:image {facts}: {url}", fix=FIX_IMAGE_FILE, key="image")]
    findings = _declared_size(tags, facts)
    size = f"{facts.width}x{facts.height}"
    if facts.mime not in X_TYPES:
        findings.append(
            Finding(
                "error",
                f"og:image is {facts.mime}; use JPEG, PNG, WebP or GIF",
                fix="save the page's 'image' as a JPEG, PNG, WebP or GIF file",
                key="image",
            )
        )
    if facts.byte_size > X_MAX_BYTES:
        findings.append(
            Finding(
                "error",
                f"og:image is {facts.byte_size / MEGABYTE:.1f} MB; X and LinkedIn take at most 5 MB",
                ("x", "linkedin"),
                FIX_SMALLER,
                key="image",
            )
        )
    elif facts.byte_size > BLUESKY_MAX_BYTES:
        findings.append(
            Finding(
                "warning",
                f"og:image is {facts.byte_size / 1000:.0f} kB; Bluesky stores at most 1,000 kB, so it is recompressed",
                ("bluesky",),
                FIX_SMALLER,
                key="image",
            )
        )
    if tags.x_image_url == tags.image_url:
        findings += _x_image_findings(tags, facts)
    for network in PREVIEW_RULES:
        if network.large_minimum and network.name != "x" and not _at_least(facts, network.large_minimum):
            low_w, low_h = network.large_minimum
            findings.append(
                Finding(
                    "warning",
                    f"image is {size}; under {low_w}x{low_h} {network.label} shows a small thumbnail",
                    (network.name,),
                    FIX_LARGER,
                    key="image",
                )
            )
        elif network.recommended and not _at_least(facts, network.recommended):
            rec_w, rec_h = network.recommended
            findings.append(
                Finding(
                    "warning",
                    f"image is {size}; {network.label} recommends at least {rec_w}x{rec_h}",
                    (network.name,),
                    FIX_LARGER,
                    key="image",
                )
            )
    ratio = facts.width / facts.height if facts.height else 0.0
    if abs(ratio - CARD_RATIO) > CARD_RATIO_TOLERANCE:
        findings.append(
            Finding(
                "warning",
                f"image is {size} (ratio {ratio:.2f}:1); large previews are 1.91:1 and crop the rest",
                fix="crop the image to 1.91:1 (1200x630), or leave out 'image' for a drawn card of that shape",
                key="image",
            )
        )
    declared_type = tags.first("og:image:type")
    if declared_type and declared_type != facts.mime:
        findings.append(
            Finding("warning", f"og:image:type says {declared_type} but the file is {facts.mime}", fix=FIX_TEMPLATE)
        )
    return findings


def _declared_size(tags: ShareTags, facts: ImageFacts) -> list[Finding]:
    findings: list[Finding] = []
    for key, real in (("og:image:width", facts.width), ("og:image:height", facts.height)):
        declared = tags.first(key)
        if declared is None:
            findings.append(
                Finding(
                    "warning",
                    f"no {key}: Facebook shows no image on the first share until it has crawled it",
                    ("facebook",),
                    FIX_TEMPLATE,
                )
            )
        elif declared != str(real):
            findings.append(
                Finding(
                    "error",
                    f"{key} says {declared} but the image is {real} pixels",
                    fix="build again: smo-gen writes the size it measures; "
                    "a template that writes its own must match the file",
                )
            )
    return findings


def _x_image_findings(tags: ShareTags, facts: ImageFacts | str | None) -> list[Finding]:
    if facts is None:
        return []
    if isinstance(facts, str):
        return [Finding("error", f"twitter:image {facts}", ("x",), FIX_IMAGE_FILE, key="image")]
    card = tags.first("twitter:card") or "summary"
    minimum = X_LARGE_MINIMUM if card == "summary_large_image" else X_SUMMARY_MINIMUM
    findings: list[Finding] = []
    if card in ("summary", "summary_large_image") and not _at_least(facts, minimum):
        findings.append(
            Finding(
                "error",
                (
                    f"twitter:card {card} needs an image of at least {minimum[0]}x{minimum[1]}; "
                    f"this one is {facts.width}x{facts.height}"
                ),
                ("x",),
                FIX_LARGER,
                key="image",
            )
        )
    if tags.x_image_url != tags.image_url and facts.byte_size > X_MAX_BYTES:
        findings.append(
            Finding(
                "error",
                f"twitter:image is {facts.byte_size / MEGABYTE:.1f} MB; X takes at most 5 MB",
                ("x",),
                FIX_SMALLER,
                key="image",
            )
        )
    return findings


def _at_least(facts: ImageFacts, size: tuple[int, int]) -> bool:
    return facts.width >= size[0] and facts.height >= size[1]


@dataclass(frozen=True)
class SharePreview:
    """What one network's feed would show of the link."""

    network: PreviewRules
    title: str
    title_cut: bool
    description: str | None
    domain: str
    image_url: str | None
    image_alt: str | None
    large_image: bool


def make_previews(tags: ShareTags, images: ImageLookup) -> list[SharePreview]:
    """The share of this page as each network would draw it."""
    domain = urlsplit(tags.page_url or tags.canonical_url or "").hostname or ""
    previews = []
    for network in PREVIEW_RULES:
        title = tags.title_for(network.name) or tags.title or tags.page_url or ""
        shown = shorten(title, network.title_chars) if network.title_chars else title
        image_url = tags.x_image_url if network.name == "x" else tags.image_url
        alt = tags.first("twitter:image:alt") if network.name == "x" else tags.first("og:image:alt")
        facts = images.get(image_url or "")
        previews.append(
            SharePreview(
                network=network,
                title=shown,
                title_cut=shown != title,
                description=tags.description_for(network.name) if network.shows_description else None,
                domain=domain,
                image_url=image_url,
                image_alt=alt,
                large_image=_shows_large(network, tags, facts),
            )
        )
    return previews


def _shows_large(network: PreviewRules, tags: ShareTags, facts: ImageFacts | str | None) -> bool:
    if not isinstance(facts, ImageFacts):
        return facts is None and bool(tags.image_url)  # unmeasured: assume what the tags ask for
    if network.name == "x":
        return tags.first("twitter:card") == "summary_large_image" and _at_least(facts, X_LARGE_MINIMUM)
    if network.name == "mastodon":
        return facts.width > facts.height
    return network.large_minimum is None or _at_least(facts, network.large_minimum)
