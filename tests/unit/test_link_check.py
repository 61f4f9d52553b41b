"""The link check as a pure function: links in, warnings out, against what a build writes."""

from __future__ import annotations

from smo_gen.check.links import (
    LinkSource,
    LinkTargets,
    check_links,
    find_dest,
    parse_ids,
    parse_link_check_settings,
)
from smo_gen.content.content_links import ContentLink

DESTS = frozenset(
    {
        "index.html",
        "summer/index.html",
        "about/index.html",
        "campaigns/volta/index.html",
        "campaigns/volta/side.jpg",
        "2019/09/26/Rust-1.38.0",
        "images/logo.png",
        "feed.xml",
        "volta/index.html",  # an alias
    }
)
IDS = {
    "about/index.html": frozenset({"main", "the-team", "jonas-berg"}),
    "campaigns/volta/index.html": frozenset({"specifications"}),
}


def targets(base_url: str = "https://shop.example/", **extra: object) -> LinkTargets:
    return LinkTargets(dests=DESTS, base_url=base_url, ids=IDS.get, **extra)  # type: ignore[arg-type]


def warnings(
    *links: ContentLink, page_path: str = "/summer/", target: LinkTargets | None = None, source_file: str = "summer.md"
) -> list[str]:
    source = LinkSource("content/summer.md", page_path, links, source_file)
    return [str(problem) for problem in check_links([source], target or targets())]


def test_links_to_outputs_pass() -> None:
    assert (
        warnings(
            ContentLink("/about/", 1),
            ContentLink("/about", 2),  # a server answers with /about/
            ContentLink("../campaigns/volta/", 3),
            ContentLink("/campaigns/volta/side.jpg", 4, "src", "img"),
            ContentLink("/feed.xml", 5),
            ContentLink("/volta/", 6),
            ContentLink("/2019/09/26/Rust-1.38.0", 7),
            ContentLink("https://shop.example/about/#jonas-berg", 8),
            ContentLink("?utm_source=x", 9),
            ContentLink("#top", 10),
            ContentLink("https://elsewhere.example/nothing/", 11),
            ContentLink("//elsewhere.example/nothing/", 12),
            ContentLink("/images/logo.png?v=2", 13, "src", "img"),
        )
        == []
    )


def test_a_missing_page_names_file_line_and_the_closest_output() -> None:
    assert warnings(ContentLink("campaigns/volta/", 41)) == [
        (
            "warning: content/summer.md:41: links to 'campaigns/volta/', but the site has nothing at "
            "'/summer/campaigns/volta/' (did you mean '/campaigns/volta/'?)"
        )
    ]


def test_suggestions_cover_case_the_final_slash_and_a_close_name_in_the_folder() -> None:
    assert warnings(
        ContentLink("/About/", 1),
        ContentLink("/2019/09/26/Rust-1.38.0/", 2),
        ContentLink("/campaigns/volta/sid.jpg", 3, "src", "img"),
        ContentLink("/nowhere/at-all/", 4),
    ) == [
        (
            "warning: content/summer.md:1: links to '/About/', "
            "but the site has nothing at '/About/' (did you mean '/about/'?)"
        ),
        (
            "warning: content/summer.md:2: links to '/2019/09/26/Rust-1.38.0/', but the site has nothing at "
            "'/2019/09/26/Rust-1.38.0/' (did you mean '/2019/09/26/Rust-1.38.0'?)"
        ),
        (
            "warning: content/summer.md:3: shows the image '/campaigns/volta/sid.jpg', but the site has nothing at "
            "'/campaigns/volta/sid.jpg' (did you mean '/campaigns/volta/side.jpg'?)"
        ),
        (
            "warning: content/summer.md:4: links to '/nowhere/at-all/', but the site has "
            "nothing at '/nowhere/at-all/' (correct the address, or write the page it points to)"
        ),
    ]


def test_a_fragment_must_name_an_id_of_the_target_when_its_ids_are_known() -> None:
    assert warnings(
        ContentLink("/about/#jonas", 3),
        ContentLink("/campaigns/volta/#specs", 4, owner="the call to action 'Specs'"),
        ContentLink("/about/#the-team", 5),
        ContentLink("/feed.xml#anything", 6),  # no ids known: trusted
        ContentLink("#anywhere", 7),  # this page's ids are not known either
    ) == [
        (
            "warning: content/summer.md:3: links to '/about/#jonas', but '/about/' has no element with the id 'jonas' "
            "(did you mean '#jonas-berg'?)"
        ),
        (
            "warning: content/summer.md:4: the call to action 'Specs' links to '/campaigns/volta/#specs', but "
            "'/campaigns/volta/' has no element with the id 'specs' (did you mean '#specifications'?)"
        ),
    ]


def test_absolute_links_to_the_site_itself_are_checked_within_its_folder() -> None:
    under_blog = LinkTargets(dests=DESTS, base_url="https://shop.example/blog/")
    assert warnings(
        ContentLink("https://SHOP.example/blog/about/", 1),
        ContentLink("https://shop.example/blog/gone/", 2),
        ContentLink("https://shop.example/elsewhere/", 3),  # outside the site's folder: not ours
        ContentLink("/blog/about/", 4),  # written with the site's folder
        target=under_blog,
    ) == [
        (
            "warning: content/summer.md:2: links to 'https://shop.example/blog/gone/', "
            "but the site has nothing at '/gone/' (correct the address, or write the page it points to)"
        )
    ]


def test_links_by_source_file_follow_the_page_and_other_markdown_files_get_a_hint() -> None:
    by_source = targets(source_pages={"campaigns/volta/index.md": "/campaigns/volta/", "about.md": "/about/"})
    assert warnings(
        ContentLink("@/campaigns/volta/index.md#specifications", 1),
        ContentLink("@/campaigns/volta/index.md#specs", 2),
        ContentLink("@/missing.md", 3),  # reported where it is resolved (content/internal_links.py)
        ContentLink("about.md", 4),
        target=by_source,
    ) == [
        (
            "warning: content/summer.md:2: links to '@/campaigns/volta/index.md#specs', but '/campaigns/volta/' has no "
            "element with the id 'specs' (did you mean '#specifications'?)"
        ),
        (
            "warning: content/summer.md:4: links to 'about.md', but the site has nothing at '/summer/about.md' "
            "(did you mean '/about/', or '@/about.md' to follow that page wherever it moves?)"
        ),
    ]


def test_the_same_link_of_two_sources_at_one_place_is_reported_once() -> None:
    link = ContentLink("/gone/", 3, owner="the call to action 'Go'")
    sources = [LinkSource("content/a.md", "/a/", (link,)), LinkSource("content/a.md", "/audiences/hot/a/", (link,))]
    assert len(check_links(sources, targets())) == 1


def test_find_dest_and_parse_ids() -> None:
    assert find_dest("/", DESTS) == "index.html"
    assert find_dest("/about", DESTS) == "about/index.html"
    assert find_dest("/about/index.html", DESTS) == "about/index.html"
    assert find_dest("/images/", DESTS) is None
    page = b"""<h2 id="a&amp;b">x</h2><a name='old'></a><div data-id="not-an-id" id=bare></div>"""
    assert parse_ids(page) == {"a&b", "old", "bare"}


def test_a_link_to_a_page_left_out_says_why_and_what_builds_it() -> None:
    left_out = targets(unpublished={"/winter/": "draft", "/spring/": "scheduled"})
    assert warnings(ContentLink("/winter/", 3), ContentLink("/spring/#offers", 4), target=left_out) == [
        (
            "warning: content/summer.md:3: links to '/winter/', but '/winter/' is a draft, which this build leaves out "
            "(`smo-gen build --drafts` builds drafts; remove 'draft: true' to publish it)"
        ),
        (
            "warning: content/summer.md:4: links to '/spring/#offers', but '/spring/' is a page whose date is still to "
            "come, which this build leaves out (`smo-gen build --future` builds it)"
        ),
    ]


def test_links_under_a_skipped_prefix_are_not_checked() -> None:
    skipping = targets(skip_prefixes=("/docs/", "https://shop.example/api/"))
    assert warnings(
        ContentLink("/docs/setup/", 1),
        ContentLink("../docs/setup/#install", 2),  # resolved to /docs/setup/
        ContentLink("https://shop.example/api/v1/", 3),
        ContentLink("/doc/", 4),
        target=skipping,
    ) == [
        (
            "warning: content/summer.md:4: links to '/doc/', but the site has "
            "nothing at '/doc/' (correct the address, or write the page it points to)"
        )
    ]


def test_skip_prefixes_are_read_from_site_toml_and_checked() -> None:
    assert parse_link_check_settings({"skip_prefixes": ["/docs/", "https://a.example/x/"]}, lambda key: None) == (
        ("/docs/", "https://a.example/x/"),
        [],
    )
    prefixes, problems = parse_link_check_settings({"skip_prefixes": ["docs/"], "skip_prefix": 1}, lambda key: 9)
    assert prefixes == ()
    assert [str(problem) for problem in problems] == [
        (
            "site.toml:9: link_check.skip_prefixes: 'docs/' is neither a site path nor a URL (for example '/docs/' or "
            "'https://example.com/docs/')"
        ),
        "site.toml:9: link_check.skip_prefix: unknown key (did you mean 'skip_prefixes'?)",
    ]
