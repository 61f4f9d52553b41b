"""The build's share warnings: where each finding is reported, and what the build measures."""

from __future__ import annotations

from pathlib import Path

from smo_gen.check.build_share import BuildImages, PageSource, printed, share_problem, share_tags_of
from smo_gen.check.social_rules import Finding, parse_share_tags
from smo_gen.render.social_meta import MetaTag, PageMeta
from tests.support.builders import make_config, make_site_model
from tests.support.sites import png_bytes

LARGER = "use an image of at least 1200x630"


def test_a_finding_goes_on_the_line_of_the_key_its_fix_changes() -> None:
    source = PageSource("content/sale.md", {"title": 2, "image": 5})
    problem = share_problem(
        Finding("warning", "image is 400x400", ("facebook",), LARGER, key="image"), source, "public/sale/index.html"
    )
    assert (problem.path, problem.line, problem.key, problem.severity) == (
        "content/sale.md",
        5,
        "front matter: 'image'",
        "warning",
    )
    assert problem.message == "weakens the share: Facebook: image is 400x400" and problem.hint == LARGER
    alt = share_problem(Finding("error", "no og:image:alt", fix="describe it", key="image_alt"), source, "x")
    assert (alt.line, alt.message) == (5, "breaks the share: no og:image:alt"), "no image_alt: beside the image"
    unset = share_problem(Finding("warning", "no og:description", key="description"), source, "x")
    assert (unset.path, unset.line, unset.key) == ("content/sale.md", None, None)


def test_a_list_page_s_finding_names_its_built_file() -> None:
    problem = share_problem(Finding("error", "no og:image", fix="set default_image"), None, "public/tags/index.html")
    assert (problem.path, problem.line) == ("public/tags/index.html", None)


def test_the_head_s_values_read_as_check_reads_the_printed_head() -> None:
    meta = PageMeta(
        title="Sale · Shop",
        social_title="Sale",
        description="Half price",
        url="https://shop.example/s/?a=1&b=2",
        canonical_url="https://shop.example/s/",
        robots="noindex",
        image=None,
        tags=(
            MetaTag("property", "og:url", "https://shop.example/s/?a=1&b=2"),
            MetaTag("property", "og:title", "Sale"),
        ),
        json_ld="{}",
    )
    html = (
        '<head><title>Sale · Shop</title><meta name="robots" content="noindex"><link rel="canonical" href="https://shop.example/s/">'
        '<meta property="og:url" content="https://shop.example/s/?a=1&amp;b=2">'
        '<meta property="og:title" content="Sale"></head>'
    )
    assert printed(meta, html.encode())
    assert share_tags_of(meta) == parse_share_tags(html)
    assert not printed(meta, b"<head><title>A theme of its own</title></head>")


def test_build_images_measure_this_site_s_files_and_leave_other_hosts_alone(tmp_path: Path) -> None:
    site = make_site_model(make_config(tmp_path), [])
    (tmp_path / "a.png").write_bytes(png_bytes(1200, 630))
    images = BuildImages(site, {"images/a.png": tmp_path / "a.png"})
    base = site.config.base_url.rstrip("/") + "/"
    facts = images.measure(base + "images/a.png")
    assert not isinstance(facts, str) and facts is not None and (facts.width, facts.height) == (1200, 630)
    assert images.measure(base + "images/missing.png") == "is not in the built site"
    assert images.measure("https://cdn.example/a.png") is None
