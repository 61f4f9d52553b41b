"""A page's language versions: the main page and its translations, for hreflang and the sitemap.

Search engines take a cluster of language versions only when every version lists all of
them, itself included, and each is canonical to itself (Google's "Tell Google about
localized versions of your page"). So one function decides the cluster, and the page's
head and the sitemap both print it. `x-default`, the version for readers of any other
language, is the main page.
"""

from __future__ import annotations

from dataclasses import dataclass

from smo_gen.config.language_tags import og_locale_for, parse_language_tag
from smo_gen.content.campaigns import translation_language
from smo_gen.content.page import Page
from smo_gen.site.model import Site, unpublished_status

X_DEFAULT = "x-default"


@dataclass(frozen=True)
class LanguageVersion:
    """One entry of a page's hreflang cluster."""

    hreflang: str  # 'de', 'pt-BR', or 'x-default'
    url_path: str


def page_language(site: Site, page: Page) -> str:
    """The language `page` is written in, as its hreflang says it: its own, else the site's."""
    return _tag_text(page.language or site.config.language)


def page_og_locale(site: Site, page: Page) -> str | None:
    """og:locale of `page`: the site's (or [social] locale), unless the page is in another language."""
    if page.language is None or _tag_text(page.language) == _tag_text(site.config.language):
        return site.config.og_locale
    return og_locale_for(page.language)


def _tag_text(text: str) -> str:
    tag, _ = parse_language_tag(text)
    return tag.text if tag else text


def language_versions(site: Site, page: Page) -> tuple[LanguageVersion, ...]:
    """The hreflang cluster `page` belongs to: the main page, each translation (by language) and
    `x-default`. Empty for a page without translations, a regional variant (canonical to its
    main page), and a main page that is not to be indexed (noindex, unpublished, or a copy of
    another site's page), since a cluster links only indexable pages canonical to themselves."""
    main = site.main_page(page)
    variants = site.variants_of(main)
    if not variants or main.noindex or main.canonical or unpublished_status(site, main) is not None:
        return ()
    language = page_language(site, main)
    translations = sorted(
        (tag, variant.url_path)
        for variant in variants
        if (audience := site.audiences.get(variant.audience or ""))
        and (tag := translation_language(audience, language))
    )
    if not translations or (page is not main and page.url_path not in {path for _, path in translations}):
        return ()
    versions = [LanguageVersion(language, main.url_path), *(LanguageVersion(tag, path) for tag, path in translations)]
    return (*versions, LanguageVersion(X_DEFAULT, main.url_path))


def alternate_locales(site: Site, page: Page, versions: tuple[LanguageVersion, ...]) -> tuple[str, ...]:
    """og:locale:alternate of `page`: the locales of its other language versions, each once."""
    own = page_og_locale(site, page)
    locales: list[str] = []
    for version in versions:
        if version.hreflang == X_DEFAULT or version.url_path == page.url_path:
            continue
        main = site.main_page(page)
        locale = page_og_locale(site, main) if version.url_path == main.url_path else og_locale_for(version.hreflang)
        if locale and locale != own and locale not in locales:
            locales.append(locale)
    return tuple(locales)
