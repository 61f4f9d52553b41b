"""Site.toml's `[podcasts.<section>]` tables: a section (or the whole site) published as a podcast.

Each table turns the RSS feed of one section (`[podcasts.episodes]` for `/episodes/`,
`[podcasts."/"]` for the site's main feed) into a podcast feed with Apple's `itunes:` tags.
Parsed here into typed settings; the site stage checks them against the sections, the image
and the episodes (site/podcasts.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from smo_gen.config.apple_categories import APPLE_CATEGORIES
from smo_gen.errors import did_you_mean
from smo_gen.patterns import lazy_pattern
from smo_gen.schema import TableReader

PODCAST_TYPES = ("episodic", "serial")
ROOT_PODCAST = "/"  # the key of the site's main feed
_EMAIL = lazy_pattern(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class PodcastConfig:
    """One `[podcasts.<section>]` table: what the feed's channel says of the show.

    Empty text means "not set": the site stage fills the title, author and language from the
    section and the site, and warns about what Apple requires and is missing.
    """

    section: str  # the table's key: the section's URL path without its slashes ("episodes"), or "/"
    title: str = ""
    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    category: str = ""
    subcategory: str = ""
    explicit: bool = False
    image: str = ""  # a file of the site (under static/ or content/) or an https URL
    type: str = "episodic"
    language: str = ""
    line: int | None = None  # where the table starts in site.toml, for problems found later

    @property
    def url_path(self) -> str:
        """The site path of the section whose feed this is: "/episodes/", or "/"."""
        return ROOT_PODCAST if self.section == ROOT_PODCAST else f"/{self.section}/"


def parse_podcasts(table: TableReader) -> tuple[PodcastConfig, ...]:
    """Every `[podcasts.<section>]` table of `table` (site.toml's `[podcasts]`), in file order."""
    podcasts = []
    for key in list(table.table):
        sub = table.subtable(key)
        section = key.strip("/") or ROOT_PODCAST
        podcasts.append(_parse_podcast(sub, section))
    table.finish()
    return tuple(podcasts)


def _parse_podcast(table: TableReader, section: str) -> PodcastConfig:
    category = table.string("category")
    subcategory = table.string("subcategory")
    if category and category not in APPLE_CATEGORIES:
        table.problem(
            "category", f"'{category}' is not an Apple Podcasts category", _category_hint(category, APPLE_CATEGORIES)
        )
        category = subcategory = ""
    if subcategory and not category:
        table.problem("subcategory", "needs a 'category' it belongs to")
        subcategory = ""
    elif subcategory and subcategory not in APPLE_CATEGORIES[category]:
        choices = APPLE_CATEGORIES[category]
        hint = _category_hint(subcategory, choices) if choices else f"'{category}' has no subcategories: leave it out"
        table.problem("subcategory", f"'{subcategory}' is not a subcategory of '{category}'", hint)
        subcategory = ""
    owner_email = table.string("owner_email")
    if owner_email and not _EMAIL.match(owner_email):
        table.problem("owner_email", f"expected an e-mail address, got '{owner_email}'")
        owner_email = ""
    texts = {key: table.string(key) for key in ("title", "author", "owner_name", "image", "language")}
    podcast = PodcastConfig(
        section,
        **texts,
        owner_email=owner_email,
        category=category,
        subcategory=subcategory,
        explicit=table.boolean("explicit", False),
        type=table.choice("type", "episodic", PODCAST_TYPES),
        line=table.line_of(table.prefix.rstrip(".")),
    )
    table.finish()
    return podcast


def _category_hint(name: str, choices: Iterable[str]) -> str:
    names = list(choices)
    # Case and '&'/'and' are the usual slips: "health and fitness" is "Health & Fitness".
    folded = {choice.casefold().replace("&", "and"): choice for choice in names}
    exact = folded.get(name.casefold().replace("&", "and"))
    if exact:
        return f"did you mean '{exact}'?"
    return did_you_mean(name, names) or "the names are Apple's: " + ", ".join(f"'{choice}'" for choice in names)
