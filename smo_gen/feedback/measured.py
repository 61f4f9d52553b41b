"""What `smo-gen report --access-log` adds: clicks per campaign and audience, the QR placements,
and the A/B share variants compared, all from the host's own access log.

A click through a short link shows twice in a log, as its `/go/` hit and then as its tagged landing,
so a link's clicks are the larger of the two counts (either alone when the other is missing: a
host that answers `/go/` itself, a reader who only ever saw the long link).

`make_measured` is pure; `load_measured` reads the log files, manifest.json and the impressions CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from smo_gen.errors import Problem, SmoError
from smo_gen.feedback.access_log import load_access_logs
from smo_gen.feedback.link_visits import (
    DEFAULT_WINDOW,
    VisitCounts,
    VisitRow,
    count_visits,
    parse_link_catalogue,
)
from smo_gen.feedback.report import Report, render_report_csv, render_report_json, render_report_table
from smo_gen.feedback.report_html import render_report_html
from smo_gen.feedback.variant_test import Comparison, VariantFigures, compare_variants


@dataclass(frozen=True)
class QrPlacement:
    campaign: str
    audience: str
    placement: str
    png: str
    short_url: str
    clicks: int


@dataclass(frozen=True)
class VariantResult:
    """One campaign's A/B variants: clicks per variant, times shown (when known) and the verdict."""

    campaign: str
    clicks: Mapping[str, int]
    shown: Mapping[str, int]
    comparison: Comparison | None

    def sentence(self) -> str:
        if self.comparison is not None:
            return self.comparison.sentence()
        clicks = ", ".join(f"{name} {count:,} clicks" for name, count in sorted(self.clicks.items()))
        missing = [name for name in sorted(self.clicks) if name not in self.shown]
        if len(self.clicks) != 2:
            return f"{clicks}: the test compares two variants at a time."
        return (
            f"{clicks}; to compare them, give how often each was shown (--impressions; missing: {', '.join(missing)})."
        )


@dataclass(frozen=True)
class Measured:
    counts: VisitCounts
    campaigns: tuple[tuple[str, str, int], ...]  # campaign, audience, clicks
    qr: tuple[QrPlacement, ...]
    variants: tuple[VariantResult, ...]


def clicks_of(row: VisitRow) -> int:
    return max(row.short_hits, row.landings)


def make_measured(counts: VisitCounts, manifest: Mapping[str, Any], shown: Mapping[tuple[str, str], int]) -> Measured:
    """The figures of the report's lead section; `shown` is (campaign, variant) -> impressions."""
    by_audience: dict[tuple[str, str], int] = {}
    by_variant: dict[str, dict[str, int]] = {}
    by_placement: dict[tuple[str, str, str], int] = {}
    for row in counts.rows:
        key = (row.campaign, row.audience)
        by_audience[key] = by_audience.get(key, 0) + clicks_of(row)
        if row.variant:
            variants = by_variant.setdefault(row.campaign, {})
            variants[row.variant] = variants.get(row.variant, 0) + clicks_of(row)
        if row.placement:
            place = (row.campaign, row.audience, row.placement)
            by_placement[place] = by_placement.get(place, 0) + clicks_of(row)
    for campaign, variant in shown:
        by_variant.setdefault(campaign, {}).setdefault(variant, 0)
    qr = []
    for item in (manifest.get("links") or {}).get("items", ()):
        code = item.get("qr")
        if code:
            place = (str(item["campaign"]), str(item.get("audience") or ""), str(item["placement"]))
            qr.append(QrPlacement(*place, str(code["png"]), str(code["data"]), by_placement.get(place, 0)))
    results = []
    for campaign, clicks in sorted(by_variant.items()):
        known = {name: shown[(campaign, name)] for name in clicks if (campaign, name) in shown}
        comparison = None
        if len(clicks) == 2 and len(known) == 2:
            first, second = sorted(clicks)
            try:
                comparison = compare_variants(
                    VariantFigures(first, clicks[first], known[first]),
                    VariantFigures(second, clicks[second], known[second]),
                )
            except ValueError:
                comparison = None
        results.append(VariantResult(campaign, clicks, known, comparison))
    campaigns = tuple((campaign, audience, clicks) for (campaign, audience), clicks in sorted(by_audience.items()))
    return Measured(counts, campaigns, tuple(qr), tuple(results))


def load_measured(
    output_dir: Path, log_paths: Sequence[Path], impressions_path: Path | None, window: dt.timedelta = DEFAULT_WINDOW
) -> Measured:
    manifest_path = output_dir / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SmoError(Problem(f"no manifest.json in {output_dir}", hint="run 'smo-gen build' first")) from None
    except ValueError as error:
        raise SmoError(Problem(f"not JSON: {error}", path=str(manifest_path), hint="rebuild the site")) from None
    counts = count_visits(load_access_logs(log_paths), parse_link_catalogue(manifest), window)
    shown = load_impressions(impressions_path) if impressions_path else {}
    return make_measured(counts, manifest, shown)


def load_impressions(path: Path) -> dict[tuple[str, str], int]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SmoError(Problem(f"no such file: {path}", key="--impressions")) from None
    return parse_impressions(text, str(path))


def parse_impressions(text: str, where: str) -> dict[tuple[str, str], int]:
    """A CSV of `campaign,variant,impressions` (also `shown`, `views` or `reach` for the count)."""
    rows = list(csv.reader(io.StringIO(text)))
    header = [cell.strip().casefold() for cell in rows[0]] if rows else []
    count = next((header.index(name) for name in ("impressions", "shown", "views", "reach") if name in header), None)
    if "campaign" not in header or "variant" not in header or count is None:
        raise SmoError(
            Problem(
                "expected the columns campaign, variant and impressions; "
                f"the header has: {', '.join(header) or 'nothing'}",
                path=where,
                line=1,
            )
        )
    campaign, variant = header.index("campaign"), header.index("variant")
    found: dict[tuple[str, str], int] = {}
    problems = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        value = row[count].strip().replace(",", "").replace("_", "") if len(row) > count else ""
        if len(row) != len(header) or not value.isdigit():
            problems.append(Problem(f"expected a whole number of impressions, got '{value}'", path=where, line=line))
            continue
        key = (row[campaign].strip(), row[variant].strip())
        found[key] = found.get(key, 0) + int(value)
    if problems:
        raise SmoError(problems)
    return found


def render_measured_table(measured: Measured) -> str:
    """The lead figures for the terminal: clicks per campaign and audience, variants, QR placements."""
    counts = measured.counts
    lines = ["Clicks from the access log (short-link hits and tagged landings; no cookie, no third party)"]
    lines += [
        f"  {campaign}  {audience or 'main page'}: {clicks:,}" for campaign, audience, clicks in measured.campaigns
    ]
    if not measured.campaigns:
        lines.append("  none yet")
    for result in measured.variants:
        lines.append(f"A/B variants of {result.campaign}: {result.sentence()}")
    if measured.qr:
        lines.append("QR placements")
        lines += [
            f"  {code.campaign}  {code.audience or 'main page'}  {code.placement}: {code.clicks:,} ({code.png})"
            for code in measured.qr
        ]
    lines.append("Per link: campaign  audience  network  placement  variant  short-link hits  landings")
    lines += [
        f"  {row.campaign}  {row.audience or '-'}  {row.network}  "
        f"{row.placement or '-'}  {row.variant or '-'}  {row.short_hits}  {row.landings}"
        for row in counts.rows
    ]
    lines.append(_left_out(counts))
    return "\n".join(lines) + "\n"


def _left_out(counts: VisitCounts) -> str:
    minutes = int(counts.window.total_seconds() // 60)
    return (
        f"Left out: {counts.bots} from robots, {counts.head} HEAD requests, {counts.repeats} repeats from one "
        f"address within {minutes} minutes, {counts.failed} failed, {counts.other_methods} other methods, "
        f"{counts.unknown_codes} unknown short codes, {counts.unreadable} unreadable lines."
    )


def measured_data(measured: Measured) -> dict[str, Any]:
    """The figures as plain data, for `--format json`."""
    counts = measured.counts
    return {
        "campaigns": [{"campaign": c, "audience": a or None, "clicks": n} for c, a, n in measured.campaigns],
        "variants": [
            {
                "campaign": result.campaign,
                "clicks": dict(result.clicks),
                "shown": dict(result.shown),
                "leader": result.comparison.leader if result.comparison else None,
                "p_value": round(result.comparison.p_value, 6) if result.comparison else None,
                "z": round(result.comparison.z, 4) if result.comparison else None,
                "verdict": result.sentence(),
            }
            for result in measured.variants
        ],
        "qr": [
            {
                "campaign": q.campaign,
                "audience": q.audience or None,
                "placement": q.placement,
                "png": q.png,
                "short_url": q.short_url,
                "clicks": q.clicks,
            }
            for q in measured.qr
        ],
        "links": [
            {
                "campaign": r.campaign,
                "audience": r.audience or None,
                "network": r.network,
                "placement": r.placement or None,
                "variant": r.variant or None,
                "short_hits": r.short_hits,
                "landings": r.landings,
            }
            for r in counts.rows
        ],
        "left_out": {
            "bots": counts.bots,
            "head": counts.head,
            "repeats": counts.repeats,
            "failed": counts.failed,
            "other_methods": counts.other_methods,
            "unknown_codes": counts.unknown_codes,
            "unreadable": counts.unreadable,
            "repeat_window_minutes": int(counts.window.total_seconds() // 60),
        },
    }


def render_measured_csv(measured: Measured) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["campaign", "audience", "network", "placement", "variant", "short_hits", "landings"])
    for row in measured.counts.rows:
        writer.writerow(
            [row.campaign, row.audience, row.network, row.placement, row.variant, row.short_hits, row.landings]
        )
    return buffer.getvalue()


def render_measured_html(measured: Measured) -> str:
    """The section the HTML report opens with."""
    parts = ['<section aria-labelledby="measured"><h2 id="measured">What the links brought</h2>']
    parts.append(
        _html_table(
            "Clicks per campaign and audience",
            ("campaign", "audience", "clicks"),
            [(c, a or "main page", f"{n:,}") for c, a, n in measured.campaigns],
        )
    )
    for result in measured.variants:
        parts.append(f"<p><strong>A/B variants of {escape(result.campaign)}:</strong> {escape(result.sentence())}</p>")
    if measured.qr:
        parts.append(
            _html_table(
                "QR placements",
                ("campaign", "audience", "placement", "clicks", "file"),
                [(q.campaign, q.audience or "main page", q.placement, f"{q.clicks:,}", q.png) for q in measured.qr],
            )
        )
    parts.append(f"<p>{escape(_left_out(measured.counts))}</p></section>")
    return "\n".join(parts)


def _html_table(caption: str, headers: Iterable[str], rows: Iterable[Sequence[str]]) -> str:
    numeric = ' class="n"'
    head = "".join(f'<th scope="col"{numeric if name == "clicks" else ""}>{escape(name)}</th>' for name in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td{numeric if cell.replace(',', '').isdigit() else ''}>{escape(cell)}</td>" for cell in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_with_measured(output_format: str, report: Report, measured: Measured | None) -> str:
    """The report in `output_format` ("table", "csv", "json", "html"), led by the access log's figures if any."""
    if output_format == "html":
        return render_report_html(report, lead=render_measured_html(measured) if measured else "")
    if output_format == "json":
        text = render_report_json(report)
        if measured is None:
            return text
        data = json.loads(text)
        data["access_log"] = measured_data(measured)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output_format == "csv":
        text = render_report_csv(report)
        return text if measured is None else render_measured_csv(measured) + "\n" + text
    text = render_report_table(report)
    return text if measured is None else render_measured_table(measured) + "\n" + text
