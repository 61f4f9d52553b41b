"""How a syndication run shows itself: each post in full for a dry run, and a summary table."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from smo_gen.syndicate.networks import ADAPTERS
from smo_gen.syndicate.post import Post
from smo_gen.syndicate.runner import FAILED, Outcome


@dataclass
class RecordingSyndicateReporter:
    """Keeps a syndication run's warnings and outcomes, for tests (the build's is `reporter.RecordingReporter`)."""

    warnings: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def outcome(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)


class ConsoleSyndicateReporter:
    """Prints every post of a dry run in full, and each result of a real run as it happens
    (the build's is `reporter.ConsoleReporter`)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def warning(self, message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    def outcome(self, outcome: Outcome) -> None:
        if outcome.status == "would post" and outcome.post is not None:
            print(render_post(outcome.post, outcome.detail), file=self.stream)
        else:
            line = f"{outcome.entry_id} → {outcome.target}: {outcome.status}"
            extra = outcome.url or outcome.detail
            print(line + (f" ({extra})" if extra else ""), file=self.stream)


def render_post(post: Post, note: str = "") -> str:
    """One post as a dry run shows it: header, text, length by the network's rule, link and card."""
    adapter = ADAPTERS[post.target.network]
    lines = [f"── {post.entry_id} → {post.target.name} ({adapter.label}) {note}".rstrip()]
    lines.extend(f"   │ {line}".rstrip() for line in post.text.split("\n"))
    shortened = ", shortened to fit" if post.shortened else ""
    lines.append(f"   length {post.length}/{post.limit} ({adapter.length_rule}{shortened})")
    for number, part in enumerate(post.parts, 2):  # a thread: each further part replies to the one before
        lines.append(f"   ── part {number} of {len(post.parts) + 1}, a reply")
        lines.extend(f"   │ {line}".rstrip() for line in part.split("\n"))
        lines.append(f"   length {adapter().measure(part)}/{post.limit}")
    lines.append(f"   link   {post.link}")
    for name, value in sorted(post.fields.items()):
        lines.append(f"   {name:<6} {value}")
    if post.card is not None:
        lines.append(f"   card   {post.card.title} — {post.card.description}")
    lines.append(f"          {post.card_note}")
    return "\n".join(lines) + "\n"


def render_summary(outcomes: Sequence[Outcome]) -> str:
    """A table of every page and target with what happened, then the counts."""
    if not outcomes:
        return "nothing to syndicate: no published page matched\n"
    header = ("page", "target", "result", "details")
    rows = [(o.entry_id, o.target, o.status, o.url or o.detail) for o in outcomes]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3]
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths) + "  -------")
    counts = Counter(o.status for o in outcomes)
    lines.append(", ".join(f"{count} {status}" for status, count in sorted(counts.items())))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def has_failures(outcomes: Sequence[Outcome]) -> bool:
    return any(o.status in FAILED for o in outcomes)
