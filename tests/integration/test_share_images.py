"""Share images written the other generators' ways: Hugo's `images` and bundle feature files,
Minimal Mistakes' (Jekyll) `header` images."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.sites import SITE_TOML, build, build_problems, png_bytes, write_site


def post(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2026-03-01\n{extra}---\nBody.\n"


def og_image(root: Path, path: str) -> str:
    html = (root / "public" / path / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<meta property="og:image" content="([^"]*)">', html)
    assert found is not None, html
    return found[1]


def photo(root: Path, path: str) -> str | None:
    """The page's own image: shown at its top, and the picture its share card is drawn from."""
    html = (root / "public" / path / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<figure class="hero-media">\s*<img src="([^"]*)"', html)
    if found is None:
        return None
    # The page shows the site's own files from where it is served: a site path, made absolute here.
    return "https://shop.example" + found[1] if found[1].startswith("/") else found[1]


FILES: dict[str, str | bytes] = {
    "static/images/hugo.png": png_bytes(1200, 630),
    "static/images/og.png": png_bytes(1200, 630),
    "static/images/overlay.png": png_bytes(1200, 630),
    "static/images/own.png": png_bytes(1200, 630),
    "content/hugo.md": post("Hugo", "images: [/images/hugo.png, /images/own.png]\n"),
    "content/both.md": post("Both", "image: /images/own.png\nimage_alt: Own\nimages: [/images/hugo.png]\n"),
    "content/jekyll.md": post("Jekyll", "header:\n  overlay_image: /images/overlay.png\n  og_image: /images/og.png\n"),
    "content/overlay.md": post("Overlay", "header:\n  overlay_image: /images/overlay.png\n  caption: Photo\n"),
    "content/launch/index.md": post("Launch"),
    "content/launch/a-cover.png": png_bytes(1200, 630),
    "content/launch/featured-photo.jpg": png_bytes(1200, 630, kind="JPEG"),
    "content/launch/diagram.png": png_bytes(1200, 630),
    "content/covered/index.md": post("Covered"),
    "content/covered/Thumbnail.PNG": png_bytes(1200, 630),
    "content/plain/index.md": post("Plain"),
    "content/plain/diagram.png": png_bytes(1200, 630),
}


def test_each_generators_image_key_names_the_share_image(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", FILES)
    _, reporter = build(root)
    assert photo(root, "hugo") == "https://shop.example/images/hugo.png"  # the first of `images`
    assert photo(root, "both") == "https://shop.example/images/own.png"  # `image` wins
    assert photo(root, "jekyll") == "https://shop.example/images/og.png"
    assert photo(root, "overlay") == "https://shop.example/images/overlay.png"
    # The card is drawn from the photo (a JPEG), not as a text card (a PNG).
    assert re.fullmatch(r"https://shop.example/cards/hugo\.[0-9a-f]+\.jpg", og_image(root, "hugo"))
    warnings = [str(problem) for problem in reporter.problems]
    assert not any("'images'" in text or "'header'" in text for text in warnings), warnings


def test_a_bundle_shares_its_feature_file_else_its_cover_or_thumbnail(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", FILES)
    build(root)
    assert photo(root, "launch") == "https://shop.example/launch/featured-photo.jpg"
    assert photo(root, "covered") == "https://shop.example/covered/Thumbnail.PNG"
    assert photo(root, "plain") is None  # no such file: a text card
    assert re.fullmatch(r"https://shop.example/cards/launch\.[0-9a-f]+\.jpg", og_image(root, "launch"))
    assert re.fullmatch(r"https://shop.example/cards/plain\.[0-9a-f]+\.png", og_image(root, "plain"))


def test_an_image_named_by_images_that_is_missing_is_an_error_naming_the_key(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/hugo.md": post("Hugo", "images:\n  - /images/none.png\n")})
    messages = build_problems(root)
    assert (
        "content/hugo.md:4: front matter: 'images': image '/images/none.png' not found "
        "beside the page, in static/ or in content/ (did you mean 'images/default.png'?)" in messages
    )


def test_cards_off_the_page_shares_the_bundles_feature_file_itself(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "content/launch/index.md": post("Launch"),
        "content/launch/feature.png": png_bytes(1200, 630),
    }
    root = write_site(tmp_path / "site", files, site_toml=SITE_TOML + "\n[cards]\nenabled = false\n")
    build(root)
    assert og_image(root, "launch") == "https://shop.example/launch/feature.png"
