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
    code, output = run_cli("build", "--site", str(tmp_path), "--output", str(out), "--base-url", "https://preview.example/pr-7/")
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
    assert code == 0 and "built 1 pages" in first
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


def test_jobs_option_sets_the_worker_processes_and_not_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import smo_gen.build.workers

    pages = {f"content/p{n}.md": f"---\ntitle: Page {n}\ndate: 2026-05-01\ntags: [t{n % 4}]\n---\nBody {n}.\n" for n in range(60)}
    pools: list[int] = []
    real_pool = smo_gen.build.workers.worker_pool

    def counted_pool(workers: int, *args: object) -> object:
        pools.append(workers)
        return real_pool(workers, *args)

    for module in ("smo_gen.build.parsing", "smo_gen.build.incremental", "smo_gen.site.image_facts"):
        monkeypatch.setattr(f"{module}.worker_pool", counted_pool)
    serial, parallel = write_site(tmp_path / "serial", pages), write_site(tmp_path / "parallel", pages)
    assert run_cli("build", "--site", str(serial), "--jobs", "1", "-q") == (0, "")
    assert pools == []  # everything in this process
    assert run_cli("build", "--site", str(parallel), "-j", "2", "-q") == (0, "")
    assert pools and set(pools) == {2}
    assert tree_digest(parallel / "public") == tree_digest(serial / "public")
    code, output = run_cli("build", "--site", str(serial), "--jobs", "0")
    assert code == 2 and "'--jobs': 0 is not in the range x>=1" in output
