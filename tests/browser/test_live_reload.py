"""What a person sees in real Chromium while editing: updates without reloading by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from smo_gen.serve import LiveServer
from tests.serve.helpers import SPRING_SALE, poll_until

pytestmark = pytest.mark.browser

WAIT_MS = 10_000


def open_page(page: Any, live: LiveServer, path: str) -> None:
    """Open `path` and wait until its reload script has connected to the event stream."""
    before = live.hub.subscriber_count
    page.goto(live.url.rstrip("/") + path)
    assert poll_until(lambda: live.hub.subscriber_count > before, 10), "the page never connected to /_smo/events"


def test_an_edited_page_shows_its_new_text_by_itself(page: Any, live: LiveServer, site_dir: Path) -> None:
    from playwright.sync_api import expect

    open_page(page, live, "/spring-sale/")
    expect(page.locator("#body")).to_have_text("The spring sale is on.")
    (site_dir / "content" / "spring-sale.md").write_text(
        SPRING_SALE.replace("The spring sale is on.", "Now with free delivery.")
    )
    expect(page.locator("#body")).to_have_text("Now with free delivery.", timeout=WAIT_MS)


def test_broken_front_matter_shows_the_overlay_and_the_fix_clears_it(
    page: Any, live: LiveServer, site_dir: Path
) -> None:
    from playwright.sync_api import expect

    source = site_dir / "content" / "spring-sale.md"
    open_page(page, live, "/spring-sale/")
    source.write_text(SPRING_SALE.replace("date: 2026-05-01", "date: 2026-13-45"))
    overlay = page.locator("#smo-gen-overlay")
    expect(overlay).to_be_visible(timeout=WAIT_MS)
    expect(overlay.locator("code")).to_have_text("content/spring-sale.md:4")
    expect(overlay).to_contain_text("'2026-13-45' is not a date")
    expect(page.locator("#body")).to_have_text("The spring sale is on.")  # the last good page is still underneath

    source.write_text(SPRING_SALE.replace("The spring sale is on.", "Back, and fixed."))
    expect(page.locator("#body")).to_have_text("Back, and fixed.", timeout=WAIT_MS)
    expect(overlay).to_have_count(0)


def test_a_stylesheet_change_applies_without_a_reload(page: Any, live: LiveServer, site_dir: Path) -> None:
    open_page(page, live, "/spring-sale/")
    assert page.eval_on_selector("#title", "el => getComputedStyle(el).color") == "rgb(0, 0, 255)"
    page.evaluate("() => { window.__marker = 'still here'; }")
    (site_dir / "static" / "css" / "smo.css").write_text("h1 { color: rgb(255, 0, 0); }\n")
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#title')).color === 'rgb(255, 0, 0)'", timeout=WAIT_MS
    )
    assert page.evaluate("() => window.__marker") == "still here", (
        "the page reloaded instead of swapping its stylesheet"
    )
    hrefs = page.eval_on_selector_all('link[rel="stylesheet"]', "links => links.map(l => l.getAttribute('href'))")
    assert len(hrefs) == 1 and "smo-reload=" in hrefs[0], hrefs


def test_the_social_preview_draws_every_network_with_its_images(page: Any, live: LiveServer) -> None:
    page.goto(live.url + "_smo/")
    captions = page.locator("figure.share figcaption").all_inner_texts()
    assert captions[:2] == ["X · LinkedIn", "Facebook · Mastodon · Bluesky"]
    page.evaluate("() => document.querySelectorAll('.card img').forEach(img => { img.loading = 'eager'; })")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.card img')].every(img => img.complete && img.naturalWidth > 0)",
        timeout=WAIT_MS,
    )


def test_the_social_preview_fits_a_phone(page: Any, live: LiveServer) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live.url + "_smo/")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    assert page.eval_on_selector("nav.toc ul", "el => getComputedStyle(el).columnCount") == "auto", (
        "one column of contents"
    )
    card = page.locator(".card").first.bounding_box()
    assert card is not None and card["width"] > 300, "a card takes the phone's width"
