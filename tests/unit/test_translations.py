"""Language versions of a page (smo_gen/site/translations.py): one hreflang cluster, complete and the same
from every version."""

from __future__ import annotations

from smo_gen.site.translations import LanguageVersion, alternate_locales, language_versions, page_og_locale
from tests.support.builders import MakePage, MakeSiteModel
from tests.support.translated_site import make_translated_site

CLUSTER = (
    LanguageVersion("en", "/fizz/"),
    LanguageVersion("de", "/fizz/de/"),
    LanguageVersion("fr", "/fizz/fr/"),
    LanguageVersion("x-default", "/fizz/"),
)


def test_every_version_names_the_same_cluster_itself_included(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    site = make_translated_site(make_page, make_site_model)
    by_path = {page.url_path: page for page in site.all_pages}
    for path in ("/fizz/", "/fizz/de/", "/fizz/fr/"):
        assert language_versions(site, by_path[path]) == CLUSTER, path


def test_regional_variants_are_in_no_cluster(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    """'hot' has no language and 'uk' the site's (en-GB on an en site): both stay canonical to the main page."""
    site = make_translated_site(make_page, make_site_model)
    by_path = {page.url_path: page for page in site.all_pages}
    for path in ("/fizz/hot/", "/fizz/uk/"):
        assert language_versions(site, by_path[path]) == ()
        assert by_path[path].canonical == "https://acme.example/fizz/"


def test_a_page_without_translations_has_no_cluster(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    other = make_page(slug="other")
    site = make_translated_site(make_page, make_site_model, other)
    assert language_versions(site, other) == ()


def test_a_page_not_to_be_indexed_has_no_cluster(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    for fields in ({"noindex": True}, {"canonical": "https://partner.example/fizz/"}, {"draft": True}):
        site = make_translated_site(make_page, make_site_model, **fields)
        assert all(language_versions(site, page) == () for page in site.all_pages), fields


def test_locales_follow_each_version(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    site = make_translated_site(make_page, make_site_model)
    by_path = {page.url_path: page for page in site.all_pages}
    german = by_path["/fizz/de/"]
    assert page_og_locale(site, german) == "de_DE"
    assert alternate_locales(site, german, language_versions(site, german)) == ("en_US", "fr_FR")
    main = by_path["/fizz/"]
    assert page_og_locale(site, main) == "en_US"
    assert alternate_locales(site, main, language_versions(site, main)) == ("de_DE", "fr_FR")
    assert page_og_locale(site, by_path["/fizz/hot/"]) == "en_US"
