"""The `smo-gen` command as a user types it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.sites import tree_digest, write_site

PAGES = {
    "content/live.md": "---\ntitle: Live\ndate: 2026-05-01\n---\nLive.\n",
    "content/draft.md": "---\ntitle: Draft\ndate: 2026-05-02\ndraft: true\n---\nDraft.\n",
    "content/future.md": "---\ntitle: Future\ndate: 2027-01-01\n---\nLater.\n",
    "content/expired.md": "---\ntitle: Expired\ndate: 2026-01-01\nexpiryDate: 2026-02-01\n---\nGone.\n",
}


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793534400")  # 2026-11-01T12:00:00Z


def published_titles(public: Path) -> set[str]:
    return {page["title"] for page in json.loads((public / "manifest.json").read_text())["pages"]}


def test_help_lists_the_commands() -> None:
    code, output = run_cli("--help")
    assert code == 0
    for command in ("build", "new"):
        assert command in output


def test_version() -> None:
    code, output = run_cli("--version")
    assert code == 0 and "smo-gen" in output


def test_build_leaves_out_drafts_scheduled_and_expired(tmp_path: Path) -> None:
    write_site(tmp_path, PAGES)
    code, output = run_cli("build", "--site", str(tmp_path))
    assert code == 0, output
    assert published_titles(tmp_path / "public") == {"Live"}
    sitemap = (tmp_path / "public" / "sitemap.xml").read_text()
    assert "/draft/" not in sitemap and "/future/" not in sitemap and "/expired/" not in sitemap
    assert "Draft" not in (tmp_path / "public" / "feed.xml").read_text()


@pytest.mark.parametrize(("flag", "title"), [("--drafts", "Draft"), ("--future", "Future"), ("--expired", "Expired")])
def test_flags_bring_pages_back(tmp_path: Path, flag: str, title: str) -> None:
    write_site(tmp_path, PAGES)
    code, output = run_cli("build", "--site", str(tmp_path), flag)
    assert code == 0, output
    assert published_titles(tmp_path / "public") == {"Live", title}


def test_output_and_base_url_options(tmp_path: Path) -> None:
    write_site(tmp_path, PAGES)
    out = tmp_path / "preview"
    code, output = run_cli(
        "build", "--site", str(tmp_path), "--output", str(out), "--base-url", "https://preview.example/pr-7/"
    )
    assert code == 0, output
    assert not (tmp_path / "public").exists()
    html = (out / "live" / "index.html").read_text()
    assert '<link rel="canonical" href="https://preview.example/pr-7/live/">' in html
    assert "shop.example" not in html
    assert 'href="/pr-7/css/smo.css"' in html
    assert "Sitemap: https://preview.example/pr-7/sitemap.xml" in (out / "robots.txt").read_text()


def test_bad_base_url_option_is_a_clear_error(tmp_path: Path) -> None:
    write_site(tmp_path, PAGES)
    code, output = run_cli("build", "--site", str(tmp_path), "--base-url", "preview.example")
    assert code == 1
    assert "--base-url: expected an absolute http(s) URL" in output


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    write_site(tmp_path, PAGES)
    code, output = run_cli("build", "--site", str(tmp_path), "--quiet")
    assert code == 0 and output == ""


def test_summary_line_and_second_build_writes_nothing(tmp_path: Path) -> None:
    write_site(tmp_path, PAGES)
    code, first = run_cli("build", "--site", str(tmp_path))
    assert code == 0 and "built 1 page," in first
    code, second = run_cli("build", "--site", str(tmp_path))
    assert code == 0 and " 0 files written" in second


def test_new_site_then_new_campaign_then_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "my-site"
    code, output = run_cli("new", "site", str(site), "--base-url", "https://my.example/")
    assert code == 0, output
    assert (site / "site.toml").is_file() and (site / "content" / "welcome.md").is_file()
    code, output = run_cli("new", "campaign", "Spring sale: 20% off!", "--site", str(site))
    assert code == 0, output
    campaign = site / "content" / "spring-sale-20-off.md"
    assert campaign.is_file()
    assert "draft: true" in campaign.read_text()
    code, output = run_cli("build", "--site", str(site), "--drafts")
    assert code == 0, output
    assert published_titles(site / "public") == {"Welcome to My Site", "Spring sale: 20% off!"}


def test_new_site_refuses_to_overwrite(tmp_path: Path) -> None:
    write_site(tmp_path, PAGES)
    code, output = run_cli("new", "site", str(tmp_path))
    assert code == 1 and "already exists" in output


def test_new_campaign_refuses_to_overwrite(tmp_path: Path) -> None:
    write_site(tmp_path, PAGES)
    code, output = run_cli("new", "campaign", "Live", "--site", str(tmp_path))
    assert code == 1 and "already exists" in output


def test_jobs_option_sets_the_worker_processes_and_not_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import smo_gen.workers

    pages = {
        f"content/p{n}.md": f"---\ntitle: Page {n}\ndate: 2026-05-01\ntags: [t{n % 4}]\n---\nBody {n}.\n"
        for n in range(60)
    }
    pools: list[int] = []
    real_pool = smo_gen.workers.worker_pool

    def counted_pool(workers: int, *args: object, **kwargs: object) -> object:
        pools.append(workers)
        return real_pool(workers, *args, **kwargs)

    for module in ("smo_gen.build.parsing", "smo_gen.build.render_workers", "smo_gen.build.caches.images"):
        monkeypatch.setattr(f"{module}.worker_pool", counted_pool)
    serial, parallel = write_site(tmp_path / "serial", pages), write_site(tmp_path / "parallel", pages)
    assert run_cli("build", "--site", str(serial), "--jobs", "1", "-q") == (0, "")
    assert pools == []  # everything in this process
    assert run_cli("build", "--site", str(parallel), "-j", "2", "-q") == (0, "")
    assert pools and set(pools) == {2}
    assert tree_digest(parallel / "public") == tree_digest(serial / "public")
    code, output = run_cli("build", "--site", str(serial), "--jobs", "0")
    assert code == 2 and "'--jobs': 0 is not in the range x>=1" in output


def test_smo_gen_alone_prints_the_help_and_succeeds() -> None:
    code, output = run_cli()
    assert code == 0 and output.startswith("Usage: ") and "build" in output and "check" in output


def test_output_names_the_built_folder_for_report_as_for_check_and_build_dir_still_works(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", PAGES)
    built = tmp_path / "elsewhere"
    assert run_cli("build", "--site", str(site), "--output", str(built))[0] == 0
    for option in ("--output", "--build-dir"):
        code, output = run_cli("report", "--site", str(site), option, str(built), "--format", "json")
        assert code == 0, output
        assert json.loads(output)["rows"] == []
    report_file = tmp_path / "report.csv"
    code, _ = run_cli(
        "report", "--site", str(site), "--output", str(built), "--format", "csv", "--file", str(report_file)
    )
    assert code == 0 and report_file.read_text(encoding="utf-8").startswith("campaign")


def test_a_fresh_site_passes_check_and_its_starter_page_is_never_syndicated(tmp_path: Path) -> None:
    site = tmp_path / "fresh"
    assert run_cli("new", "site", str(site))[0] == 0
    toml = site / "site.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        .replace("# [targets.mastodon]\n# network", "[targets.mastodon]\nnetwork")
        .replace(
            '# instance = "https://mastodon.social"\n# credential', 'instance = "https://mastodon.social"\ncredential'
        ),
        encoding="utf-8",
    )
    assert run_cli("new", "campaign", "Spring sale", "--site", str(site))[0] == 0
    code, output = run_cli("build", "--site", str(site), "--strict")
    assert code == 0 and "warning" not in output, output
    code, output = run_cli("check", "--site", str(site))
    assert code == 0 and "0 break a network's rules, 0 with warnings only" in output, output
    code, output = run_cli("syndicate", "--site", str(site), "--now", "2026-11-02T00:00:00Z")
    assert code == 0 and "nothing to syndicate" in output and "/welcome/" not in output, output


def test_check_strict_fails_on_warnings_as_build_strict_does(tmp_path: Path) -> None:
    long_title = (
        "A title far too long for any network to show in full, so every one of them cuts it short somewhere " * 2
    )
    write_site(tmp_path, {"content/long.md": f"---\ntitle: {long_title}\ndate: 2026-05-01\n---\nLong.\n"})
    assert run_cli("build", "--site", str(tmp_path))[0] == 0
    code, output = run_cli("check", "--site", str(tmp_path))
    assert code == 0 and "fix: shorten the page's 'title'" in output, output
    code, output = run_cli("check", "--site", str(tmp_path), "--strict")
    assert code == 1 and "The strict mode counts every warning as an error." in output
    toml = tmp_path / "site.toml"
    toml.write_text("strict = true\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli("check", "--site", str(tmp_path))[0] == 1
    assert run_cli("check", "--site", str(tmp_path), "--no-strict")[0] == 0
