"""render/outputs: what decides each output (its inputs, digested into its key). A page's inputs
change exactly when something its file shows changes, whether the page knows its identity (a
source digest, as every parsed page does) or was built by hand and is digested field by field;
a list's listing of a page tells any two different listings apart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import jinja2

from smo_gen.content.page import Page
from smo_gen.digest import stable_digest
from smo_gen.render.outputs import SiteRenderer, _listed
from smo_gen.render.templating import make_environment
from smo_gen.render.themes import load_theme
from smo_gen.site.model import Site, SocialImage
from tests.support.builders import make_config, make_page, make_site_model

IMAGE = SocialImage("https://acme.example/a.png", 1200, 630, "image/png", "Chairs", 2048)


def renderer(site: Site) -> SiteRenderer:
    env: jinja2.Environment = make_environment(load_theme(site.config))
    return SiteRenderer(site, env)


def page_key(tmp_path: Path, page: Page, **site_changes: object) -> str:
    site = replace(make_site_model(make_config(tmp_path), [page]), **site_changes)  # type: ignore[arg-type]
    return stable_digest(renderer(site).page_inputs(site.pages[0]))


def test_a_pages_inputs_change_with_what_its_file_shows(tmp_path: Path) -> None:
    for page in (make_page(digest="a" * 64), make_page()):  # a parsed page, and one built by hand
        key = page_key(tmp_path, page)
        assert page_key(tmp_path, page) == key, "the same site, the same key"
        changed = [
            page_key(tmp_path, page, images={page.url_path: IMAGE}),
            page_key(tmp_path, page, images={page.url_path: replace(IMAGE, alt="Garden chairs")}),
            page_key(tmp_path, page, photos={page.url_path: IMAGE}),
            page_key(tmp_path, page, shaped_images={page.url_path: {"1:1": IMAGE}}),
            page_key(tmp_path, page, syndication={page.url_path: (("mastodon", "https://m.example/1"),)}),
            page_key(tmp_path, replace(page, draft=True)),  # shown with a draft's banner
        ]
        assert len({key, *changed}) == len(changed) + 1


def test_a_parsed_pages_inputs_follow_its_identity_and_a_hand_built_ones_its_fields(tmp_path: Path) -> None:
    parsed = make_page(digest="a" * 64)
    assert page_key(tmp_path, replace(parsed, digest="b" * 64)) != page_key(tmp_path, parsed)
    by_hand = make_page()
    assert page_key(tmp_path, replace(by_hand, title="Renamed")) != page_key(tmp_path, by_hand)


def test_listings_that_differ_only_where_a_field_ends_are_told_apart(tmp_path: Path) -> None:
    site = make_site_model(make_config(tmp_path), [make_page()])
    separator = "\x1e"
    first = make_page(title=f"Sale{separator}now", summary="Chairs")
    second = make_page(title="Sale", summary=f"now{separator}Chairs")
    assert _listed(first, site) != _listed(second, site)
    assert _listed(make_page(), site) == _listed(make_page(), site)
    assert _listed(make_page(summary="Tables"), site) != _listed(make_page(), site)
