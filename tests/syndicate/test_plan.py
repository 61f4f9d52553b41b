"""Plan, approve, post: `--plan FILE` writes every post for review; `--publish --plan FILE` posts only
what still matches it and refuses, by page and target, whatever changed since."""

from __future__ import annotations

import json

from pytest_httpserver import HTTPServer

from smo_gen.syndicate.plan import load_plan
from tests.support.cli import run_on_site
from tests.support.sites import build
from tests.syndicate.conftest import MakeSyndicationSite, SyndicationSite
from tests.syndicate.test_cli import x_and_hook

ENV = {"SMO_T_X": "x-token", "SMO_T_HOOK": "h-token"}


def planned_site(make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer) -> SyndicationSite:
    httpserver.expect_request("/2/tweets", method="POST").respond_with_json({"data": {"id": "1850"}}, status=201)
    httpserver.expect_request("/hook", method="POST").respond_with_json({"id": "h-1"})
    site = make_syndication_site(x_and_hook(httpserver))
    code, output = run_on_site("syndicate", site.root, "--plan", str(site.root / "plan.json"), env=ENV)
    assert code == 0 and "The plan of 4 post(s) is in" in output, output
    assert not httpserver.log, "planning posts nothing"
    return site


def test_the_plan_lists_every_post_with_its_fingerprint(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    site = planned_site(make_syndication_site, httpserver)
    plan = json.loads((site.root / "plan.json").read_text())
    assert plan["site"] == site.base_url
    assert [(p["page"], p["target"]) for p in plan["posts"]] == [
        ("/summer-fizz/", "hook"),
        ("/summer-fizz/", "x-main"),
        ("/zero-cola/", "hook"),
        ("/zero-cola/", "x-main"),
    ]
    summer = plan["posts"][1]
    assert summer["network"] == "x" and "Summer Fizz is back" in summer["text"]
    assert summer["link"].startswith(site.base_url + "summer-fizz/?utm_source=x")
    assert summer["fingerprint"].startswith("sha256:") and len({p["fingerprint"] for p in plan["posts"]}) == 4


def test_an_approved_plan_is_posted_as_planned(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    site = planned_site(make_syndication_site, httpserver)

    code, output = run_on_site("syndicate", site.root, "--publish", "--plan", str(site.root / "plan.json"), env=ENV)

    assert code == 0, output
    assert "4 posted" in output and len(httpserver.log) == 4


def test_a_post_changed_after_approval_is_refused_by_name(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    site = planned_site(make_syndication_site, httpserver)
    page = site.root / "content" / "zero-cola.md"
    page.write_text(page.read_text().replace("title: Zero-sugar cola", "title: Zero-sugar cola\nmessage: Now 50% off!"))
    (site.root / "content" / "new.md").write_text("---\ntitle: Brand new\ndate: 2026-06-02\n---\nNew.\n")
    build(site.root)

    code, output = run_on_site("syndicate", site.root, "--publish", "--plan", str(site.root / "plan.json"), env=ENV)

    assert code == 1, output
    assert "/zero-cola/ → x-main: refused (its text changed since the plan" in output
    assert "/zero-cola/ → hook: refused (its text changed since the plan" in output
    assert "/new/ → x-main: refused (not in the approved plan" in output
    assert "2 posted" in output and "4 refused" in output
    posted = [request.get_json() for request, _ in httpserver.log]
    assert all("zero-cola" not in json.dumps(body) and "/new/" not in json.dumps(body) for body in posted)
    assert len(posted) == 2, "exactly the unchanged posts went out"


def test_a_changed_card_image_is_refused(make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer) -> None:
    site = planned_site(make_syndication_site, httpserver)
    plan = load_plan(site.root / "plan.json")
    assert plan.posts[("/zero-cola/", "hook")].details["card"]["image"], "the webhook's card has an image"
    manifest = json.loads((site.root / "public" / "manifest.json").read_text())
    image = next(p["image"]["file"] for p in manifest["pages"] if p["id"] == "/zero-cola/")
    (site.root / "public" / image).write_bytes(b"\x89PNG another image")

    code, output = run_on_site("syndicate", site.root, "--publish", "--plan", str(site.root / "plan.json"), env=ENV)

    assert code == 1
    assert "/zero-cola/ → hook: refused (its image, language or extra fields changed" in output


def test_a_plan_for_another_site_or_with_populate_is_an_error(
    make_syndication_site: MakeSyndicationSite, httpserver: HTTPServer
) -> None:
    site = planned_site(make_syndication_site, httpserver)
    plan_path = site.root / "plan.json"
    plan_path.write_text(plan_path.read_text().replace(site.base_url, "https://elsewhere.example/"))

    code, output = run_on_site("syndicate", site.root, "--publish", "--plan", str(plan_path), env=ENV)
    assert code == 1 and "the plan is for https://elsewhere.example/" in output and "nothing was posted" in output

    code, output = run_on_site("syndicate", site.root, "--populate", "--plan", str(plan_path), env=ENV)
    assert code == 1 and "not with --populate" in output

    code, output = run_on_site("syndicate", site.root, "--publish", "--plan", str(site.root / "nope.json"), env=ENV)
    assert code == 1 and "nope.json: no such plan" in output
    assert not httpserver.log
