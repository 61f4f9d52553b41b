"""check/link_reuse: the last build's verdicts are taken again exactly for the pages whose
identity is as it was, when what the links are checked against is as it was; pages with a
`#part` link and pages built by hand are checked every time. The kept file reads back as
written, and a file of other code or a damaged one counts as none."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from smo_gen.build.caches.link_verdicts import KeptLinkVerdicts
from smo_gen.check.link_reuse import LinkVerdicts, check_reusing, targets_digest
from smo_gen.check.links import LinkTargets
from smo_gen.content.content_links import ContentLink
from smo_gen.errors import Problem
from smo_gen.site.model import Site
from tests.support.builders import MakePage, MakeSiteModel

ROOT = PurePosixPath("content")
TARGETS = LinkTargets(dests=frozenset({"index.html", "a/index.html"}), base_url="https://acme.example/")
# What the last build said of a page: never what this build's check would say of it.
REMEMBERED = Problem("a verdict of the last build", path="content/a.md", line=1, severity="warning")


def site_of(make_page: MakePage, make_site_model: MakeSiteModel, url: str, digest: str = "d" * 64) -> Site:
    page = make_page(slug="a", digest=digest, links=(ContentLink(url, 3),))
    return make_site_model([page])


def remembered(site: Site, digest: str) -> LinkVerdicts:
    identity = site.pages[0].stable_identity()
    assert identity is not None
    return LinkVerdicts(digest, found={identity: (("/gone/", REMEMBERED),)})


def test_an_unchanged_pages_verdict_is_taken_again_while_its_targets_are_as_they_were(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    site = site_of(make_page, make_site_model, "/gone/")
    digest = targets_digest(sorted(TARGETS.dests), TARGETS, ROOT)
    problems, kept = check_reusing(site, ROOT, TARGETS, digest, remembered(site, digest))
    assert problems == [REMEMBERED]
    assert kept.found == remembered(site, digest).found
    # Other targets (another output, another address): checked again, and found broken as it is.
    other = LinkTargets(dests=frozenset({"index.html"}), base_url=TARGETS.base_url)
    problems, kept = check_reusing(site, ROOT, other, "another digest", remembered(site, digest))
    assert [problem.message for problem in problems] == ["links to '/gone/', but the site has nothing at '/gone/'"]
    assert kept.targets == "another digest"


def test_a_changed_page_and_a_hand_built_one_are_checked_again(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    digest = "the same targets"
    before = remembered(site_of(make_page, make_site_model, "/gone/"), digest)
    changed = site_of(make_page, make_site_model, "/gone/", digest="e" * 64)  # its source changed
    by_hand = site_of(make_page, make_site_model, "/gone/", digest="")  # no identity
    for site in (changed, by_hand):
        problems, kept = check_reusing(site, ROOT, TARGETS, digest, before)
        assert [problem.message for problem in problems] == ["links to '/gone/', but the site has nothing at '/gone/'"]
    assert list(kept.found) == [] and kept.clean == frozenset(), "a page built by hand is never kept"


def test_a_page_with_a_part_link_is_never_kept(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    # The ids of the page it leads to may change while nothing else does.
    site = site_of(make_page, make_site_model, "/a/#part")
    _, kept = check_reusing(site, ROOT, TARGETS, "digest", None)
    assert kept == LinkVerdicts("digest")


def test_targets_are_digested_with_everything_a_verdict_depends_on() -> None:
    digest = targets_digest(["a/index.html"], TARGETS, ROOT)
    assert targets_digest(["a/index.html"], TARGETS, ROOT) == digest
    assert targets_digest(["b/index.html"], TARGETS, ROOT) != digest
    assert targets_digest(["a/index.html"], TARGETS, PurePosixPath("pages")) != digest
    for changed in (
        LinkTargets(TARGETS.dests, "https://acme.example/shop/"),
        LinkTargets(TARGETS.dests, TARGETS.base_url, source_pages={"a.md": "/a/"}),
        LinkTargets(TARGETS.dests, TARGETS.base_url, unpublished={"/b/": "draft"}),
        LinkTargets(TARGETS.dests, TARGETS.base_url, skip_prefixes=("/docs/",)),
    ):
        assert targets_digest(["a/index.html"], changed, ROOT) != digest


def test_kept_verdicts_read_back_as_written_and_a_damaged_file_as_none(tmp_path: Path) -> None:
    verdicts = LinkVerdicts("digest", frozenset({"p1", "p2"}), {"p3": (("/gone/", REMEMBERED),)})
    KeptLinkVerdicts(tmp_path, tmp_path / "public").save(verdicts)
    kept = KeptLinkVerdicts(tmp_path, tmp_path / "public")
    assert kept.previous == verdicts
    kept.path.write_text("[1, 2", encoding="utf-8")
    assert KeptLinkVerdicts(tmp_path, tmp_path / "public").previous is None
