"""`smo-gen build` on bad input: a message naming the file and line, exit 1, no traceback,
nothing written outside the output folder, and the last good output left exactly as it was.

Every case starts from a good site that was built, breaks it, and builds again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.hardening.support import png_header, snapshot, write_files
from tests.support.cli import run_build
from tests.support.sites import png_bytes, tree_digest


def break_site(site_dir: Path, files: Mapping[str, str | bytes], *options: str) -> str:
    """Write `files` into the built site, build, and check the failure left everything alone."""
    write_files(site_dir, files)
    public_before = tree_digest(site_dir / "public")
    around_before = snapshot(site_dir)
    result = run_build(site_dir, *options)
    assert result.exit_code == 1, f"the build should fail:\n{result.output}"
    assert "Traceback" not in result.output, result.output
    assert tree_digest(site_dir / "public") == public_before, "a failed build changed public/"
    assert snapshot(site_dir) == around_before, "a failed build wrote outside public/ and .smo-cache/"
    return result.output


def page(front: str, body: str = "Body.\n", fence: str = "---") -> str:
    return f"{fence}\n{front}{fence}\n{body}"


# (front matter, what the message must say); the file is content/bad.md.
CASES: dict[str, tuple[str, str]] = {
    # Malformed YAML and TOML.
    "yaml-tab-indent": (
        page("title: x\n\tdate: 1\n"),
        "content/bad.md:3: front matter: this line is indented with a tab; YAML indents with spaces only",
    ),
    "yaml-unclosed-flow": (
        page("title: ok\ntags: [a, b\n"),
        "content/bad.md:3: front matter: the list opened with '[' on this line is never closed",
    ),
    "yaml-unclosed-quote": (
        page('title: "unclosed\ndate: 2026-05-01\n'),
        "content/bad.md:2: front matter: the value of 'title' opens a quote (\") that is never closed",
    ),
    "yaml-python-tag": (
        page("title: !!python/object/apply:os.system ['echo owned']\n"),
        "content/bad.md:2: front matter: not valid YAML: could not determine a constructor",
    ),
    "yaml-not-a-table": (
        page("- just\n- a list\n"),
        "content/bad.md:2: front matter: must be a set of 'key: value' lines",
    ),
    "yaml-number-key": (page("1: one\n"), "content/bad.md:2: front matter key 1 must be text"),
    "yaml-never-closed": (
        "---\ntitle: x\n\nBody without a closing fence\n",
        "content/bad.md:1: front matter is never closed",
    ),
    "yaml-fence-not-alone": (
        "--- title: x\n---\n",
        "content/bad.md:1: the opening '---' must stand alone on the first line",
    ),
    "yaml-nested-too-deeply": (
        page("extra: " + "[" * 5000 + "]" * 5000 + "\n"),
        re.compile(r"content/bad\.md:2: front matter(: 'extra':)? is nested too deeply"),
    ),
    "toml-missing-value": (page("title = \n", fence="+++"), "content/bad.md:2: front matter: 'title' has no value"),
    "toml-duplicate-key": (
        page("title = 'a'\ntitle = 'b'\n", fence="+++"),
        "content/bad.md:3: front matter: 'title' is given twice",
    ),
    "toml-never-closed": (
        "+++\ntitle = 'x'\n",
        "content/bad.md:1: front matter is never closed: no line with just '+++'",
    ),
    "toml-nested-too-deeply": (
        page("x = " + "[" * 5000 + "]" * 5000 + "\n", fence="+++"),
        "content/bad.md:1: front matter is nested too deeply",
    ),
    # Wrong types for known keys.
    "title-list": (page("title: [a, b]\n"), "content/bad.md:2: front matter: 'title': expected text, got a list"),
    "title-table-toml": (
        page("[title]\nx = 1\n", fence="+++"),
        "content/bad.md:2: front matter: 'title': expected text, got a table",
    ),
    "description-list": (
        page("description: [a]\n"),
        "content/bad.md:2: front matter: 'description': expected text, got a list",
    ),
    "summary-table": (
        page("summary: {a: 1}\n"),
        "content/bad.md:2: front matter: 'summary': expected text, got a table",
    ),
    "date-table": (
        page("date: {year: 2026}\n"),
        "content/bad.md:2: front matter: 'date': expected a date such as 2026-05-01",
    ),
    "date-table-toml": (
        page("title = 'x'\n[date]\nyear = 2026\n", fence="+++"),
        "content/bad.md:3: front matter: 'date': expected a date",
    ),
    "date-bool": (page("date: true\n"), "content/bad.md:2: front matter: 'date': expected a date such as"),
    "date-time-only": (
        page("date = 10:00:00\n", fence="+++"),
        "content/bad.md:2: front matter: 'date': '10:00:00' is a time without a date",
    ),
    "lastmod-list": (page("lastmod: [2026-05-01]\n"), "content/bad.md:2: front matter: 'lastmod': expected a date"),
    "tags-number": (page("tags: 5\n"), "content/bad.md:2: front matter: 'tags': expected a list of text, got 5"),
    "tags-table": (
        page("tags: {a: 1}\n"),
        "content/bad.md:2: front matter: 'tags': expected a list of text, got a table",
    ),
    "tags-nested-list": (page("tags: [[a]]\n"), "content/bad.md:2: front matter: 'tags': expected a list of text"),
    "taxonomy-tags-table": (
        page("taxonomies: {tags: [{a: 1}]}\n"),
        "content/bad.md:2: front matter: 'taxonomies': tags: expected a list of text",
    ),
    "draft-maybe": (
        page("draft: maybe\n"),
        "content/bad.md:2: front matter: 'draft': expected true or false, got 'maybe'",
    ),
    "noindex-number": (
        page("noindex: 2\n"),
        "content/bad.md:2: front matter: 'noindex': expected true or false, got 2",
    ),
    "slug-list": (page("slug: [a]\n"), "content/bad.md:2: front matter: 'slug': expected text, got a list"),
    "slug-no-letters": (
        page("slug: '!!!'\n"),
        "content/bad.md:2: front matter: 'slug': '!!!' has no letters or digits",
    ),
    "image-list": (page("image: [a.png]\n"), "content/bad.md:2: front matter: 'image': expected text, got a list"),
    "author-number-list": (
        page("authors: [[1]]\n"),
        "content/bad.md:2: front matter: 'authors': expected a name or a table",
    ),
    "canonical-not-a-url": (
        page("canonical: javascript:alert(1)\n"),
        "content/bad.md:2: front matter: 'canonical': expected an absolute http(s) URL",
    ),
    "author-url-javascript": (
        page("author: {name: Eve, url: 'javascript:alert(1)'}\n"),
        "content/bad.md:2: front matter: 'author': an author's 'url' must be an absolute http(s) URL",
    ),
    "author-url-with-brackets": (
        page("authors: [{name: Eve, url: 'https://eve.example/<x>'}]\n"),
        "content/bad.md:2: front matter: 'authors': an author's 'url' must be an absolute http(s) URL",
    ),
    "author-url-number": (
        page("author: {name: Eve, url: 5}\n"),
        "an author's 'url' must be an absolute http(s) URL, got 5",
    ),
    "focal-point-text": (
        page("focal_point: middle\n"),
        "content/bad.md:2: front matter: 'focal_point': expected two numbers",
    ),
    "cta-number": (
        page("cta: 5\n"),
        "content/bad.md:2: front matter: 'cta': expected a table with 'label' and 'url', got 5",
    ),
    "cta-javascript": (
        page("cta: {label: Go, url: 'javascript:alert(1)'}\n"),
        "content/bad.md:2: front matter: 'cta': 'javascript:alert(1)' is not a link",
    ),
    "both-url-and-path": (
        page("url: /a/\npath: /b/\n"),
        "content/bad.md:2: front matter: 'url': is given twice, as 'url' and as 'path'",
    ),
    # Impossible dates.
    "date-feb-30": (page("date: 2026-02-30\n"), "content/bad.md:2: front matter: 'date': '2026-02-30' is not a date"),
    "date-month-13": (page("date: 2026-13-01\n"), "content/bad.md:2: front matter: 'date': '2026-13-01' is not a date"),
    "date-hour-25": (
        page("date: 2026-05-01T25:00\n"),
        "content/bad.md:2: front matter: 'date': '2026-05-01T25:00' is not a date",
    ),
    "date-minute-61": (
        page("date: 2026-05-01 10:61:00 +0200\n"),
        "content/bad.md:2: front matter: 'date': '2026-05-01 10:61:00 +0200' is not a date",
    ),
    "date-year-0": (page("date: 0000-01-01\n"), "content/bad.md:2: front matter: 'date': '0000-01-01' is not a date"),
    "publish-date-feb-30": (
        page("publishDate: 2026-02-30\n"),
        "content/bad.md:2: front matter: 'publishDate': '2026-02-30' is not a date",
    ),
    "expiry-date-hour-25": (
        page("expiryDate: 2027-01-01T25:00\n"),
        "content/bad.md:2: front matter: 'expiryDate': '2027-01-01T25:00' is not a date",
    ),
    "toml-date-feb-30": (
        page("title = 'x'\ndate = 2026-02-30\n", fence="+++"),
        "content/bad.md:3: front matter: the value of 'date' is not a date TOML can read: '2026-02-30'",
    ),
    "toml-date-month-13": (
        page("date = 2026-13-01\n", fence="+++"),
        "content/bad.md:2: front matter: the value of 'date' is not a date TOML can read",
    ),
    # Slugs and URLs that would leave the output folder or that some file system cannot store.
    "url-dot-dot": (
        page("url: ../../etc/\n"),
        "content/bad.md:2: front matter: 'url': '../../etc/' contains '..'; a page cannot point outside the site",
    ),
    "url-dot-dot-inside": (page("url: /a/../../b/\n"), "contains '..'; a page cannot point outside the site"),
    "url-backslash": (
        page("url: '..\\\\..\\\\evil'\n"),
        "content/bad.md:2: front matter: 'url': '..\\\\..\\\\evil' contains a backslash",
    ),
    "url-reserved-con": (
        page("url: /CON/\n"),
        "content/bad.md:2: front matter: 'url': '/CON/' uses the reserved name 'CON'",
    ),
    "url-reserved-nul-file": (
        page("url: /files/nul.txt\n"),
        "uses the reserved name 'nul.txt', which Windows cannot store",
    ),
    "url-trailing-dot": (page("url: /offer./\n"), "has a folder or file name ending in a dot or space"),
    "url-percent": (
        page("url: /%2e%2e/%2e%2e/x/\n"),
        "content/bad.md:2: front matter: 'url': '/%2e%2e/%2e%2e/x/' contains '%'",
    ),
    "url-full-url": (page("url: https://evil.example/x/\n"), "'https://evil.example/x/' is a full URL"),
    "url-protocol-relative": (page("url: //evil.example/x/\n"), "'//evil.example/x/' is a full URL"),
    "alias-dot-dot": (
        page("aliases: [../../old/]\n"),
        "content/bad.md:2: front matter: 'aliases': '../../old/' contains '..'",
    ),
    "alias-backslash": (page("aliases: ['\\\\old']\n"), "front matter: 'aliases': '\\\\old' contains a backslash"),
    "template-syntax-in-name": (page("url: '/a|b/'\n"), "content/bad.md:2: front matter: 'url': '/a|b/' contains |"),
}
ILLEGAL_CHARACTERS = [":", "*", "?", '"', "<", ">", "|"]


@pytest.mark.parametrize(("text", "message"), CASES.values(), ids=CASES.keys())
def test_bad_front_matter_is_named_with_file_and_line(
    good_site: Path, text: str, message: str | re.Pattern[str]
) -> None:
    output = break_site(good_site, {"content/bad.md": text})
    # PyYAML's C parser stops deep nesting itself since 6.0.3; older ones let our check name the key.
    assert message.search(output) if isinstance(message, re.Pattern) else message in output


@pytest.mark.parametrize("character", ILLEGAL_CHARACTERS)
def test_url_with_a_character_some_file_systems_refuse(good_site: Path, character: str) -> None:
    url = f"/spring{character}sale/"
    output = break_site(good_site, {"content/bad.md": page(f"url: '{url}'\n")})
    assert (
        f"content/bad.md:2: front matter: 'url': '{url}' contains {character}, which some file systems do not allow"
        in output
    )


def test_every_problem_of_a_build_is_reported_together(good_site: Path) -> None:
    output = break_site(
        good_site,
        {
            "content/a.md": page("title: [a]\n"),
            "content/b.md": page("date: 2026-02-30\n"),
            "content/c.md": page("url: ../c/\n"),
        },
    )
    assert "content/a.md:2:" in output and "content/b.md:2:" in output and "content/c.md:2:" in output
    assert "3 problems; nothing was written, the previous output is untouched." in output


# --- Files that are not UTF-8 text --------------------------------------------------------------


def test_latin1_file_names_the_byte_and_line(good_site: Path) -> None:
    output = break_site(good_site, {"content/bad.md": "---\ntitle: ok\n---\n\nCaf\xe9 au lait\n".encode("latin-1")})
    assert "content/bad.md:5: is not UTF-8 text (byte 0xe9 at offset 22) (save the file as UTF-8)" in output


def test_utf16_file_is_not_mistaken_for_utf8(good_site: Path) -> None:
    output = break_site(good_site, {"content/bad.md": "---\ntitle: UTF-16\n---\n".encode("utf-16")})
    assert "content/bad.md:1: is not UTF-8 text (byte 0xff at offset 0)" in output


def test_binary_file_with_a_markdown_name(good_site: Path) -> None:
    output = break_site(good_site, {"content/photo.md": png_bytes(4, 4)})
    assert "content/photo.md:1: is not UTF-8 text (byte 0x89 at offset 0)" in output


def test_file_name_that_is_not_utf8(good_site: Path) -> None:
    # Linux allows any bytes in a name; Python holds the bad ones as lone surrogates, which no
    # URL, manifest or terminal can carry. (This used to end in a UnicodeEncodeError traceback.)
    path = os.path.join(os.fsencode(good_site / "content"), b"caf\xe9.md")
    with open(path, "wb") as handle:
        handle.write(b"---\ntitle: Cafe\n---\n")
    output = break_site(good_site, {})
    assert "content/caf\\xe9.md: has a name that is not UTF-8 text; rename it" in output


# --- Images -------------------------------------------------------------------------------------


def image_page(image: str) -> str:
    return page(f"title: With an image\nimage: {image}\nimage_alt: A picture\n")


def test_missing_image(good_site: Path) -> None:
    output = break_site(good_site, {"content/bad.md": image_page("missing.png")})
    assert "content/bad.md:3: front matter: 'image': image 'missing.png' not found" in output


def test_corrupt_image(good_site: Path) -> None:
    output = break_site(
        good_site,
        {"content/bad/index.md": image_page("broken.png"), "content/bad/broken.png": b"\x89PNG\r\n\x1a\ngarbage"},
    )
    assert "content/bad/index.md:3: front matter: 'image': image 'broken.png' is not an image file" in output


def test_decompression_bomb_is_refused_before_decoding(good_site: Path) -> None:
    files: dict[str, str | bytes] = {
        "content/bad/index.md": image_page("bomb.png"),
        "content/bad/bomb.png": png_header(50_000, 50_000),
    }
    output = break_site(good_site, files)
    assert "content/bad/index.md:3: front matter: 'image': image 'bomb.png' is far too many pixels" in output


def test_text_file_named_like_an_image(good_site: Path) -> None:
    files = {"content/bad/index.md": image_page("notes.jpg"), "content/bad/notes.jpg": "just text"}
    output = break_site(good_site, files)
    assert "content/bad/index.md:3: front matter: 'image': image 'notes.jpg' is not an image file" in output


@pytest.mark.parametrize("image", ["/etc/passwd", "../../../../../etc/hostname", "../site.toml"])
def test_image_outside_the_site_is_not_found(good_site: Path, image: str) -> None:
    output = break_site(good_site, {"content/bad.md": image_page(image)})
    assert f"content/bad.md:3: front matter: 'image': image '{image}' not found" in output


# --- Two things at one URL ----------------------------------------------------------------------

CLASHES: dict[str, tuple[dict[str, str | bytes], str]] = {
    "case-only": (
        {"content/a.md": page("url: /Offer/\n"), "content/b.md": page("url: /offer/\n")},
        "content/b.md:2: front matter: 'url': '/offer/' is already used by content/a.md",
    ),
    "slug-case-only": (
        {"content/a.md": page("slug: Summer\n"), "content/b.md": page("slug: summer\n")},
        "content/b.md:2: front matter: 'slug': '/summer/' is already used by content/a.md",
    ),
    "file-and-bundle": (
        {"content/deal.md": page("title: File\n"), "content/deal/index.md": page("title: Bundle\n")},
        "'/deal/' is already used by content/deal",
    ),
    "home-page-by-file-name": (
        {"content/bad.md": page("url: /index.html\n")},
        "content/bad.md:2: front matter: 'url': '/index.html' is already used by the home page",
    ),
    "page-by-file-name": (
        {"content/bad.md": page("url: /good/index.html\n")},
        "content/bad.md:2: front matter: 'url': '/good/index.html' is already used by content/good.md",
    ),
    "tag-feed": (
        {"content/bad.md": page("url: /tags/cars/atom.xml\n")},
        "'/tags/cars/atom.xml' is already used by the Atom feed of tag 'cars'",
    ),
    "site-feed": (
        {"content/bad.md": page("url: /feed.json\n")},
        "content/bad.md:2: front matter: 'url': '/feed.json' is already used by a generated file",
    ),
    "alias-on-a-page": (
        {"content/bad.md": page("aliases: [/GOOD/]\n")},
        "content/bad.md:2: front matter: 'aliases': '/GOOD/' is already used by content/good.md",
    ),
}


@pytest.mark.parametrize(("files", "message"), CLASHES.values(), ids=CLASHES.keys())
def test_two_things_at_one_url(good_site: Path, files: dict[str, str | bytes], message: str) -> None:
    output = break_site(good_site, files)
    assert message in output


# --- Broken templates ---------------------------------------------------------------------------

TEMPLATES: dict[str, tuple[str | bytes, str]] = {
    "syntax-error": (
        "{% extends 'base.html' %}\n{% block content %}\n{% if %}\n{% endblock %}\n",
        "templates/page.html:3: template error:",
    ),
    "undefined-variable": (
        "{% extends 'base.html' %}\n{% block content %}\n{{ page.titel }}\n{% endblock %}\n",
        "templates/page.html:3: template error: 'smo_gen.content.page.Page object' has no attribute 'titel'",
    ),
    "filter-that-raises": (
        "{% extends 'base.html' %}\n{% block content %}\n\n{{ page.title | format(1, 2) }}\n{% endblock %}\n",
        "templates/page.html:4: template error: not all arguments converted during string formatting",
    ),
    "division-by-zero": ("{{ 1 // 0 }}\n", "templates/page.html:1: template error: integer division or modulo by zero"),
    "endless-recursion": (
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n",
        "templates/page.html:1: template error: maximum recursion depth exceeded",
    ),
    "missing-include": ("{% include 'nope.html' %}\n", "template 'nope.html' not found in the theme"),
    "include-outside-the-theme": (
        "{% include '../../../../etc/passwd' %}\n",
        "template '../../../../etc/passwd' not found in the theme",
    ),
    "not-utf8": (
        b"<p>caf\xe9</p>\n",
        "templates/page.html:1: template error: is not UTF-8 text (byte 0xe9 at offset 6); save it as UTF-8",
    ),
}


@pytest.mark.parametrize(("template", "message"), TEMPLATES.values(), ids=TEMPLATES.keys())
def test_broken_template_names_template_and_line(good_site: Path, template: str | bytes, message: str) -> None:
    output = break_site(good_site, {"templates/page.html": template})
    assert message in output


def test_broken_home_template(good_site: Path) -> None:
    output = break_site(good_site, {"templates/home.html": "line one\n{{ pages | map('nope') | list }}\n"})
    assert "templates/home.html:2: template error:" in output and "nope" in output
