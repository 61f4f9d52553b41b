"""Long lists split into pages: the home page, sections and tag pages, as Zola and Hugo do it."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.errors import BuildError
from tests.support.sites import (
    SITE_TOML,
    build,
    clean_copy_build,
    listed_titles,
    read_output,
    tree_digest,
    write_site,
)
from tests.support.validators import html_files, validate_html


def post(title: str, day: int, folder: str = "") -> tuple[str, str]:
    return (
        f"content/{folder}post-{day:02}.md",
        f"---\ntitle: {title}\ndate: 2026-03-{day:02}\ntags: [news]\n---\nBody.\n",
    )


FILES: dict[str, str | bytes] = dict(post(f"Post {day}", day) for day in range(1, 6))
FILES.update(dict(post(f"Story {day}", day, "stories/") for day in range(1, 4)))
FILES["content/stories/_index.md"] = "---\ntitle: Stories\npaginate_by: 2\n---\n"
PAGINATED = SITE_TOML.replace('timezone = "Europe/Berlin"\n', 'timezone = "Europe/Berlin"\npaginate_by = 2\n')


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site", FILES, site_toml=PAGINATED)
    build(root)
    return root


def test_the_home_page_is_split_with_prev_and_next_links(site: Path) -> None:
    first, second, last = (
        read_output(site, "index.html"),
        read_output(site, "page/2/index.html"),
        read_output(site, "page/3/index.html"),
    )
    assert [listed_titles(first), listed_titles(second), listed_titles(last)] == [
        ["Post 5", "Post 4"],
        ["Post 3", "Post 2"],
        ["Post 1"],
    ]
    assert '<link rel="next" href="https://shop.example/page/2/">' in first and 'rel="prev"' not in first
    assert '<link rel="prev" href="https://shop.example/">' in second
    assert '<link rel="next" href="https://shop.example/page/3/">' in second
    assert (
        '<a class="button secondary" rel="next" href="/page/3/">Next page →</a>' in second and "Page 2 of 3" in second
    )
    assert '<link rel="canonical" href="https://shop.example/page/2/">' in second
    assert '<meta property="og:url" content="https://shop.example/page/2/">' in second
    assert "<title>Test Shop (page 2 of 3) · Test Shop</title>" in second


def test_page_1_redirects_to_the_list_itself(site: Path) -> None:
    assert '<meta http-equiv="refresh" content="0; url=https://shop.example/">' in read_output(
        site, "page/1/index.html"
    )
    assert 'url=https://shop.example/stories/"' in read_output(site, "stories/page/1/index.html")


def test_sections_and_tags_are_split_too(site: Path) -> None:
    assert listed_titles(read_output(site, "stories/page/2/index.html")) == ["Story 1"]
    assert listed_titles(read_output(site, "tags/news/page/4/index.html")) == ["Post 1", "Story 1"]
    assert not (site / "public/tags/news/page/5").exists()


def test_a_section_splits_its_list_even_when_the_site_does_not(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", FILES)
    build(root)
    assert listed_titles(read_output(root, "stories/index.html")) == ["Story 3", "Story 2"]
    assert not (root / "public/page/2").exists() and not (root / "public/tags/news/page").exists()


def test_a_page_at_a_later_list_page_is_a_clash(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site", {**FILES, "content/two.md": "---\ntitle: Two\nurl: /page/2/\n---\n"}, site_toml=PAGINATED
    )
    with pytest.raises(BuildError) as raised:
        build(root)
    assert any(
        "'/page/2/' is already used by a later page of the list of the home page" in str(p)
        for p in raised.value.problems
    )


def test_removing_pages_removes_the_later_list_pages_as_a_clean_build_would(site: Path, tmp_path: Path) -> None:
    for day in (1, 2, 3):
        (site / f"content/post-{day:02}.md").unlink()
    build(site)
    assert not (site / "public/page/2/index.html").exists() and not (site / "public/page/1/index.html").exists()
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


def test_adding_a_page_shifts_every_list_page_as_a_clean_build_would(site: Path, tmp_path: Path) -> None:
    write_site(site, dict([post("Post 6", 6)]), site_toml=None)
    build(site)
    assert listed_titles(read_output(site, "page/3/index.html")) == ["Post 2", "Post 1"]
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


def test_split_lists_and_their_redirects_are_valid_html(site: Path) -> None:
    pages = [path for path in html_files(site / "public") if "page" in path.parts or path.parent.name == "stories"]
    assert validate_html(pages) == []
