"""Short link settings, codes and host rules (render/short_links.py)."""

from __future__ import annotations

from pathlib import Path

from smo_gen.render.short_links import (
    LinkTable,
    ShortLinkSettings,
    TrackedLink,
    make_link_table,
    parse_short_link_settings,
    render_htaccess,
    render_netlify_redirects,
    render_nginx_map,
    short_code,
)
from tests.support.builders import make_config, make_page, make_site_model


def test_short_links_are_on_with_the_table_and_off_without_it() -> None:
    assert parse_short_link_settings({}, "") == (ShortLinkSettings(enabled=False), [])
    assert parse_short_link_settings({"short_links": {}}, "[short_links]\n") == (ShortLinkSettings(enabled=True), [])
    off, problems = parse_short_link_settings({"short_links": {"enabled": False}}, "")
    assert not off.enabled and not problems
    moved, _ = parse_short_link_settings({"short_links": {"path": "s"}}, "")
    assert moved.path == "/s/"


def test_bad_short_link_settings_name_the_line_and_key() -> None:
    text = 'title = "x"\n[short_links]\npath = "/a b/"\nlenght = 5\n'
    settings, problems = parse_short_link_settings({"short_links": {"path": "/a b/", "lenght": 5}}, text)
    assert settings.path == "/go/"
    assert [str(problem) for problem in problems] == [
        (
            "site.toml:3: short_links.path: expected a folder such as "
            "'/go/' (lower-case letters, digits, '-' and '_'), got '/a b/'"
        ),
        "site.toml:4: short_links.lenght: unknown key 'lenght' (expected one of: enabled, path)",
    ]


def test_a_code_depends_only_on_campaign_audience_network_placement_and_variant() -> None:
    code = short_code("spring-drive", "", "qr", "window", "")
    assert code == short_code("spring-drive", "", "qr", "window", "")
    assert len(code) == 7 and code.isalnum() and code == code.lower()
    others = {
        short_code("spring-drive", "families", "qr", "window", ""),
        short_code("spring-drive", "", "qr", "flyer", ""),
        short_code("spring-drive", "", "x", "window", ""),
        short_code("spring-drive", "", "qr", "window", "a"),
        short_code("fizz", "", "qr", "window", ""),
    }
    assert code not in others and len(others) == 5


def test_two_pages_of_one_campaign_get_different_codes(tmp_path: Path) -> None:
    first = make_page(url_path="/a/", slug="a", campaign="shared", source_path="content/a.md")
    second = make_page(url_path="/b/", slug="b", campaign="shared", source_path="content/b.md")
    site = make_site_model(make_config(tmp_path), [first, second])
    table = make_link_table(site, ShortLinkSettings(enabled=True))
    codes = [link.code for link in table.links]
    assert len(codes) == len(set(codes))
    plain = {link.code for link in table.links if link.page == "/a/"}
    assert plain == {short_code("shared", "", link.network, "", "") for link in table.for_page("/a/")}


def test_host_rules_list_each_code_with_and_without_its_slash() -> None:
    link = TrackedLink("abc1234", "/p/", "c", "", "x", "", "", "https://s.example/p/?utm_source=x&utm_campaign=c")
    table = LinkTable(ShortLinkSettings(enabled=True), (link,))
    assert render_netlify_redirects(table, "/blog").decode().splitlines()[1:] == [
        "/blog/go/abc1234/ https://s.example/p/?utm_source=x&utm_campaign=c 302",
        "/blog/go/abc1234 https://s.example/p/?utm_source=x&utm_campaign=c 302",
    ]
    nginx = render_nginx_map(table, "").decode()
    assert (
        "map $uri $smo_short_link {" in nginx
        and '    /go/abc1234 "https://s.example/p/?utm_source=x&utm_campaign=c";' in nginx
    )
    assert render_htaccess(table, "").decode().splitlines()[1] == (
        'RedirectMatch 302 "^/go/abc1234/?$" "https://s.example/p/?utm_source=x&utm_campaign=c"'
    )
