"""Cards as a build uses them: drawn once, reused warm, renamed on change, never left stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from tests.support.cli import run_cli, run_on_site
from tests.support.fonts import no_system_fonts  # noqa: F401 (a fixture)
from tests.support.sites import SITE_TOML, build, build_problems, write_site
from tests.support.social_checks import read_head

PAGE = "---\ntitle: {title}\ndate: 2026-05-01\ndescription: A card test\n---\nBody.\n"


def card_url(public: Path, page: str) -> str:
    return read_head(public / page / "index.html").one("og:image") or ""


def test_every_page_gets_a_card_of_the_declared_size(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/offer.md": PAGE.format(title="Offer")})
    summary, _ = build(tmp_path)
    url = card_url(tmp_path / "public", "offer")
    assert "/cards/offer." in url
    card = tmp_path / "public" / url.removeprefix("https://shop.example/")
    with Image.open(card) as image:
        assert image.size == (1200, 630) and image.format == "PNG"
    assert summary.cards_drawn == 1


def test_warm_build_draws_no_card_and_writes_no_file(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/a.md": PAGE.format(title="A"), "content/b.md": PAGE.format(title="B")})
    build(tmp_path)
    summary, _ = build(tmp_path)
    assert (summary.cards_drawn, summary.cards_reused, summary.written) == (0, 2, 0)


def test_changed_title_gets_a_new_card_url_and_the_old_card_goes(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/a.md": PAGE.format(title="Old title")})
    build(tmp_path)
    old = card_url(tmp_path / "public", "a")
    write_site(tmp_path, {"content/a.md": PAGE.format(title="New title")}, site_toml=None)
    summary, _ = build(tmp_path)
    new = card_url(tmp_path / "public", "a")
    assert new != old and summary.cards_drawn == 1
    cards = sorted(p.name for p in (tmp_path / "public" / "cards").iterdir())
    assert cards == [new.rsplit("/", 1)[1]], "the stale card must be removed from public/"


def test_deleted_page_leaves_no_card_behind(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/a.md": PAGE.format(title="A"), "content/b.md": PAGE.format(title="B")})
    build(tmp_path)
    (tmp_path / "content" / "b.md").unlink()
    build(tmp_path)
    assert [p.name.split(".")[0] for p in (tmp_path / "public" / "cards").iterdir()] == ["a"]
    assert not (tmp_path / "public" / "b").exists()
    assert [p.name.split(".")[0] for p in (tmp_path / ".smo-cache" / "cards").iterdir()] == ["a"]


def test_cards_can_be_switched_off(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/a.md": PAGE.format(title="A")}, site_toml=SITE_TOML + "\n[cards]\nenabled = false\n")
    summary, _ = build(tmp_path)
    assert card_url(tmp_path / "public", "a") == "https://shop.example/images/default.png"
    assert summary.cards_drawn == 0 and not (tmp_path / "public" / "cards").exists()


def test_jpeg_cards_from_site_toml(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/a.md": PAGE.format(title="A")}, site_toml=SITE_TOML + '\n[cards]\nformat = "jpeg"\n')
    build(tmp_path)
    head = read_head(tmp_path / "public" / "a" / "index.html")
    assert (head.one("og:image") or "").endswith(".jpg") and head.one("og:image:type") == "image/jpeg"


@pytest.mark.usefixtures("no_system_fonts")
def test_title_with_glyphs_no_font_has_is_a_warning_naming_the_page(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/cjk.md": PAGE.format(title="夏のセール")})
    summary, reporter = build(tmp_path)
    warnings = [str(p) for p in reporter.problems if p.severity == "warning"]
    assert any("content/cjk.md" in w and "U+590F" in w and "fonts-noto-cjk" in w for w in warnings), warnings
    assert summary.cards_drawn >= 1, "a missing glyph is a warning: the card is still drawn"


def test_a_japanese_title_is_drawn_with_an_installed_font_without_warning(tmp_path: Path) -> None:
    from smo_gen.cards.system_fonts import find_system_fonts

    if not find_system_fonts("夏", bold=True):
        reason = "no installed CJK font: install fonts-noto-cjk (`make tools`)"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    write_site(tmp_path, {"content/cjk.md": PAGE.format(title="夏のセール")})
    _, reporter = build(tmp_path)
    assert [str(p) for p in reporter.problems if "card" in str(p)] == []


LIST_SITE = {
    "content/news/_index.md": "---\ntitle: News\ndescription: What is new\n---\nAll our news.\n",
    "content/news/opening.md": "---\ntitle: Opening\ndate: 2026-05-01\ntags: [shop]\n---\nOpen.\n",
    "content/offer.md": (
        "---\ntitle: Offer\ndate: 2026-05-02\ntags: [sale]\naudiences:\n  hot:\n    title: Cool offer\n---\nBody.\n"
    ),
}


def test_every_shareable_page_has_a_card_when_no_default_image_is_set(tmp_path: Path) -> None:
    without_default = SITE_TOML.replace('default_image = "images/default.png"\n', "")
    assert without_default != SITE_TOML
    site_toml = without_default + '\n[audiences.hot]\nlabel = "Hot climates"\n'
    write_site(tmp_path, LIST_SITE, site_toml=site_toml)
    build(tmp_path)
    public = tmp_path / "public"
    pages = sorted(path.relative_to(public).as_posix() for path in public.rglob("*.html"))
    for wanted in (
        "404.html",
        "index.html",
        "tags/index.html",
        "tags/sale/index.html",
        "news/index.html",
        "audiences/hot/index.html",
    ):
        assert wanted in pages, f"{wanted} was not built: {pages}"
    for page in pages:
        url = read_head(public / page).one("og:image") or ""
        assert url.startswith("https://shop.example/cards/"), f"{page} has no card: {url!r}"
        with Image.open(public / url.removeprefix("https://shop.example/")) as card:
            assert card.size == (1200, 630), page
    assert read_head(public / "404.html").one("og:image") == read_head(public / "index.html").one("og:image")


def test_a_fresh_site_passes_check(tmp_path: Path) -> None:
    site = tmp_path / "fresh"
    for args in (["new", "site", str(site)], ["build", "--site", str(site)], ["check", "--site", str(site)]):
        result = run_cli(*args)
        assert result.exit_code == 0, f"smo-gen {' '.join(args[:2])} failed:\n{result.output}"
    assert "0 break a network's rules" in result.output


def test_bad_images_fail_the_build_with_errors_naming_each_page_and_no_traceback(tmp_path: Path) -> None:
    photo = "---\ntitle: {title}\ndate: 2026-05-01\nimage: /images/{name}\n---\nBody.\n"
    write_site(
        tmp_path,
        {
            "content/cut.md": photo.format(title="Cut", name="cut.jpg"),
            "content/also-cut.md": photo.format(title="Also cut", name="also-cut.png"),
            "content/fine.md": photo.format(title="Fine", name="fine.png"),
        },
    )
    Image.effect_noise((900, 450), 60).convert("RGB").save(tmp_path / "static/images/cut.jpg")
    Image.effect_noise((900, 450), 60).convert("RGB").save(tmp_path / "static/images/also-cut.png")
    for name in ("cut.jpg", "also-cut.png"):  # headers intact, pixels cut off: found only when drawing
        data = (tmp_path / "static/images" / name).read_bytes()
        (tmp_path / "static/images" / name).write_bytes(data[: len(data) // 2])
    Image.new("RGB", (900, 450)).save(tmp_path / "static/images/fine.png")
    result = run_on_site("build", str(tmp_path))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "error: content/cut.md:4: image: cannot decode image" in result.output and "cut.jpg" in result.output
    assert "content/also-cut.md" in result.output and "also-cut.png" in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and not any("content/fine.md" in line for line in errors), errors


BRANDED = """
[brand]
logo = "logo.png"
accent = "#c2410c"
background = "#fff7ed"

[cards]
shapes = ["1:1", "16:9", "4:3"]

[share]
networks = ["x", "pinterest"]
"""


def test_brand_and_shapes_reach_the_cards_the_json_ld_the_pinterest_link_and_the_manifest(tmp_path: Path) -> None:
    import json
    import re

    logo = Image.new("RGB", (300, 100), (20, 120, 60))
    (tmp_path / "static").mkdir(parents=True)
    logo.save(tmp_path / "static" / "logo.png")
    write_site(tmp_path, {"content/offer.md": PAGE.format(title="Offer")}, site_toml=SITE_TOML + BRANDED)
    summary, _ = build(tmp_path)
    public = tmp_path / "public"
    head = read_head(public / "offer" / "index.html")
    with Image.open(public / (head.one("og:image") or "").removeprefix("https://shop.example/")) as card:
        assert card.convert("RGB").getpixel((600, 625)) == (0xC2, 0x41, 0x0C), "the brand's accent bar"
        assert card.convert("RGB").getpixel((300, 20)) == (0xFF, 0xF7, 0xED), "on the brand's background"
    article = next(json.loads(text) for text in head.json_ld if '"BlogPosting"' in text)
    sizes = [(image["width"], image["height"]) for image in article["image"]]
    assert sizes == [(1200, 630), (1200, 675), (1200, 900), (1200, 1200)]
    for image in article["image"]:
        with Image.open(public / image["url"].removeprefix("https://shop.example/")) as drawn:
            assert drawn.size == (image["width"], image["height"])
    html = (public / "offer" / "index.html").read_text(encoding="utf-8")
    pin = re.search(r'https://www\.pinterest\.com/pin/create/button/\?[^"]+', html)
    assert pin and "media=https%3A%2F%2Fshop.example%2Fcards%2Foffer-2x3." in pin.group(0)
    entry = next(
        page for page in json.loads((public / "manifest.json").read_text())["pages"] if page["slug"] == "offer"
    )
    assert set(entry["images"]) == {"1:1", "16:9", "4:3", "2:3"}
    assert (entry["images"]["2:3"]["width"], entry["images"]["2:3"]["height"]) == (1000, 1500)
    # The brand is part of every card's name: a new accent redraws them all.
    site_toml = (tmp_path / "site.toml").read_text().replace("#c2410c", "#0b5cad")
    (tmp_path / "site.toml").write_text(site_toml)
    again, _ = build(tmp_path)
    assert again.cards_drawn == summary.cards_drawn and again.cards_reused == 0


def test_a_brand_font_not_found_is_an_error_on_its_line(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {"content/offer.md": PAGE.format(title="Offer")},
        site_toml=SITE_TOML + '[brand]\nfont = "fonts/Nope.ttf"\n',
    )
    with pytest.raises(Exception) as raised:
        build(tmp_path)
    line = SITE_TOML.count("\n") + 2
    assert f"site.toml:{line}: brand.font: font not found: fonts/Nope.ttf" in str(raised.value)


def test_card_split_and_a_card_table_with_layout_split_draw_the_same_card(tmp_path: Path) -> None:
    body = "---\ntitle: Offer\ndate: 2026-05-01\ndescription: A card test\n{card}---\nBody.\n"
    write_site(
        tmp_path,
        {
            "content/plain.md": body.format(card=""),
            "content/named.md": body.format(card="card: split\n"),
            "content/table.md": body.format(card="card:\n  layout: split\n"),
        },
    )
    build(tmp_path)
    keys = {page: card_url(tmp_path / "public", page).rsplit(".", 2)[1] for page in ("plain", "named", "table")}
    assert keys["named"] == keys["table"] != keys["plain"], keys
    summary, _ = build(tmp_path)  # the pages come from the parse cache now
    assert summary.cards_drawn == 0 and card_url(tmp_path / "public", "named").rsplit(".", 2)[1] == keys["named"]


def test_a_wrong_card_setting_is_an_error_on_the_card_line(tmp_path: Path) -> None:
    page = "---\ntitle: Offer\ndate: 2026-05-01\ncard:\n  layout: split\n  title:\n    size: huge\n---\nBody.\n"
    write_site(tmp_path, {"content/offer.md": page})
    assert "content/offer.md:4: card.title.size: expected an integer, got 'huge'" in build_problems(tmp_path)
