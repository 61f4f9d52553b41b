"""parse_page: front matter from Hugo, Jekyll and Zola habits into a Page, with located problems."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

import pytest

from smo_gen.content.page import Author, Page
from smo_gen.content.page_parser import SourceText, make_source_text, parse_page
from smo_gen.errors import Problem

BERLIN = ZoneInfo("Europe/Berlin")


def source(text: str, rel_path: str = "spring-sale.md") -> SourceText:
    made, problem = make_source_text(PurePosixPath(rel_path), f"content/{rel_path}", text.encode("utf-8"))
    assert problem is None and made is not None
    return made


def parse(text: str, rel_path: str = "spring-sale.md") -> tuple[Page | None, list[Problem]]:
    return parse_page(source(text, rel_path), BERLIN, "en")


def parse_ok(text: str, rel_path: str = "spring-sale.md") -> Page:
    page, problems = parse(text, rel_path)
    assert [p for p in problems if p.severity == "error"] == [], [str(p) for p in problems]
    assert page is not None
    return page


def parse_errors(text: str, rel_path: str = "spring-sale.md") -> list[str]:
    page, problems = parse(text, rel_path)
    assert page is None, "a page with errors is not built"
    return [str(problem) for problem in problems]


# --- titles, slugs and URLs -----------------------------------------------------------------


def test_a_full_page() -> None:
    page = parse_ok(
        "---\n"
        "title: Spring sale\n"
        "description: 40% off garden chairs.\n"
        "date: 2026-05-01 10:00\n"
        "tags: [Garden, Sale]\n"
        "image: chair.jpg\n"
        "image_alt: A green chair\n"
        "---\n"
        "Our biggest discount of the year.\n"
    )
    assert page.source_path == "content/spring-sale.md"
    assert page.url_path == "/spring-sale/"
    assert page.slug == "spring-sale"
    assert page.title == "Spring sale"
    assert page.description == "40% off garden chairs."
    assert page.summary == "40% off garden chairs.", "the description stands in for a missing summary"
    assert page.body_html == "<p>Our biggest discount of the year.</p>\n"
    assert page.date == dt.datetime(2026, 5, 1, 10, 0, tzinfo=BERLIN)
    assert page.tags == ("Garden", "Sale")
    assert (page.image, page.image_alt) == ("chair.jpg", "A green chair")
    assert page.template == "page.html"
    assert page.draft is False
    assert page.key_lines == {"title": 2, "description": 3, "date": 4, "tags": 5, "image": 6, "image_alt": 7}
    assert len(page.digest) == 64


def test_title_falls_back_to_the_file_name() -> None:
    assert parse_ok("Body only.\n", "summer-fizz_2026.md").title == "Summer fizz 2026"


def test_summary_falls_back_to_the_first_paragraph() -> None:
    page = parse_ok("---\ntitle: A\n---\n# Heading\n\nThe *opening* line.\n")
    assert (page.description, page.summary) == ("", "The opening line.")


def test_explicit_summary_wins() -> None:
    page = parse_ok("---\ndescription: D\nsummary: S\n---\nBody.\n")
    assert (page.description, page.summary) == ("D", "S")


@pytest.mark.parametrize(
    ("rel_path", "url_path", "slug"),
    [
        ("spring-sale.md", "/spring-sale/", "spring-sale"),
        ("campaigns/cars/new-model.md", "/campaigns/cars/new-model/", "new-model"),
        ("a/b.md", "/a/b/", "b"),
        ("Big Campaigns/Summer Fizz.md", "/big-campaigns/summer-fizz/", "summer-fizz"),
        ("summer-fizz/index.md", "/summer-fizz/", "summer-fizz"),  # a page bundle
        ("campaigns/summer-fizz/index.md", "/campaigns/summer-fizz/", "summer-fizz"),
        ("2026-05-01-spring-sale.md", "/spring-sale/", "spring-sale"),  # Jekyll
        ("posts/2026-05-01-spring-sale.md", "/posts/spring-sale/", "spring-sale"),
        ("posts/2026-05-01_spring-sale.md", "/posts/spring-sale/", "spring-sale"),  # Zola
        ("Καλοκαίρι.md", "/καλοκαιρι/", "καλοκαιρι"),
    ],
)
def test_url_follows_folders_and_file_name(rel_path: str, url_path: str, slug: str) -> None:
    page = parse_ok("Body.\n", rel_path)
    assert (page.url_path, page.slug) == (url_path, slug)


def test_jekyll_file_name_gives_the_date_and_a_clean_title() -> None:
    page = parse_ok("Body.\n", "2026-05-01-spring-sale.md")
    assert page.date == dt.datetime(2026, 5, 1, tzinfo=BERLIN)
    assert page.title == "Spring sale"


def test_front_matter_date_beats_the_file_name_date() -> None:
    page = parse_ok("---\ndate: 2026-06-01\n---\n", "2026-05-01-spring-sale.md")
    assert page.date == dt.datetime(2026, 6, 1, tzinfo=BERLIN)


def test_slug_replaces_the_file_name_but_keeps_folders() -> None:
    page = parse_ok("---\nslug: Big Sale!\n---\n", "campaigns/spring-sale.md")
    assert (page.url_path, page.slug) == ("/campaigns/big-sale/", "big-sale")


@pytest.mark.parametrize("key", ["url", "path", "permalink"])
def test_url_and_its_zola_and_jekyll_names_set_the_whole_path(key: str) -> None:
    page = parse_ok(f"---\n{key}: offers/spring\n---\n", "campaigns/spring-sale.md")
    assert (page.url_path, page.slug) == ("/offers/spring/", "spring")
    assert page.line_of("url") == 2


def test_url_may_name_a_file() -> None:
    assert parse_ok("---\nurl: /offers/spring.html\n---\n").url_path == "/offers/spring.html"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param(
            "---\ntitle: A\nurl: ../../etc/\n---\n",
            "content/spring-sale.md:3: front matter: 'url': "
            "'../../etc/' contains '..'; a page cannot point outside the site",
            id="unsafe url is an error on its line",
        ),
        pytest.param(
            "---\nurl: /a/\npath: /b/\n---\n",
            "content/spring-sale.md:2: front matter: 'url': is given twice, as 'url' and as 'path'",
            id="url given twice under two names is an error",
        ),
        pytest.param(
            "---\nslug: '!!!'\n---\n",
            "content/spring-sale.md:2: front matter: 'slug': '!!!' has no letters or digits to make a URL from",
            id="slug without letters is an error",
        ),
        pytest.param(
            "---\naliases: ['https://other.example/x']\n---\n",
            "content/spring-sale.md:2: front matter: 'aliases': 'https://other.example/x' is a full URL; "
            "give a path on this site such as '/spring-sale/'",
            id="bad alias is an error",
        ),
        pytest.param(
            "---\ntitle: Spring sale\n\ndate: 2026-13-01\n---\n",
            "content/spring-sale.md:4: front matter: 'date': '2026-13-01' is not a date; accepted forms: "
            "2026-05-01, 2026-05-01T10:00, 2026-05-01 10:00:00+02:00 or 2026-05-01T08:00:00Z",
            id="bad date names file line key and value",
        ),
        pytest.param(
            "---\ntitle: A\n",
            "content/spring-sale.md:1: front matter is never closed: no line with just '---' after line 1 "
            "(add a line '---' after the last front matter key)",
            id="invalid front matter gives no page",
        ),
    ],
)
def test_a_front_matter_error_names_file_line_and_key(text: str, error: str) -> None:
    assert parse_errors(text) == [error]


def test_aliases_are_normalised_site_paths() -> None:
    page = parse_ok("---\naliases: [old-sale, /2025/sale]\n---\n")
    assert page.aliases == ("/old-sale/", "/2025/sale/")


@pytest.mark.parametrize(
    ("layout", "template"), [("layout: landing", "landing.html"), ("template: offer.html", "offer.html")]
)
def test_template_is_named_with_or_without_extension(layout: str, template: str) -> None:
    assert parse_ok(f"---\n{layout}\n---\n").template == template


# --- dates and flags ------------------------------------------------------------------------


def test_dates_under_every_generators_name() -> None:
    page = parse_ok(
        "---\n"
        "date: 2026-05-01T10:00:00+02:00\n"
        "updated: 2026-05-03\n"
        "publishDate: 2026-05-02\n"
        "expires: 2026-06-01 00:00:00 +0000\n"
        "---\n"
    )
    assert page.date == dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
    assert page.lastmod == dt.datetime(2026, 5, 3, tzinfo=BERLIN)
    assert page.publish_date == dt.datetime(2026, 5, 2, tzinfo=BERLIN)
    assert page.expiry_date == dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    assert page.modified == page.lastmod


def test_publish_date_stands_in_for_a_missing_date() -> None:
    assert parse_ok("---\npublish_date: 2026-05-02\n---\n").date == dt.datetime(2026, 5, 2, tzinfo=BERLIN)


def test_toml_dates_are_read_too() -> None:
    page = parse_ok('+++\ntitle = "A"\ndate = 2026-05-01T10:00:00\nupdated = 2026-05-03\n+++\n')
    assert page.date == dt.datetime(2026, 5, 1, 10, 0, tzinfo=BERLIN)
    assert page.lastmod == dt.datetime(2026, 5, 3, tzinfo=BERLIN)


def test_draft_and_noindex_flags() -> None:
    page = parse_ok("---\ndraft: true\nnoindex: 'True'\n---\n")
    assert (page.draft, page.noindex) == (True, True)


# --- authors and tags -----------------------------------------------------------------------


def test_author_as_a_string() -> None:
    assert parse_ok("---\nauthor: Jane Doe\n---\n").authors == (Author("Jane Doe"),)


def test_an_author_line_with_markdown_links_shows_their_words_not_the_markup() -> None:
    # Hugo sites write 'author: [Ann](https://…) (ACME)' for their theme to markdownify.
    one = parse_ok("---\nauthor: '[Jane Doe](https://jane.example/) (ACME)'\n---\n")
    assert one.authors == (Author("Jane Doe (ACME)", url="https://jane.example/"),)
    many = parse_ok("---\nauthor: >\n  [Ann](https://a.example/) (X),\n  [Bo](https://b.example/) (Y)\n---\n")
    assert many.authors == (Author("Ann (X), Bo (Y)"),)


def test_author_as_a_table_with_handle() -> None:
    page = parse_ok("---\nauthor:\n  name: Jane Doe\n  url: https://jane.example/\n  x: janedoe\n---\n")
    assert page.authors == (Author("Jane Doe", url="https://jane.example/", x_handle="@janedoe"),)


def test_authors_as_a_list_of_both_forms() -> None:
    page = parse_ok("---\nauthors:\n  - Jane Doe\n  - name: Max\n    twitter: '@max'\n---\n")
    assert page.authors == (Author("Jane Doe"), Author("Max", x_handle="@max"))


def test_toml_author_tables() -> None:
    page = parse_ok('+++\n[[authors]]\nname = "Jane"\n\n[[authors]]\nname = "Max"\n+++\n')
    assert page.authors == (Author("Jane"), Author("Max"))


@pytest.mark.parametrize(
    ("front", "tags"),
    [
        ("tags: [Garden, Sale, Garden]", ("Garden", "Sale")),
        ("tags: 'garden, sale ,  '", ("garden", "sale")),
        ("tags: garden", ("garden",)),
        ("keywords: [cars]", ("cars",)),
        ("tags: [2026, cars]", ("2026", "cars")),
        ("taxonomies:\n  tags: [cars, drinks]", ("cars", "drinks")),
        ("tags: [cars]\ntaxonomies:\n  tags: [cars, drinks]", ("cars", "drinks")),
        ("tags: ['!!!', ok]", ("ok",)),  # a tag with no letters could have no page
    ],
)
def test_tags_in_every_form(front: str, tags: tuple[str, ...]) -> None:
    assert parse_ok(f"---\n{front}\n---\n").tags == tags


# --- problems -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("title: [a, b]", "front matter: 'title': expected text, got a list"),
        ("title: true", "front matter: 'title': expected text, got true"),
        ("draft: maybe", "front matter: 'draft': expected true or false, got 'maybe'"),
        ("tags: {a: 1}", "front matter: 'tags': expected a list of text, got a table"),
        ("tags: [[a]]", "front matter: 'tags': expected a list of text, got a list"),
        ("author: 3", "front matter: 'author': expected a name or a table with 'name', got 3"),
        ("authors: [{url: x}]", "front matter: 'authors': expected a name or a table with 'name', got a table"),
        ("canonical: /other/", "front matter: 'canonical': expected an absolute http(s) URL, got '/other/'"),
        (
            "publishDate: soon",
            (
                "front matter: 'publishDate': 'soon' is not a date; accepted forms: "
                "2026-05-01, 2026-05-01T10:00, 2026-05-01 10:00:00+02:00 or 2026-05-01T08:00:00Z"
            ),
        ),
    ],
)
def test_wrong_types_name_the_file_line_and_key_as_written(line: str, message: str) -> None:
    assert parse_errors(
        f"---\ntitle: A\n{line}\n---\n" if not line.startswith("title") else f"---\n\n{line}\n---\n"
    ) == [f"content/spring-sale.md:3: {message}"]


def test_all_problems_of_a_page_are_reported_together() -> None:
    problems = parse_errors("---\ntitle: [a]\ndate: never\ndraft: 2\n---\n")
    assert [problem.split(": ")[0] for problem in problems] == [
        "content/spring-sale.md:2",
        "content/spring-sale.md:3",
        "content/spring-sale.md:4",
    ]


def test_typo_key_is_a_warning_with_a_suggestion_and_the_page_still_builds() -> None:
    page, problems = parse("---\ntittle: Spring sale\n---\n")
    assert page is not None
    assert [str(p) for p in problems] == [
        (
            "warning: content/spring-sale.md:2: front matter: 'tittle': is not a key smo-gen knows; "
            "kept for templates as page.params (did you mean 'title'?)"
        )
    ]
    assert page.params == {"tittle": "Spring sale"}


def test_unknown_keys_are_kept_in_params_silently() -> None:
    page, problems = parse("---\nhero_color: red\nextra:\n  badge: new\nparams:\n  ribbon: true\n---\n")
    assert problems == []
    assert page is not None
    assert page.params == {"hero_color": "red", "badge": "new", "ribbon": True}


def test_control_characters_are_stripped_from_text() -> None:
    page = parse_ok('---\ntitle: "Spring\\x00 sale\\x1b"\ntags: ["ca\\x08rs"]\nauthor: "Ja\\x07ne"\n---\n')
    assert page.title == "Spring sale"
    assert page.tags == ("cars",)
    assert page.authors == (Author("Jane"),)


def test_every_character_stripped_from_text_is_one_a_printable_string_never_holds() -> None:
    # Text that str.isprintable() accepts is kept as it is, without looking for them one by one.
    from smo_gen.content.page_parser import _CONTROL_CHARS

    stripped = [chr(code) for code in range(0x110000) if _CONTROL_CHARS.match(chr(code))]
    assert stripped and not any(character.isprintable() for character in stripped)
    page = parse_ok('---\ntitle: "Spring\\u2028 sale\\ufdd0 \\u00a0now\\t"\n---\n')
    assert page.title == "Spring\u2028 sale \u00a0now"


def test_canonical_url_is_kept() -> None:
    page = parse_ok("---\ncanonical: https://partner.example/original/\n---\n")
    assert page.canonical == "https://partner.example/original/"


# --- bytes to text ------------------------------------------------------------------------


def test_byte_order_mark_and_windows_line_ends_are_accepted() -> None:
    data = "\ufeff---\r\ntitle: Spring sale\r\n---\r\nBody.\r\n".encode()
    made, problem = make_source_text(PurePosixPath("spring-sale.md"), "content/spring-sale.md", data)
    assert problem is None and made is not None
    assert made.text == "---\ntitle: Spring sale\n---\nBody.\n"
    page, problems = parse_page(made, BERLIN, "en")
    assert problems == [] and page is not None
    assert page.title == "Spring sale"


def test_non_utf8_bytes_are_reported_with_line_and_byte() -> None:
    data = b"---\ntitle: Caf" + b"\xe9\n---\n"  # Latin-1 é
    made, problem = make_source_text(PurePosixPath("cafe.md"), "content/cafe.md", data)
    assert made is None
    assert str(problem) == "content/cafe.md:2: is not UTF-8 text (byte 0xe9 at offset 14) (save the file as UTF-8)"


def test_digest_follows_the_bytes() -> None:
    first = source("---\ntitle: A\n---\n")
    assert first.digest == source("---\ntitle: A\n---\n").digest
    assert first.digest != source("---\ntitle: B\n---\n").digest


def test_a_tag_without_letters_or_digits_is_dropped_with_a_warning() -> None:
    page, problems = parse("---\ntitle: T\ntags: [summer, 🍹]\n---\n")
    assert page is not None and page.tags == ("summer",)
    assert any("'🍹' has no letter or digit" in str(p) and p.severity == "warning" for p in problems)


def test_aliases_with_dots_are_folders_unless_they_end_in_html() -> None:
    page = parse_ok("---\naliases: [releases/1.38.0, 2019/09/26/Rust-1.38.0.html, 2026/03/20/notes.md]\n---\n")
    assert page.aliases == ("/releases/1.38.0/", "/2019/09/26/Rust-1.38.0.html", "/2026/03/20/notes.md/")


def test_a_path_with_dots_in_its_last_segment_is_a_folder() -> None:
    page = parse_ok('+++\npath = "2019/09/26/Rust-1.38.0"\n+++\n', "Rust-1.38.0.md")
    assert page.url_path == "/2019/09/26/Rust-1.38.0/"


@pytest.mark.parametrize(
    ("rel_path", "url_path"),
    [
        ("news/0.80.0-relnotes.md", "/news/0.80.0-relnotes/"),
        ("news/0.80.0-relnotes/index.md", "/news/0.80.0-relnotes/"),
        ("v1.2/Release Notes.md", "/v1.2/release-notes/"),
        ("notes.txt.md", "/notes.txt/"),  # a page is a folder, whatever its name looks like
    ],
)
def test_dots_in_file_and_folder_names_are_kept_as_hugo_keeps_them(rel_path: str, url_path: str) -> None:
    assert parse_ok("Body.\n", rel_path).url_path == url_path


def test_redirect_from_is_read_as_aliases() -> None:
    page = parse_ok("---\nredirect_from:\n  - /old/\n  - /older.html\n---\n")
    assert page.aliases == ("/old/", "/older.html")


def test_a_permalink_with_tokens_is_kept_as_the_pages_pattern() -> None:
    page = parse_ok(
        "---\npermalink: /:categories/:title/\ncategories: [Edge Case, News]\n---\n", "_posts/2026-05-01-spring-sale.md"
    )
    assert page.url_path == "/posts/spring-sale/", "until the pattern is applied, the default path"
    assert page.permalink is not None
    assert (page.permalink.pattern, page.permalink.categories) == ("/:categories/:title/", ("Edge Case", "News"))


def test_a_plain_url_leaves_nothing_for_patterns() -> None:
    assert parse_ok("---\nurl: /offers/spring/\n---\n").permalink is None


def test_a_file_starting_with_a_blank_line_keeps_its_front_matter() -> None:
    page = parse_ok("\n---\ntitle: Hugo 0.80.0\ndate: 2020-12-31\n---\nBody.\n", "news/0.80.0-relnotes/index.md")
    assert page.title == "Hugo 0.80.0"
    assert page.date == dt.datetime(2020, 12, 31, tzinfo=BERLIN)


def test_keys_are_read_whatever_their_case_as_hugo_reads_them() -> None:
    page = parse_ok("---\nTitle: Spotlight\nAuthor: Ann\nPublishDate: 2024-01-02\n---\nBody.\n")
    assert (page.title, [a.name for a in page.authors]) == ("Spotlight", ["Ann"])
    assert page.publish_date == dt.datetime(2024, 1, 2, tzinfo=BERLIN)
    assert page.line_of("author") == 3, "problems still point at the line as written"


def test_hugo_canonical_url_and_jekyll_excerpt_are_read() -> None:
    page = parse_ok("---\ncanonicalUrl: https://dev.example/blog/x/\nexcerpt: Short and sweet.\n---\nBody.\n")
    assert (page.canonical, page.summary) == ("https://dev.example/blog/x/", "Short and sweet.")


# --- robots and fediverse:creator ------------------------------------------------------------


def test_robots_directives_are_read_and_noindex_among_them_keeps_the_page_out() -> None:
    page = parse_ok("---\nrobots: 'max-image-preview:standard, NoArchive'\n---\n")
    assert (page.robots, page.noindex) == (("max-image-preview:standard", "noarchive"), False)
    assert parse_ok("---\nrobots: [noindex, nofollow]\n---\n").noindex


def test_a_wrong_robots_directive_is_an_error_on_its_line() -> None:
    assert parse_errors("---\ntitle: Sale\nrobots: 'noindx'\n---\n") == [
        "content/spring-sale.md:3: front matter: 'robots': 'noindx' is not a robots directive (did you mean 'noindex'?)"
    ]


def test_fediverse_accounts_of_the_page_and_its_authors() -> None:
    page = parse_ok(
        "---\nfediverse_creator: desk@news.example\nauthor: { name: Ann, fediverse: '@ann@mastodon.social' }\n---\n"
    )
    assert page.fediverse_creator == "@desk@news.example"
    assert page.authors == (Author("Ann", fediverse="@ann@mastodon.social"),)
    assert (
        parse_ok("---\nauthors: [{ name: Bo, mastodon: bo@social.example }]\n---\n").authors[0].fediverse
        == "@bo@social.example"
    )


def test_a_wrong_fediverse_account_is_an_error_naming_the_file_line_key_and_form() -> None:
    assert parse_errors("---\ntitle: Sale\nfediverse_creator: '@ann'\n---\n") == [
        (
            "content/spring-sale.md:3: front matter: 'fediverse_creator': '@ann' does not say which server the account "
            "is on; expected '@user@instance', such as '@ann@mastodon.social' "
            "(copy it from the account's author attribution settings)"
        )
    ]
    assert parse_errors("---\nauthor:\n  name: Ann\n  fediverse: https://mastodon.social/@ann\n---\n") == [
        (
            "content/spring-sale.md:2: front matter: 'author': an author's 'fediverse' account: "
            "'https://mastodon.social/@ann' is the account's web address; write the account itself: "
            "'@ann@mastodon.social' (copy it from the account's author attribution settings)"
        )
    ]


def test_a_pages_place_in_a_list_follows_its_date_after_a_change() -> None:
    # The sort key is made once a page; a page made from it with another date sorts anew.
    page = Page(
        source_path="content/a.md", url_path="/a/", slug="a", title="A", description="", summary="", body_html=""
    )
    dated = dataclasses.replace(page, date=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    later = dataclasses.replace(dated, date=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    assert page.sort_key == (float("inf"), "/a/")  # undated: after every dated page
    assert dated.sort_key == (-dt.datetime(2026, 5, 1, tzinfo=dt.UTC).timestamp(), "/a/")
    assert sorted([dated, later], key=lambda item: item.sort_key) == [later, dated]
    assert dated == dataclasses.replace(dated), "the key kept on a page is no field of it"
