"""Cards as a build uses them: drawn once, reused warm, renamed on change, never left stale."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.support.sites import SITE_TOML, build, write_site
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


def test_title_with_glyphs_no_font_has_is_a_warning_naming_the_page(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/cjk.md": PAGE.format(title="夏のセール")})
    _, reporter = build(tmp_path)
    warnings = [str(p) for p in reporter.problems if p.severity == "warning"]
    assert any("content/cjk.md" in w and "U+590F" in w for w in warnings), warnings
