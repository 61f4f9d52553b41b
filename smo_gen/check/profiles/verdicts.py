"""What a destination profile says of one page or feed: its findings, and the verdict they make.

A finding that keeps the destination from taking the page or feed is a failure; one that makes
it show less than it could is a warning. Each names what to set in the site to mend it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from smo_gen.check.profiles.built_output import BuiltOutput, BuiltPage
from smo_gen.check.profiles.feed_documents import FeedDocument, Kind

Level = Literal["fail", "warning"]
Status = Literal["pass", "warnings", "fails"]


@dataclass(frozen=True)
class ProfileFinding:
    """One rule of a destination that a page or feed does not meet."""

    level: Level
    message: str
    fix: str  # what to set in site.toml or front matter, in its writer's terms


def fail(message: str, fix: str) -> ProfileFinding:
    return ProfileFinding("fail", message, fix)


def warn(message: str, fix: str) -> ProfileFinding:
    return ProfileFinding("warning", message, fix)


@dataclass(frozen=True)
class Verdict:
    """A destination's verdict on one built file."""

    profile: str
    file: str  # relative to the output folder, '/' separated
    findings: tuple[ProfileFinding, ...]

    @property
    def status(self) -> Status:
        if any(finding.level == "fail" for finding in self.findings):
            return "fails"
        return "warnings" if self.findings else "pass"


PageRules = Callable[[BuiltPage, BuiltOutput], Sequence[ProfileFinding] | None]  # None: not for this destination
FeedRules = Callable[[FeedDocument, BuiltOutput], Sequence[ProfileFinding]]


@dataclass(frozen=True)
class Profile:
    """One destination: its name on the command line, what it is, where its rules are published,
    and the rules it applies to pages, to feeds, or to both."""

    name: str
    label: str
    source: str
    page_rules: PageRules | None = None
    feed_rules: FeedRules | None = None
    podcast_feeds_only: bool = False  # judges every feed carrying audio, not only the announced ones
    feed_kinds: tuple[Kind, ...] = ("rss", "atom", "json")  # the formats it reads
    unreadable_feed: str = "build again"  # the fix for a feed it cannot parse (which fails in every format)

    def judge(self, output: BuiltOutput) -> list[Verdict]:
        """A verdict on every page and feed this destination looks at."""
        verdicts: list[Verdict] = []
        if self.page_rules is not None:
            for page in output.pages:
                found = self.page_rules(page, output)
                if found is not None:
                    verdicts.append(Verdict(self.name, page.file, tuple(found)))
        if self.feed_rules is not None:
            for feed in output.podcast_feeds() if self.podcast_feeds_only else output.announced_feeds():
                document = feed.document
                if document is None:
                    findings: Sequence[ProfileFinding] = [fail(f"{feed.file} {feed.problem}", self.unreadable_feed)]
                elif document.kind in self.feed_kinds:
                    findings = self.feed_rules(document, output)
                else:
                    continue
                verdicts.append(Verdict(self.name, feed.file, tuple(findings)))
        return verdicts


def count_statuses(verdicts: Iterable[Verdict]) -> dict[Status, int]:
    counts: dict[Status, int] = {"pass": 0, "warnings": 0, "fails": 0}
    for verdict in verdicts:
        counts[verdict.status] += 1
    return counts
