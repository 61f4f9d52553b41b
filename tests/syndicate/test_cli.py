"""`smo-gen syndicate` as a user runs it: dry run, secrets, --check-live, locking, a damaged ledger."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from smo_gen.syndicate.lock import hold_lock
from tests.support.cli import run_on_site
from tests.support.targets_site import target_table
from tests.syndicate.conftest import MakeSyndicationSite
from tests.syndicate.servers import read_json

SECRET = "xoxo-9d8f7e6a5b4c-very-secret"


def x_and_hook(server: HTTPServer) -> str:
    base = server.url_for("").rstrip("/")
    return target_table("x-main", network="x", api_url=base, credential="SMO_T_X") + target_table(
        "hook", network="webhook", url=f"{base}/hook", credential="SMO_T_HOOK"
    )


def test_a_dry_run_shows_each_post_and_posts_nothing(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    site = make_syndication_site(x_and_hook(httpserver))

    code, output = run_on_site("syndicate", site.root, env={"SMO_T_X": SECRET})

    assert code == 0, output
    assert "── /summer-fizz/ → x-main (X)" in output
    assert "│ Summer Fizz is back 🍋" in output
    assert "length " in output and "/280 (weighted: URLs 23, emoji and CJK 2" in output
    assert "link   " + site.base_url + "summer-fizz/?utm_source=x&utm_medium=social" in output
    assert "/not-yet/" not in output and "draft" not in output
    assert "warning: hook: environment variable SMO_T_HOOK is not set" in output
    assert "Dry run: nothing was posted" in output
    assert not httpserver.log and not site.ledger_path.exists()


def test_secrets_never_appear_in_output_or_ledger(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/2/tweets").respond_with_json({"detail": f"bad token {SECRET}"}, status=400)
    httpserver.expect_request("/hook").respond_with_json({"id": "1"})
    site = make_syndication_site(x_and_hook(httpserver))
    env = {"SMO_T_X": SECRET, "SMO_T_HOOK": SECRET}

    dry_code, dry = run_on_site("syndicate", site.root, env=env)
    code, published = run_on_site("syndicate", site.root, "--publish", env=env)

    assert dry_code == 0 and code == 1
    assert "x-main" in published and "failed" in published and "bad token ***" in published
    for text in (dry, published, site.ledger_path.read_text()):
        assert SECRET not in text
    assert all(SECRET not in p.read_text(errors="ignore") for p in site.root.rglob("*") if p.is_file())


def test_a_missing_credential_is_named_and_fails_the_run(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/hook").respond_with_json({"id": "1"})
    site = make_syndication_site(x_and_hook(httpserver))

    code, output = run_on_site("syndicate", site.root, "--publish", "--page", "/zero-cola/", env={"SMO_T_HOOK": "h"})

    assert code == 1
    assert "credential missing: environment variable SMO_T_X is not set" in output
    assert read_json(site.ledger_path)["posts"]["/zero-cola/"]["hook"]["state"] == "posted"


def test_check_live_skips_pages_that_do_not_answer_yet(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/summer-fizz/").respond_with_data("<html>", status=200)
    httpserver.expect_request("/zero-cola/").respond_with_data("not found", status=404)
    httpserver.expect_request("/hook").respond_with_json({"id": "1"})
    site = make_syndication_site(x_and_hook(httpserver), base_url=httpserver.url_for("/"))

    code, output = run_on_site(
        "syndicate", site.root, "--publish", "--check-live", "--target", "hook", env={"SMO_T_HOOK": "h"}
    )

    assert code == 0, output
    assert f"/zero-cola/ → hook: skipped (not live yet: {site.base_url}zero-cola/ answered 404)" in output
    assert list(read_json(site.ledger_path)["posts"]) == ["/summer-fizz/"]


def test_populate_records_pages_without_posting(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    site = make_syndication_site(x_and_hook(httpserver))

    code, output = run_on_site("syndicate", site.root, "--populate")
    again_code, again = run_on_site("syndicate", site.root, "--publish", env={"SMO_T_X": "x", "SMO_T_HOOK": "h"})

    assert code == 0 and "4 recorded" in output
    assert again_code == 0 and "4 already posted" in again
    assert not httpserver.log


def test_a_damaged_ledger_stops_everything(make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer) -> None:
    site = make_syndication_site(x_and_hook(httpserver))
    site.ledger_path.write_text('{"schema": 1, "posts": {"/zero-cola/": {"hook": {"state": "postd"}}}}')

    code, output = run_on_site("syndicate", site.root, "--publish", env={"SMO_T_X": "x", "SMO_T_HOOK": "h"})

    assert code == 1
    assert "syndication.json: posts./zero-cola/.hook:" in output
    assert "nothing was posted" in output and "git checkout" in output
    assert not httpserver.log


def test_two_runs_at_once_are_locked_out(make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer) -> None:
    site = make_syndication_site(x_and_hook(httpserver))
    with hold_lock(site.root / ".smo-cache" / "syndicate.lock"):
        code, output = run_on_site("syndicate", site.root, "--publish", env={"SMO_T_X": "x", "SMO_T_HOOK": "h"})
    assert code == 1
    assert "another 'smo-gen syndicate' is running for this site" in output
    assert not httpserver.log


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--target", "x-mian"), "--target x-mian: no such target in site.toml (did you mean 'x-main'?)"),
        (("--page", "/nope/"), "--page /nope/: no such page in the manifest"),
    ],
)
def test_unknown_targets_and_pages_are_named(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer, args: tuple[str, ...], message: str
) -> None:
    site = make_syndication_site(x_and_hook(httpserver))
    code, output = run_on_site("syndicate", site.root, *args)
    assert code == 1 and message in output


def test_a_bad_targets_section_is_reported_with_every_problem(make_syndication_site: MakeSyndicationSite) -> None:
    site = make_syndication_site("""
[targets.m]
network = "mastodn"
instanse = "https://mastodon.social"
credential = "my secret token"
""")
    code, output = run_on_site("syndicate", site.root)
    assert code == 1
    assert "site.toml:11: targets.m.network: unknown network 'mastodn' (did you mean 'mastodon'?)" in output
    assert "targets.m.credential: expected the NAME of an environment variable" in output
    assert "targets.m.instanse: unknown key" in output
