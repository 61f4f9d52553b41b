"""The report as one self-contained HTML page: tables and bar charts in plain HTML and CSS, nothing fetched.

`render_report_html(report)` returns the whole document (valid HTML5, inline styles, no scripts,
no fonts); `serve` can answer it under its reserved path with `render_report_html(load_report(site_dir))`.
Each campaign gets one chart per kind of measure (posts; replies, likes and reposts; clicks), each
on its own labelled scale, so that a bar is only ever compared with bars counting the same thing.
The page fits a phone: bars are percentages of their scale, and wide tables scroll in their box.
"""

from __future__ import annotations

import math
from html import escape

from smo_gen.feedback.report import METRICS, Report, ReportRow

# (heading, the measures drawn on one scale, what one unit is)
MEASURE_KINDS = (
    ("Posts", ("posts",), "posts"),
    ("Responses", ("replies", "likes", "reposts"), "responses"),
    ("Clicks", ("clicks",), "clicks"),
)
STYLE = """
:root{--ink:#1a1a1a;--muted:#555;--paper:#fff;--line:#ccc;--track:#eef1f4;
--posts:#5b6770;--replies:#0b5cad;--likes:#b3261e;--reposts:#1e7b34;--clicks:#8a4b00}
@media (prefers-color-scheme:dark){:root{--ink:#e8edf3;--muted:#a4afbc;--paper:#0f1216;--line:#2b323c;--track:#1c222a;
--posts:#9aa7b3;--replies:#6ea8ff;--likes:#ff8a80;--reposts:#6fd38a;--clicks:#f0a35e}}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;color:var(--ink);background:var(--paper);
margin:0 auto;max-width:60rem;padding:1rem;overflow-wrap:break-word}
h1{font-size:clamp(1.5rem,1.1rem + 2vw,2.2rem);line-height:1.2}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,17rem),1fr));gap:1rem 2rem;margin:0 0 1.5rem}
figure{margin:0}figcaption{font-size:.95rem;margin-bottom:.4rem}
figcaption strong,.legend{display:block}figcaption strong{font-size:1.05rem}
.bars{list-style:none;margin:0;padding:0}.bars>li{margin:0 0 .6rem}
.who{display:block;font-size:.9rem;color:var(--muted)}
.bar-row{display:flex;align-items:center;gap:.4rem;font-size:.85rem}
.track{flex:1;background:var(--track);height:.8rem;border-radius:.2rem;overflow:hidden}
.bar{display:block;height:100%;min-width:1px}.value{min-width:5.5rem;font-variant-numeric:tabular-nums}
.scale{display:flex;justify-content:space-between;font-size:.8rem;color:var(--muted);
border-top:1px solid var(--line);margin-right:5.9rem;padding-top:.1rem}
.posts{background:var(--posts)}.replies{background:var(--replies)}.likes{background:var(--likes)}
.reposts{background:var(--reposts)}.clicks{background:var(--clicks)}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle;border-radius:.15rem}
.table-box{overflow-x:auto;margin:0 0 1.5rem}
table{border-collapse:collapse;font-size:.95rem}th,td{padding:.25rem .6rem;border-bottom:1px solid var(--line)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:600}
""".strip()


def render_report_html(report: Report, title: str = "Campaign report", lead: str = "") -> str:
    """The whole report page; every text from the site or the CSV is escaped. `lead` is HTML
    the page opens with (the access log's figures, feedback/measured.py)."""
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
        lead,
    ]
    if not report.rows:
        parts.append("<p>Nothing to report yet: syndicate some pages, then run <code>smo-gen feedback</code>.</p>")
    for index, (campaign, rows) in enumerate(report.campaigns(), start=1):
        parts.append(f'<section aria-labelledby="campaign-{index}">')
        parts.append(f'<h2 id="campaign-{index}">{escape(campaign)}</h2>')
        parts.append(_charts(rows, metrics))
        parts.append(_table(f"{campaign}: figures", rows, metrics, report.totals(rows)))
        parts.append("</section>")
    if report.rows:
        parts.append('<section aria-labelledby="totals"><h2 id="totals">All campaigns</h2>')
        parts.append(_table("Totals", [], metrics, report.totals()))
        parts.append("</section>")
    if report.untagged_visits:
        parts.append(f"<p>{report.untagged_visits} visits without UTM tags were not attributed.</p>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(part for part in parts if part) + "\n"


def _label(row: ReportRow) -> str:
    return f"{row.audience or 'main page'} · {row.network}"


def nice_maximum(value: int) -> int:
    """The end of a scale that holds `value`: 1, 2 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    power: int = 10 ** int(math.log10(value))
    steps = (step * power for step in (1, 2, 5, 10))
    return next(step for step in steps if step >= value)


def _charts(rows: list[ReportRow], metrics: list[str]) -> str:
    """One chart per kind of measure: a bar per audience, network and measure, on the kind's one scale."""
    charts = []
    for heading, kind_metrics, unit in MEASURE_KINDS:
        shown = [name for name in kind_metrics if name in metrics]
        if shown:
            charts.append(_chart(heading, unit, rows, shown))
    return '<div class="charts">\n' + "\n".join(charts) + "\n</div>"


def _chart(heading: str, unit: str, rows: list[ReportRow], metrics: list[str]) -> str:
    top = nice_maximum(max(getattr(row, name) for row in rows for name in metrics))
    names = ", ".join(metrics[:-1]) + (" and " if len(metrics) > 1 else "") + metrics[-1]
    swatches = "".join(f'<span class="swatch {name}"></span>{name} ' for name in metrics)
    legend = f'<span class="legend">{swatches}</span>' if len(metrics) > 1 else ""
    out = [
        "<figure>",
        f"<figcaption><strong>{heading}</strong>{legend}Scale: 0 to {top} {unit}"
        + (f" ({names} on one scale)" if len(metrics) > 1 else "")
        + "</figcaption>",
        '<ul class="bars">',
    ]
    for row in rows:
        bars = []
        for name in metrics:
            value = getattr(row, name)
            share = 100 * value / top
            bars.append(
                f'<span class="bar-row"><span class="track"><span class="bar {name}" style="width:{share:.1f}%">'
                f'</span></span><span class="value">{value} {_unit(name, value)}</span></span>'
            )
        out.append(f'<li><span class="who">{escape(_label(row))}</span>{"".join(bars)}</li>')
    out.append("</ul>")
    out.append(f'<p class="scale" aria-hidden="true"><span>0</span><span>{_half(top)}</span><span>{top}</span></p>')
    out.append("</figure>")
    return "\n".join(out)


def _unit(name: str, value: int) -> str:
    """'1 like', '2 likes', '1 reply'."""
    if value != 1:
        return name
    return "reply" if name == "replies" else name.removesuffix("s")


def _half(top: int) -> str:
    return str(top // 2) if top % 2 == 0 else f"{top / 2:g}"


def _table(caption: str, rows: list[ReportRow], metrics: list[str], total: ReportRow) -> str:
    head = "".join(f'<th scope="col" class="n">{name}</th>' for name in metrics)
    # A table wider than a phone scrolls in its own box, which the keyboard can reach (tabindex).
    out = [
        f'<div class="table-box" role="region" aria-label="{escape(caption)}" tabindex="0">',
        f"<table><caption>{escape(caption)}</caption>",
        f'<thead><tr><th scope="col">audience</th><th scope="col">network</th>{head}</tr></thead><tbody>',
    ]
    for row in rows:
        cells = "".join(f'<td class="n">{getattr(row, name)}</td>' for name in metrics)
        out.append(f"<tr><td>{escape(row.audience or 'main page')}</td><td>{escape(row.network)}</td>{cells}</tr>")
    cells = "".join(f'<td class="n">{getattr(total, name)}</td>' for name in metrics)
    out.append(f'<tr><th scope="row" colspan="2">total</th>{cells}</tr></tbody></table></div>')
    return "\n".join(out)
