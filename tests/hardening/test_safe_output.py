"""Strange but harmless input builds: a byte-order mark, empty files, huge and deeply nested
pages, unknown keys, odd slugs, symlink loops. Never a traceback, never a file outside public/."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.hardening.support import run_build, snapshot, write_files
from tests.support.social_checks import read_head


def build_ok(site_dir: Path, files: dict[str, str | bytes]) -> str:
    write_files(site_dir, files)
    around_before = snapshot(site_dir)
    result = run_build(site_dir)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert snapshot(site_dir) == around_before, "the build wrote outside public/ and .smo-cache/"
    assert sorted(p.name for p in site_dir.parent.iterdir()) == ["site"], "the build wrote beside the site"
    return result.output


def test_byte_order_mark_is_allowed(good_site: Path) -> None:
    build_ok(good_site, {"content/bom.md": b"\xef\xbb\xbf---\ntitle: Marked\ndate: 2026-04-01\n---\nBody.\n"})
    head = read_head(good_site / "public/bom/index.html")
    assert head.one("og:title") == "Marked"
    assert "\ufeff" not in (good_site / "public/bom/index.html").read_text(encoding="utf-8")


def test_windows_line_endings(good_site: Path) -> None:
    build_ok(good_site, {"content/crlf.md": b"---\r\ntitle: Windows\r\ndate: 2026-04-01\r\n---\r\nBody.\r\n"})
    assert read_head(good_site / "public/crlf/index.html").one("og:title") == "Windows"


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\xef\xbb\xbf"], ids=["zero-bytes", "blank-lines", "only-a-bom"])
def test_empty_file_builds_a_page_named_after_it(good_site: Path, data: bytes) -> None:
    build_ok(good_site, {"content/empty-offer.md": data})
    assert read_head(good_site / "public/empty-offer/index.html").one("og:title") == "Empty offer"


def test_empty_front_matter(good_site: Path) -> None:
    build_ok(good_site, {"content/bare.md": "---\n---\nJust a body.\n"})
    assert (good_site / "public/bare/index.html").is_file()


def test_ten_megabyte_page(good_site: Path) -> None:
    paragraph = "Lemonade " * 20 + "\n\n"
    body = paragraph * (10 * 1024 * 1024 // len(paragraph))
    started = time.perf_counter()
    build_ok(good_site, {"content/huge.md": "---\ntitle: Huge\ndate: 2026-04-01\n---\n" + body})
    assert time.perf_counter() - started < 60
    assert (good_site / "public/huge/index.html").stat().st_size > 10 * 1024 * 1024


NESTED = {
    "blockquotes": ">" * 10_000 + " deep\n",
    "list-markers": "- " * 10_000 + "deep\n",
    "ordered-list-markers": "1. " * 10_000 + "deep\n",
    "indented-lists": "".join("  " * level + "- item\n" for level in range(1_000)),
    "brackets": "[" * 10_000 + "x" + "]" * 10_000 + "\n",
    "emphasis": "*" * 10_000 + "x" + "*" * 10_000 + "\n",
    "html": "<div>" * 10_000 + "\n",
    "links-in-images": "![" * 5_000 + "x" + "](a.png)" * 5_000 + "\n",
}


@pytest.mark.parametrize("body", NESTED.values(), ids=NESTED.keys())
def test_deeply_nested_markdown_does_not_crash(good_site: Path, body: str) -> None:
    build_ok(good_site, {"content/deep.md": "---\ntitle: Deep\ndate: 2026-04-01\n---\n" + body})
    assert (good_site / "public/deep/index.html").is_file()


def test_yaml_alias_bomb_is_not_expanded(good_site: Path) -> None:
    """'Billion laughs': nine aliases per level, eight levels deep, 43 million strings if expanded."""
    levels = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    started = time.perf_counter()
    build_ok(good_site, {"content/laughs.md": "---\n" + "\n".join(levels) + "\n---\nBody.\n"})
    assert time.perf_counter() - started < 20


def test_unknown_keys_are_kept_and_typos_get_a_suggestion(good_site: Path) -> None:
    output = build_ok(good_site, {"content/extra.md": "---\ntitle: Extra\ndescripton: typo\nmood: sunny\n---\n"})
    assert (
        "warning: content/extra.md:3: front matter: 'descripton': is not a key smo-gen knows; "
        "kept for templates as page.params (did you mean 'description'?)"
    ) in output
    assert "'mood'" not in output  # not a typo of anything: kept quietly


SLUGS = {
    "../../evil": "evil",
    "..\\..\\windows": "windows",
    "/etc/passwd": "etc-passwd",
    "CON": "con-page",
    "nul": "nul-page",
    'a:b*c?"d<e>f|g': "a-b-c-d-e-f-g",
    "  --spaced--out--  ": "spaced-out",
}


@pytest.mark.parametrize(("slug", "folder"), SLUGS.items(), ids=list(SLUGS))
def test_slug_is_made_safe(good_site: Path, slug: str, folder: str) -> None:
    quoted = slug.replace("\\", "\\\\").replace('"', '\\"')
    build_ok(good_site, {"content/odd.md": f'---\ntitle: Odd\nslug: "{quoted}"\n---\n'})
    assert (good_site / "public" / folder / "index.html").is_file()


def test_absolute_url_stays_inside_the_output(good_site: Path) -> None:
    build_ok(good_site, {"content/odd.md": "---\ntitle: Odd\nurl: /etc/passwd\n---\n"})
    assert (good_site / "public/etc/passwd/index.html").is_file()


def test_symlink_loops_and_links_out_of_the_site(good_site: Path) -> None:
    content = good_site / "content"
    (content / "section").mkdir()
    os.symlink("..", content / "section/parent")  # a folder linking to its parent
    os.symlink(".", content / "itself")
    os.symlink("/etc/hostname", content / "outside.md")
    os.symlink("missing.md", content / "dangling.md")
    os.symlink("/etc", good_site / "static/etc")
    output = build_ok(good_site, {"content/section/inner.md": "---\ntitle: Inner\n---\n"})
    assert "warning: content/outside.md: is a link to a file outside the site, or to nothing; it was skipped" in output
    assert "warning: content/dangling.md: is a link to a file outside the site, or to nothing; it was skipped" in output
    public = good_site / "public"
    assert (public / "section/inner/index.html").is_file()
    assert not (public / "etc").exists() and not (public / "outside").exists()


def test_right_to_left_text_and_emoji(good_site: Path) -> None:
    page = '---\ntitle: "عرض الصيف 🍋 \u202eevil\u202c"\ndate: 2026-04-01\ntags: ["عرض", "🍋 lemon"]\nlanguage: ar\n---\nنص 👩‍👩‍👧\n'
    build_ok(good_site, {"content/rtl.md": page})
    head = read_head(good_site / "public/rtl/index.html")
    assert head.one("og:title") == "عرض الصيف 🍋 \u202eevil\u202c"
    assert (good_site / "public/tags/عرض/index.html").is_file()
    assert (good_site / "public/tags/lemon/index.html").is_file()


def test_tag_starting_with_a_combining_mark(good_site: Path) -> None:
    # slugify used to raise TypeError (unicodedata.name("")) on a mark with no letter before it.
    build_ok(good_site, {"content/accent.md": '---\ntitle: "\\u0301Accent"\ntags: ["\\u0301accent", "\\u0327"]\n---\n'})
    assert (good_site / "public/tags/accent/index.html").is_file()
    assert sorted(p.name for p in (good_site / "public/tags").iterdir()) == ["accent", "cars", "index.html"]


def test_unknown_template_is_warned_about_once(good_site: Path) -> None:
    output = build_ok(good_site, {"content/imported.md": "---\ntitle: Imported\ntemplate: post\n---\n"})
    warning = "warning: content/imported.md:3: front matter: 'template': template 'post.html' is not in the theme; page.html is used instead"
    assert output.count(warning) == 1, output
