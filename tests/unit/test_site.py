"""The site model: what is published now, tags, and URLs two pages would both claim."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from smo_gen.errors import Problem
from smo_gen.site.model import (
    BuildOptions,
    Tag,
    collect_tags,
    find_url_clashes,
    select_published,
    unpublished_status,
    why_unpublished,
)
from tests.support.builders import NOW, MakePage, MakeSiteModel

DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("fields", "options", "reason"),
    [
        ({}, BuildOptions(now=NOW), None),
        ({"draft": True}, BuildOptions(now=NOW), "draft"),
        ({"draft": True}, BuildOptions(now=NOW, drafts=True), None),
        ({"date": NOW + DAY}, BuildOptions(now=NOW), "scheduled"),
        ({"date": NOW + DAY}, BuildOptions(now=NOW, future=True), None),
        ({"date": NOW - DAY, "publish_date": NOW + DAY}, BuildOptions(now=NOW), "scheduled"),
        ({"date": NOW}, BuildOptions(now=NOW), None),  # due this very moment
        ({"expiry_date": NOW - DAY}, BuildOptions(now=NOW), "expired"),
        ({"expiry_date": NOW}, BuildOptions(now=NOW), "expired"),
        ({"expiry_date": NOW - DAY}, BuildOptions(now=NOW, expired=True), None),
        ({"expiry_date": NOW + DAY}, BuildOptions(now=NOW), None),
        ({"date": None}, BuildOptions(now=NOW), None),  # an undated page is always published
    ],
)
def test_why_unpublished(
    make_page: MakePage, fields: dict[str, object], options: BuildOptions, reason: str | None
) -> None:
    assert why_unpublished(make_page(**fields), options) == reason


def test_draft_is_reported_before_schedule(make_page: MakePage) -> None:
    assert why_unpublished(make_page(draft=True, date=NOW + DAY), BuildOptions(now=NOW)) == "draft"


def test_dates_in_other_zones_compare_as_moments(make_page: MakePage) -> None:
    # 13:30 in Berlin (UTC+2) is 11:30 UTC, before NOW (12:00 UTC), so the page is out.
    berlin = dt.timezone(dt.timedelta(hours=2))
    page = make_page(date=dt.datetime(2026, 5, 10, 13, 30, tzinfo=berlin))
    assert why_unpublished(page, BuildOptions(now=NOW)) is None


def test_select_published_keeps_published_pages_newest_first(make_page: MakePage) -> None:
    old = make_page(slug="old", date=NOW - 3 * DAY)
    new = make_page(slug="new", date=NOW - DAY)
    undated = make_page(slug="undated", date=None)
    draft = make_page(slug="draft", draft=True)
    later = make_page(slug="later", date=NOW + DAY)
    same_day_b = make_page(slug="b", date=NOW - 2 * DAY)
    same_day_a = make_page(slug="a", date=NOW - 2 * DAY)
    published = select_published([old, undated, draft, same_day_b, later, new, same_day_a], BuildOptions(now=NOW))
    assert [page.slug for page in published] == ["new", "a", "b", "old", "undated"]


def test_collect_tags_groups_by_slug_and_sorts_by_name(make_page: MakePage) -> None:
    newest = make_page(slug="newest", tags=("Cars", "Zero Sugar"))
    older = make_page(slug="older", tags=("cars", "apples"))
    tags = collect_tags([newest, older])
    assert [(tag.name, tag.slug, tag.url_path) for tag in tags] == [
        ("apples", "apples", "/tags/apples/"),
        ("Cars", "cars", "/tags/cars/"),  # as written on the newest page
        ("Zero Sugar", "zero-sugar", "/tags/zero-sugar/"),
    ]
    assert [page.slug for page in tags[1].pages] == ["newest", "older"]


def test_site_finds_a_tag_by_any_spelling(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    site = make_site_model([make_page(tags=("Zero Sugar",))])
    found = site.tag("zero  SUGAR")
    assert isinstance(found, Tag) and found.name == "Zero Sugar"
    assert site.tag("cars") is None


def test_site_updated_is_the_newest_change(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    site = make_site_model(
        [make_page(slug="a", date=NOW - 3 * DAY, lastmod=NOW - DAY), make_page(slug="b", date=NOW - 2 * DAY)]
    )
    assert site.updated == NOW - DAY
    assert make_site_model([]).updated == NOW, "an empty site was last updated now"


def test_site_url_is_absolute(make_site_model: MakeSiteModel) -> None:
    assert make_site_model([]).url("/spring-sale/") == "https://acme.example/spring-sale/"


RESERVED = {"/": "the home page", "/feed.xml": "a generated file"}


def messages(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


def test_no_clash_gives_no_problems(make_page: MakePage) -> None:
    assert find_url_clashes([make_page(slug="a"), make_page(slug="b")], RESERVED) == []


def test_two_pages_at_one_url_clash(make_page: MakePage) -> None:
    first = make_page(source_path="content/sale.md", url_path="/sale/")
    second = make_page(source_path="content/offers/index.md", url_path="/sale/", key_lines={"url": 3})
    assert messages(find_url_clashes([first, second], RESERVED)) == [
        (
            "content/offers/index.md:3: front matter: 'url': '/sale/' is already used by content/sale.md "
            "(give one of them another 'slug' or 'url')"
        )
    ]


def test_urls_differing_only_in_case_clash(make_page: MakePage) -> None:
    first = make_page(source_path="content/sale.md", url_path="/sale/")
    second = make_page(source_path="content/Sale.md", url_path="/Sale/")
    assert messages(find_url_clashes([first, second], RESERVED)) == [
        "content/Sale.md: '/Sale/' is already used by content/sale.md (give one of them another 'slug' or 'url')"
    ]


def test_alias_clashing_with_a_page_is_reported_on_the_alias(make_page: MakePage) -> None:
    page = make_page(source_path="content/sale.md", url_path="/sale/")
    moved = make_page(source_path="content/new.md", url_path="/new/", aliases=("/sale/",), key_lines={"aliases": 5})
    assert messages(find_url_clashes([page, moved], RESERVED)) == [
        (
            "content/new.md:5: front matter: 'aliases': '/sale/' is already used by content/sale.md "
            "(give one of them another 'slug' or 'url')"
        )
    ]


def test_a_tag_too_long_for_a_file_name_is_reported_on_every_page_that_uses_it(make_page: MakePage) -> None:
    tag = "sale" * 70  # a folder name of 280 bytes
    first = make_page(source_path="content/a.md", slug="a", tags=(tag, "ok"), key_lines={"tags": 4})
    second = make_page(source_path="content/b.md", slug="b", tags=("ok", tag))
    problems = find_url_clashes([first, second], RESERVED)
    assert [(problem.path, problem.line, problem.key) for problem in problems] == [
        ("content/a.md", 4, "front matter: 'tags'"),
        ("content/b.md", None, None),
    ]
    assert all("has a name of 280 bytes" in problem.message for problem in problems)


def test_page_cannot_take_a_generated_file(make_page: MakePage) -> None:
    page = make_page(source_path="content/home.md", url_path="/", key_lines={"url": 2})
    assert messages(find_url_clashes([page], RESERVED)) == [
        (
            "content/home.md:2: front matter: 'url': '/' is already used by the home page "
            "(give one of them another 'slug' or 'url')"
        )
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("/caf\u00e9/", "/cafe\u0301/"),
        ("/offers/", "/Offers/"),
        ("/STRASSE/", "/straße/"),
        ("/\u00c9t\u00e9/", "/e\u0301te\u0301/"),
    ],
    ids=["nfc-nfd", "case", "case-folding", "nfc-nfd-and-case"],
)
def test_urls_one_file_system_would_store_as_one_file_clash(make_page: MakePage, first: str, second: str) -> None:
    """macOS and Windows file systems ignore case, and macOS normalises Unicode: one page would replace the other."""
    pages = [
        make_page(source_path="content/a.md", url_path=first),
        make_page(source_path="content/b.md", url_path=second),
    ]
    assert messages(find_url_clashes(pages, RESERVED)) == [
        f"content/b.md: '{second}' is already used by content/a.md (give one of them another 'slug' or 'url')"
    ]


def test_a_page_at_a_path_that_cannot_be_written_is_reported_on_its_key(make_page: MakePage) -> None:
    long = "x" * 300
    pages = [
        make_page(source_path="content/a.md", url_path=f"/{long}/", key_lines={"slug": 2}),
        make_page(source_path="content/b.md", url_path="/b/", tags=("ok", long), key_lines={"tags": 4}),
        make_page(source_path="content/c.md", url_path="/c/", aliases=(f"/old/{long}/",), key_lines={"aliases": 3}),
    ]
    found = messages(find_url_clashes(pages, RESERVED))
    assert len(found) == 3
    limit = "has a name of 300 bytes; file systems allow 255 (as UTF-8) for each folder or file name"
    assert found[0].startswith("content/a.md:2: front matter: 'slug': '/xxx") and found[0].endswith(
        f"{limit} (give the page a shorter 'slug' (or rename its file))"
    )
    assert found[1].startswith("content/b.md:4: front matter: 'tags': '/tags/xxx") and found[1].endswith(
        f"{limit} (shorten the tag)"
    )
    assert found[2].startswith("content/c.md:3: front matter: 'aliases': '/old/xxx") and found[2].endswith(
        f"{limit} (choose another alias)"
    )


def test_a_pages_status_is_its_own_even_for_a_page_made_from_one_asked_before(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    # Each page's status is remembered for the site's life (asked by its output, its lists and
    # the sitemap): a page replaced after that is answered for itself.
    published = make_page()
    site = make_site_model([published])
    assert unpublished_status(site, published) is None
    assert unpublished_status(site, published) is None
    assert unpublished_status(site, dataclasses.replace(published, draft=True)) == "draft"
    assert unpublished_status(site, dataclasses.replace(published, date=NOW + DAY)) == "scheduled"
