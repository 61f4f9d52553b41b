"""What `--sync` decides for one posted record, without any I/O."""

from __future__ import annotations

from dataclasses import replace

from smo_gen.syndicate.networks import make_adapters
from smo_gen.syndicate.post import Post
from smo_gen.syndicate.sync import said_fingerprint, sync_action
from smo_gen.syndicate.targets import Target
from smo_gen.syndicate.template import Segment
from smo_gen.syndication_ledger import Ledger, Record, parse_ledger, render_ledger

ADAPTERS = make_adapters()


def post(text: str = "Hello", network: str = "mastodon") -> Post:
    return Post("/a/", Target("t", network, "T"), (Segment("text", text),), "https://x.example/a/", 5, 500, "k")


def record(**changes: object) -> Record:
    base = Record(
        "posted",
        "mastodon",
        "2026-05-01T10:00:00Z",
        remote_id="1",
        url="https://m.example/@a/1",
        fingerprint=said_fingerprint(post()),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_an_unchanged_post_is_in_sync_and_a_changed_one_is_edited() -> None:
    assert sync_action(ADAPTERS["mastodon"], record(), post(), None).status == "in sync"
    action = sync_action(ADAPTERS["mastodon"], record(), post("Hello again"), None)
    assert (action.status, action.kind) == ("apply", "edit")


def test_networks_that_cannot_edit_or_delete_say_so() -> None:
    changed = sync_action(ADAPTERS["bluesky"], record(network="bluesky"), post("New", "bluesky"), None)
    assert changed.status == "not editable" and "Bluesky posts cannot be edited" in changed.detail
    gone = sync_action(ADAPTERS["slack"], record(network="slack", remote_id=None), None, "removed from the site")
    assert gone.status == "not deletable" and "Slack offers no way to delete it" in gone.detail
    unknown = sync_action(ADAPTERS["mastodon"], record(remote_id=None, populated=True), None, "expired on 2026-06-01")
    assert unknown.status == "not deletable" and "no id" in unknown.detail


def test_a_removed_page_is_retracted_and_an_unknown_text_is_only_recorded() -> None:
    assert sync_action(ADAPTERS["bluesky"], record(), None, "removed from the site").kind == "retract"
    assert sync_action(ADAPTERS["mastodon"], record(fingerprint=None), post("Hi"), None).kind == "record"


def test_a_thread_is_not_edited_part_by_part() -> None:
    threaded = replace(post("Part one"), parts=("Part two",))
    assert sync_action(ADAPTERS["mastodon"], record(), threaded, None).status == "not editable"


def test_retracted_records_with_threads_and_fingerprints_load_back() -> None:
    ledger = Ledger("https://x.example/")
    ledger.set("/a/", "t", record(state="retracted", thread=("1", "2", "3")))
    again = parse_ledger(render_ledger(ledger))
    assert again.get("/a/", "t") == ledger.get("/a/", "t")
    assert again.get("/a/", "t").remote_ids == ("1", "2", "3")  # type: ignore[union-attr]
