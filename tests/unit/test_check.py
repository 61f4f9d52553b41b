"""The share rules (check/social_rules.py) and the reading of built pages (check/command.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.check.command import (
    ImageMeasurer,
    check_built_site,
    local_file_for,
    make_page_report,
    render_report,
)
from smo_gen.check.social_rules import (
    BLUESKY_MAX_BYTES,
    PREVIEW_RULES,
    Finding,
    ShareTags,
    check_share,
    make_previews,
    parse_share_tags,
)
from smo_gen.site.image_facts import ImageFacts
from tests.support.sites import png_bytes

IMAGE = "https://shop.example/cards/sale.png"
GOOD_FACTS = ImageFacts(1200, 630, "image/png", 80_000)
GOOD_TAGS = {
    "og:title": "Spring sale",
    "og:description": "Everything half price until Sunday.",
    "og:url": "https://shop.example/spring-sale/",
    "og:image": IMAGE,
    "og:image:width": "1200",
    "og:image:height": "630",
    "og:image:type": "image/png",
    "og:image:alt": "A shop window with sale posters",
    "twitter:card": "summary_large_image",
    "twitter:image:alt": "A shop window with sale posters",
}


def with_tags(**values: str | None) -> ShareTags:
    merged = {**GOOD_TAGS, **values}
    return ShareTags({key: (value,) for key, value in merged.items() if value is not None})


def errors(findings: list[Finding]) -> list[str]:
    return [finding.message for finding in findings if finding.level == "error"]


def warnings(findings: list[Finding]) -> list[str]:
    return [str(finding) for finding in findings if finding.level == "warning"]


def test_a_complete_share_has_no_findings() -> None:
    assert check_share(with_tags(), {IMAGE: GOOD_FACTS}) == []


@pytest.mark.parametrize("key", ["og:title", "og:url", "og:image"])
def test_a_missing_required_tag_is_an_error(key: str) -> None:
    found = errors(check_share(with_tags(**{key: None}), {IMAGE: GOOD_FACTS}))
    assert any(message.startswith(f"no {key}:") for message in found), found


@pytest.mark.parametrize("key", ["og:url", "og:image"])
def test_a_relative_url_is_an_error(key: str) -> None:
    found = errors(check_share(with_tags(**{key: "/cards/sale.png"}), {}))
    assert f"{key} is not an absolute http(s) URL: '/cards/sale.png'; crawlers cannot resolve it" in found


@pytest.mark.parametrize("key", ["og:image:alt", "twitter:image:alt"])
def test_missing_alt_text_is_an_error(key: str) -> None:
    found = errors(check_share(with_tags(**{key: None}), {IMAGE: GOOD_FACTS}))
    assert any(message.startswith(f"no {key}:") for message in found), found


def test_a_declared_size_that_is_not_the_files_is_an_error() -> None:
    found = errors(
        check_share(with_tags(**{"og:image:width": "1200"}), {IMAGE: ImageFacts(600, 630, "image/png", 1000)})
    )
    assert "og:image:width says 1200 but the image is 600 pixels" in found


def test_an_undeclared_size_is_a_facebook_warning() -> None:
    found = check_share(with_tags(**{"og:image:width": None, "og:image:height": None}), {IMAGE: GOOD_FACTS})
    assert errors(found) == []
    assert any(text.startswith("warning: Facebook: no og:image:width") for text in warnings(found))


def test_an_image_over_5_mb_is_an_error() -> None:
    found = check_share(with_tags(), {IMAGE: ImageFacts(1200, 630, "image/png", 6 * 1024 * 1024)})
    assert "og:image is 6.0 MB; X and LinkedIn take at most 5 MB" in errors(found)


def test_an_image_over_bluesky_s_blob_limit_is_a_warning() -> None:
    found = check_share(with_tags(), {IMAGE: ImageFacts(1200, 630, "image/png", BLUESKY_MAX_BYTES + 1)})
    assert errors(found) == []
    assert any("Bluesky" in text for text in warnings(found))


def test_a_large_card_with_a_small_image_breaks_x_s_rule() -> None:
    found = check_share(
        with_tags(**{"og:image:width": "280", "og:image:height": "150"}),
        {IMAGE: ImageFacts(280, 150, "image/png", 5000)},
    )
    assert "twitter:card summary_large_image needs an image of at least 300x157; this one is 280x150" in errors(found)
    assert any(text.startswith("warning: Facebook: image is 280x150; under 600x315") for text in warnings(found))


def test_a_summary_card_accepts_a_small_square_image() -> None:
    facts = ImageFacts(200, 200, "image/png", 5000)
    found = check_share(
        with_tags(**{"twitter:card": "summary", "og:image:width": "200", "og:image:height": "200"}), {IMAGE: facts}
    )
    assert errors(found) == []


def test_an_svg_image_is_an_error() -> None:
    found = check_share(with_tags(**{"og:image:type": None}), {IMAGE: ImageFacts(1200, 630, "image/svg+xml", 3000)})
    assert "og:image is image/svg+xml; use JPEG, PNG, WebP or GIF" in errors(found)


def test_an_image_missing_from_the_build_is_an_error() -> None:
    found = check_share(with_tags(), {IMAGE: "is not in the built site"})
    assert f"og:image is not in the built site: {IMAGE}" in errors(found)


def test_an_image_on_another_host_is_not_judged() -> None:
    found = check_share(with_tags(), {})
    assert errors(found) == []
    assert any("another host" in text for text in warnings(found))


def test_titles_too_long_for_each_network_are_warnings_with_the_cut() -> None:
    title = "A very long campaign title that goes on and on about lemonade, cars and the summers ahead"
    assert len(title) == 89
    found = warnings(check_share(with_tags(**{"og:title": title}), {IMAGE: GOOD_FACTS}))
    assert any(text.startswith("warning: X: title is 89 characters; X shows about 70") for text in found), found
    assert any(text.startswith("warning: Facebook: title is 89 characters; Facebook shows about 88") for text in found)
    assert not any("LinkedIn: title" in text for text in found)


def test_a_missing_or_long_description_is_a_warning() -> None:
    assert any(
        "no og:description" in text
        for text in warnings(check_share(with_tags(**{"og:description": None}), {IMAGE: GOOD_FACTS}))
    )
    long = "w" * 250
    assert any(
        "og:description is 250 characters" in text
        for text in warnings(check_share(with_tags(**{"og:description": long}), {IMAGE: GOOD_FACTS}))
    )


def test_parse_share_tags_reads_the_head_like_a_crawler() -> None:
    html = """<!DOCTYPE html><html><head><title> Spring
      sale </title><meta property="og:title" content="Spring &amp; sale">
    <META NAME="twitter:card" CONTENT="summary_large_image"><link rel="canonical" href="https://shop.example/s/">
    </head><body><meta property="og:title" content="in the body, ignored"></body></html>"""
    parsed = parse_share_tags(html)
    assert parsed.title == "Spring sale"
    assert parsed.first("og:title") == "Spring & sale"
    assert parsed.meta["og:title"] == ("Spring & sale",)
    assert parsed.first("twitter:card") == "summary_large_image"
    assert parsed.canonical_url == "https://shop.example/s/"
    assert not parsed.redirects
    assert parse_share_tags('<head><meta http-equiv="refresh" content="0; url=/x/"></head>').redirects


def test_previews_follow_each_network_s_fallbacks() -> None:
    share = with_tags(**{"twitter:title": "Short for X", "og:title": "The full title for everyone else"})
    previews = {preview.network.name: preview for preview in make_previews(share, {IMAGE: GOOD_FACTS})}
    assert set(previews) == {network.name for network in PREVIEW_RULES}
    assert previews["x"].title == "Short for X"
    assert previews["facebook"].title == "The full title for everyone else"
    assert previews["x"].description is None and previews["mastodon"].description
    assert all(preview.domain == "shop.example" and preview.large_image for preview in previews.values())


def test_local_file_for_stays_inside_the_output_folder(tmp_path: Path) -> None:
    assert (
        local_file_for("https://shop.example/cards/a.png", "https://shop.example/", tmp_path)
        == tmp_path.resolve() / "cards/a.png"
    )
    assert local_file_for("https://other.example/a.png", "https://shop.example/", tmp_path) is None
    assert local_file_for("https://shop.example/%2e%2e/%2e%2e/etc/passwd", "https://shop.example/", tmp_path) is None


def test_a_page_report_measures_the_real_file(tmp_path: Path) -> None:
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "sale.png").write_bytes(png_bytes(600, 315))
    html = "<head>" + "".join(f'<meta property="{k}" content="{v}">' for k, v in GOOD_TAGS.items()) + "</head>"
    report = make_page_report("sale/index.html", html, ImageMeasurer(tmp_path, "https://shop.example/"))
    assert report.images[IMAGE] == ImageFacts(600, 315, "image/png", (tmp_path / "cards" / "sale.png").stat().st_size)
    assert [f.message for f in report.errors] == [
        "og:image:width says 1200 but the image is 600 pixels",
        "og:image:height says 630 but the image is 315 pixels",
    ]


def test_check_built_site_skips_redirects_and_the_404_page(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.html").write_text('<head><meta http-equiv="refresh" content="0; url=/new/"></head>')
    (tmp_path / "404.html").write_text("<head></head>")
    (tmp_path / "page.html").write_text("<head><title>No tags</title></head>")
    reports = check_built_site(tmp_path, "https://shop.example/")
    assert [report.file for report in reports] == ["page.html"]
    text = render_report(reports)
    assert text.splitlines()[0] == "BROKEN   page.html"
    assert "error: no og:image: the share has no picture" in text
    assert text.splitlines()[-1] == "1 page checked: 1 breaks a network's rules, 0 with warnings only, 0 fine."


def test_parse_share_tags_skips_comments_and_scripts_and_reads_any_attribute_order() -> None:
    html = """<head><!-- <meta property="og:title" content="commented out"> -->
    <script>var s = '<meta property="og:title" content="in a script">';</script>
    <meta content='Quoted &gt; single' property=og:title data-x="a > b">
    <meta property="og:title" content="second">
    <link href="https://shop.example/a/" rel="alternate canonical"><link rel="canonical" href="https://shop.example/b/">
    <title>A &amp; B</title></head>"""
    parsed = parse_share_tags(html)
    assert parsed.meta["og:title"] == ("Quoted > single", "second")
    assert parsed.canonical_url == "https://shop.example/a/"
    assert parsed.title == "A & B"
