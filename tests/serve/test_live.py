"""Edits on disk reach the open tabs: real watchdog, real builds, the real event stream."""

from __future__ import annotations

from pathlib import Path

from smo_gen.serve import LiveServer
from tests.serve.helpers import PAGES, SPRING_SALE, EventStream, fetch, poll_until, running
from tests.support.sites import write_site

BROKEN_DATE = SPRING_SALE.replace("date: 2026-05-01", "date: 2026-13-45")
SCRIPT_IN_MESSAGE = SPRING_SALE.replace("date: 2026-05-01", "date: <script>alert(1)</script>")


def test_a_saved_page_sends_reload_and_the_new_text_is_served(live: LiveServer, site_dir: Path) -> None:
    with EventStream(live) as events:
        hello = events.wait_for("hello")
        assert hello == {"generation": live.build.state.generation, "failing": False}
        (site_dir / "content" / "spring-sale.md").write_text(
            SPRING_SALE.replace("The spring sale is on.", "Now with free delivery.")
        )
        reload = events.wait_for("reload")
    assert reload["generation"] != hello["generation"]
    assert "Now with free delivery." in fetch(live, "/spring-sale/").text


def test_broken_front_matter_shows_the_overlay_and_a_fix_clears_it(live: LiveServer, site_dir: Path) -> None:
    page = site_dir / "content" / "spring-sale.md"
    with EventStream(live) as events:
        events.wait_for("hello")
        page.write_text(BROKEN_DATE)
        problems = events.wait_for("problems")
        texts = [problem["text"] for problem in problems["problems"]]
        assert any(text.startswith("content/spring-sale.md:4: front matter: 'date'") for text in texts), texts
        assert "content/spring-sale.md:4" in problems["html"]
        assert "2026-13-45" in problems["html"]

        # The last good site stays served while the build is broken.
        assert "The spring sale is on." in fetch(live, "/spring-sale/").text
        with EventStream(live) as late:  # a tab opened now sees the overlay at once
            late.wait_for("hello")
            assert late.wait_for("problems")["problems"] == problems["problems"]

        page.write_text(SPRING_SALE.replace("The spring sale is on.", "Fixed and back."))
        events.wait_for("reload")
    assert not live.build.state.failing
    assert "Fixed and back." in fetch(live, "/spring-sale/").text


def test_problem_text_is_escaped_in_the_overlay(live: LiveServer, site_dir: Path) -> None:
    with EventStream(live) as events:
        events.wait_for("hello")
        (site_dir / "content" / "spring-sale.md").write_text(SCRIPT_IN_MESSAGE)
        problems = events.wait_for("problems")
    assert "<script>alert(1)</script>" not in problems["html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in problems["html"]


def test_a_stylesheet_change_swaps_styles_instead_of_reloading(live: LiveServer, site_dir: Path) -> None:
    with EventStream(live) as events:
        events.wait_for("hello")
        (site_dir / "static" / "css" / "smo.css").write_text("h1 { color: rgb(255, 0, 0); }\n")
        name, data = events.next_event(10)
    assert name == "css", f"expected a css event, got {name}"
    assert data["generation"] == live.build.state.generation
    assert "255, 0, 0" in fetch(live, "/css/smo.css").text


def test_the_preview_links_static_files_and_a_save_in_place_is_served(live: LiveServer, site_dir: Path) -> None:
    stylesheet = site_dir / "static" / "css" / "smo.css"
    assert (live.output_dir / "css" / "smo.css").samefile(stylesheet)  # its own folder: no copy needed
    with EventStream(live) as events:
        events.wait_for("hello")
        with open(stylesheet, "a", encoding="utf-8") as stream:  # editors that save in place
            stream.write("h2 { color: rgb(0, 128, 0); }\n")
        events.wait_for("css")
    assert "0, 128, 0" in fetch(live, "/css/smo.css").text
    assert [path.name for path in live.output_dir.rglob("*.smo-tmp")] == []


def test_a_burst_of_saves_is_one_build(live: LiveServer, site_dir: Path) -> None:
    before = live.build.builds
    with EventStream(live) as events:
        events.wait_for("hello")
        for number in range(5):
            (site_dir / "content" / "spring-sale.md").write_text(SPRING_SALE + f"\nEdit {number}.\n")
        events.wait_for("reload")
    assert live.build.builds == before + 1
    assert "Edit 4." in fetch(live, "/spring-sale/").text


def test_editor_temporary_files_and_the_output_change_nothing(live: LiveServer, site_dir: Path) -> None:
    before = live.build.builds
    content = site_dir / "content"
    (content / ".#spring-sale.md").write_text("emacs lock")
    (content / "spring-sale.md~").write_text("backup")
    (content / ".spring-sale.md.swp").write_bytes(b"vim swap")
    (content / "4913").write_text("")
    (site_dir / ".smo-cache" / "note.txt").write_text("cache")
    (live.output_dir / "index.html").touch()
    assert not live.build.wait_for_builds(before + 1, timeout=0.8), "a temporary or output file started a build"


def test_a_new_templates_folder_is_watched(tmp_path: Path) -> None:
    files = {name: data for name, data in PAGES.items() if not name.startswith("templates/")}
    site_dir = write_site(tmp_path / "site", files)
    template = '{% extends "base.html" %}{% block content %}<p id="marker">MARK</p>{% endblock %}'
    with running(site_dir) as (live, _messages):
        (site_dir / "templates").mkdir()
        (site_dir / "templates" / "page.html").write_text(template.replace("MARK", "from the new folder"))
        assert poll_until(lambda: "from the new folder" in fetch(live, "/spring-sale/").text, 10)
        (site_dir / "templates" / "page.html").write_text(template.replace("MARK", "edited inside it"))
        assert poll_until(lambda: "edited inside it" in fetch(live, "/spring-sale/").text, 10)


def test_a_site_that_fails_its_first_build_is_served_and_recovers(tmp_path: Path) -> None:
    site_dir = write_site(tmp_path / "site", {**PAGES, "content/spring-sale.md": BROKEN_DATE})
    with running(site_dir) as (live, messages):
        assert any(m.startswith("error: content/spring-sale.md:4:") for m in messages), messages
        response = fetch(live, "/")
        assert response.status == 404
        assert "The site has not built yet" in response.text
        assert "content/spring-sale.md:4" in response.text
        with EventStream(live) as events:
            events.wait_for("problems")
            (site_dir / "content" / "spring-sale.md").write_text(SPRING_SALE)
            events.wait_for("reload")
        assert fetch(live, "/spring-sale/").status == 200


def test_a_broken_site_toml_shows_the_overlay_and_its_fix_reloads(live: LiveServer, site_dir: Path) -> None:
    config = site_dir / "site.toml"
    good = config.read_text()
    with EventStream(live) as events:
        events.wait_for("hello")
        config.write_text(good.replace('title = "Test Shop"', 'titel = "Test Shop"'))
        problems = events.wait_for("problems")
        assert any(
            "site.toml" in problem["text"] and "did you mean 'title'?" in problem["text"]
            for problem in problems["problems"]
        ), problems
        config.write_text(good.replace('title = "Test Shop"', 'title = "Renamed Shop"'))
        events.wait_for("reload")
    assert "Renamed Shop" in fetch(live, "/").text
