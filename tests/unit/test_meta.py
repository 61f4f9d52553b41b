"""Social metadata: every Open Graph and X tag, each fallback, and JSON-LD that cannot break out."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from smo_gen.content.page import Author
from smo_gen.render.social_meta import PageMeta, make_list_meta, make_page_meta, render_json_ld
from smo_gen.site.model import Section, SocialImage
from tests.support.builders import MINIMAL_TOML, MakeConfig, MakePage, MakeSiteModel
from tests.support.translated_site import make_translated_site

IMAGE = SocialImage("https://acme.example/spring-sale/card.png", 1200, 630, "image/png", "A green garden chair")


def tag_map(meta: PageMeta) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in meta.tags:
        found.setdefault(tag.key, []).append(tag.content)
    return found


def single(meta: PageMeta, key: str) -> str:
    values = tag_map(meta).get(key, [])
    assert len(values) == 1, f"expected exactly one {key}, got {values}"
    return values[0]


def test_article_with_an_image_has_every_tag(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page(
        description="40% off garden chairs.", tags=("Garden", "Sale"), authors=(Author("Jane", x_handle="@jane"),)
    )
    site = make_site_model([page], images={page.url_path: IMAGE})
    meta = make_page_meta(page, site)
    assert tag_map(meta) == {
        "og:type": ["article"],
        "og:site_name": ["Acme Drinks"],
        "og:title": ["Spring sale: 40% off garden chairs"],
        "og:description": ["40% off garden chairs."],
        "og:url": ["https://acme.example/spring-sale/"],
        "og:locale": ["en_US"],
        "og:image": [IMAGE.url],
        "og:image:secure_url": [IMAGE.url],
        "og:image:type": ["image/png"],
        "og:image:width": ["1200"],
        "og:image:height": ["630"],
        "og:image:alt": ["A green garden chair"],
        "article:published_time": ["2026-05-01T10:00:00+02:00"],
        "article:author": ["Jane"],
        "article:tag": ["Garden", "Sale"],
        "twitter:card": ["summary_large_image"],
        "twitter:site": ["@acmedrinks"],
        "twitter:creator": ["@jane"],
        "twitter:title": ["Spring sale: 40% off garden chairs"],
        "twitter:description": ["40% off garden chairs."],
        "twitter:image": [IMAGE.url],
        "twitter:image:alt": ["A green garden chair"],
    }
    assert meta.title == "Spring sale: 40% off garden chairs · Acme Drinks"
    assert meta.canonical_url == "https://acme.example/spring-sale/"
    assert meta.robots == "max-image-preview:large", "search shows large images only with it"
    attributes = {tag.key: tag.attribute for tag in meta.tags}
    assert attributes["og:title"] == "property" and attributes["twitter:card"] == "name"


@pytest.mark.parametrize(
    ("size", "card"),
    [
        ((1200, 630), "summary_large_image"),
        ((300, 157), "summary_large_image"),  # X's documented minimum for a large card
        ((299, 400), "summary"),
        ((1200, 150), "summary"),  # wide but too short for a large card
        ((200, 200), "summary"),
        ((None, None), "summary"),  # size unknown: do not promise a large image
    ],
)
def test_twitter_card_depends_on_the_image_size(
    make_page: MakePage, make_site_model: MakeSiteModel, size: tuple[int | None, int | None], card: str
) -> None:
    page = make_page()
    image = SocialImage(IMAGE.url, size[0], size[1], "image/png", "")
    assert single(make_page_meta(page, make_site_model([page], images={page.url_path: image})), "twitter:card") == card


def test_without_any_image_the_card_is_a_summary_and_no_image_tags_appear(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    page = make_page()
    tags = tag_map(make_page_meta(page, make_site_model([page])))
    assert tags["twitter:card"] == ["summary"]
    assert not [key for key in tags if "image" in key]


def test_site_default_image_is_used_when_the_page_has_none(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page()
    default = SocialImage("https://acme.example/share.png", 1200, 630, "image/png", "Our logo")
    assert single(make_page_meta(page, make_site_model([page], default_image=default)), "og:image") == default.url


def test_image_over_http_has_no_secure_url(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page()
    image = SocialImage("http://acme.example/card.png", 1200, 630, None, "")
    tags = tag_map(make_page_meta(page, make_site_model([page], images={page.url_path: image})))
    assert "og:image:secure_url" not in tags
    assert "og:image:type" not in tags
    assert "og:image:alt" not in tags and "twitter:image:alt" not in tags


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"description": "Written.", "summary": "From the body."}, "Written."),
        ({"description": "", "summary": "From the body."}, "From the body."),
        ({"description": "", "summary": ""}, "Summer drinks and the people who love them."),
    ],
)
def test_description_fallbacks(
    make_page: MakePage, make_site_model: MakeSiteModel, fields: dict[str, str], expected: str
) -> None:
    page = make_page(**fields)
    meta = make_page_meta(page, make_site_model([page]))
    assert meta.description == expected
    assert single(meta, "og:description") == expected
    assert single(meta, "twitter:description") == expected
    assert json.loads(meta.json_ld)["description"] == expected


def test_long_description_is_shortened(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page(description="word " * 100)
    assert len(make_page_meta(page, make_site_model([page])).description) <= 200


def test_creator_falls_back_to_the_site_author(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page(authors=(Author("Jane"),))
    assert single(make_page_meta(page, make_site_model([page])), "twitter:creator") == "@acme"


def test_page_without_authors_is_credited_to_the_site_author(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    page = make_page()
    meta = make_page_meta(page, make_site_model([page]))
    assert single(meta, "article:author") == "Acme Marketing"
    assert json.loads(meta.json_ld)["author"] == [{"@type": "Person", "name": "Acme Marketing"}]


def test_no_creator_and_no_site_tag_when_nobody_has_a_handle(
    make_page: MakePage, make_config: MakeConfig, make_site_model: MakeSiteModel
) -> None:
    config = make_config('title = "Acme"\nbase_url = "https://acme.example/"\n')
    page = make_page()
    tags = tag_map(make_page_meta(page, make_site_model([page], site_config=config)))
    assert "twitter:creator" not in tags
    assert "twitter:site" not in tags
    assert "article:author" not in tags


def test_json_ld_parses_and_cannot_close_its_script_element(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    title = "</script><script>alert(1)</script> & <!-- more"
    page = make_page(title=title, description="Fish & <chips>", tags=("</script>",))
    meta = make_page_meta(page, make_site_model([page], images={page.url_path: IMAGE}))
    assert "<" not in meta.json_ld and ">" not in meta.json_ld and "&" not in meta.json_ld
    data = json.loads(meta.json_ld)
    assert data["headline"] == title
    assert data["description"] == "Fish & <chips>"
    assert data["@type"] == "BlogPosting"
    assert data["url"] == "https://acme.example/spring-sale/"
    assert data["datePublished"] == "2026-05-01T10:00:00+02:00"
    assert data["image"] == {"@type": "ImageObject", "url": IMAGE.url, "width": 1200, "height": 630}
    assert data["keywords"] == ["</script>"]


def test_json_ld_escapes_line_separators() -> None:
    text = render_json_ld({"a": "x\u2028y\u2029z"})
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "x\u2028y\u2029z"}


def test_external_canonical_is_used(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page(canonical="https://partner.example/original/")
    meta = make_page_meta(page, make_site_model([page]))
    assert meta.canonical_url == "https://partner.example/original/"
    assert meta.url == "https://acme.example/spring-sale/", "og:url stays this page"
    assert json.loads(meta.json_ld)["mainEntityOfPage"]["@id"] == "https://partner.example/original/"


def test_noindex_page_asks_robots_to_stay_away(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page(noindex=True)
    assert make_page_meta(page, make_site_model([page])).robots == "noindex"


def test_modified_time_is_announced(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page(lastmod=dt.datetime(2026, 5, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    meta = make_page_meta(page, make_site_model([page]))
    assert single(meta, "article:modified_time") == "2026-05-03T10:00:00+02:00"
    assert json.loads(meta.json_ld)["dateModified"] == "2026-05-03T10:00:00+02:00"


def test_home_page_is_a_website(make_site_model: MakeSiteModel) -> None:
    meta = make_list_meta(make_site_model([]), url_path="/", title=None, description=None)
    assert meta.title == "Acme Drinks"
    assert single(meta, "og:type") == "website"
    assert single(meta, "og:description") == "Summer drinks and the people who love them."
    data = json.loads(meta.json_ld)
    assert (data["@type"], data["url"]) == ("WebSite", "https://acme.example/")


def test_tag_page_is_a_collection(make_site_model: MakeSiteModel) -> None:
    meta = make_list_meta(make_site_model([]), url_path="/tags/cars/", title="Cars", description="All about cars")
    assert meta.title == "Cars · Acme Drinks"
    assert single(meta, "og:title") == "Cars"
    assert single(meta, "og:url") == "https://acme.example/tags/cars/"
    assert json.loads(meta.json_ld)["@type"] == "CollectionPage"


def test_noindex_says_so_once_over_the_sites_robots(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page(noindex=True, robots=("noindex", "nofollow"))
    assert make_page_meta(page, make_site_model([page])).robots == "noindex, nofollow"


def test_every_indexable_page_allows_large_image_previews(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page(robots=("max-snippet:80",))
    site = make_site_model([page])
    assert make_page_meta(page, site).robots == "max-image-preview:large, max-snippet:80"
    assert make_list_meta(site, url_path="/", title=None, description=None).robots == "max-image-preview:large"


def test_site_robots_can_be_turned_off(
    make_page: MakePage, make_config: MakeConfig, make_site_model: MakeSiteModel
) -> None:
    config = make_config(MINIMAL_TOML + 'robots = ""\n')
    page = make_page()
    assert make_page_meta(page, make_site_model([page], site_config=config)).robots is None


def test_fediverse_creator_from_the_page_its_authors_or_the_site(
    make_page: MakePage, make_config: MakeConfig, make_site_model: MakeSiteModel
) -> None:
    config = make_config(MINIMAL_TOML + 'fediverse_creator = "@acme@mastodon.social"\n')
    ann = Author("Ann", fediverse="@ann@social.example")
    cases = [
        (make_page(fediverse_creator="@desk@news.example", authors=(ann,)), "@desk@news.example"),
        (make_page(authors=(Author("Bo"), ann)), "@ann@social.example"),
        (make_page(authors=(Author("Bo"),)), "@acme@mastodon.social"),
    ]
    for page, creator in cases:
        meta = make_page_meta(page, make_site_model([page], site_config=config))
        assert single(meta, "fediverse:creator") == creator
        assert [tag.attribute for tag in meta.tags if tag.key == "fediverse:creator"] == ["name"]
    home = make_list_meta(make_site_model([], site_config=config), url_path="/", title=None, description=None)
    assert single(home, "fediverse:creator") == "@acme@mastodon.social"


def test_no_fediverse_creator_without_an_account(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page()
    assert "fediverse:creator" not in tag_map(make_page_meta(page, make_site_model([page])))


def test_article_section_is_the_pages_section_title(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page(source_path="content/news/spring-sale.md", categories=("Offers",))
    intro = make_page(slug="news", source_path="content/news/_index.md", title="Newsroom")
    site = replace(make_site_model([page]), sections=(Section("/news/", intro, (page,)),))
    assert single(make_page_meta(page, site), "article:section") == "Newsroom"
    outside = make_page(slug="about", categories=("Company",))
    assert single(make_page_meta(outside, make_site_model([outside])), "article:section") == "Company", (
        "outside sections: the first category"
    )
    bare = make_page(slug="bare")
    assert "article:section" not in tag_map(make_page_meta(bare, make_site_model([bare])))


def test_list_pages_have_no_article_tags(make_site_model: MakeSiteModel) -> None:
    meta = make_list_meta(make_site_model([]), url_path="/news/", title="Newsroom", description=None)
    assert not [tag for tag in meta.tags if tag.key.startswith("article:")]


def test_a_translation_is_canonical_to_itself_in_its_language(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    site = make_translated_site(make_page, make_site_model)
    german = next(page for page in site.variants if page.audience == "de")
    meta = make_page_meta(german, site)
    assert meta.canonical_url == meta.url == "https://acme.example/fizz/de/"
    assert single(meta, "og:locale") == "de_DE"
    assert tag_map(meta)["og:locale:alternate"] == ["en_US", "fr_FR"]
    assert [(a.hreflang, a.url) for a in meta.alternates] == [
        ("en", "https://acme.example/fizz/"),
        ("de", "https://acme.example/fizz/de/"),
        ("fr", "https://acme.example/fizz/fr/"),
        ("x-default", "https://acme.example/fizz/"),
    ]
    data = json.loads(meta.json_ld)
    assert data["inLanguage"] == "de"
    assert data["translationOfWork"] == {"@id": "https://acme.example/fizz/"}


def test_a_regional_variant_keeps_todays_tags(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    site = make_translated_site(make_page, make_site_model)
    hot = next(page for page in site.variants if page.audience == "hot")
    meta = make_page_meta(hot, site)
    assert meta.canonical_url == "https://acme.example/fizz/"
    assert meta.alternates == ()
    assert single(meta, "og:locale") == "en_US" and "og:locale:alternate" not in tag_map(meta)
    assert json.loads(meta.json_ld)["inLanguage"] == "en"
