"""Apple Podcasts: what a podcast's RSS feed must carry to be accepted.

Where the numbers come from (read 2026-12; Apple changes them without notice):

- podcasters.apple.com/support/823-podcast-requirements, "Podcast RSS feed requirements": RSS
  2.0 with the itunes namespace (http://www.itunes.com/dtds/podcast-1.0.dtd); "each episode must
  have a unique <enclosure> tag, along with its three required components — URL, length, and
  type"; "Apple Podcasts will ignore duplicate <enclosure> URLs"; "all episodes must contain a
  globally unique identifier (GUID)"; dates in RFC 2822.
- Apple Podcasts' RSS tag reference ("A Podcaster's Guide to RSS", as mirrored in the Podcast
  Index namespace's itunes_reference.md): required show tags <title>, <description>,
  <itunes:image>, <language>, <itunes:category>, <itunes:explicit>; recommended <itunes:author>,
  <link>, <itunes:owner> (name, email); required episode tags <title>, <enclosure>, <guid>;
  recommended <pubDate>, <itunes:duration>.
- Episode files: the same page lists the formats Apple Podcasts plays: M4A, MP3, MOV, MP4, M4V,
  PDF and EPUB (a WAV or Ogg episode is refused).
- Artwork: "a minimum size of 1400 x 1400 pixels and a maximum size of 3000 x 3000 pixels",
  square, JPEG or PNG, RGB (Apple Podcasts Connect help, "Artwork requirements", as quoted in
  Apple's itunes tag comments of podcast libraries and by hosts such as PRX).

Not published as a rule: the artwork's byte size (PRX's 512 KB is for NPR One and Spotify), a
minimum number of episodes (one is enough), an episode's length. Judged: every RSS feed of the
build that carries audio or itunes: tags (a podcast is wherever its episodes are).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from smo_gen.check.profiles import fixes
from smo_gen.check.profiles.built_output import BuiltOutput
from smo_gen.check.profiles.feed_documents import Enclosure, FeedDocument, FeedItem, PodcastChannel
from smo_gen.check.profiles.fixes import ItemRule, episode_key, item_findings, podcast_key
from smo_gen.check.profiles.verdicts import Profile, ProfileFinding, fail, warn
from smo_gen.site.image_facts import ImageFacts
from smo_gen.site.podcasts import ARTWORK_SIDES, ARTWORK_TYPES, EPISODE_SUFFIXES

ARTWORK_MIN, ARTWORK_MAX = ARTWORK_SIDES
EXPLICIT_VALUES = ("true", "false")
NO_PODCAST = PodcastChannel(None, (), None, None, None, None, None)


def apple_podcasts_rules(document: FeedDocument, output: BuiltOutput) -> list[ProfileFinding]:
    podcast = document.podcast or NO_PODCAST
    findings: list[ProfileFinding] = []
    for value, tag, fix in (
        (document.title, "title", podcast_key("title", '"Fizz Talk"')),
        (document.description, "description", podcast_key("description", '"…"')),
        (document.language, "language", fixes.SITE_LANGUAGE),
        (podcast.image, "itunes:image", podcast_key("image", '"images/podcast.jpg"')),
        (podcast.categories, "itunes:category", podcast_key("category", '"Technology"')),
        (podcast.explicit, "itunes:explicit", podcast_key("explicit", "false")),
    ):
        if not value:
            findings.append(fail(f"no <{tag}>: Apple Podcasts requires it of every show", fix))
    if podcast.explicit and podcast.explicit.lower() not in EXPLICIT_VALUES:
        findings.append(
            warn(
                f"itunes:explicit is '{podcast.explicit}'; Apple reads true or false", podcast_key("explicit", "false")
            )
        )
    if podcast.image:
        findings += _artwork(podcast.image, output)
    for value, tag, fix in (
        (podcast.author, "itunes:author", podcast_key("author", '"Fizz & Drive"')),
        (podcast.owner_email, "itunes:owner/itunes:email", podcast_key("owner_email", '"podcast@example.com"')),
        (document.link, "link", fixes.BASE_URL),
    ):
        if not value:
            findings.append(warn(f"no <{tag}>: Apple Podcasts recommends it", fix))
    findings += _episodes(document.items, output)
    return findings


def _artwork(url: str, output: BuiltOutput) -> list[ProfileFinding]:
    fix = podcast_key("image", '"images/podcast.jpg"') + f": a square JPEG or PNG of {ARTWORK_MIN} to {ARTWORK_MAX} px"
    facts = output.measure(url)
    if facts is None:
        return [warn(f"itunes:image is on another host and was not measured: {url}", fix)]
    if isinstance(facts, str):
        return [fail(f"itunes:image {facts}: {url}", fix)]
    assert isinstance(facts, ImageFacts)
    findings = []
    if facts.mime not in ARTWORK_TYPES:
        findings.append(fail(f"itunes:image is {facts.mime}; Apple Podcasts takes JPEG or PNG", fix))
    if facts.width != facts.height:
        findings.append(fail(f"itunes:image is {facts.width}x{facts.height}; the artwork must be square", fix))
    side = max(facts.width, facts.height)
    if not ARTWORK_MIN <= min(facts.width, facts.height) or side > ARTWORK_MAX:
        findings.append(
            fail(
                f"itunes:image is {facts.width}x{facts.height}; Apple Podcasts takes {ARTWORK_MIN} to {ARTWORK_MAX} px",
                fix,
            )
        )
    return findings


def _episodes(items: tuple[FeedItem, ...], output: BuiltOutput) -> list[ProfileFinding]:
    if not items:
        return [fail("no episodes: the feed has no <item>", "publish at least one page with its audio file")]
    rules: tuple[ItemRule, ...] = (
        (
            lambda item: not item.enclosures,
            "have no <enclosure>",
            "give each episode its audio file (the page's 'audio')",
            "fail",
        ),
        (
            lambda item: not all(_complete(e) for e in item.enclosures),
            "have an <enclosure> without its url, length and type",
            "build again: smo-gen writes all three",
            "fail",
        ),
        (
            lambda item: not all(_playable(e) for e in item.enclosures),
            "have a file Apple Podcasts does not play (it takes MP3, M4A, MP4, M4V, MOV, PDF and EPUB)",
            "convert the episode's 'audio' to MP3 or M4A (e.g. ffmpeg -i in.wav -b:a 128k out.mp3)",
            "fail",
        ),
        (
            lambda item: not item.guid,
            "have no <guid>",
            "build again: smo-gen gives each episode its page's address as guid",
            "fail",
        ),
        (lambda item: not item.title, "have no <title>", fixes.TITLE, "fail"),
        (
            lambda item: not item.duration,
            "have no <itunes:duration>",
            "build again: smo-gen measures each episode's audio file",
            "warning",
        ),
        (lambda item: not item.published, "have no <pubDate>", episode_key("date", "2026-05-01"), "warning"),
    )
    findings = item_findings(items, "episodes", rules)
    urls = [enclosure.url for item in items for enclosure in item.enclosures]
    repeated = sorted({url for url in urls if urls.count(url) > 1})
    if repeated:
        findings.append(
            fail(
                f"enclosure URLs used by more than one episode (Apple ignores the repeats): {', '.join(repeated[:3])}",
                "give each episode its own audio file",
            )
        )
    findings += _declared_lengths(items, output)
    return findings


def _complete(enclosure: Enclosure) -> bool:
    return bool(
        enclosure.url
        and enclosure.length
        and enclosure.length.isdigit()
        and int(enclosure.length) > 0
        and enclosure.type
    )


def _playable(enclosure: Enclosure) -> bool:
    path = urlsplit(enclosure.url).path.lower()
    return path.endswith(EPISODE_SUFFIXES)


def _declared_lengths(items: tuple[FeedItem, ...], output: BuiltOutput) -> list[ProfileFinding]:
    """Enclosures of this site whose declared length is not the file's size."""
    wrong = []
    for item in items:
        for enclosure in item.enclosures:
            path = output.file_for(enclosure.url)
            if path is None or not enclosure.length or not enclosure.length.isdigit():
                continue
            if not path.is_file():
                wrong.append(f"{enclosure.url} is not in the built site")
            elif path.stat().st_size != int(enclosure.length):
                wrong.append(f"{enclosure.url} says {enclosure.length} bytes but the file has {path.stat().st_size}")
    if not wrong:
        return []
    return [
        fail(
            f"enclosures that do not match their file: {'; '.join(wrong[:3])}",
            "build again: smo-gen writes each file's size",
        )
    ]


PROFILE = Profile(
    "apple-podcasts",
    "Apple Podcasts",
    "podcasters.apple.com/support/823-podcast-requirements",
    feed_rules=apple_podcasts_rules,
    podcast_feeds_only=True,
    feed_kinds=("rss",),
    unreadable_feed="build again; Apple Podcasts refuses a feed it cannot parse",
)
