"""`smo-gen check --profile` on real builds: each destination's verdict, with what to set."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import run_on_site
from tests.support.media_files import wav_bytes
from tests.support.sites import SITE_TOML, build, build_example_site, write_site


def post(number: int, extra: str = "") -> str:
    return f"---\ntitle: Post {number}\ndate: 2026-05-{number:02d}\n{extra}---\nBody of post {number}.\n"


def test_a_site_of_10_items_fails_flipboard_naming_the_count_and_the_minimum(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {f"content/p{n}.md": post(n) for n in range(1, 11)})
    build(site)
    code, output = run_on_site("check", site, "--profile", "flipboard")
    assert code == 1
    assert "  FAILS    feed.xml" in output
    assert "fail: 10 items; Flipboard asks for at least 30" in output
    assert "fix: keep limit at 30 or more under [feeds] in site.toml" in output


def test_an_audio_series_without_a_category_fails_apple_podcasts_naming_the_tag_and_the_key(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {}
    for n in range(1, 4):
        files[f"content/podcast/e{n}.md"] = post(n, f"audio: e{n}.wav\n")
        files[f"content/podcast/e{n}.wav"] = wav_bytes(0.2)
    site = write_site(tmp_path / "site", files)
    build(site)
    code, output = run_on_site("check", site, "--profile", "apple-podcasts")
    assert code == 1
    assert "fail: no <itunes:category>: Apple Podcasts requires it of every show" in output
    assert (
        'fix: set category in the podcast\'s table of site.toml ([podcasts.<section>] category = "Technology")'
        in output
    )


def test_every_profile_gives_a_verdict_on_the_example_site(tmp_path: Path) -> None:
    public = build_example_site(tmp_path)
    code, output = run_on_site("check", public.parent, "--profile", "all")
    for name in ("discover", "flipboard", "feedly", "pinterest", "apple-podcasts", "fediverse"):
        assert f"\n  {name}: " in output or output.startswith(f"{name}: "), name
    assert "  pass     " in output or "  warnings " in output
    assert code == (1 if "FAILS" in output else 0)


def test_without_profile_check_is_the_share_check_and_an_unknown_profile_is_named(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/p1.md": post(1)}, SITE_TOML)
    build(site)
    code, output = run_on_site("check", site)
    assert code == 0 and "checked" in output.splitlines()[-1]
    code, output = run_on_site("check", site, "--profile", "flipbord")
    assert code == 1 and "no profile named 'flipbord'" in output and "did you mean 'flipboard'?" in output
