"""Audiences, variants and calls to action (smo_gen/content/campaigns.py)."""

from __future__ import annotations

from smo_gen.content.campaigns import (
    Audience,
    check_translation_languages,
    find_broken_ctas,
    make_variants,
    parse_audience_overrides,
    parse_audiences,
    parse_cta,
    resolve_site_path,
    translation_language,
)
from smo_gen.content.page import AudienceOverrides, CallToAction
from tests.support.builders import make_page

AUDIENCES = {"hot": Audience("hot", "Hot climates"), "cold": Audience("cold", "Cold climates")}


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def __call__(self, key: str, message: str) -> None:
        self.items.append(f"{key}: {message}")


def test_audiences_are_read_with_labels_and_checked() -> None:
    audiences, problems = parse_audiences(
        {"hot": {"label": "Hot", "region": "South"}, "cold": {}, "Bad Name": {}, "x": {"lable": "typo"}},
        lambda key: 7,
    )
    assert audiences["hot"] == Audience("hot", "Hot", region="South")
    assert audiences["cold"].label == "Cold"
    messages = [str(p) for p in problems]
    assert any("audiences.Bad Name" in m and "lower-case letters" in m for m in messages), messages
    assert "site.toml:7: audiences.x.lable: unknown key (did you mean 'label'?)" in messages


def test_cta_needs_label_and_url_and_a_followable_scheme() -> None:
    problems = Problems()
    assert parse_cta({"label": "Go", "url": "/dealers/"}, "cta", problems) == CallToAction("Go", "/dealers/")
    assert parse_cta({"label": "Go"}, "cta", problems) is None
    assert parse_cta({"label": "Run", "url": "javascript:alert(1)"}, "cta", problems) is None
    assert parse_cta("Book now", "cta", problems) is None
    assert parse_cta({"label": "Go", "url": "/x/", "lable": "typo"}, "cta", problems) is not None
    assert problems.items == [
        "cta: a call to action needs both 'label' and 'url' as text",
        (
            "cta: 'javascript:alert(1)' is not a link a reader can follow; "
            "use https:, mailto:, tel: or a path on this site"
        ),
        "cta: expected a table with 'label' and 'url', got 'Book now'",
        "cta: unknown key 'lable' in the call to action (did you mean 'label'?)",
    ]


def test_secondary_cta_is_kept() -> None:
    cta = parse_cta(
        {"label": "A", "url": "/a/", "secondary": {"label": "B", "url": "mailto:b@example.com"}}, "cta", Problems()
    )
    assert cta == CallToAction("A", "/a/", CallToAction("B", "mailto:b@example.com"))


def test_variant_overrides_and_inherits() -> None:
    page = make_page(
        url_path="/fizz/",
        title="Fizz",
        description="For all",
        message="Main message",
        cta=CallToAction("Shop", "/shops/"),
        audience_overrides={
            "hot": AudienceOverrides(title="Hot fizz", message="Hot message"),
            "cold": AudienceOverrides(),
        },
    )
    problems = Problems()
    hot, cold = make_variants(page, AUDIENCES, "https://shop.example/", problems)
    assert problems.items == []
    assert (hot.url_path, hot.title, hot.description, hot.message) == (
        "/fizz/hot/",
        "Hot fizz",
        "For all",
        "Hot message",
    )
    assert hot.canonical == "https://shop.example/fizz/"
    assert (hot.audience, hot.variant_of, hot.cta) == ("hot", "/fizz/", page.cta)
    assert (cold.url_path, cold.title) == ("/fizz/cold/", "Fizz")


def test_audience_overrides_are_read_once_from_front_matter() -> None:
    problems = Problems()
    overrides = parse_audience_overrides(
        {
            "hot": {"title": " Hot fizz ", "cta": {"label": "Go", "url": "/go/"}, "messages": {"x": "Hot!"}},
            "cold": None,
        },
        problems,
    )
    assert problems.items == []
    assert overrides == {
        "hot": AudienceOverrides(
            title="Hot fizz", cta=CallToAction("Go", "/go/"), sets_cta=True, messages={"x": "Hot!"}
        ),
        "cold": AudienceOverrides(),
    }


def test_a_variant_whose_cta_cannot_be_read_has_none() -> None:
    overrides = parse_audience_overrides({"hot": {"cta": {"label": "Go"}}}, Problems())
    page = make_page(url_path="/fizz/", cta=CallToAction("Shop", "/shops/"), audience_overrides=overrides)
    (hot,) = make_variants(page, AUDIENCES, "https://shop.example/", Problems())
    assert hot.cta is None


def test_variant_problems_name_the_audience() -> None:
    problems = Problems()
    page = make_page(url_path="/fizz/", audience_overrides={"warm": AudienceOverrides()})
    make_variants(page, AUDIENCES, "https://shop.example/", problems)
    assert "audiences: unknown audience 'warm'; site.toml defines cold, hot" in problems.items[0]
    parse_audience_overrides({"hot": {"titel": "x", "title": ["not", "text"]}}, problems)
    assert "audiences: 'audiences.hot.titel' cannot be set per audience (did you mean 'title'?)" in problems.items
    assert "audiences: 'audiences.hot.title' expected text, got a list" in problems.items


def test_relative_links_resolve_like_a_browser() -> None:
    assert resolve_site_path("/fizz/", "../shops/") == "/shops/"
    assert resolve_site_path("/fizz/", "shops/") == "/fizz/shops/"
    assert resolve_site_path("/fizz/", "/a/b/?x=1#top") == "/a/b/"
    assert resolve_site_path("/fizz/", "#specs") == "/fizz/"


def test_broken_cta_found_and_variants_resolve_from_their_main_page() -> None:
    page = make_page(url_path="/fizz/", cta=CallToAction("Shop", "../shops/"), key_lines={"cta": 5})
    variant = make_page(url_path="/fizz/hot/", variant_of="/fizz/", audience="hot", cta=page.cta)
    assert find_broken_ctas([page, variant], {"/shops/"}) == []
    problems = find_broken_ctas([page], {"/other/"})
    expected = (
        "content/spring-sale.md:5: front matter: 'cta': the call to action 'Shop' links to '../shops/', "
        "but the site has nothing at '/shops/' (link to a page's "
        "path such as '/dealers/', or to a full https:// address)"
    )
    assert [str(p) for p in problems] == [expected]


def test_an_audience_language_is_checked_and_written_in_its_usual_case() -> None:
    audiences, problems = parse_audiences(
        {"br": {"language": "pt-br"}, "uk": {"language": "en-UK"}, "de": {"language": "German"}}, lambda key: 4
    )
    assert audiences["br"].language == "pt-BR"
    assert audiences["uk"].language is None and audiences["de"].language is None
    assert [str(p) for p in problems] == [
        (
            "site.toml:4: audiences.uk.language: 'en-UK': 'UK' is not an ISO 3166-1 region; did you mean 'en-GB'? "
            "(the language the audience's pages are written in; leave it out for an audience of the site's language)"
        ),
        (
            "site.toml:4: audiences.de.language: 'German' is not a language tag; "
            "expected a BCP 47 language tag such as 'de', 'fr' or 'pt-BR' "
            "(the language the audience's pages are written in; leave it out for an audience of the site's language)"
        ),
    ]


def test_an_audience_of_another_language_is_a_translation_and_of_the_same_language_regional() -> None:
    assert translation_language(Audience("de", "D", language="de"), "en") == "de"
    assert translation_language(Audience("br", "B", language="pt-BR"), "en-GB") == "pt-BR"
    assert translation_language(Audience("uk", "U", language="en-GB"), "en") is None, "a region of the page's language"
    assert translation_language(Audience("hot", "H"), "en") is None


def test_a_translation_variant_is_canonical_to_itself_in_its_language() -> None:
    page = make_page(audience_overrides={"de": AudienceOverrides(title="Frühling"), "hot": AudienceOverrides()})
    audiences = {"de": Audience("de", "Deutsch", language="de"), "hot": Audience("hot", "Hot")}
    german, hot = make_variants(page, audiences, "https://acme.example/", Problems(), "en")
    assert (german.url_path, german.canonical, german.language, german.title) == (
        "/spring-sale/de/",
        None,
        "de",
        "Frühling",
    )
    assert (hot.canonical, hot.language) == ("https://acme.example/spring-sale/", None)


def test_a_page_with_translations_needs_a_language_tag_of_its_own() -> None:
    page = make_page(language="English", audience_overrides={"de": AudienceOverrides(), "fr": AudienceOverrides()})
    audiences = {"de": Audience("de", "D", language="de"), "fr": Audience("fr", "F", language="fr")}
    problems = Problems()
    make_variants(page, audiences, "https://acme.example/", problems, "en")
    assert problems.items == [
        (
            "language: 'English' is not a language tag; expected a BCP 47 language tag such as 'de', 'fr' or 'pt-BR'; "
            "the page has translations, whose links name its language"
        )
    ]


def test_translations_need_a_site_language_tag_and_one_audience_per_language() -> None:
    audiences = {
        "de": Audience("de", "D", language="de"),
        "german": Audience("german", "G", language="de"),
        "at": Audience("at", "A", language="de-AT"),
    }
    problems = [str(p) for p in check_translation_languages(audiences, "english", lambda key: 9)]
    assert problems == [
        (
            "site.toml:9: language: 'english' is not a language tag; "
            "expected a BCP 47 language tag such as 'de', 'fr' or 'pt-BR'; "
            "it names the main pages' language beside their translations (at, de, german)"
        ),
        (
            "site.toml:9: audiences.german.language: 'de' is already the language of audience 'de'; "
            "a page has one version per language "
            "(give one of them a region as well ('de-AT'), or leave its language out)"
        ),
    ]
    regional = {
        "hot": Audience("hot", "H"),
        "uk": Audience("uk", "U", language="en-GB"),
        "us": Audience("us", "U", language="en-GB"),
    }
    assert check_translation_languages(regional, "en", lambda key: 1) == [], "regional audiences may share a language"
