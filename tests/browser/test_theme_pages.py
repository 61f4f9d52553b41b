"""Every kind of page the default theme draws, looked at in Chromium as a visitor would.

For the example site (the repository root), a small site with a film of its own (for the
video player page) and a draft (built with --drafts, so it carries the preview banner), and
the HTML report: axe-core finds no serious or critical accessibility
problem in light and dark mode, nothing is wider than the screen at 320, 390 and 1280 px,
the primary call to action shows without scrolling on a phone (390x844) and a laptop
(1280x800), and no page asks another host for anything.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from smo_gen.feedback.report import Report, ReportRow
from smo_gen.feedback.report_html import render_report_html
from tests.support.media_files import mp4_bytes
from tests.support.sites import build, build_example_site, write_site

pytestmark = pytest.mark.browser

REPORT_PATH = "/report.html"
FILM_SITE = "/film"  # the small site with a film is served under this folder

# Each kind of page, by where it is served.
PAGES = {
    "landing page": "/campaigns/volta-ev-launch/",
    "audience variant": "/summer-fizz/hot/",
    "home": "/",
    "section": "/campaigns/",
    "tag": "/tags/drinks/",
    "topic index": "/tags/",
    "audience list": "/audiences/hot/",
    "404": "/404.html",
    "landing page with a film": f"{FILM_SITE}/launch/",
    "video player": f"{FILM_SITE}/launch/player/",
    "draft in a preview build": f"{FILM_SITE}/soon/",
    "report": REPORT_PATH,
}
# The pages whose first screen must show the primary call to action; the lists show their first card.
WITH_CTA = ("landing page", "audience variant", "home", "404", "landing page with a film", "draft in a preview build")
LISTS = ("section", "tag", "audience list")
WIDTHS = (320, 390, 1280)
FIRST_SCREENS = ((390, 844), (1280, 800))

FILM_FILES = {
    "content/launch/index.md": (
        "---\ntitle: The launch film\ndescription: Two minutes of the new model on the open road.\n"
        "date: 2026-05-01\nvideo:\n  url: film.mp4\n  title: The launch film\n"
        "cta:\n  label: Book a test drive\n  url: /\n---\nWatch it, then book a drive.\n"
    ),
    "content/launch/film.mp4": mp4_bytes(640, 360, seconds=3.0),
    "content/soon.md": (
        "---\ntitle: Our autumn range, coming soon\ndescription: Six new flavours for the cold months.\n"
        "date: 2026-05-02\ndraft: true\ncta:\n  label: Tell me when it is out\n  url: /\n---\nA draft.\n"
    ),
}

REPORT = Report(
    site_title="Fizz & Drive",
    site_url="https://fizz-and-drive.example/",
    rows=(
        ReportRow("summer-fizz-2026", "", "mastodon", posts=1, replies=2, likes=131, reposts=12, clicks=840),
        ReportRow("summer-fizz-2026", "hot", "bluesky-and-a-very-long-network-name", posts=1, likes=7, clicks=95),
        ReportRow("volta-ev-launch", "", "x", posts=2, replies=14, likes=56, reposts=3, clicks=1200),
    ),
    has_clicks=True,
    untagged_visits=4,
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site, the film site (a preview build, with a draft) and the report, built and served on 127.0.0.1."""
    public = build_example_site(tmp_path_factory.mktemp("example"))
    film = write_site(tmp_path_factory.mktemp("film"), FILM_FILES, _film_site_toml())
    build(film, drafts=True)
    shutil.copytree(film / "public", public / FILM_SITE.strip("/"))
    (public / REPORT_PATH.strip("/")).write_text(render_report_html(REPORT), encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(public))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _film_site_toml() -> str:
    from tests.support.sites import SITE_TOML

    # Served under /film/: its base URL says so, and its links and files follow.
    return SITE_TOML.replace('base_url = "https://shop.example/"', 'base_url = "https://shop.example/film/"')


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def open_page(browser: Any, url: str, width: int, height: int, scheme: str = "light") -> tuple[Any, Any, list[str]]:
    """A fresh tab at `url`; the third value lists every request made to a host other than 127.0.0.1."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    foreign: list[str] = []
    tab.on("request", lambda request: foreign.append(request.url) if _is_foreign(request.url) else None)
    tab.goto(url, wait_until="load")
    return context, tab, foreign


def _is_foreign(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("data", "about", "blob") and parts.hostname != "127.0.0.1"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_no_serious_or_critical_problem(browser: Any, served: str, kind: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    width, height = (390, 844) if scheme == "dark" else (1280, 800)
    context, tab, _ = open_page(browser, served + PAGES[kind], width, height, scheme)
    try:
        results = Axe().run(tab)
    finally:
        context.close()
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"{kind} ({scheme}, {width} px): " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']][:3]}" for v in bad
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_nothing_is_wider_than_the_screen_and_nothing_comes_from_another_host(
    browser: Any, served: str, kind: str, width: int
) -> None:
    context, tab, foreign = open_page(browser, served + PAGES[kind], width, 800)
    try:
        tab.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
        tab.wait_for_load_state("networkidle")
        scroll_width = tab.evaluate("document.documentElement.scrollWidth")
        wide = tab.evaluate(_WIDER_THAN_SCREEN)
    finally:
        context.close()
    assert scroll_width <= width, f"{kind} at {width} px is {scroll_width} px wide; too wide: {wide}"
    assert not foreign, f"{kind} asked other hosts for {foreign}"


_WIDER_THAN_SCREEN = """
[...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))
"""


@pytest.mark.parametrize("screen", FIRST_SCREENS, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("kind", WITH_CTA + LISTS)
def test_the_primary_call_to_action_shows_without_scrolling(
    browser: Any, served: str, kind: str, screen: tuple[int, int]
) -> None:
    width, height = screen
    selector = ".cta .primary" if kind in WITH_CTA else ".card-title a"
    context, tab, _ = open_page(browser, served + PAGES[kind], width, height)
    try:
        box = tab.locator(selector).first.bounding_box()
        scroll_y = tab.evaluate("window.scrollY")
    finally:
        context.close()
    assert box is not None, f"{kind}: no {selector}"
    assert scroll_y == 0 and box["y"] >= 0 and box["y"] + box["height"] <= height, (
        f"{kind} at {width}x{height}: {selector} is at "
        f"y={box['y']:.0f}..{box['y'] + box['height']:.0f}, below the first screen"
    )
