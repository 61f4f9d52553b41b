"""Feedly: how a feed looks in the reader.

Where the rules come from (read 2026-12): Feedly reads any valid RSS, Atom or JSON Feed and
publishes advice, not requirements. Its publisher tips (blog.feedly.com, "10 ways to optimize
your feed for Feedly", cited by publishers such as markonproduct.com, "Coding an Atom feed
optimized for Feedly"; the post itself is not in the stored corpora and could not be read here)
ask for full articles, an image in each article, and an icon for the feed, for which Feedly
defined the webfeeds namespace (webfeeds:icon, webfeeds:logo, webfeeds:cover); Atom's <icon>
and <logo>, RSS's <image> and JSON Feed's icon say the same.

Not published (found): any number, whether image sizes, item counts or text lengths. So every
finding here is a warning: Feedly takes the feed either way. Judged: the feeds the home page
announces, in every format.
"""

from __future__ import annotations

from smo_gen.check.profiles import fixes
from smo_gen.check.profiles.built_output import BuiltOutput
from smo_gen.check.profiles.feed_documents import FeedDocument
from smo_gen.check.profiles.fixes import item_findings
from smo_gen.check.profiles.verdicts import Profile, ProfileFinding, warn


def feedly_rules(document: FeedDocument, output: BuiltOutput) -> list[ProfileFinding]:
    findings: list[ProfileFinding] = []
    if not document.icon and not document.logo:
        findings.append(warn("no feed icon or logo: Feedly shows the site's favicon, or a letter", fixes.FEED_ICON))
    findings += item_findings(
        document.items,
        "items",
        (
            (
                lambda item: not item.images,
                "have no image: Feedly shows them as text only",
                fixes.FEED_IMAGES,
                "warning",
            ),
            (
                lambda item: not item.full_content,
                "carry a summary only: readers must leave Feedly to read them",
                fixes.FULL_CONTENT,
                "warning",
            ),
        ),
    )
    return findings


PROFILE = Profile(
    "feedly",
    "Feedly",
    "blog.feedly.com (publisher tips); webfeeds.org",
    feed_rules=feedly_rules,
    unreadable_feed="build again; Feedly cannot read it",
)
