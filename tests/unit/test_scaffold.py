"""`new site` and `new campaign` write starters that build as they are, whatever the title."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

import pytest

from smo_gen.config.scaffold import create_campaign, create_site
from smo_gen.config.site_config import SiteConfig, parse_config
from smo_gen.content.page import Page
from smo_gen.content.page_parser import make_source_text, parse_page
from smo_gen.errors import SmoError

NOW = dt.datetime(2026, 5, 10, 22, 30, 15, 123456, tzinfo=dt.UTC)
AWKWARD_TITLES = ["Acme: Drinks & Cars", "#1 Shop", 'Say "hi"', "Café 🎉 Καλοκαίρι", "- dash", "yes"]


def read_site(site_dir: Path) -> SiteConfig:
    return parse_config((site_dir / "site.toml").read_text(encoding="utf-8"), site_dir)


def read_page(config: SiteConfig, path: Path) -> Page:
    rel = PurePosixPath(path.relative_to(config.content_dir).as_posix())
    source, problem = make_source_text(rel, f"content/{rel}", path.read_bytes())
    assert problem is None and source is not None
    page, problems = parse_page(source, config.tzinfo, config.language)
    assert problems == [], [str(p) for p in problems]
    assert page is not None
    return page


def test_new_site_is_valid_and_has_a_welcome_page(tmp_path: Path) -> None:
    site_dir = create_site(tmp_path / "acme-drinks", title=None, base_url="https://acme.example/", now=NOW)
    config = read_site(site_dir)
    assert config.title == "Acme Drinks", "the title comes from the folder name"
    assert config.base_url == "https://acme.example/"
    assert (site_dir / "static").is_dir()
    assert (site_dir / ".gitignore").read_text() == "public/\n.smo-cache/\n"
    page = read_page(config, site_dir / "content" / "welcome.md")
    assert page.title == "Welcome to Acme Drinks"
    assert page.tags == ("news",)
    assert page.date == dt.datetime(2026, 5, 10, tzinfo=config.tzinfo)


@pytest.mark.parametrize("title", AWKWARD_TITLES)
def test_new_site_survives_awkward_titles(tmp_path: Path, title: str) -> None:
    site_dir = create_site(tmp_path / "site", title=title, base_url="https://acme.example/", now=NOW)
    config = read_site(site_dir)
    assert config.title == title
    assert config.author.name == title
    assert read_page(config, site_dir / "content" / "welcome.md").title == f"Welcome to {title}"


def test_new_site_refuses_to_overwrite(tmp_path: Path) -> None:
    create_site(tmp_path, title="Acme", base_url="https://acme.example/", now=NOW)
    with pytest.raises(SmoError) as raised:
        create_site(tmp_path, title="Other", base_url="https://acme.example/", now=NOW)
    assert str(raised.value) == f"{tmp_path / 'site.toml'} already exists; choose an empty folder"
    assert read_site(tmp_path).title == "Acme"


def test_new_site_rejects_a_bad_base_url_before_writing(tmp_path: Path) -> None:
    with pytest.raises(SmoError) as raised:
        create_site(tmp_path / "site", title="Acme", base_url="acme.example", now=NOW)
    assert str(raised.value) == (
        "--base-url: expected an absolute http(s) URL such as 'https://example.com/', got 'acme.example'"
    )
    assert not (tmp_path / "site").exists()


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    create_site(tmp_path, title="Acme", base_url="https://acme.example/", now=NOW)
    return read_site(tmp_path)


def test_new_campaign_is_a_draft_dated_now_in_the_site_timezone(tmp_path: Path) -> None:
    create_site(tmp_path, title="Acme", base_url="https://acme.example/", now=NOW)
    (tmp_path / "site.toml").write_text((tmp_path / "site.toml").read_text().replace('"UTC"', '"Europe/Berlin"'))
    config = read_site(tmp_path)
    path = create_campaign(config, "Spring Sale", section="campaigns", now=NOW)
    assert path == config.content_dir / "campaigns" / "spring-sale.md"
    page = read_page(config, path)
    assert page.title == "Spring Sale"
    assert page.draft is True
    assert page.url_path == "/campaigns/spring-sale/"
    assert "date: 2026-05-11T00:30:15+02:00\n" in path.read_text(), "now, in Berlin, without microseconds"


@pytest.mark.parametrize("title", AWKWARD_TITLES)
def test_new_campaign_survives_awkward_titles(config: SiteConfig, title: str) -> None:
    page = read_page(config, create_campaign(config, title, section="", now=NOW))
    assert page.title == title


def test_new_campaign_refuses_to_overwrite(config: SiteConfig) -> None:
    path = create_campaign(config, "Spring Sale", section="", now=NOW)
    with pytest.raises(SmoError) as raised:
        create_campaign(config, "Spring sale!", section="", now=NOW)
    assert str(raised.value) == f"{path} already exists (choose another title or edit that file)"


def test_new_campaign_needs_letters_in_its_title(config: SiteConfig) -> None:
    with pytest.raises(SmoError) as raised:
        create_campaign(config, "!!!", section="", now=NOW)
    assert str(raised.value) == "the title '!!!' has no letters or digits to make a file name from"


def test_new_site_shows_the_product_sharing_audiences_targets_and_a_default_image(tmp_path: Path) -> None:
    from PIL import Image

    site_dir = create_site(tmp_path / "acme", title="Acme", base_url="https://acme.example/", now=NOW)
    config = read_site(site_dir)
    text = (site_dir / "site.toml").read_text(encoding="utf-8")
    assert set(config.sections["audiences"]) == {"newcomers", "regulars"}
    assert config.sections["share"]["networks"][:3] == ["x", "facebook", "linkedin"]
    assert '# [targets.mastodon]\n# network = "mastodon"' in text, "an example target, commented out"
    assert config.social.default_image == "images/share.png" and config.social.default_image_alt
    with Image.open(site_dir / "static" / "images" / "share.png") as image:
        assert image.size == (1200, 630)
    welcome = read_page(config, site_dir / "content" / "welcome.md")
    assert welcome.syndicated is False, "the starter page is never posted"


def test_new_campaign_shows_message_cta_audiences_and_utm(config: SiteConfig) -> None:
    path = create_campaign(config, "Spring Sale", section="", now=NOW)
    page = read_page(config, path)
    assert page.message == "Spring Sale" and page.campaign_id == "spring-sale"
    assert page.cta is not None and page.cta.url == "/"
    assert set(page.audience_overrides) == {"newcomers", "regulars"}
    assert "# utm: { medium: paid-social }" in path.read_text(encoding="utf-8")


def test_new_campaign_without_audiences_shows_them_commented_with_where_to_define_them(tmp_path: Path) -> None:
    create_site(tmp_path, title="Acme", base_url="https://acme.example/", now=NOW)
    toml = (tmp_path / "site.toml").read_text(encoding="utf-8")
    start = toml.index("[audiences.newcomers]")
    (tmp_path / "site.toml").write_text(toml[:start] + toml[toml.index("# The UTM tags") :], encoding="utf-8")
    path = create_campaign(read_site(tmp_path), "Spring Sale", section="", now=NOW)
    text = path.read_text(encoding="utf-8")
    assert "# audiences:" in text and "[audiences.newcomers]" in text
    assert read_page(read_site(tmp_path), path).audience_overrides == {}
