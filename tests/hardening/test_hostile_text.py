"""Markup, control characters, right-to-left text and emoji in titles, tags, descriptions and
authors stay inert and valid in the HTML, the meta tags, the JSON-LD and all three feed formats."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from tests.support.sites import BASE_URL, write_and_build
from tests.support.social_checks import check_shared_pages, read_head
from tests.support.validators import html_files, validate_html

SCRIPT_TITLE = "</script><script>alert(1)</script><!-- & -->"
# What front matter writes as escapes: C0 and C1 controls, DEL, noncharacters, line separators.
CONTROL_TITLE_YAML = r"Bell\a Esc\e Del\x7f Nel\x85 Csi\x9b Non\uFFFE\uFFFF\U0001FFFE Ls\u2028 end"
CONTROL_TITLE = "Bell Esc Del Nel Csi Non Ls\u2028 end"  # what is left
RTL_TITLE = "عرض الصيف 🍋 \u202eevil\u202c שלום 👩‍👩‍👧"

PAGES: dict[str, str | bytes] = {
    "content/script.md": f"""
        ---
        title: "{SCRIPT_TITLE}"
        description: "Tom & Jerry's <img src=x onerror=alert(2)> \\"offer\\" </script>"
        date: 2026-05-01T10:00:00+02:00
        tags: ["</script><script>alert(3)</script>", "R&D", "<b>bold</b>"]
        author: {{name: "</script><b>Eve</b>", url: "https://eve.example/?a=1&b=2"}}
        ---
        Body.
        """,
    "content/control.md": f"""
        ---
        title: "{CONTROL_TITLE_YAML}"
        description: "Desc\\x01\\x85\\x9f ok"
        summary: "Sum\\x0b\\x1f\\x85 ok"
        date: 2026-05-02
        tags: ["tag\\x85one", "\\x01tag two\\x9f"]
        taxonomies: {{tags: ["tax\\x85\\x01onomy"]}}
        author: {{name: "Ann\\x85\\x01 Author"}}
        message: "msg\\x85"
        ---
        Body.
        """,
    "content/control-toml.md": """
        +++
        title = "TOML\\u0085 \\u0001title\\u007f"
        date = 2026-05-03
        tags = ["toml\\u009ftag"]
        +++
        Body.
        """,
    "content/rtl.md": f"""
        ---
        title: "{RTL_TITLE}"
        description: "وصف قصير 🍹"
        date: 2026-05-04
        tags: ["عرض", "🍋 lemon"]
        language: ar
        ---
        نص عربي.
        """,
}
# Characters HTML forbids in a document (controls other than white space, noncharacters).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff]")


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_and_build(tmp_path_factory.mktemp("hostile"), PAGES) / "public"


def outputs(public: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in public.rglob("*") if p.is_file() and p.suffix in suffixes)


def test_html_is_valid(public: Path) -> None:
    errors = validate_html(html_files(public))
    assert not errors, "\n".join(map(str, errors))


def test_no_output_holds_a_forbidden_character(public: Path) -> None:
    found = []
    for path in outputs(public, ".html", ".xml", ".json", ".txt"):
        for match in FORBIDDEN.finditer(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(public)}: U+{ord(match.group()):04X}")
    assert not found, "\n".join(found)


def test_markup_in_front_matter_stays_text(public: Path) -> None:
    for path in html_files(public):
        html = path.read_text(encoding="utf-8")
        for needle in ("<script>alert", "<img src=x", "<b>Eve", "<b>bold"):
            assert needle not in html, f"{path.relative_to(public)} carries {needle!r} as markup"


def test_social_tags_carry_the_text_exactly(public: Path) -> None:
    head = read_head(public / "script/index.html")
    assert head.one("og:title") == SCRIPT_TITLE
    assert read_head(public / "control/index.html").one("og:title") == CONTROL_TITLE
    assert read_head(public / "control-toml/index.html").one("og:title") == "TOML title"
    assert read_head(public / "rtl/index.html").one("og:title") == RTL_TITLE


def test_pages_follow_the_social_rules(public: Path) -> None:
    problems = check_shared_pages(public, BASE_URL)
    assert not problems, "\n".join(problems)


def test_json_ld_is_inert_and_parses(public: Path) -> None:
    for path in html_files(public):
        for block in read_head(path).json_ld:
            assert not set("<>&") & set(block), f"{path.relative_to(public)}: raw markup characters in JSON-LD"
            json.loads(block)
    data = json.loads(read_head(public / "script/index.html").json_ld[0])
    assert data["headline"] == SCRIPT_TITLE
    assert data["keywords"] == ["</script><script>alert(3)</script>", "R&D", "<b>bold</b>"]


def test_rss_and_atom_feeds_parse_everywhere(public: Path) -> None:
    feeds = [p for p in outputs(public, ".xml") if p.name in ("feed.xml", "atom.xml")]
    assert len(feeds) >= 10  # the site's and every tag's
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, f"{path.relative_to(public)}: {parsed.get('bozo_exception')}"
        ET.fromstring(path.read_bytes())  # well-formed to a strict parser too


def test_feed_titles_come_back_exactly(public: Path) -> None:
    expected = {SCRIPT_TITLE, CONTROL_TITLE, "TOML title", RTL_TITLE}
    rss = ET.fromstring((public / "feed.xml").read_bytes())
    assert {item.findtext("title") for item in rss.iter("item")} >= expected
    atom_ns = "{http://www.w3.org/2005/Atom}"
    atom = ET.fromstring((public / "atom.xml").read_bytes())
    assert {entry.findtext(f"{atom_ns}title") for entry in atom.iter(f"{atom_ns}entry")} >= expected
    feed = json.loads((public / "feed.json").read_text(encoding="utf-8"))
    assert {item["title"] for item in feed["items"]} >= expected


def test_every_json_feed_parses(public: Path) -> None:
    feeds = [p for p in outputs(public, ".json") if p.name == "feed.json"]
    assert len(feeds) >= 5
    for path in feeds:
        assert json.loads(path.read_text(encoding="utf-8"))["version"] == "https://jsonfeed.org/version/1.1"


def test_tags_with_controls_are_cleaned_not_dropped(public: Path) -> None:
    manifest = {p["path"]: p for p in json.loads((public / "manifest.json").read_text(encoding="utf-8"))["pages"]}
    assert manifest["/control/"]["tags"] == ["tagone", "tag two", "taxonomy"]
    assert manifest["/control/"]["authors"] == ["Ann Author"]
    assert manifest["/control-toml/"]["tags"] == ["tomltag"]
