"""An analytics export of UTM-tagged visits, as CSV: where the clicks in `smo-gen report` come from.

Accepted shapes (a header row is required; names are case-insensitive; `,` `;` or tab separated;
`#` comment lines before the header, as some tools write, are skipped):

- UTM columns: `utm_source`, `utm_medium`, `utm_campaign`, `utm_content` (also `source`, `medium`,
  `campaign`, `content`, or GA4's `session source` / `session medium` / `session campaign` /
  `session manual ad content`);
- or a `landing_page` / `landing page` / `url` / `page` column whose query holds the utm_* parameters;
- a count column, the first of `visits`, `sessions`, `clicks`, `pageviews`, `views`, `users`; without
  one, each row counts as one visit (a raw log).

Rows without any utm_source or utm_campaign are counted as untagged and not attributed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from smo_gen.errors import Problem, SmoError

UTM_FIELDS = ("source", "medium", "campaign", "content")
_UTM_COLUMNS: dict[str, tuple[str, ...]] = {
    field: (f"utm_{field}", field, f"session {field}", f"session_{field}", f"first user {field}")
    for field in UTM_FIELDS
}
_UTM_COLUMNS["content"] += ("session manual ad content", "ad content")
URL_COLUMNS = ("landing_page", "landing page", "landing page + query string", "url", "page", "page_url")
COUNT_COLUMNS = ("visits", "sessions", "clicks", "pageviews", "views", "users")


@dataclass(frozen=True)
class Visits:
    source: str
    medium: str
    campaign: str
    content: str
    count: int
    line: int


@dataclass(frozen=True)
class Analytics:
    visits: tuple[Visits, ...]
    untagged: int  # visits in rows without UTM tags
    where: str


def load_analytics(path: Path) -> Analytics:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SmoError(Problem(f"no such file: {path}", key="--analytics")) from None
    except UnicodeDecodeError:
        raise SmoError(Problem("is not UTF-8 text (export the CSV as UTF-8)", path=str(path))) from None
    return parse_analytics(text, str(path))


def parse_analytics(text: str, where: str = "analytics.csv") -> Analytics:
    """Parse an export; every bad row is reported with its line, all of them together."""
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (not lines[skipped].strip() or lines[skipped].lstrip().startswith("#")):
        skipped += 1
    body = "".join(lines[skipped:])
    if not body.strip():
        raise SmoError(Problem("is empty: expected a header row and rows of visits", path=where))
    reader = csv.reader(io.StringIO(body), dialect=_dialect(lines[skipped]))
    header = [name.strip().casefold() for name in next(reader)]
    columns = {field: _find(header, names) for field, names in _UTM_COLUMNS.items()}
    url_column, count_column = _find(header, URL_COLUMNS), _find(header, COUNT_COLUMNS)
    if url_column is None and columns["source"] is None and columns["campaign"] is None:
        raise SmoError(
            Problem(
                "no UTM columns: expected utm_source/utm_campaign (and utm_medium, utm_content) or a landing_page "
                f"or url column with utm_* in its query; the header has: {', '.join(header) or 'nothing'}",
                path=where,
                line=skipped + 1,
            )
        )
    problems: list[Problem] = []
    visits: list[Visits] = []
    untagged = 0
    for row in reader:
        line = skipped + reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(f"expected {len(header)} columns as in the header, got {len(row)}", path=where, line=line)
            )
            continue
        amount = 1
        if count_column is not None:
            parsed = _count(row[count_column])
            if parsed is None:
                problems.append(
                    Problem(
                        f"expected a whole number of visits, got '{row[count_column].strip()}'",
                        path=where,
                        line=line,
                        key=header[count_column],
                    )
                )
                continue
            amount = parsed
        tags = _tags(row, columns, url_column)
        if not tags["source"] and not tags["campaign"]:
            untagged += amount
            continue
        visits.append(Visits(tags["source"], tags["medium"], tags["campaign"], tags["content"], amount, line))
    if problems:
        raise SmoError(problems)
    return Analytics(tuple(visits), untagged, where)


def _dialect(header_line: str) -> type[csv.Dialect] | str:
    try:
        return csv.Sniffer().sniff(header_line, delimiters=",;\t")
    except csv.Error:
        return "excel"


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _tags(row: list[str], columns: dict[str, int | None], url_column: int | None) -> dict[str, str]:
    tags = {field: row[index].strip() if index is not None else "" for field, index in columns.items()}
    if url_column is not None:
        query = {key.casefold(): value for key, value in parse_qsl(urlsplit(row[url_column].strip()).query)}
        for field in UTM_FIELDS:
            tags[field] = tags[field] or query.get(f"utm_{field}", "").strip()
    for field, value in tags.items():
        if value.casefold() in ("(not set)", "(none)", "(direct)", "(not provided)"):
            tags[field] = ""
    return tags


def _count(cell: str) -> int | None:
    value = cell.strip().replace(",", "").replace("_", "").replace("\u00a0", "").replace(" ", "")
    if value.isdigit():
        return int(value)
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() and number >= 0 else None
