"""The pieces of serve on their own: paths, content types, the watch plan, debouncing, the overlay."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from smo_gen.errors import Problem
from smo_gen.serve.overlay import overlay_payload, render_overlay
from smo_gen.serve.paths import content_type_for, resolve_request
from smo_gen.serve.reload import inject_reload_script
from smo_gen.serve.server import is_loopback, url_host
from smo_gen.serve.watcher import ChangeSet, Debouncer, make_watch_plan


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("a")
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.txt").write_text("f")
    return tmp_path


@pytest.mark.parametrize(
    ("target", "status", "file"),
    [
        ("/a/", 200, "a/index.html"),
        ("/a/index.html", 200, "a/index.html"),
        ("/file.txt?x=1#top", 200, "file.txt"),
        ("/a", 301, None),
        ("/empty/", 404, None),
        ("/nothing", 404, None),
        ("/a/../file.txt", 400, None),
        ("/a/%2E%2e/file.txt", 400, None),
        ("/%252e%252e/file.txt", 404, None),
        ("/a%5c..%5cfile.txt", 400, None),
        ("/a%00", 400, None),
        ("/%ff", 400, None),
        ("relative", 400, None),
        ("/" + "x" * 5000, 414, None),
    ],
)
def test_resolve_request(root: Path, target: str, status: int, file: str | None) -> None:
    resolved = resolve_request(root, target)
    assert resolved.status == status
    assert resolved.file == (root / file).resolve() if file else resolved.file is None


def test_feeds_are_typed_by_name_or_by_their_first_bytes() -> None:
    assert content_type_for(Path("tags/x/feed.xml")) == "application/rss+xml; charset=utf-8"
    assert content_type_for(Path("atom.xml")) == "application/atom+xml; charset=utf-8"
    assert content_type_for(Path("feed.json")) == "application/feed+json; charset=utf-8"
    assert (
        content_type_for(Path("other.xml"), b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">')
        == "application/atom+xml; charset=utf-8"
    )
    assert content_type_for(Path("sitemap.xml"), b"<urlset>") == "application/xml; charset=utf-8"
    assert content_type_for(Path("archive.unknown")) == "application/octet-stream"


def test_the_script_goes_before_the_last_body_end() -> None:
    page = b"<html><body><p>&lt;/body&gt;</p></BODY ></html>"
    assert inject_reload_script(page, "g-1") == (
        b'<html><body><p>&lt;/body&gt;</p><script src="/_smo/reload.js" data-generation="g-1"></script></BODY ></html>'
    )
    assert inject_reload_script(b"<p>bare", "g").startswith(b"<p>bare<script")


def test_the_overlay_escapes_every_problem_and_names_file_and_line() -> None:
    problem = Problem(
        "'<b>' is not a date", path="content/<x>.md", line=4, key="front matter: 'date'", hint="use 2026-05-01"
    )
    markup = render_overlay([problem])
    assert "<code>content/&lt;x&gt;.md:4</code>" in markup
    assert "front matter: &#x27;date&#x27;: &#x27;&lt;b&gt;&#x27; is not a date (use 2026-05-01)" in markup
    assert "<b>" not in markup
    payload = overlay_payload([problem])
    assert payload["problems"] == [
        {
            "where": "content/<x>.md:4",
            "message": "front matter: 'date': '<b>' is not a date (use 2026-05-01)",
            "text": str(problem),
        }
    ]


def test_the_watch_plan_skips_temporary_files_output_and_cache(tmp_path: Path) -> None:
    plan = make_watch_plan(tmp_path, None, extra_ignored=(tmp_path / ".smo-cache" / "serve",))
    site = tmp_path.resolve()
    wanted = [
        "content/a.md",
        "content/deep/b/index.md",
        "static/css/x.css",
        "themes/t/templates/page.html",
        "templates/x.html",
        "site.toml",
    ]
    unwanted = [
        "content/.#a.md",
        "content/#a.md#",
        "content/a.md~",
        "content/.a.md.swp",
        "content/4913",
        "content/a.md.tmp",
        "content/.git/x",
        ".smo-cache/serve/index.html",
        "public/index.html",
        "README.md",
        "other.toml",
        "content/a.md___jb_tmp___",
        "static/.goutputstream-ABC123",
    ]
    assert [name for name in wanted if not plan.wants(site / name)] == []
    assert [name for name in unwanted if plan.wants(site / name)] == []


def test_a_change_set_of_stylesheets_only() -> None:
    assert ChangeSet(frozenset({Path("static/a.css"), Path("themes/t/static/b.CSS")})).stylesheets_only
    assert not ChangeSet(frozenset({Path("static/a.css"), Path("content/a.md")})).stylesheets_only
    assert not ChangeSet(frozenset()).stylesheets_only


def test_a_burst_is_delivered_once_and_a_renamed_temporary_file_is_dropped() -> None:
    batches: list[ChangeSet] = []
    delivered = threading.Event()

    def collect(batch: ChangeSet) -> None:
        batches.append(batch)
        delivered.set()

    debouncer = Debouncer(collect, delay=0.05)
    debouncer.start()
    try:
        debouncer.add(Path("content/.a.md.x3f9"), created=True)  # an editor's atomic save:
        debouncer.add(Path("content/a.md"))  # write a temporary file, rename it over the page
        debouncer.moved_away(Path("content/.a.md.x3f9"))
        debouncer.add(Path("content/b.md"))
        assert delivered.wait(5)
    finally:
        debouncer.stop()
    assert batches == [ChangeSet(frozenset({Path("content/a.md"), Path("content/b.md")}))]


@pytest.mark.parametrize(
    ("host", "loopback", "shown"),
    [
        ("127.0.0.1", True, "127.0.0.1"),
        ("localhost", True, "localhost"),
        ("::1", True, "[::1]"),
        ("0.0.0.0", False, "127.0.0.1"),
        ("::", False, "[::1]"),
        ("192.168.1.20", False, "192.168.1.20"),
    ],
)
def test_loopback_and_the_host_shown_in_urls(host: str, loopback: bool, shown: str) -> None:
    assert is_loopback(host) is loopback
    assert url_host(host) == shown
