"""A site model with a translated campaign, made in memory: an English page with German and
French translations and a regional ('hot') variant, as make_variants makes them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from smo_gen.content.campaigns import Audience, make_variants
from smo_gen.content.page import AudienceOverrides, Page
from smo_gen.site.model import Site
from tests.support.builders import MakePage, MakeSiteModel

AUDIENCES = {
    "de": Audience("de", "Deutsch", language="de"),
    "fr": Audience("fr", "Français", language="fr"),
    "hot": Audience("hot", "Hot climates", region="Southern Europe"),
    "uk": Audience("uk", "United Kingdom", language="en-GB"),  # the site's language: regional
}


def make_translated_site(
    make_page: MakePage, make_site_model: MakeSiteModel, *others: Page, **page_fields: Any
) -> Site:
    """The site of /fizz/ with variants for every audience, beside `others`; `page_fields` change /fizz/."""
    overrides = {name: AudienceOverrides(title=f"Fizz ({name})") for name in AUDIENCES}
    main = make_page(slug="fizz", title="Fizz", audience_overrides=overrides, **page_fields)
    problems: list[str] = []
    variants = make_variants(
        main, AUDIENCES, "https://acme.example/", lambda key, message: problems.append(message), "en"
    )
    assert not problems, problems
    site = make_site_model([main, *others])
    return replace(site, variants=tuple(variants), audiences=AUDIENCES)
