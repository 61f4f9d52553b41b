"""Broken links, images, fragments and calls to action in content are warnings naming the
file and the line; a verdict follows the other pages, build after build."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.cli import run_build, run_cli
from tests.support.sites import SITE_TOML, build, png_bytes, tree_digest, write_site

SUMMER = """
---
title: Summer
date: 2026-06-01
cta:
  label: Find a shop
  url: /shops/#map
---

See [our shops](shops/) and
[the specs](/volta/#specs).

![A bottle](images/bottle.png)

<video src="/media/film.mp4"
       poster="/images/default.png"></video>

Read [about us](/about/#team), [the launch](@/volta.md#specifications) and [the news](/news/).
"""
FILES: dict[str, str | bytes] = {
    "content/summer.md": SUMMER,
    "content/shops.md": "---\ntitle: Shops\ndate: 2026-05-01\n---\n\nEvery shop.\n",
    "content/volta.md": "---\ntitle: Volta\ndate: 2026-05-02\n---\n\n## Specifications\n\nFast.\n",
    "content/about.md": "---\ntitle: About\n---\n\n## The team\n\nUs.\n",
}
EXPECTED = [
    (
        "warning: content/summer.md:9: links to 'shops/', "
        "but the site has nothing at '/summer/shops/' (did you mean '/shops/'?)"
    ),
    (
        "warning: content/summer.md:10: links to '/volta/#specs', but '/volta/' has no element with the id 'specs' "
        "(did you mean '#specifications'?)"
    ),
    (
        "warning: content/summer.md:12: shows the image 'images/bottle.png', but the site has nothing at "
        "'/summer/images/bottle.png' (put the file beside the page or in static/, or correct the path)"
    ),
    (
        "warning: content/summer.md:14: loads '/media/film.mp4' (<video src>), "
        "but the site has nothing at '/media/film.mp4' "
        "(put the file beside the page or in static/, or correct the path)"
    ),
    (
        "warning: content/summer.md:17: links to '/about/#team', but '/about/' has no element with the id 'team' "
        "(did you mean '#the-team'?)"
    ),
    (
        "warning: content/summer.md:17: links to '/news/', but the site has nothing at '/news/' "
        "(correct the address, or write the page it points to)"
    ),
    (
        "warning: content/summer.md:4: the call to action 'Find a shop' links to '/shops/#map', but '/shops/' has no "
        "element with the id 'map'"
    ),
]


def link_warnings(site: Path, **options: object) -> tuple[list[str], int]:
    summary, reporter = build(site, **options)
    return [str(p) for p in reporter.problems if p.severity == "warning"], summary.written


def test_every_broken_link_image_fragment_and_cta_is_named_with_its_line(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)
    warnings, _ = link_warnings(site)
    assert warnings == EXPECTED


def test_a_verdict_follows_the_other_pages_and_a_build_without_changes_repeats_it(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)
    assert link_warnings(site)[0] == EXPECTED
    assert link_warnings(site) == (EXPECTED, 0), "nothing changed: nothing written, the same warnings"

    # summer.md stays as it is; the pages it links to change.
    write_site(site, {"content/news.md": "---\ntitle: News\ndate: 2026-04-01\n---\n\nNews.\n"}, site_toml=None)
    (site / "content/about.md").write_text("---\ntitle: About\n---\n\n## Team\n\nUs.\n", encoding="utf-8")
    (site / "content/volta.md").write_text(
        "---\ntitle: Volta\ndate: 2026-05-02\n---\n\n## Specs\n\nFast.\n", encoding="utf-8"
    )
    warnings, _ = link_warnings(site)
    assert warnings == [
        EXPECTED[0],
        EXPECTED[2],
        EXPECTED[3],
        (
            "warning: content/summer.md:17: links to '@/volta.md#specifications', but '/volta/' has no element with "
            "the id 'specifications' (did you mean '#specs'?)"
        ),
        EXPECTED[6],
    ]

    (site / "content/volta.md").unlink()
    warnings, _ = link_warnings(site)
    assert (
        "warning: content/summer.md:10: links to '/volta/#specs', but the site has "
        "nothing at '/volta/' (correct the address, or write the page it points to)" in warnings
    )
    assert (
        "warning: content/summer.md:17: links to '@/volta.md', "
        "which is not a published page; the link is left as written" in warnings
    )


def test_links_into_bundles_static_files_aliases_feeds_and_the_site_address_pass(tmp_path: Path) -> None:
    page = """
    ---
    title: Fine
    date: 2026-06-01
    aliases: [/old-fine/]
    ---

    ![photo](photo.png) [feed](/feed.xml) [old](/old-fine/) [logo](/images/default.png)
    [home](https://shop.example/) [tags](/tags/) [self](#fine-things) [mail](mailto:a@b.example)
    [top](#top) [away](https://elsewhere.example/missing/)

    ## Fine things
    """
    site = write_site(tmp_path, {"content/fine/index.md": page, "content/fine/photo.png": png_bytes(20, 20)})
    assert link_warnings(site)[0] == []


def test_strict_mode_fails_on_warnings_and_leaves_the_output_untouched(tmp_path: Path, monkeypatch: object) -> None:
    site = write_site(tmp_path, {"content/fine.md": "---\ntitle: Fine\ndate: 2026-05-01\n---\n\nFine.\n"})
    code, output = run_build(site, "--strict")
    assert code == 0, output
    before = tree_digest(site / "public")

    write_site(
        site,
        {"content/fine.md": "---\ntitle: Fine\ndate: 2026-05-01\ndescripton: a sale\n---\n\nSee [gone](/gone/).\n"},
        None,
    )
    code, output = run_build(site, "--strict")
    assert code == 1
    assert output.splitlines() == [
        (
            "error: content/fine.md:4: front matter: 'descripton': is not a key smo-gen knows; kept for templates as "
            "page.params (did you mean 'description'?)"
        ),
        (
            "error: content/fine.md:7: links to '/gone/', but the site has nothing "
            "at '/gone/' (correct the address, or write the page it points to)"
        ),
        (
            "2 problems; the strict mode counts every warning as an error; nothing was written, the previous output "
            "is untouched."
        ),
    ]
    assert tree_digest(site / "public") == before

    code, output = run_build(site)
    assert code == 0 and "warning: content/fine.md:7: links to '/gone/'" in output
    built = tree_digest(site / "public")
    code, output = run_build(site, "--strict")  # nothing changed since: the warnings still count
    assert code == 1 and "error: content/fine.md:7: links to '/gone/'" in output
    assert tree_digest(site / "public") == built

    (site / "site.toml").write_text("strict = true\n" + SITE_TOML, encoding="utf-8")
    code, output = run_build(site)
    assert code == 1 and "the strict mode counts every warning as an error" in output
    code, output = run_build(site, "--no-strict")
    assert code == 0, output


def test_a_new_site_and_a_new_campaign_build_under_the_strict_mode(tmp_path: Path) -> None:
    site = tmp_path / "fresh"
    assert run_cli("new", "site", str(site)).exit_code == 0
    assert run_cli("new", "campaign", "Spring sale", "--site", str(site)).exit_code == 0
    code, output = run_build(site, "--strict", "--drafts")
    assert code == 0, output
    assert "warning" not in output


def test_a_link_to_a_draft_says_so_and_builds_with_drafts(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/summer.md": "---\ntitle: Summer\ndate: 2026-06-01\n---\n\nSoon: [winter](/winter/).\n",
            "content/winter.md": "---\ntitle: Winter\ndate: 2026-06-02\ndraft: true\n---\n\nCold.\n",
        },
    )
    assert link_warnings(site)[0] == [
        (
            "warning: content/summer.md:6: links to '/winter/', but '/winter/' is a draft, which this build leaves out "
            "(`smo-gen build --drafts` builds drafts; remove 'draft: true' to publish it)"
        )
    ]
    assert link_warnings(site, drafts=True)[0] == []


def test_skip_prefixes_in_site_toml_leave_paths_served_elsewhere_alone(tmp_path: Path) -> None:
    page = "---\ntitle: Guide\ndate: 2026-06-01\n---\n\nSee [the docs](/docs/setup/) and [the API](https://shop.example/api/).\n"
    site = write_site(
        tmp_path, {"content/guide.md": page}, SITE_TOML + '\n[link_check]\nskip_prefixes = ["/docs/", "/api/"]\n'
    )
    assert link_warnings(site)[0] == []


def test_an_author_page_on_this_site_is_checked_like_any_link(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Notes\ndate: 2026-06-02\nauthors:\n  - Ann\n"
        "  - name: Bo\n    url: https://shop.example/team/bo/\n---\n\nNotes.\n"
    )
    site = write_site(tmp_path, {**FILES, "content/notes.md": page})
    warnings, _ = link_warnings(site)
    expected = (
        "warning: content/notes.md:4: the author 'Bo' links to 'https://shop.example/team/bo/', "
        "but the site has nothing at '/team/bo/' (correct the address, or write the page it points to)"
    )
    assert [warning for warning in warnings if "notes.md" in warning] == [expected]


def test_a_pages_kept_verdict_follows_the_pages_it_links_to_as_a_clean_build_does(tmp_path: Path) -> None:
    # Pages without a `#part` link keep their verdict from the last build while nothing they are
    # checked against changed (check/link_reuse.py): each build's warnings are a clean build's.
    site = write_site(
        tmp_path / "site",
        {
            "content/a.md": "---\ntitle: A\ndate: 2026-05-01\n---\n\nSee [b](/b/) and [c](/c/).\n",
            "content/b.md": "---\ntitle: B\ndate: 2026-05-02\n---\n\nSee [a](/a/).\n",
            "content/c.md": "---\ntitle: C\ndate: 2026-05-03\n---\n\nPlain.\n",
        },
    )
    steps = [
        lambda: (site / "content/c.md").unlink(),  # a.md unchanged, its link now broken
        lambda: write_site(site, {"content/d.md": "---\ntitle: D\n---\n\nNew.\n"}, site_toml=None),  # unrelated
        lambda: write_site(site, {"content/c.md": "---\ntitle: C\n---\n\nBack.\n"}, site_toml=None),
        lambda: write_site(site, {"content/b.md": "---\ntitle: B\n---\n\nSee [e](/e/).\n"}, site_toml=None),
        lambda: write_site(site, {"content/b.md": "---\ntitle: B\ndraft: true\n---\n\nA draft.\n"}, site_toml=None),
    ]
    link_warnings(site)
    for number, step in enumerate(steps):
        step()
        warnings, _ = link_warnings(site)
        clean = tmp_path / f"clean-{number}"
        shutil.copytree(site, clean, ignore=shutil.ignore_patterns("public", ".smo-cache"))
        assert warnings == link_warnings(clean)[0], f"after step {number}"
    assert warnings == [
        (
            "warning: content/a.md:6: links to '/b/', but '/b/' is a draft, which this build leaves out "
            "(`smo-gen build --drafts` builds drafts; remove 'draft: true' to publish it)"
        )
    ]
