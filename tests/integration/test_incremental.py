"""Incremental and parallel builds: nothing changed means nothing rendered or written, one
edit re-renders what shows it and nothing else, and the result is always byte-identical to
a clean build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smo_gen.build import command as build_module
from smo_gen.build import parsing, render_workers
from tests.support.sites import (
    SITE_TOML,
    SYNDICATION_AND_FEEDBACK,
    build,
    clean_copy_build,
    png_bytes,
    record_manifest_lines,
    tree_digest,
    write_site,
)


def page(title: str, tags: str = "[news]", body: str = "First paragraph.\n\nSecond paragraph.") -> str:
    return f"---\ntitle: {title}\ndate: 2026-05-01\ntags: {tags}\n---\n{body}\n"


PAGES = {f"content/post-{n}.md": page(f"Post {n}", "[news, cars]" if n % 2 else "[news]") for n in range(6)}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(autouse=True)
def no_build_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the pipeline's own incremental work, which the build stamp
    (test_build_stamp.py) would skip outright when the files are old enough."""
    monkeypatch.setattr(build_module, "find_current_stamp", lambda *args: None)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    write_site(root, PAGES)
    build(root)
    return root


def test_a_build_with_nothing_changed_renders_and_writes_nothing(site: Path) -> None:
    before = mtimes(site / "public")
    summary, _ = build(site)
    assert (summary.rendered, summary.written, summary.removed, summary.cards_drawn) == (0, 0, 0, 0)
    assert mtimes(site / "public") == before


def test_editing_a_later_paragraph_rerenders_only_what_shows_the_body(site: Path) -> None:
    before = mtimes(site / "public")
    write_site(
        site, {"content/post-1.md": page("Post 1", "[news, cars]", "First paragraph.\n\nEdited.")}, site_toml=None
    )
    summary, _ = build(site)
    after = mtimes(site / "public")
    changed = sorted(name for name in after if after[name] != before.get(name))
    # The page, the feeds with full content that list it, and the manifest.
    feeds = [
        f"{prefix}{name}"
        for prefix in ("", "tags/cars/", "tags/news/")
        for name in ("atom.xml", "feed.json", "feed.xml")
    ]
    assert changed == sorted(["post-1/index.html", "manifest.json", *feeds]), changed
    assert "post-2/index.html" not in changed and "index.html" not in changed
    assert summary.rendered == len(changed), "the sitemap shows no body: it is not even rendered"


def test_the_first_edit_after_a_clean_build_renders_no_more_than_a_later_one(tmp_path: Path) -> None:
    # Dates written with an offset or in UTC: a page read back from the page cache must list
    # (its listing is digested by its repr) exactly as it did when parsed by the clean build.
    dated = {
        f"content/post-{n}.md": f"---\ntitle: Post {n}\ndate: 2026-05-0{n + 1}T10:00:00{zone}\ntags: [news]\n---\n"
        "First paragraph.\n\nSecond paragraph.\n"
        for n, zone in enumerate(["+09:00", "-03:00", "Z", "+00:00"])
    }
    write_site(tmp_path, dated)
    build(tmp_path)
    rendered = []
    for text in ("Edited once.", "Edited twice."):
        body = f"---\ntitle: Post 0\ndate: 2026-05-01T10:00:00+09:00\ntags: [news]\n---\nFirst paragraph.\n\n{text}\n"
        write_site(tmp_path, {"content/post-0.md": body}, site_toml=None)
        rendered.append(build(tmp_path)[0].rendered)
    assert rendered[0] == rendered[1], "every list page rendered again after the clean build"


def test_editing_a_title_rerenders_the_lists_that_show_it_and_its_card(site: Path) -> None:
    write_site(site, {"content/post-2.md": page("Post two, renamed")}, site_toml=None)
    summary, _ = build(site)
    assert summary.cards_drawn == 1
    home = (site / "public" / "index.html").read_text()
    assert "Post two, renamed" in home
    assert "Post two, renamed" in (site / "public" / "tags" / "news" / "index.html").read_text()
    assert "Post two, renamed" not in (site / "public" / "tags" / "cars" / "index.html").read_text()


def test_a_template_change_rebuilds_the_pages_that_use_it(site: Path) -> None:
    before = mtimes(site / "public")
    override = (Path(__file__).parents[2] / "themes/default/templates/tags.html").read_text()
    write_site(
        site,
        {
            "templates/tags.html": override.replace(
                '<ul class="chips chips-large">', '<ul class="chips chips-large all">'
            )
        },
        site_toml=None,
    )
    summary, _ = build(site)
    after = mtimes(site / "public")
    assert [name for name in after if after[name] != before.get(name)] == ["tags/index.html"]
    assert summary.rendered == 1


def test_a_config_change_no_output_shows_rerenders_nothing(site: Path, tmp_path: Path) -> None:
    (site / "site.toml").write_text(SITE_TOML + SYNDICATION_AND_FEEDBACK, encoding="utf-8")
    summary, _ = build(site)
    assert (summary.rendered, summary.written) == (0, 0)

    changed = SITE_TOML.replace(
        "[social]", "# Share images and handles.\n\n[social]"
    ) + SYNDICATION_AND_FEEDBACK.replace("mastodon.example", "social.example").replace(
        "keep_days = 30", "keep_days = 90"
    )
    (site / "site.toml").write_text(changed, encoding="utf-8")
    summary, _ = build(site)
    assert (summary.rendered, summary.written) == (0, 0)
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


def test_hard_linking_copied_files_rerenders_nothing_and_links_every_copy(site: Path, tmp_path: Path) -> None:
    before = mtimes(site / "public")
    (site / "site.toml").write_text("hard_link_static = true\n" + SITE_TOML, encoding="utf-8")
    summary, _ = build(site)
    public = site / "public"
    # A copy remade as a link is the source file itself (every output also has a second link, in
    # the spare tree the whole-site switch keeps in the cache folder, so the link count says nothing).
    folders = [site / "static", site / ".smo-cache/cards", Path(__file__).parents[2] / "themes"]
    sources = {(p.stat().st_dev, p.stat().st_ino) for folder in folders for p in folder.rglob("*") if p.is_file()}
    linked = {path for path in before if ((public / path).stat().st_dev, (public / path).stat().st_ino) in sources}
    assert summary.rendered == 0
    assert summary.written == len(linked) > 0  # the copies, remade as links, and nothing else
    assert (public / "images/default.png").samefile(site / "static/images/default.png")
    assert any(path.startswith("cards/") for path in linked)  # linked from the card cache
    assert tree_digest(public) == clean_copy_build(site, tmp_path / "fresh")


def test_a_config_change_rerenders_what_shows_it(site: Path, tmp_path: Path) -> None:
    (site / "site.toml").write_text(
        SITE_TOML.replace('description = "A shop used in tests."', 'description = "A shop."')
    )
    summary, _ = build(site)
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("public", ".smo-cache"))
    clean, _ = build(fresh)
    assert summary.rendered == clean.rendered  # the description shows on every page, feed and list
    assert tree_digest(site / "public") == tree_digest(fresh / "public")


def test_a_theme_that_reads_the_tables_itself_depends_on_all_of_them(site: Path, tmp_path: Path) -> None:
    footer = "{% for name in config.sections.targets %}<a>{{ name }}</a>{% endfor %}"
    override = (Path(__file__).parents[2] / "themes/default/templates/base.html").read_text()
    write_site(
        site,
        {"templates/base.html": override.replace("</footer>", footer + "</footer>")},
        SITE_TOML + SYNDICATION_AND_FEEDBACK,
    )
    build(site)
    (site / "site.toml").write_text(
        SITE_TOML + SYNDICATION_AND_FEEDBACK.replace("targets.mastodon", "targets.fediverse")
    )
    summary, _ = build(site)
    assert summary.rendered > len(PAGES)
    assert "<a>fediverse</a>" in (site / "public/post-1/index.html").read_text()
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


def test_incremental_result_equals_a_clean_build_after_many_changes(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/post-3.md": page("Post 3 retitled", "[cars]")}, site_toml=None)
    build(site)
    (site / "content" / "post-4.md").rename(site / "content" / "post-four.md")
    (site / "content" / "post-5.md").unlink()
    write_site(site, {"content/new/added.md": page("Added", "[fresh]")}, site_toml=None)
    build(site)
    (site / "site.toml").write_text(
        SITE_TOML.replace('title = "Test Shop"', 'title = "Renamed Shop"'), encoding="utf-8"
    )
    build(site)
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")
    assert not (site / "public" / "post-5").exists() and not (site / "public" / "post-4").exists()
    assert not (site / "public" / "tags" / "news" / "index.html").read_text().count("Post 5")


@pytest.mark.parametrize("spool_minimum", [1 << 20, 2_000], ids=["through the pipe", "large outputs through files"])
def test_parallel_build_output_is_identical_to_a_serial_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spool_minimum: int
) -> None:
    pages = {f"content/p{n}.md": page(f"Page {n} ünïcode ✓", "[a, b]" if n % 3 else "[c]") for n in range(30)}
    serial = write_site(tmp_path / "serial", pages)
    build(serial, workers=1)
    monkeypatch.setattr(parsing, "PARALLEL_MINIMUM", 2)
    monkeypatch.setattr(render_workers, "PARALLEL_MINIMUM", 2)
    monkeypatch.setattr(render_workers, "SPOOL_MINIMUM", spool_minimum)  # 2,000: pages and feeds come back as files
    parallel = write_site(tmp_path / "parallel", pages)
    (parallel / "public").mkdir()  # an output folder already there: every output comes back (see test_write_ahead.py)
    build(parallel, workers=2)
    assert tree_digest(parallel / "public") == tree_digest(serial / "public")
    assert [path.name for path in (parallel / ".smo-cache").iterdir() if path.name.startswith("spool-")] == []


def test_a_first_parallel_build_keys_its_outputs_as_the_next_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build keys its outputs while the workers render them; the next build keys them
    before rendering anything, and finds every one current."""
    monkeypatch.setattr(parsing, "PARALLEL_MINIMUM", 2)
    monkeypatch.setattr(render_workers, "PARALLEL_MINIMUM", 2)
    keyed_meanwhile: list[bool] = []
    rendering = render_workers.render_all

    def watched(plans: object, renderer: object, todo: list[int], options: render_workers.RenderOptions) -> object:
        keyed_meanwhile.append(options.meanwhile is not render_workers.RenderOptions().meanwhile)
        return rendering(plans, renderer, todo, options)  # type: ignore[arg-type]

    monkeypatch.setattr("smo_gen.build.incremental.render_all", watched)
    pages = {f"content/p{n}.md": page(f"Page {n}", "[a, b]" if n % 3 else "[c]") for n in range(20)}
    site = write_site(tmp_path / "site", pages)
    first, _ = build(site, workers=2)
    again, _ = build(site, workers=2)
    assert keyed_meanwhile == [True, False]
    assert first.rendered > 20 and (again.rendered, again.written) == (0, 0)


def test_problems_found_while_rendering_in_parallel_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smo_gen.errors import BuildError

    monkeypatch.setattr(render_workers, "PARALLEL_MINIMUM", 2)
    pages = {f"content/p{n}.md": page(f"Page {n}") for n in range(10)}
    pages["templates/page.html"] = "{% extends 'base.html' %}{% block content %}{{ page.missing_field }}{% endblock %}"
    site = write_site(tmp_path, pages)
    with pytest.raises(BuildError) as caught:
        build(site, workers=2)
    assert "templates/page.html:1: template error:" in str(caught.value)


def test_a_build_into_another_folder_does_not_undo_the_record_of_public(site: Path) -> None:
    # `serve` builds into its own folder; the next `build` of public/ must still write nothing.
    build(site, output_dir=site / ".smo-cache" / "serve", base_url="http://127.0.0.1:8000/")
    before = mtimes(site / "public")
    summary, _ = build(site)
    assert (summary.rendered, summary.written) == (0, 0)
    assert mtimes(site / "public") == before


def test_manifest_lines_are_kept_and_made_again_exactly_when_what_they_show_changes(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = record_manifest_lines(monkeypatch)
    (site / "content" / "post-2.md").write_text(
        page("Post 2", body="New first paragraph.\n\nSecond."), encoding="utf-8"
    )
    build(site)
    assert made == ["/post-2/"]
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")

    made.clear()  # every line shows the site's description or URL: all are made again
    (site / "site.toml").write_text(SITE_TOML.replace("A shop used in tests.", "A shop."), encoding="utf-8")
    build(site)
    assert sorted(made) == sorted(f"/post-{n}/" for n in range(6))
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")

    # A page's photo replaced (same file name, so its source is unchanged): its card, and so
    # the image its line shows, is new; only its line is made again.
    write_site(site, {"static/images/p1.png": png_bytes(1200, 630, (200, 10, 10))}, site_toml=None)
    text = (site / "content" / "post-1.md").read_text(encoding="utf-8").replace("date:", "image: /images/p1.png\ndate:")
    (site / "content" / "post-1.md").write_text(text, encoding="utf-8")
    build(site)
    made.clear()
    write_site(site, {"static/images/p1.png": png_bytes(1200, 630, (10, 200, 10))}, site_toml=None)
    build(site)
    assert made == ["/post-1/"]
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


def test_a_file_renamed_without_changing_its_url_shows_its_new_source(site: Path, tmp_path: Path) -> None:
    """Its bytes and URL are the same (the front matter fixes the URL), but the manifest names the file."""
    text = page("Fixed address").replace("date:", "url: /fixed-address/\ndate:")
    write_site(site, {"content/first-name.md": text}, site_toml=None)
    build(site)
    (site / "content" / "first-name.md").rename(site / "content" / "second-name.md")
    build(site)
    manifest = (site / "public" / "manifest.json").read_text(encoding="utf-8")
    assert '"source": "content/second-name.md"' in manifest and "first-name" not in manifest
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


def test_replacing_the_default_image_updates_every_page_that_shares_it(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES, SITE_TOML + "\n[cards]\nenabled = false\n")
    build(site)
    (site / "static/images/default.png").write_bytes(png_bytes(1300, 700))
    build(site)
    for shown in ("404.html", "tags/index.html", "index.html"):
        assert '<meta property="og:image:width" content="1300">' in (site / "public" / shown).read_text(), shown
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


def test_a_feed_of_undated_pages_follows_the_sites_newest_change(tmp_path: Path) -> None:
    undated = "---\ntitle: Undated\ntags: [quiet]\n---\nNo date of its own.\n"
    newest = page("Newest").replace("2026-05-01", "2026-09-30")
    site = write_site(tmp_path / "site", {**PAGES, "content/undated.md": undated, "content/newest.md": newest})
    build(site)
    quiet_feed = site / "public/tags/quiet/atom.xml"
    assert "<updated>2026-09-30T00:00:00+02:00</updated>" in quiet_feed.read_text()
    (site / "content/newest.md").unlink()  # the site's newest change is now older
    build(site)
    assert "<updated>2026-05-01T00:00:00+02:00</updated>" in quiet_feed.read_text()
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


def test_pages_with_long_bodies_read_back_from_the_page_cache_build_as_a_clean_build(tmp_path: Path) -> None:
    # Bodies past the length the page cache keeps after its JSON: quotes, line ends, accents,
    # characters outside Latin-1 and a lone ampersand, each page's own.
    paragraph = 'Café “Fizz” & <em>drive</em> — ünïcödé 🚗, "quoted"\nand on.\n\n'
    pages = {f"content/long-{n}.md": page(f"Long {n}", body=f"{paragraph * (20 + n)}Page {n}.") for n in range(5)}
    site = tmp_path / "site"
    site.mkdir()
    write_site(site, pages)
    build(site)
    shard_bytes = b"".join(path.read_bytes() for path in (site / ".smo-cache" / "pages").iterdir())
    assert "ünïcödé 🚗".encode() in shard_bytes and b"\x00" in shard_bytes  # kept after the JSON
    (site / "content/long-2.md").write_text(page("Long 2", body=paragraph * 30 + "Edited."), encoding="utf-8")
    build(site)  # the four other pages come from the page cache
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "clean")
