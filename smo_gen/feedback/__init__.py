"""Feedback: the replies and reactions to syndicated posts, and a report of how campaigns did.

syndication.json ─▶ readers (one per network) ─▶ feedback.json ─▶ load_responses ─▶ the next build
manifest.json + syndication.json + feedback.json (+ analytics CSV) ─▶ report (table, CSV, JSON, HTML)
"""

from __future__ import annotations

from smo_gen.feedback.runner import FeedbackRequest, FeedbackRun, TargetResult, read_feedback
from smo_gen.site.responses import NetworkReactions, PageResponses, ResponseItem, load_responses

__all__ = [
    "FeedbackRequest",
    "FeedbackRun",
    "NetworkReactions",
    "PageResponses",
    "ResponseItem",
    "TargetResult",
    "load_responses",
    "read_feedback",
]
