"""`smo-gen report`: posts, replies, likes, reposts and clicks per campaign, audience and network.

Campaign and audience come from the build's manifest.json (each page and audience variant), posts
from syndication.json (`posted` records), replies and reactions from feedback.json, clicks from an
analytics CSV (see `analytics.py`). A click is matched to a page and network by the utm_* values that
page's links carry (its own UTM templates), else taken at face value (campaign, content as audience,
source as network). `make_report` is pure; `load_report` reads the files.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from smo_gen.config.share_settings import UTM_SOURCES
from smo_gen.config.site_config import load_config
from smo_gen.feedback.analytics import Analytics, load_analytics
from smo_gen.feedback_store import FEEDBACK_NAME, FeedbackStore, load_feedback
from smo_gen.syndicate.entries import Entry, Manifest, load_manifest
from smo_gen.syndicate.targets import NETWORKS
from smo_gen.syndication_ledger import LEDGER_NAME, Ledger, load_ledger
from smo_gen.utm import tag_url

REPORT_SCHEMA = 1
METRICS = ("posts", "replies", "likes", "reposts", "clicks")
Key = tuple[str, str, str]  # campaign, audience ("" for the main page), network


@dataclass(frozen=True)
class ReportRow:
    campaign: str
    audience: str
    network: str
    posts: int = 0
    replies: int = 0
    likes: int = 0
    reposts: int = 0
    clicks: int = 0


@dataclass(frozen=True)
class Report:
    site_title: str
    site_url: str
    rows: tuple[ReportRow, ...]
    has_clicks: bool  # an analytics export was given
    untagged_visits: int = 0

    def totals(self, rows: Iterable[ReportRow] | None = None) -> ReportRow:
        chosen = list(self.rows if rows is None else rows)
        return ReportRow("", "", "", **{name: sum(getattr(row, name) for row in chosen) for name in METRICS})

    def campaigns(self) -> list[tuple[str, list[ReportRow]]]:
        names = sorted({row.campaign for row in self.rows})
        return [(name, [row for row in self.rows if row.campaign == name]) for name in names]


def load_report(site_dir: Path, analytics_path: Path | None = None, output_dir: Path | None = None) -> Report:
    """Read manifest.json, syndication.json, feedback.json (and the CSV) of a site; make its report."""
    config = load_config(site_dir)
    manifest = load_manifest((output_dir or config.output_dir).resolve())
    ledger = load_ledger(config.site_dir / LEDGER_NAME)
    store = load_feedback(config.site_dir / FEEDBACK_NAME)
    analytics = load_analytics(analytics_path) if analytics_path else None
    return make_report(manifest, ledger, store, analytics)


def make_report(manifest: Manifest, ledger: Ledger, store: FeedbackStore, analytics: Analytics | None) -> Report:
    entries = {entry.id: entry for page in manifest.entries for entry in (page, *page.variants)}
    rows: dict[Key, dict[str, int]] = {}

    def add(key: Key, metric: str, amount: int) -> None:
        rows.setdefault(key, dict.fromkeys(METRICS, 0))[metric] += amount

    def key_of(entry_id: str, network: str) -> Key:
        entry = entries.get(entry_id)
        if entry is None:
            return (f"(not in the build) {entry_id}", "", network)
        return (entry.campaign or entry.slug, entry.audience or "", network)

    for entry_id, targets in ledger.records.items():
        for record in targets.values():
            if record.posted:
                add(key_of(entry_id, record.network), "posts", 1)
    for entry_id, posts in store.posts.items():
        for post in posts.values():
            key = key_of(entry_id, post.network)
            add(key, "replies", max(post.counts.replies, len(post.replies)))
            add(key, "likes", post.counts.likes)
            add(key, "reposts", post.counts.reposts)
    if analytics is not None:
        tags = _utm_index(entries.values())
        for visit in analytics.visits:
            found = tags.get((visit.source.casefold(), visit.campaign.casefold(), visit.content.casefold()))
            add(
                found or (visit.campaign or "(no campaign)", visit.content, visit.source or "(no source)"),
                "clicks",
                visit.count,
            )
    report_rows = tuple(
        ReportRow(campaign, audience, network, **values)
        for (campaign, audience, network), values in sorted(rows.items())
    )
    return Report(
        manifest.site_title,
        manifest.site_url,
        report_rows,
        analytics is not None,
        analytics.untagged if analytics else 0,
    )


def _utm_index(entries: Iterable[Entry]) -> dict[Key, Key]:
    """(utm_source, utm_campaign, utm_content) as each page's links carry them → (campaign, audience, network)."""
    index: dict[Key, Key] = {}
    networks = sorted(set(NETWORKS) | set(UTM_SOURCES))
    for entry in entries:
        for network in networks:
            url = tag_url(
                entry.url,
                entry.utm,
                network=UTM_SOURCES.get(network, network),
                slug=entry.slug,
                campaign=entry.campaign,
                audience=entry.audience,
            )
            query = dict(parse_qsl(urlsplit(url).query))
            tagged = tuple(query.get(f"utm_{name}", "").casefold() for name in ("source", "campaign", "content"))
            index.setdefault(
                (tagged[0], tagged[1], tagged[2]), (entry.campaign or entry.slug, entry.audience or "", network)
            )
    return index


def render_report_table(report: Report) -> str:
    """A plain-text table for the terminal, with a total line."""
    headers = ["campaign", "audience", "network", "posts", "replies", "likes", "reposts"]
    headers += ["clicks"] if report.has_clicks else []
    body = [_cells(row, report.has_clicks) for row in report.rows]
    total = _cells(report.totals(), report.has_clicks)
    total[0] = "total"
    widths = [max(len(line[i]) for line in [headers, *body, total]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(w) if i >= 3 else cell.ljust(w) for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    if not report.rows:
        return "Nothing to report yet: syndicate some pages, then run 'smo-gen feedback'.\n"
    text = "\n".join([line(headers), rule, *map(line, body), rule, line(total)]) + "\n"
    if report.untagged_visits:
        text += f"({report.untagged_visits} visits without UTM tags were not attributed)\n"
    return text


def _cells(row: ReportRow, clicks: bool) -> list[str]:
    cells = [row.campaign, row.audience or "-", row.network] + [str(getattr(row, n)) for n in METRICS[:4]]
    return cells + ([str(row.clicks)] if clicks else [])


def render_report_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["campaign", "audience", "network", *METRICS])
    for row in report.rows:
        writer.writerow(
            [
                row.campaign,
                row.audience,
                row.network,
                row.posts,
                row.replies,
                row.likes,
                row.reposts,
                row.clicks if report.has_clicks else "",
            ]
        )
    return buffer.getvalue()


def render_report_json(report: Report) -> str:
    def plain(row: ReportRow) -> dict[str, object]:
        data: dict[str, object] = asdict(row)
        data["audience"] = row.audience or None
        if not report.has_clicks:
            data["clicks"] = None
        return data

    totals = {name: value for name, value in plain(report.totals()).items() if name in METRICS}
    data = {
        "schema": REPORT_SCHEMA,
        "site": {"title": report.site_title, "url": report.site_url},
        "analytics": report.has_clicks,
        "untagged_visits": report.untagged_visits,
        "rows": [plain(row) for row in report.rows],
        "totals": totals,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
