"""Bad input gives a message a person can act on, exit code 1, no traceback, and leaves the
previous output exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run_build
from tests.support.sites import SITE_TOML, tree_digest, write_site

GOOD_PAGE = """
---
title: A good page
date: 2026-05-01
---
Hello.
"""


@pytest.fixture
def built_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793534400")  # 2026-11-01
    write_site(tmp_path, {"content/good.md": GOOD_PAGE})
    code, output = run_build(tmp_path)
    assert code == 0, output
    return tmp_path


def break_and_build(site: Path, files: dict[str, str | bytes], site_toml: str | None = None) -> str:
    before = tree_digest(site / "public")
    write_site(site, files, site_toml=site_toml)
    code, output = run_build(site)
    assert code == 1, output
    assert "Traceback" not in output
    assert tree_digest(site / "public") == before, "a failed build changed public/"
    return output


def test_every_config_error_is_reported_at_once(built_site: Path) -> None:
    toml = 'title = "Shop"\ntimezone = "Mars/Olympus"\ntitel = "x"\n\n[feeds]\nlimit = "ten"\n'
    output = break_and_build(built_site, {}, site_toml=toml)
    assert "site.toml: base_url: is required" in output
    assert "site.toml:2: timezone: 'Mars/Olympus' is not an IANA time zone" in output
    assert "site.toml:3: titel: unknown key (did you mean 'title'?)" in output
    assert "site.toml:6: feeds.limit: expected an integer, got 'ten'" in output


def test_toml_syntax_error_names_the_line(built_site: Path) -> None:
    output = break_and_build(built_site, {}, site_toml=SITE_TOML + "\nbroken = \n")
    assert "site.toml:" in output and "'broken' has no value" in output


def test_bad_yaml_front_matter_names_file_and_line(built_site: Path) -> None:
    output = break_and_build(built_site, {"content/bad.md": "---\ntitle: ok\ntags: [unclosed\n---\nBody\n"})
    assert "content/bad.md:3: front matter: the list opened with '[' on this line is never closed" in output


def test_impossible_date_names_the_key_and_value(built_site: Path) -> None:
    output = break_and_build(built_site, {"content/bad.md": "---\ntitle: Bad date\ndate: 2026-13-01\n---\n"})
    assert "content/bad.md:3: front matter: 'date': '2026-13-01' is not a date" in output


def test_missing_image_names_the_page_and_line(built_site: Path) -> None:
    page = "---\ntitle: No image\ndate: 2026-05-02\nimage: nope.png\nimage_alt: x\n---\n"
    output = break_and_build(built_site, {"content/noimg.md": page})
    assert "content/noimg.md:4: front matter: 'image': image 'nope.png' not found" in output


def test_corrupt_image_is_a_clear_error(built_site: Path) -> None:
    page = "---\ntitle: Corrupt\nimage: broken.png\nimage_alt: x\n---\n"
    output = break_and_build(
        built_site, {"content/corrupt/index.md": page, "content/corrupt/broken.png": b"\x89PNG not really"}
    )
    assert "content/corrupt/index.md:3: front matter: 'image': image 'broken.png' is not an image file" in output


def test_duplicate_urls_differing_only_in_case(built_site: Path) -> None:
    output = break_and_build(
        built_site,
        {"content/a.md": "---\ntitle: A\nurl: /Offer/\n---\n", "content/b.md": "---\ntitle: B\nurl: /offer/\n---\n"},
    )
    assert "'/offer/' is already used by content/a.md" in output


def test_url_that_escapes_the_site_is_refused(built_site: Path) -> None:
    output = break_and_build(built_site, {"content/evil.md": "---\ntitle: Evil\nurl: ../../etc/\n---\n"})
    assert "content/evil.md:3: front matter: 'url':" in output and "outside the site" in output


def test_template_error_names_template_and_line(built_site: Path) -> None:
    template = "{% extends 'base.html' %}\n{% block content %}\n{{ page.titel }}\n{% endblock %}\n"
    output = break_and_build(built_site, {"templates/page.html": template})
    assert "templates/page.html:3: template error:" in output and "titel" in output


def test_template_syntax_error_names_template_and_line(built_site: Path) -> None:
    output = break_and_build(built_site, {"templates/page.html": "line one\n{% if %}\n"})
    assert "templates/page.html:2: template error:" in output


def test_non_utf8_file_is_named(built_site: Path) -> None:
    output = break_and_build(built_site, {"content/latin1.md": "---\ntitle: Caf\xe9\n---\n".encode("latin-1")})
    assert "content/latin1.md:2: is not UTF-8 text" in output


def test_missing_site_toml_suggests_what_to_do(tmp_path: Path) -> None:
    code, output = run_build(tmp_path)
    assert code == 1
    assert "no site.toml" in output and "smo-gen new site" in output


def test_a_feed_written_early_by_a_build_that_fails_leaves_public_untouched(
    built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smo_gen.build import early_writes

    long_body = "A long campaign page. " * 60_000  # over a megabyte: its feeds are written early
    write_site(built_site, {"content/long.md": f"---\ntitle: Long\ndate: 2026-05-02\n---\n{long_body}\n"})
    code, output = run_build(built_site)
    assert code == 0, output
    staged: list[str] = []
    real_offer = early_writes.EarlyWrites.offer

    def offer(self: early_writes.EarlyWrites, dest: str, data: object) -> None:
        real_offer(self, dest, data)  # type: ignore[arg-type]
        staged.extend(dest for dest in self._staged if dest not in staged)

    monkeypatch.setattr(early_writes.EarlyWrites, "offer", offer)
    broken = "---\ntitle: Broken\ndate: 2026-05-03\ntemplate: broken.html\n---\nHi.\n"
    output = break_and_build(
        built_site,
        {
            "content/good.md": GOOD_PAGE.replace("Hello.", "Hello again."),  # its feed entries change
            "content/broken.md": broken,
            "templates/broken.html": "{{ page.title | no_such_filter }}\n",
        },
    )
    assert "broken.html" in output
    assert "feed.xml" in staged  # the feed was written early, and break_and_build saw no trace of it
