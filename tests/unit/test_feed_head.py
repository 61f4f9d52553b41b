"""A feed without entries written as text (render/feed_head.py) is byte for byte what feedgen
and lxml write for the same head, which stay the reference; what it declines goes to them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from smo_gen.render.feed_head import FeedHead, empty_feed
from smo_gen.render.feeds import feed_generator
from smo_gen.site.model import FeedArtwork, SocialImage
from smo_gen.site.podcasts import Podcast
from tests.support import sites
from tests.support.feed_strategies import moments, texts, urls

# A naive moment too: feedgen refuses those, and so must the text path.
any_moments = moments | moments.map(lambda moment: moment.replace(tzinfo=None))
pictures = st.none() | st.builds(
    SocialImage,
    url=urls,
    width=st.sampled_from((None, 144, 512)),
    height=st.sampled_from((None, 72)),
    mime=st.just("image/png"),
    alt=st.just(""),
)
heads = st.builds(
    FeedHead,
    kind=st.sampled_from(("rss", "atom")),
    title=texts,
    description=texts,
    home_url=urls,
    self_url=urls,
    language=st.sampled_from(("en", "", "pt-BR", 'x"&<')),
    updated=any_moments,
    author_name=texts,
    author_url=st.none() | urls,
    version=st.sampled_from(("0.1.0", "1.0&<2>")),
    artwork=st.builds(FeedArtwork, rss_image=pictures, icon=pictures, logo=pictures),
)


def feedgen_document(head: FeedHead) -> bytes | Exception:
    """The feed without entries as feedgen and lxml write it, or the error they raise."""
    try:
        feed = feed_generator(head)
        return bytes(feed.rss_str(pretty=True) if head.kind == "rss" else feed.atom_str(pretty=True))
    except ValueError as exc:  # lxml's "All strings must be XML compatible", feedgen's missing fields
        return exc


@settings(max_examples=400, deadline=None)
@given(head=heads)
def test_a_feed_without_entries_written_as_text_is_feedgens(head: FeedHead) -> None:
    written = empty_feed(head)
    if written is not None:  # else feedgen writes it (or refuses it, as it always did)
        assert written == feedgen_document(head)


def test_the_usual_head_is_written_as_text() -> None:
    head = FeedHead(
        kind="rss",
        title="Acme",
        description="Drinks",
        home_url="https://acme.example/",
        self_url="https://acme.example/feed.xml",
        language="en",
        updated=dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC),
        author_name="Acme",
        author_url=None,
        version="0.1.0",
        artwork=FeedArtwork(),
    )
    for kind in ("rss", "atom"):
        changed = dataclasses.replace(head, kind=kind)
        assert empty_feed(changed) == feedgen_document(changed)


def test_podcasts_and_hubs_are_left_to_feedgen() -> None:
    show = Podcast("/", "Show", "Ana", "Ana", "ana@a.example", "Arts", "", False, None, "episodic", "en")
    head = FeedHead(
        "rss", "A", "B", "https://a.example/", "https://a.example/f", "en", dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        "A", None, "0.1.0", FeedArtwork(),
    )  # fmt: skip
    assert empty_feed(dataclasses.replace(head, podcast=show)) is None
    assert empty_feed(dataclasses.replace(head, hubs=("https://hub.example/",))) is None


def test_a_build_of_a_site_with_feeds_does_not_load_feedgen(tmp_path: Path) -> None:
    """The point of writing heads as text: a usual build never imports feedgen, lxml or dateutil."""
    site_dir = sites.write_site(tmp_path, {"spring.md": "---\ntitle: Spring\ndate: 2026-03-01\n---\nHello.\n"})
    script = (
        "import sys\nfrom smo_gen.cli import main\n"
        f"try:\n    main(['build', '--site', {str(site_dir)!r}, '-q', '-j', '1'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(name for name in ('feedgen', 'lxml', 'dateutil') if name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert (site_dir / "public" / "feed.xml").exists()
    assert result.stdout.strip().splitlines()[-1] == "[]"
