"""Inputs past a documented limit end in an error naming the file, in bounded time and memory."""

from __future__ import annotations

from pathlib import Path

from smo_gen.build.parsing import MAX_CONTENT_BYTES
from tests.hardening.test_bad_input import break_site, page


def test_a_markdown_page_past_the_size_limit_is_refused_naming_it(good_site: Path) -> None:
    """A 200 MB page needed 12 GB and died in a MemoryError; past 20 MB it is not parsed at all."""
    body = ("Spring sale on bikes. " * 50 + "\n\n") * (MAX_CONTENT_BYTES // 1100 + 1)
    output = break_site(good_site, {"content/huge.md": page("title: Huge\n", body)})
    assert "content/huge.md: is larger than 20 MB, the most a content file may hold" in output, output
    assert "split it into several pages" in output


def test_a_page_of_thousands_of_identical_headings_builds(good_site: Path) -> None:
    from tests.hardening.support import write_files
    from tests.support.cli import run_build

    write_files(good_site, {"content/headings.md": page("title: Headings\n", "## Sale\n\n" * 5000)})
    result = run_build(good_site)
    assert result.exit_code == 0, result.output
    html = (good_site / "public/headings/index.html").read_text()
    assert '<h2 id="sale">' in html and '<h2 id="sale-4999">' in html
