"""parse_config: site.toml validated with every problem reported at once, located by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.config.site_config import (
    FEED_FORMATS,
    AuthorConfig,
    FeedConfig,
    SiteConfig,
    built_settings,
    parse_config,
)
from smo_gen.digest import stable_digest
from smo_gen.errors import ConfigError
from tests.support.sites import SYNDICATION_AND_FEEDBACK

BASE = 'title = "Acme"\nbase_url = "https://acme.example"\n'


def config_errors(text: str, tmp_path: Path) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        parse_config(text, tmp_path)
    return [str(problem) for problem in raised.value.problems]


def test_minimal_config_gets_documented_defaults(tmp_path: Path) -> None:
    config = parse_config(BASE, tmp_path)
    assert config.title == "Acme"
    assert config.base_url == "https://acme.example/", "a base URL always ends with '/'"
    assert config.language == "en"
    assert config.timezone == "UTC"
    assert config.theme == "default"
    assert config.feeds == FeedConfig(formats=FEED_FORMATS, limit=50, full_content=True, per_tag=True)
    assert config.podcasts == ()
    assert config.author == AuthorConfig()
    assert config.text == BASE


def test_folders_are_absolute_and_inside_the_site(tmp_path: Path) -> None:
    config = parse_config(BASE + 'output_dir = "dist"\n', tmp_path)
    site = tmp_path.resolve()
    assert config.site_dir == site
    assert config.output_dir == site / "dist"
    assert config.content_dir == site / "content"
    assert config.static_dir == site / "static"
    assert config.cache_dir == site / ".smo-cache"


def test_full_config_is_read(tmp_path: Path) -> None:
    text = (
        BASE
        + """\
language = "de-AT"
description = "Getränke"
timezone = "Europe/Vienna"

[author]
name = "Acme Team"
url = "https://acme.example/about/"
email = "team@acme.example"

[author.social]
x = "@acme"
mastodon = "@acme@mastodon.example"
empty = ""

[feeds]
formats = ["atom"]
limit = 5
full_content = false
per_tag = false

[social]
x_site = "acmedrinks"
facebook_app_id = "1234"
default_image = "images/share.png"
default_image_alt = "Our logo"

[cards]
anything = "is left for the cards stage"
"""
    )
    config = parse_config(text, tmp_path)
    assert config.language == "de-AT"
    assert config.tzinfo.key == "Europe/Vienna"
    assert config.author == AuthorConfig(
        name="Acme Team",
        url="https://acme.example/about/",
        email="team@acme.example",
        social={"x": "@acme", "mastodon": "@acme@mastodon.example"},
    )
    assert config.feeds == FeedConfig(formats=("atom",), limit=5, full_content=False, per_tag=False)
    assert config.social.x_site == "@acmedrinks", "an X handle gets its '@'"
    assert config.social.facebook_app_id == "1234"
    assert config.social.default_image == "images/share.png"
    assert config.sections["cards"] == {"anything": "is left for the cards stage"}
    assert config.sections["utm"] == {}, "sections owned by later stages are always present"


def test_title_and_base_url_are_required(tmp_path: Path) -> None:
    assert config_errors("", tmp_path) == [
        'site.toml: title: is required (add a line such as: title = "Acme Drinks")',
        'site.toml: base_url: is required (add a line such as: base_url = "https://example.com/")',
    ]


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("acme.example", "expected an absolute http(s) URL such as 'https://example.com/', got 'acme.example'"),
        (
            "ftp://acme.example/",
            "expected an absolute http(s) URL such as 'https://example.com/', got 'ftp://acme.example/'",
        ),
        ("/blog/", "expected an absolute http(s) URL such as 'https://example.com/', got '/blog/'"),
        (
            "https://acme.example/?ref=x",
            "a base URL cannot have a query or fragment, got 'https://acme.example/?ref=x'",
        ),
        ("https://acme.example/#top", "a base URL cannot have a query or fragment, got 'https://acme.example/#top'"),
    ],
)
def test_bad_base_url_is_reported_on_its_line(tmp_path: Path, base_url: str, message: str) -> None:
    text = f'title = "Acme"\nbase_url = "{base_url}"\n'
    assert config_errors(text, tmp_path) == [f"site.toml:2: base_url: {message}"]


def test_base_url_under_a_path_is_kept(tmp_path: Path) -> None:
    config = parse_config('title = "Acme"\nbase_url = "https://acme.example/blog"\n', tmp_path)
    assert config.base_url == "https://acme.example/blog/"


@pytest.mark.parametrize("zone", ["Europe/Berlinn", "Mars/Olympus", "", "../etc/passwd"])
def test_unknown_timezone_is_reported(tmp_path: Path, zone: str) -> None:
    assert config_errors(BASE + f'timezone = "{zone}"\n', tmp_path) == [
        f"site.toml:3: timezone: '{zone}' is not an IANA time zone (for example 'Europe/Berlin' or 'UTC')"
    ]


@pytest.mark.parametrize(
    ("feeds", "message"),
    [
        (
            'formats = ["rss", "rdf"]',
            "site.toml:4: feeds.formats: unknown feed format 'rdf'; expected some of rss, atom, json",
        ),
        ("formats = 3", "site.toml:4: feeds.formats: expected a list of strings, got 3"),
        ('limit = "ten"', "site.toml:4: feeds.limit: expected an integer, got 'ten'"),
        ("limit = 0", "site.toml:4: feeds.limit: expected an integer of at least 1, got 0"),
        ('full_content = "yes"', "site.toml:4: feeds.full_content: expected true or false, got 'yes'"),
    ],
)
def test_feed_settings_are_validated(tmp_path: Path, feeds: str, message: str) -> None:
    assert config_errors(BASE + f"[feeds]\n{feeds}\n", tmp_path) == [message]


def test_a_single_feed_format_may_be_a_string(tmp_path: Path) -> None:
    assert parse_config(BASE + '[feeds]\nformats = "json"\n', tmp_path).feeds.formats == ("json",)


def test_no_feeds_at_all_is_allowed(tmp_path: Path) -> None:
    assert parse_config(BASE + "[feeds]\nformats = []\n", tmp_path).feeds.formats == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE + 'descripton = "x"\n', "site.toml:3: descripton: unknown key (did you mean 'description'?)"),
        (BASE + "[feeds]\nlimt = 3\n", "site.toml:4: feeds.limt: unknown key (did you mean 'limit'?)"),
        (BASE + '[author]\nnme = "x"\n', "site.toml:4: author.nme: unknown key (did you mean 'name'?)"),
        (BASE + '[social]\nx_sit = "@a"\n', "site.toml:4: social.x_sit: unknown key (did you mean 'x_site'?)"),
        (BASE + "[zzz]\na = 1\n", "site.toml:3: zzz: unknown key"),
    ],
)
def test_unknown_keys_are_errors_with_a_suggestion(tmp_path: Path, text: str, message: str) -> None:
    assert config_errors(text, tmp_path) == [message]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = """\
base_url = "acme.example"
timezone = "Nowhere/City"
titel = "Acme"

[feeds]
limit = "ten"
formats = ["rss", "xml"]
"""
    assert config_errors(text, tmp_path) == [
        'site.toml: title: is required (add a line such as: title = "Acme Drinks")',
        "site.toml:1: base_url: expected an absolute http(s) URL such as 'https://example.com/', got 'acme.example'",
        "site.toml:2: timezone: 'Nowhere/City' is not an IANA time zone (for example 'Europe/Berlin' or 'UTC')",
        "site.toml:7: feeds.formats: unknown feed format 'xml'; expected some of rss, atom, json",
        "site.toml:6: feeds.limit: expected an integer, got 'ten'",
        "site.toml:3: titel: unknown key (did you mean 'title'?)",
    ]


def test_wrong_type_for_a_section_is_reported(tmp_path: Path) -> None:
    assert config_errors(BASE + 'feeds = "rss"\n', tmp_path) == ["site.toml:3: feeds: expected a table, got 'rss'"]


@pytest.mark.parametrize("folder", [".", "content", "static"])
def test_output_folder_must_not_be_a_source_folder(tmp_path: Path, folder: str) -> None:
    assert config_errors(BASE + f'output_dir = "{folder}"\n', tmp_path) == [
        "site.toml:3: output_dir: must be a folder of its own, not the site, content or static folder"
    ]


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = 'title = "Acme"\nbase_url = "https://acme.example/"\nlimit = = 3\n'
    problems = config_errors(text, tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith("site.toml:3: not valid TOML: Invalid value"), problems[0]
    assert "(at line" not in problems[0], "the position is moved to the front, not repeated"


def test_the_path_shown_can_be_chosen(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config("", tmp_path, path="staging.toml")
    assert str(raised.value.problems[0]).startswith("staging.toml: title:")


@pytest.mark.parametrize(
    ("language", "locale"),
    [("en", "en_US"), ("de", "de_DE"), ("en-GB", "en_GB"), ("pt_br", "pt_BR"), ("EN", "en_US"), ("xx", None)],
)
def test_og_locale_is_derived_from_the_language(tmp_path: Path, language: str, locale: str | None) -> None:
    assert parse_config(BASE + f'language = "{language}"\n', tmp_path).og_locale == locale


def test_og_locale_can_be_set_explicitly(tmp_path: Path) -> None:
    config = parse_config(BASE + 'language = "en"\n[social]\nlocale = "en_IE"\n', tmp_path)
    assert config.og_locale == "en_IE"


def test_with_base_url_serves_the_same_site_elsewhere(tmp_path: Path) -> None:
    config = parse_config(BASE, tmp_path)
    preview = config.with_base_url("http://127.0.0.1:8000")
    assert preview.base_url == "http://127.0.0.1:8000/"
    assert preview.title == config.title
    assert config.base_url == "https://acme.example/", "the original is left unchanged"


def test_with_base_url_rejects_a_bad_address(tmp_path: Path) -> None:
    config = parse_config(BASE, tmp_path)
    with pytest.raises(ConfigError) as raised:
        config.with_base_url("localhost:8000")
    assert str(raised.value) == (
        "--base-url: expected an absolute http(s) URL such as 'https://example.com/', got 'localhost:8000'"
    )


def test_config_is_frozen(tmp_path: Path) -> None:
    config: SiteConfig = parse_config(BASE, tmp_path)
    with pytest.raises(AttributeError):
        config.title = "Other"  # type: ignore[misc]


def test_author_x_handle_gets_its_at_sign(tmp_path: Path) -> None:
    config = parse_config(BASE + '[author.social]\nx = "acme"\nmastodon = "@acme@mastodon.example"\n', tmp_path)
    assert config.author.social == {"x": "@acme", "mastodon": "@acme@mastodon.example"}


RICH = (
    BASE
    + """
description = "Drinks"
[feeds]
limit = 5
[cards]
background = "#102030"
[utm]
medium = "social"
[share]
networks = ["x", "email"]
[audiences.hot]
label = "Hot climates"
[websub]
hubs = ["https://hub.example/"]
"""
    + SYNDICATION_AND_FEEDBACK
)


def settings_of(text: str, tmp_path: Path) -> str:
    return stable_digest(built_settings(parse_config(text, tmp_path)))


def test_comments_layout_and_the_tables_only_syndication_and_feedback_read_are_not_built_settings(
    tmp_path: Path,
) -> None:
    same = [
        RICH.replace("[feeds]", "# How many posts each feed carries.\n\n[feeds]"),
        RICH.replace("limit = 5", "limit   =   5   # the newest five"),
        RICH.replace("mastodon.example", "social.example"),
        RICH.replace("keep_days = 30", "keep_days = 90"),
        RICH.replace("[targets.mastodon]", "[targets.fediverse]"),
        RICH.replace('title = "Acme"', 'title = "Acme"\nhard_link_static = true'),  # how copies are made, not what
        RICH.replace('title = "Acme"', 'title = "Acme"\nstrict = true'),  # whether warnings fail, not what is built
    ]
    for text in same:
        assert settings_of(text, tmp_path) == settings_of(RICH, tmp_path), text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('title = "Acme"', 'title = "Acme Drinks"'),
        ("acme.example", "acme.example/shop"),
        ('description = "Drinks"', 'description = "Cold drinks"'),
        ("limit = 5", "limit = 6"),
        ("#102030", "#102031"),
        ('medium = "social"', 'medium = "organic"'),
        ('"x", "email"', '"x"'),
        ('label = "Hot climates"', 'label = "Warm climates"'),
        ("hub.example", "other-hub.example"),
        ("[feeds]", 'timezone = "Europe/Berlin"\nlanguage = "de"\n[feeds]'),
    ],
)
def test_every_other_setting_is_a_built_setting(tmp_path: Path, old: str, new: str) -> None:
    assert old in RICH
    assert settings_of(RICH.replace(old, new), tmp_path) != settings_of(RICH, tmp_path)


def test_sections_have_feeds_unless_turned_off(tmp_path: Path) -> None:
    assert parse_config(BASE, tmp_path).feeds.per_section is True
    assert parse_config(BASE + "[feeds]\nper_section = false\n", tmp_path).feeds.per_section is False


def test_hard_links_for_copied_files_are_off_unless_asked_for(tmp_path: Path) -> None:
    assert parse_config(BASE, tmp_path).hard_link_static is False
    assert parse_config(BASE + "hard_link_static = true\n", tmp_path).hard_link_static is True
    assert config_errors(BASE + 'hard_link_static = "yes"\n', tmp_path) == [
        "site.toml:3: hard_link_static: expected true or false, got 'yes'"
    ]


def test_the_strict_mode_is_off_unless_asked_for(tmp_path: Path) -> None:
    assert parse_config(BASE, tmp_path).strict is False
    assert parse_config(BASE + "strict = true\n", tmp_path).strict is True
    assert config_errors(BASE + "strikt = true\n", tmp_path) == [
        "site.toml:3: strikt: unknown key (did you mean 'strict'?)"
    ]


def test_lists_are_one_page_unless_paginate_by_says_how_many_entries_a_page(tmp_path: Path) -> None:
    assert parse_config(BASE, tmp_path).paginate_by == 0
    assert parse_config(BASE + "paginate_by = 10\n", tmp_path).paginate_by == 10
    assert config_errors(BASE + "paginate_by = -1\n", tmp_path) == [
        "site.toml:3: paginate_by: expected an integer of at least 0, got -1"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            BASE + 'baseURL = "https://a.example/"\n',
            "site.toml:3: baseURL: unknown key (this is Hugo's name; smo-gen calls it base_url)",
        ),
        (
            BASE + 'languageCode = "en-us"\n',
            "site.toml:3: languageCode: unknown key (this is Hugo's name; smo-gen calls it language)",
        ),
        (
            BASE + 'url = "https://a.example"\n',
            "site.toml:3: url: unknown key (this is Jekyll's name; smo-gen calls it base_url)",
        ),
        (
            BASE + "generate_feeds = true\n",
            (
                "site.toml:3: generate_feeds: unknown key (this is Zola's name; "
                'smo-gen calls it [feeds] formats = ["atom"] (feeds are on by default))'
            ),
        ),
        (
            BASE + "paginate = 5\n",
            "site.toml:3: paginate: unknown key (this is Hugo's and Jekyll's name; smo-gen calls it paginate_by)",
        ),
        (
            BASE + '[social]\ntwitter = "acme"\n',
            "site.toml:4: social.twitter: unknown key (this is Hugo's name; smo-gen calls it social.x_site)",
        ),
        (
            BASE + '[twitter]\nusername = "acme"\n',
            "site.toml:3: twitter: unknown key (this is Jekyll's name; smo-gen calls it social.x_site)",
        ),
        (
            BASE + 'permalink = "/:year/:title/"\n',
            (
                "site.toml:3: permalink: unknown key (this is Jekyll's name; "
                "smo-gen calls it [permalinks] with a pattern per content folder: "
                '_posts = "/:categories/:title/")'
            ),
        ),
    ],
)
def test_other_generators_names_say_what_smo_gen_calls_them(tmp_path: Path, text: str, message: str) -> None:
    assert config_errors(text, tmp_path) == [message]


def test_feed_files_may_be_named_as_hugo_names_them(tmp_path: Path) -> None:
    config = parse_config(BASE + '[feeds]\nrss_file = "index.xml"\n', tmp_path)
    assert dict(config.feeds.files) == {"rss": "index.xml", "atom": "atom.xml", "json": "feed.json"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('rss_file = "feeds/rss.xml"', "expected a file name such as 'feed.xml' or 'index.xml', got 'feeds/rss.xml'"),
        ('rss_file = "rss"', "expected a file name such as 'feed.xml' or 'index.xml', got 'rss'"),
        ('atom_file = "sitemap.xml"', "'sitemap.xml' is a file smo-gen writes for something else; choose another name"),
        ('atom_file = "feed.xml"', "'feed.xml' is already the name of another feed"),
    ],
)
def test_bad_feed_file_names_are_refused(tmp_path: Path, line: str, message: str) -> None:
    errors = config_errors(BASE + f"[feeds]\n{line}\n", tmp_path)
    assert len(errors) == 1 and message in errors[0], errors


def test_brand_is_read_with_paths_found_beside_site_toml_or_under_static(tmp_path: Path) -> None:
    (tmp_path / "static" / "images").mkdir(parents=True)
    (tmp_path / "static" / "images" / "logo.png").write_bytes(b"png")
    text = (
        BASE + '[brand]\nlogo = "images/logo.png"\naccent = "#0B5CAD"\nbackground = "#fff"\nfont = "fonts/Brand.ttf"\n'
    )
    brand = parse_config(text, tmp_path).brand
    assert brand.logo == (tmp_path / "static" / "images" / "logo.png").resolve()
    assert brand.logo_url == "/images/logo.png"
    assert (brand.accent, brand.background) == ("#0b5cad", "#ffffff")
    assert brand.font is None and brand.font_name == "fonts/Brand.ttf" and brand.font_line == 7, "left to the theme"


def test_bad_brand_values_are_reported_on_their_lines(tmp_path: Path) -> None:
    text = BASE + '[brand]\naccent = "blue"\nbackground = "#12345"\nlogo = "nowhere.png"\nsize = 3\n'
    assert config_errors(text, tmp_path) == [
        "site.toml:4: brand.accent: expected a colour like '#0b5cad', got 'blue' (six hexadecimal digits after '#')",
        (
            "site.toml:5: brand.background: expected a colour like '#0b5cad', "
            "got '#12345' (six hexadecimal digits after '#')"
        ),
        (
            "site.toml:6: brand.logo: file not found: nowhere.png (put the image "
            f"under {(tmp_path / 'static').resolve()} and name it from there)"
        ),
        "site.toml:7: brand.size: unknown key",
    ]


def test_social_robots_and_fediverse_creator_are_read(tmp_path: Path) -> None:
    config = parse_config(
        BASE + '[social]\nrobots = "max-image-preview:large, noarchive"\nfediverse_creator = "acme@mastodon.social"\n',
        tmp_path,
    )
    assert config.social.robots == ("max-image-preview:large", "noarchive")
    assert config.social.fediverse_creator == "@acme@mastodon.social"
    defaults = parse_config(BASE, tmp_path).social
    assert (defaults.robots, defaults.fediverse_creator) == (("max-image-preview:large",), None)
    assert parse_config(BASE + '[social]\nrobots = ""\n', tmp_path).social.robots == ()


def test_social_robots_and_fediverse_creator_are_checked_on_their_lines(tmp_path: Path) -> None:
    text = BASE + '[social]\nrobots = "max-image-preview:huge"\nfediverse_creator = "https://mastodon.social/@acme"\n'
    assert config_errors(text, tmp_path) == [
        (
            "site.toml:4: social.robots: 'max-image-preview:huge': max-image-preview takes none, standard or large, "
            "such as 'max-image-preview:large'"
        ),
        (
            "site.toml:5: social.fediverse_creator: 'https://mastodon.social/@acme' is the account's web address; "
            "write the account itself: '@acme@mastodon.social' "
            "(copy it from your profile's author attribution settings)"
        ),
    ]
