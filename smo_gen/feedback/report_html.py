"""The report as one self-contained HTML page: tables and inline SVG bar charts, nothing fetched.

`render_report_html(report)` returns the whole document (valid HTML5, inline styles, no scripts,
no fonts); `serve` can answer it under its reserved path with `render_report_html(load_report(site_dir))`.
"""

from __future__ import annotations

from html import escape

from smo_gen.feedback.report import METRICS, Report, ReportRow
from smo_gen.shortening import shorten

COLOURS = {"posts": "#5b6770", "replies": "#0b5cad", "likes": "#b3261e", "reposts": "#1e7b34", "clicks": "#8a4b00"}
BAR_WIDTH = 360
LABEL_WIDTH = 230
BAR_HEIGHT = 12
STYLE = """
body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;max-width:60rem;padding:1rem}
table{border-collapse:collapse;margin:0 0 1.5rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #ccc}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:600}
figure{margin:0 0 2rem}svg{max-width:100%;height:auto}.legend span{display:inline-block;margin-right:1rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
""".strip()


def render_report_html(report: Report, title: str = "Campaign report") -> str:
    """The whole report page; every text from the site or the CSV is escaped."""
    metrics = [name for name in METRICS if name != "clicks" or report.has_clicks]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}: {escape(report.site_title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(title)}: {escape(report.site_title)}</h1>",
        f"<p>{escape(report.site_url)}. Posts from syndication.json, replies and reactions from feedback.json"
        + (", clicks from the analytics export" if report.has_clicks else "; no analytics export given (--analytics)")
        + ".</p>",
    ]
    if not report.rows:
        parts.append("<p>Nothing to report yet: syndicate some pages, then run <code>smo-gen feedback</code>.</p>")
    parts.append(_legend(metrics) if report.rows else "")
    for index, (campaign, rows) in enumerate(report.campaigns(), start=1):
        parts.append(f'<section aria-labelledby="campaign-{index}">')
        parts.append(f'<h2 id="campaign-{index}">{escape(campaign)}</h2>')
        parts.append(_chart(index, campaign, rows, metrics))
        parts.append(_table(f"{campaign}: figures", rows, metrics, report.totals(rows)))
        parts.append("</section>")
    if report.rows:
        parts.append("<section aria-labelledby=\"totals\"><h2 id=\"totals\">All campaigns</h2>")
        parts.append(_table("Totals", [], metrics, report.totals()))
        parts.append("</section>")
    if report.untagged_visits:
        parts.append(f"<p>{report.untagged_visits} visits without UTM tags were not attributed.</p>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(part for part in parts if part) + "\n"


def _legend(metrics: list[str]) -> str:
    items = "".join(
        f'<span><span class="swatch" style="background:{COLOURS[name]}"></span>{name}</span>' for name in metrics
    )
    return f'<p class="legend">{items}</p>'


def _label(row: ReportRow) -> str:
    return f"{row.audience or 'main page'} · {row.network}"


def _chart(index: int, campaign: str, rows: list[ReportRow], metrics: list[str]) -> str:
    """Horizontal bars: a group per audience and network, a bar per measure, each measure on its own scale."""
    largest = {name: max([getattr(row, name) for row in rows] + [1]) for name in metrics}
    group = BAR_HEIGHT * len(metrics) + 14
    height = group * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 70
    out = [
        (f'<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-{index}-title" '
         f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'),
        f'<title id="chart-{index}-title">Bar chart of {escape(", ".join(metrics))} for {escape(campaign)}</title>',
    ]
    for number, row in enumerate(rows):
        top = 4 + number * group
        out.append(f'<text x="0" y="{top + group / 2:.0f}" font-size="13" dominant-baseline="middle">'
                   f"{escape(shorten(_label(row), 32))}</text>")
        for offset, name in enumerate(metrics):
            value = getattr(row, name)
            length = round(BAR_WIDTH * value / largest[name]) if value else 0
            y = top + offset * BAR_HEIGHT
            out.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1)}" height="{BAR_HEIGHT - 2}" '
                       f'fill="{COLOURS[name]}"><title>{name}: {value}</title></rect>')
            out.append(f'<text x="{LABEL_WIDTH + max(length, 1) + 4}" y="{y + BAR_HEIGHT - 3}" font-size="10">'
                       f"{value}</text>")
    out.append("</svg>")
    out.append(f"<figcaption>{escape(campaign)}: each measure is drawn to the scale of its own largest value; "
               "the table below has the figures.</figcaption></figure>")
    return "\n".join(out)


def _table(caption: str, rows: list[ReportRow], metrics: list[str], total: ReportRow) -> str:
    head = "".join(f'<th scope="col" class="n">{name}</th>' for name in metrics)
    out = [f"<table><caption>{escape(caption)}</caption>",
           f'<thead><tr><th scope="col">audience</th><th scope="col">network</th>{head}</tr></thead><tbody>']
    for row in rows:
        cells = "".join(f'<td class="n">{getattr(row, name)}</td>' for name in metrics)
        out.append(f"<tr><td>{escape(row.audience or 'main page')}</td><td>{escape(row.network)}</td>{cells}</tr>")
    cells = "".join(f'<td class="n">{getattr(total, name)}</td>' for name in metrics)
    out.append(f'<tr><th scope="row" colspan="2">total</th>{cells}</tr></tbody></table>')
    return "\n".join(out)
