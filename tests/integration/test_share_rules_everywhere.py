"""One engine for shares: the build's warnings, `smo-gen check` and the /_smo/ preview agree."""

from __future__ import annotations

from pathlib import Path

from smo_gen.check.command import check_built_site
from smo_gen.serve.preview import make_preview_entries
from tests.support.cli import run_build
from tests.support.sites import BASE_URL, SITE_TOML, build, png_bytes, write_site

LOCAL = "http://127.0.0.1:8123/"
SITE = (
    SITE_TOML
    + """
[cards]
enabled = false

[audiences.hot]
label = "Hot climates"
[audiences.cold]
label = "Cold climates"
"""
)
PAGES: dict[str, str | bytes] = {
    "static/images/square.png": png_bytes(400, 400),
    # A small square photo shared by the page and its two audience variants, with no alt text.
    "content/sale.md": (
        "---\ntitle: Spring sale\ndate: 2026-05-01\nimage: /images/square.png\ntags: [sales]\n"
        "audiences:\n  hot:\n    message: Ice-cold deals\n  cold:\n    message: Warm deals\n---\nOn.\n"
    ),
    "content/remote.md": (
        "---\ntitle: Remote\ndate: 2026-05-02\nimage: https://cdn.example/r.png\nimage_alt: A van\n---\nR.\n"
    ),
    "content/long.md": f"---\ntitle: {'A very long title ' * 5}\ndate: 2026-05-03\n---\nLong.\n",
}
VERDICTS = {"breaks the share": "error", "weakens the share": "warning"}


def test_build_warnings_check_and_the_preview_give_the_same_findings(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES, SITE)
    _, reporter = build(site)
    public = site / "public"
    checked = {
        (finding.level, finding.describe()) for report in check_built_site(public, None) for finding in report.findings
    }
    entries = make_preview_entries(public, LOCAL, BASE_URL)
    previewed = {(finding.level, finding.describe()) for entry in entries for finding in entry.report.findings}
    shares = [problem for problem in reporter.problems if problem.message.split(": ", 1)[0] in VERDICTS]
    warned = {(VERDICTS[problem.message.split(": ", 1)[0]], problem.message.split(": ", 1)[1]) for problem in shares}
    assert warned == checked == previewed
    assert {
        ("warning", "Facebook: image is 400x400; under 600x315 Facebook shows a small thumbnail"),
        ("warning", "og:image is on another host and was not measured: https://cdn.example/r.png"),
    } <= warned
    assert any(message.startswith("Facebook: title is 89 characters") for _, message in warned)


def test_each_finding_is_one_warning_with_its_fix_on_the_line_to_change(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES, SITE)
    _, reporter = build(site)
    small = [problem for problem in reporter.problems if "400x400; under 600x315" in problem.message]
    # The page and its two variants share the photo: one problem, on the line that names it.
    assert [(p.path, p.line, p.key, p.severity) for p in small] == [
        ("content/sale.md", 4, "front matter: 'image'", "warning")
    ]
    assert small[0].hint == "use an image of at least 1200x630, or leave out 'image' for a drawn card of that size"
    alt = [problem for problem in reporter.problems if "og:image:alt only repeats og:title" in problem.message]
    assert [(p.path, p.line) for p in alt] == [("content/sale.md", 4)], (
        "no alt text: shown beside the image it should describe"
    )
    assert alt[0].hint is not None and "'image_alt'" in alt[0].hint
    long = [problem for problem in reporter.problems if "title is 89 characters" in problem.message]
    assert {(p.path, p.line, p.key) for p in long} == {("content/long.md", 2, "front matter: 'title'")}


def test_a_list_page_s_finding_names_its_built_file_and_strict_builds_fail_on_it(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"content/a.md": "---\ntitle: A\nimage_alt: x\n---\nA.\n"},
        SITE.replace('default_image = "images/default.png"\n', ""),
    )
    code, output = run_build(site, "--strict")
    assert code == 1 and "public/index.html: breaks the share: no og:image: the share has no picture" in output
    _, reporter = build(site)
    lists = {
        problem.path for problem in reporter.problems if problem.message.startswith("breaks the share: no og:image")
    }
    assert {"public/index.html", "public/tags/index.html"} <= lists


def test_a_theme_that_writes_its_own_head_is_judged_by_what_it_wrote(tmp_path: Path) -> None:
    head = '<title>{{ meta.title }}</title>\n<meta property="og:title" content="{{ meta.social_title }}">\n'
    site = write_site(
        tmp_path / "site", {"content/a.md": "---\ntitle: A\n---\nA.\n", "templates/partials/head.html": head}, SITE
    )
    _, reporter = build(site)
    broken = {problem.message for problem in reporter.problems if problem.path == "content/a.md"}
    assert "breaks the share: no og:image: the share has no picture" in broken
    checked = {
        f"breaks the share: {f.describe()}"
        for r in check_built_site(site / "public", None)
        if r.file == "a/index.html"
        for f in r.errors
    }
    assert checked <= broken
