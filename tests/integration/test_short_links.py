"""Short links and QR codes in a built site: redirect pages, host rules, share links, the manifest."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.support.measure_site import MEASURE_TOML, decode_qr, require_zbarimg, write_measure_site
from tests.support.sites import BASE_URL, SITE_TOML, build, build_problems, clean_copy_build, read_output


def _links(root: Path) -> list[dict[str, object]]:
    manifest = json.loads(read_output(root, "manifest.json"))
    items: list[dict[str, object]] = manifest["links"]["items"]
    return items


def _refresh_target(html: str) -> str:
    match = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    assert match, "the short link page has no meta refresh"
    return unescape(match.group(1))


def test_each_short_link_page_sends_readers_to_its_tagged_page_without_script(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site")
    build(root)
    links = _links(root)
    window = next(link for link in links if link["placement"] == "window" and not link["audience"])
    html = read_output(root, f"go/{window['code']}/index.html")
    target = _refresh_target(html)
    assert target == window["target"]
    assert f'<a href="{target.replace("&", "&amp;")}">' in html, (
        "no plain link for readers whose browser ignores the refresh"
    )
    assert "<script" not in html
    query = parse_qs(urlsplit(target).query)
    assert urlsplit(target).path == "/drive/"
    assert query == {
        "utm_source": ["qr"],
        "utm_medium": ["qr"],
        "utm_campaign": ["spring-drive"],
        "utm_content": ["window"],
    }


def test_share_links_carry_the_short_links_and_hosts_get_redirect_rules(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site")
    build(root)
    links = _links(root)
    x_link = next(link for link in links if link["page"] == "/drive/families/" and link["network"] == "x")
    page = read_output(root, "drive/families/index.html")
    assert f"url=https%3A%2F%2Fshop.example%2Fgo%2F{x_link['code']}%2F" in page, (
        "the X share link does not go through /go/"
    )
    assert parse_qs(urlsplit(str(x_link["target"])).query)["utm_content"] == ["families"]
    redirects = read_output(root, "_redirects")
    assert f"/go/{x_link['code']}/ {x_link['target']} 302\n" in redirects
    nginx = read_output(root, "go/short-links.nginx.conf")
    assert f'    /go/{x_link["code"]}/ "{x_link["target"]}";' in nginx
    htaccess = read_output(root, "go/.htaccess")
    assert f'RedirectMatch 302 "^/go/{x_link["code"]}/?$" "{x_link["target"]}"' in htaccess
    # Every share network and QR placement of both pages and the audience variant has one code.
    assert len({link["code"] for link in links}) == len(links) == 3 * 3 + 2 + 2 + 1


def test_qr_codes_decode_to_exactly_their_short_links(tmp_path: Path) -> None:
    zbarimg = require_zbarimg()
    root = write_measure_site(tmp_path / "site")
    build(root)
    printed = [link for link in _links(root) if link.get("qr")]
    assert {(link["campaign"], link["audience"], link["placement"]) for link in printed} == {
        ("spring-drive", None, "window"),
        ("spring-drive", None, "flyer"),
        ("spring-drive", "families", "window"),
        ("spring-drive", "families", "flyer"),
        ("fizz-26", None, "can"),
    }
    for link in printed:
        qr = link["qr"]
        assert isinstance(qr, dict)
        short_url = f"{BASE_URL}go/{link['code']}/"
        assert link["short_url"] == qr["data"] == short_url
        assert decode_qr(zbarimg, root / "public" / qr["png"]) == [short_url], qr["png"]
        svg = read_output(root, qr["svg"])
        assert svg.startswith("<svg") and "<script" not in svg


def test_codes_and_qr_files_are_identical_across_two_clean_builds(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site")
    first = clean_copy_build(root, tmp_path / "one")
    second = clean_copy_build(root, tmp_path / "two")
    measured = {path: digest for path, digest in first.items() if path.startswith(("go/", "qr/", "_redirects"))}
    assert len([path for path in measured if path.endswith(".png")]) == 5
    assert measured == {path: second[path] for path in measured}
    assert first["manifest.json"] == second["manifest.json"]


def test_codes_stay_when_the_page_text_changes(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site")
    build(root)
    before = {(link["page"], link["network"], link["placement"]): link["code"] for link in _links(root)}
    drive = root / "content" / "drive.md"
    drive.write_text(drive.read_text().replace("Book a test drive", "Test-drive the estate"))
    build(root)
    after = {(link["page"], link["network"], link["placement"]): link["code"] for link in _links(root)}
    assert before == after


def test_without_short_links_qr_codes_encode_the_tagged_page(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site", MEASURE_TOML.replace("[short_links]\n", ""))
    build(root)
    assert not (root / "public" / "go").exists() and not (root / "public" / "_redirects").exists()
    links = _links(root)
    assert links and all(link["qr"] for link in links), "only printed codes are listed without short links"
    can = next(link for link in links if link["placement"] == "can")
    assert can["short_url"] is None
    assert can["qr"]["data"] == f"{BASE_URL}fizz/?utm_source=qr&utm_medium=qr&utm_campaign=fizz-26&utm_content=can"  # type: ignore[index]


def test_a_site_without_short_links_or_qr_codes_is_unchanged(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site", SITE_TOML)
    (root / "content" / "drive.md").write_text("---\ntitle: Plain\ndate: 2026-10-01\n---\nText.\n")
    (root / "content" / "fizz.md").unlink()
    build(root)
    assert "links" not in json.loads(read_output(root, "manifest.json"))
    assert not (root / "public" / "qr").exists()


def test_bad_settings_and_placements_are_reported_with_their_place(tmp_path: Path) -> None:
    toml = MEASURE_TOML.replace("[short_links]\n", '[short_links]\npath = "/Go Here/"\nenable = true\n')
    root = write_measure_site(tmp_path / "site", toml)
    (root / "content" / "fizz.md").write_text("---\ntitle: Fizz\ndate: 2026-09-01\nqr: [Shop Window]\n---\nText.\n")
    messages = build_problems(root)
    assert any("site.toml" in m and "short_links.path" in m and "'/Go Here/'" in m for m in messages), messages
    assert any("short_links.enable" in m and "unknown key 'enable'" in m for m in messages), messages
    assert any(
        m.startswith("error: content/fizz.md:4: front matter: 'qr'")
        or "content/fizz.md:4" in m
        and "'Shop Window'" in m
        for m in messages
    ), messages


def test_syndicated_posts_link_through_the_short_links(tmp_path: Path) -> None:
    from smo_gen.syndicate.entries import load_manifest
    from smo_gen.syndicate.networks import ADAPTERS
    from smo_gen.syndicate.targets import Target

    toml = MEASURE_TOML + '\n[targets.masto]\nnetwork = "mastodon"\ninstance = "https://m.example"\n'
    root = write_measure_site(tmp_path / "site", toml)
    build(root)
    by_page = {(link["page"], link["network"]): link for link in _links(root)}
    entry = next(entry for entry in load_manifest(root / "public").entries if entry.id == "/drive/")
    post = ADAPTERS["mastodon"]().compose(entry, Target(name="masto", network="mastodon", credential="TOKEN"))
    mastodon = by_page[("/drive/", "mastodon")]  # a target's network gets codes even when not a share button
    assert post.link == mastodon["short_url"] and post.link in post.text
    assert parse_qs(urlsplit(str(mastodon["target"])).query)["utm_source"] == ["mastodon"]


def test_the_sites_own_redirects_are_kept_first_in_the_redirects_file(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site")
    (root / "static" / "_redirects").write_text("/old-offer/ /drive/ 301")
    build(root)
    redirects = read_output(root, "_redirects")
    assert redirects.startswith("/old-offer/ /drive/ 301\n# Short links made by smo-gen")
    assert redirects.count(" 302\n") == 2 * 14


def test_short_link_pages_and_the_measured_report_are_valid_html(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from smo_gen.cli import main
    from tests.support.validators import validate_html

    root = write_measure_site(tmp_path / "site")
    build(root)
    (root / "access.log").write_text(
        '203.0.113.1 - - [07/Dec/2026:10:00:00 +0000] "GET /fizz/?utm_source=qr&utm_medium=qr'
        '&utm_campaign=fizz-26&utm_content=can HTTP/1.1" 200 1 "-" "Firefox/133.0"\n'
    )
    report = tmp_path / "report.html"
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--site",
            str(root),
            "--access-log",
            str(root / "access.log"),
            "--format",
            "html",
            "--file",
            str(report),
        ],
    )
    assert result.exit_code == 0, result.output
    pages = sorted((root / "public" / "go").glob("*/index.html"))[:3]
    assert validate_html([*pages, report]) == []
