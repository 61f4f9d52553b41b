"""The social preview at /_smo/ and `smo-gen check` give one verdict over the same pages."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from click.testing import CliRunner

from smo_gen.check.command import check_built_site
from smo_gen.cli import main
from smo_gen.serve.preview import make_preview_entries, render_preview_page
from tests.support.sites import AUDIENCES_TOML, BASE_URL, SITE_TOML, build, write_site

LOCAL = "http://127.0.0.1:8123/"
SITE = (
    SITE_TOML
    + AUDIENCES_TOML
    + """
[targets.mastodon]
network = "mastodon"
instance = "https://mastodon.example"
credential = "SMO_TEST_TOKEN"

[targets.bluesky-cold]
network = "bluesky"
handle = "shop.example"
credential = "SMO_TEST_PASSWORD"
audiences = ["cold"]
"""
)
PAGES: dict[str, str | bytes] = {
    "content/sale.md": (
        "---\ntitle: Spring sale\ndescription: Everything half price.\nmessage: 'Spring sale: 30% off'\n"
        "date: 2026-05-01\ntags: [sales]\naudiences:\n  hot:\n"
        "    title: Ice-cold deals\n  cold:\n    title: Warm deals\n---\nOn.\n"
    ),
    # A title past where X cuts it: a warning, with its fix.
    "content/long.md": f"---\ntitle: {'A very long title ' * 5}\ndate: 2026-05-02\n---\nLong.\n",
}


def built(tmp_path: Path) -> Path:
    site = write_site(tmp_path / "site", PAGES, SITE)
    build(site, base_url=LOCAL)  # as serve builds: at the local address
    return site


def test_the_preview_covers_every_page_check_checks_with_the_same_findings(tmp_path: Path) -> None:
    public = built(tmp_path) / "public"
    checked = {report.file: report.findings for report in check_built_site(public, None)}
    previewed = {entry.report.file: entry.report.findings for entry in make_preview_entries(public, LOCAL, BASE_URL)}
    assert previewed == checked
    assert {"tags/index.html", "tags/sales/index.html", "audiences/hot/index.html", "sale/cold/index.html"} <= set(
        previewed
    )
    assert any(finding.fix for findings in previewed.values() for finding in findings), "findings carry their fix"


def test_the_preview_shows_production_addresses_one_card_per_shape_and_each_target_s_post(tmp_path: Path) -> None:
    site = built(tmp_path)
    html = render_preview_page(site / "public", LOCAL, (), site).decode()
    assert "127.0.0.1" not in re.sub(r'(href|src)="[^"]*"', "", html), "shown addresses are the production ones"
    assert '<a href="/sale/">https://shop.example/sale/</a>' in html
    assert html.count("<figcaption>") < 5 * html.count('<section class="page"'), "networks that draw alike share a card"
    assert "fix: shorten the page&#39;s &#39;title&#39; to 88 characters or fewer" in html
    sale = html[html.index("<h2>Spring sale</h2>") :]
    mastodon = re.search(r"<h4>mastodon .*?</article>", sale, re.DOTALL)
    assert mastodon is not None
    assert "Spring sale: 30% off\n\nhttps://shop.example/sale/?utm_source=mastodon" in mastodon.group()
    assert re.search(r"length \d+/500 \(graphemes, every URL 23\)", mastodon.group())
    cold = html[html.index("<h2>Warm deals") :]
    assert re.search(r"<h4>bluesky-cold .*?shop.example/sale/cold/.*?length \d+/300 \(graphemes\)", cold, re.DOTALL)


def test_the_post_text_is_the_one_the_dry_run_prints(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES, SITE)
    build(site)  # at the production address, as syndicate reads it
    dry_run = CliRunner().invoke(main, ["syndicate", "--site", str(site)]).output
    posted = re.search(r"── /sale/ → mastodon \(Mastodon\)\n((?:   │.*\n)+)", dry_run)
    assert posted is not None, dry_run
    text = "\n".join(line.removeprefix("   │ ").removeprefix("   │") for line in posted.group(1).splitlines())
    html = render_preview_page(site / "public", BASE_URL, (), site).decode()
    assert f"<pre>{text}</pre>" in unescape(html)


def test_check_and_the_preview_agree_that_a_fresh_site_is_fine(tmp_path: Path) -> None:
    runner = CliRunner()
    site = tmp_path / "fresh"
    assert runner.invoke(main, ["new", "site", str(site)]).exit_code == 0
    assert runner.invoke(main, ["build", "--site", str(site)]).exit_code == 0
    checked = runner.invoke(main, ["check", "--site", str(site)])
    assert checked.exit_code == 0 and "0 break a network's rules" in checked.output, checked.output
    html = render_preview_page(site / "public", "https://example.com/", (), site).decode()
    assert "none breaks a network's rules" in html
