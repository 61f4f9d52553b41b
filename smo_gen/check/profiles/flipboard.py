"""Flipboard: a publisher's RSS feed, read into magazines.

Where the numbers come from (read 2026-12; Flipboard changes them without notice):

- about.flipboard.com/rss-spec, "Optimizing your RSS feed for Flipboard": before a feed is
  featured it needs "the entire body copy of your article, not just headlines and summaries",
  "at least one image per article, no less than 400px in the smallest dimension" and "at least
  30 items"; an older copy of the page adds "updates pushed via PubSubHubbub". At the channel
  level: title, link, description, language; per item: title, link, description ("should
  generally contain 300 or more characters"), pubDate, guid, dc:creator.
- Flipboard Help, "Resubmit an RSS feed": the feed "should contain at least the 20 most recent
  items"; enclosure images whose "smallest dimension should not be under 500px" are preferred.
  The spec's 30 is the stricter number, so it is the one judged; 500 px is a warning.

Not published: a maximum feed size, image byte sizes. Judged: the RSS feeds the home page
announces (Flipboard reads RSS; Atom and JSON Feed are not judged).
"""

from __future__ import annotations

from smo_gen.check.profiles import fixes
from smo_gen.check.profiles.built_output import BuiltOutput
from smo_gen.check.profiles.feed_documents import FeedDocument, FeedItem
from smo_gen.check.profiles.fixes import ItemRule, item_findings, name_items
from smo_gen.check.profiles.verdicts import Profile, ProfileFinding, fail, warn
from smo_gen.site.image_facts import ImageFacts

MIN_ITEMS = 30
MIN_IMAGE_SIDE = 400
PREFERRED_IMAGE_SIDE = 500
MIN_DESCRIPTION = 300


def flipboard_rules(document: FeedDocument, output: BuiltOutput) -> list[ProfileFinding]:
    findings: list[ProfileFinding] = []
    count = len(document.items)
    if count < MIN_ITEMS:
        findings.append(
            fail(f"{count} item{'s' if count != 1 else ''}; Flipboard asks for at least {MIN_ITEMS}", fixes.FEED_LIMIT)
        )
    for value, tag, fix in (
        (document.title, "title", fixes.SITE_TITLE),
        (document.link, "link", fixes.BASE_URL),
        (document.description, "description", fixes.SITE_DESCRIPTION),
        (document.language, "language", fixes.SITE_LANGUAGE),
    ):
        if not value:
            findings.append(fail(f"the channel has no <{tag}>", fix))
    items = document.items
    rules: tuple[ItemRule, ...] = (
        (
            lambda item: not item.full_content,
            "carry a summary, not the entire article (no content:encoded)",
            fixes.FULL_CONTENT,
            "fail",
        ),
        (lambda item: not item.images, "have no image", fixes.FEED_IMAGES, "fail"),
        (
            lambda item: not (item.title and item.link and item.guid and item.published),
            "lack a title, link, guid or pubDate",
            fixes.TITLE,
            "fail",
        ),
        (
            lambda item: len(item.summary) < MIN_DESCRIPTION,
            f"have a description under {MIN_DESCRIPTION} characters",
            fixes.DESCRIPTION,
            "warning",
        ),
        (lambda item: not item.author, "name no author (dc:creator)", fixes.AUTHOR, "warning"),
    )
    findings += item_findings(items, "items", rules)
    findings += _image_sizes(items, output)
    if not document.hub:
        findings.append(
            warn("no WebSub (PubSubHubbub) hub: Flipboard learns of new items only when it polls", fixes.HUB)
        )
    return findings


def _image_sizes(items: tuple[FeedItem, ...], output: BuiltOutput) -> list[ProfileFinding]:
    """The items whose best image is under Flipboard's sizes (measured where the file is on this site)."""
    small: list[FeedItem] = []
    smallish: list[FeedItem] = []
    for item in items:
        sides = []
        for image in item.images:
            facts = output.measure(image.url)
            if isinstance(facts, ImageFacts):
                sides.append(min(facts.width, facts.height))
            elif image.width and image.height:
                sides.append(min(image.width, image.height))
        if sides and max(sides) < MIN_IMAGE_SIDE:
            small.append(item)
        elif sides and max(sides) < PREFERRED_IMAGE_SIDE:
            smallish.append(item)
    findings = []
    for group, finding, what in (
        (small, fail, f"items have no image of at least {MIN_IMAGE_SIDE} px on its smallest side"),
        (smallish, warn, f"items' images are under {PREFERRED_IMAGE_SIDE} px on their smallest side"),
    ):
        if group:
            _, names = name_items(group, lambda item: True)
            findings.append(finding(f"{len(group)} {what}: {names}", fixes.LARGER_IMAGE))
    return findings


PROFILE = Profile(
    "flipboard",
    "Flipboard",
    "about.flipboard.com/rss-spec",
    feed_rules=flipboard_rules,
    feed_kinds=("rss",),
    unreadable_feed="build again; a feed Flipboard cannot parse is never read",
)
