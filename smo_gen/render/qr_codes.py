"""QR codes for offline placements: a PNG and an SVG under `/qr/` per campaign, audience and placement.

Each encodes the link's short URL (`/go/<code>/`, whose page carries `utm_medium=qr` and
`utm_content=<placement>`), or the tagged page URL itself when short links are off. segno draws
them: a maintained, pure-Python encoder whose output has no timestamp, so the bytes are the same
in every build.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from smo_gen.render.short_links import LinkTable, TrackedLink
from smo_gen.site.model import Site
from smo_gen.urls import slugify

QR_FOLDER = "qr"
SCALE = 10  # pixels a module: a 33-module code is 410 px, sharp on a flyer at 3 cm
BORDER = 4  # the quiet zone the QR standard asks for, in modules


@dataclass(frozen=True)
class QrCode:
    """One printed code: the link it stands for, what it encodes and its two files (output paths)."""

    link: TrackedLink
    data: str
    png: str
    svg: str


def plan_qr_codes(site: Site, table: LinkTable) -> tuple[QrCode, ...]:
    """Every QR code of the site, named `qr/<campaign>[-<audience>]-<placement>` (plus the code
    if two pages share those)."""
    codes: list[QrCode] = []
    taken: set[str] = set()
    for link in sorted((link for link in table.links if link.placement), key=lambda link: link.code):
        stem = "-".join(part for part in (slugify(link.campaign) or "page", link.audience, link.placement) if part)
        if stem in taken:
            stem += f"-{link.code}"
        taken.add(stem)
        codes.append(QrCode(link, table.printed_url(site, link), f"{QR_FOLDER}/{stem}.png", f"{QR_FOLDER}/{stem}.svg"))
    return tuple(codes)


def render_qr_png(data: str) -> bytes:
    """A black-on-white PNG of `data` (error correction M: readable with a tenth of it scuffed)."""
    buffer = io.BytesIO()
    import segno  # only sites with printed codes pay for importing it (it pulls in urllib and http)

    segno.make_qr(data, error="m", boost_error=False).save(buffer, kind="png", scale=SCALE, border=BORDER)
    return buffer.getvalue()


def render_qr_svg(data: str, title: str) -> bytes:
    """The same code as SVG, for print: scales to any size without blur."""
    buffer = io.BytesIO()
    import segno

    segno.make_qr(data, error="m", boost_error=False).save(
        buffer, kind="svg", scale=SCALE, border=BORDER, xmldecl=False, title=title, encoding="utf-8"
    )
    return buffer.getvalue() + b"\n"
