"""Audiences, audience variants and calls to action.

A campaign speaks differently to different groups: `site.toml` names the audiences, and a
page's front matter can override its title, description, social message, image and call
to action for each. Every audience gets a variant page at `/<page>/<audience>/` whose
`og:url` is its own (so networks show its card) and whose canonical URL is the main page.

An audience whose `language` is another than the page's is a translation instead: its
variant is written in that language, canonical to itself, and one of the page's language
versions (site/translations.py gathers them for hreflang and the sitemap).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from posixpath import normpath
from typing import Any
from urllib.parse import unquote, urlsplit

from smo_gen.config.language_tags import parse_language_tag
from smo_gen.config.share_settings import ShareSettings, parse_share_settings
from smo_gen.config.site_config import SiteConfig
from smo_gen.content.page import AudienceOverrides, CallToAction, Page
from smo_gen.content.share_variants import make_share_variants
from smo_gen.errors import Problem, did_you_mean
from smo_gen.patterns import lazy_pattern
from smo_gen.schema import TableReader, describe_value, make_toml_line_finder
from smo_gen.urls import absolute_url, normalize_url_path
from smo_gen.utm import UtmSettings, check_merged_utm, parse_utm_settings

AUDIENCES_PATH = "/audiences/"
_AUDIENCE_NAME = lazy_pattern(r"^[a-z0-9][a-z0-9-]*$")
LIST_VARIANTS = "list_variants"
VARIANT_KEYS = ("title", "description", "message", "messages", "image", "image_alt", "cta")
_CTA_SCHEMES = ("http", "https", "mailto", "tel")

ProblemSink = Callable[[str, str], None]  # (key, message)


@dataclass(frozen=True)
class Audience:
    """A group of people a campaign can speak to on its own terms."""

    name: str  # used in URLs and as utm_content
    label: str
    region: str | None = None
    language: str | None = None
    notes: str | None = None
    timezone: str | None = None  # IANA name: when syndication posts this audience's variants


def parse_audiences(
    table: Mapping[str, Any], text_line_of: Callable[[str], int | None]
) -> tuple[dict[str, Audience], list[Problem]]:
    """Read `[audiences.<name>]` tables from site.toml."""
    problems: list[Problem] = []
    audiences: dict[str, Audience] = {}
    root = TableReader(table, path="site.toml", prefix="audiences.", problems=problems, line_of=text_line_of)
    for name in table:
        if name == LIST_VARIANTS:  # a setting, not an audience: no audience name has '_'
            root.boolean(LIST_VARIANTS, False)
            continue
        if not _AUDIENCE_NAME.match(name):
            root.problem(
                name, "an audience name must be lower-case letters, digits and dashes (it becomes part of URLs)"
            )
            root.seen.add(name)
            continue
        entry = root.subtable(name)
        audiences[name] = Audience(
            name=name,
            label=entry.string("label") or name.replace("-", " ").title(),
            region=entry.optional_string("region"),
            language=_language(entry),
            notes=entry.optional_string("notes"),
            timezone=_timezone(entry),
        )
        entry.finish()
    return audiences, problems


def lists_variants(config: SiteConfig) -> bool:
    """Whether landing pages name the other audiences' versions (`[audiences] list_variants = true`).

    Off by default: which audiences a campaign was written for is the team's business."""
    return config.sections.get("audiences", {}).get(LIST_VARIANTS) is True


def _language(entry: TableReader) -> str | None:
    text = entry.optional_string("language")
    if not text:
        return None
    tag, error = parse_language_tag(text)
    if tag is None:
        entry.problem(
            "language",
            error or "",
            "the language the audience's pages are written in; leave it out for an audience of the site's language",
        )
        return None
    return tag.text


def translation_language(audience: Audience, page_language: str) -> str | None:
    """The language tag of `audience`'s variant of a page written in `page_language` when the
    variant is a translation; None when it is regional (no language, or the page's own, whatever
    the region: 'en-AU' on an 'en' page)."""
    if not audience.language:
        return None
    tag, _ = parse_language_tag(audience.language)
    own, _ = parse_language_tag(page_language)
    if tag is None or (own is not None and own.same_language == tag.same_language):
        return None
    return tag.text


def _timezone(entry: TableReader) -> str | None:
    name = entry.optional_string("timezone")
    if name is None:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        entry.problem("timezone", f"'{name}' is not an IANA time zone", "for example 'Australia/Sydney' or 'UTC'")
        return None
    return name


def parse_messages(value: Any, key: str, problem: ProblemSink) -> dict[str, str]:
    """Read a `messages` table: what a post says on each network (or target), {mastodon: "…"}."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem(key, f'expected a table such as {{mastodon: "…", bluesky: "…"}}, got {describe_value(value)}')
        return {}
    messages: dict[str, str] = {}
    for name, text in value.items():
        if not isinstance(text, str) or not text.strip():
            problem(key, f"'{key}.{name}' expected the text of the post, got {describe_value(text)}")
            continue
        messages[str(name)] = text.strip()
    return messages


def parse_cta(value: Any, key: str, problem: ProblemSink) -> CallToAction | None:
    """Read a `cta` table: {label, url, secondary = {label, url}}."""
    if value is None:
        return None
    if not isinstance(value, dict):
        problem(key, f"expected a table with 'label' and 'url', got {describe_value(value)}")
        return None
    unknown = [k for k in value if k not in ("label", "url", "secondary")]
    for name in unknown:
        problem(key, f"unknown key '{name}' in the call to action" + _suggest(name, ("label", "url", "secondary")))
    label, url = value.get("label"), value.get("url")
    if not isinstance(label, str) or not label.strip() or not isinstance(url, str) or not url.strip():
        problem(key, "a call to action needs both 'label' and 'url' as text")
        return None
    if error := check_cta_url(url.strip()):
        problem(key, error)
        return None
    secondary = parse_cta(value.get("secondary"), key, problem) if value.get("secondary") is not None else None
    if secondary is not None and secondary.secondary is not None:
        problem(key, "a secondary call to action cannot have its own 'secondary'")
    return CallToAction(label.strip(), url.strip(), replace(secondary, secondary=None) if secondary else None)


def _suggest(name: str, choices: Sequence[str]) -> str:
    hint = did_you_mean(name, choices)
    return f" ({hint})" if hint else ""


def check_cta_url(url: str) -> str | None:
    scheme = urlsplit(url).scheme.lower()
    if scheme and scheme not in _CTA_SCHEMES:
        return f"'{url}' is not a link a reader can follow; use https:, mailto:, tel: or a path on this site"
    return None


def parse_audience_overrides(table: Mapping[str, Any], problem: ProblemSink) -> dict[str, AudienceOverrides]:
    """Read a page's `audiences` table: audience name -> what its variant says instead.

    The names are checked against site.toml's audiences when the variants are made.
    """
    parsed: dict[str, AudienceOverrides] = {}
    for name, overrides in table.items():
        key = f"audiences.{name}"
        if name in VARIANT_KEYS:
            problem(
                f"{key}",
                f"'{name}' stands where an audience's name goes; "
                "indent it two more spaces, under the audience it belongs to",
            )
            continue
        if overrides is None:
            overrides = {}
        if not isinstance(overrides, dict):
            problem("audiences", f"'{name}' should be a table of overrides, got {describe_value(overrides)}")
            continue
        for unknown in (k for k in overrides if k not in VARIANT_KEYS):
            problem("audiences", f"'{key}.{unknown}' cannot be set per audience" + _suggest(unknown, VARIANT_KEYS))
        text = {k: _text(overrides, k, key, problem) for k in ("title", "description", "message", "image", "image_alt")}
        parsed[str(name)] = AudienceOverrides(
            **text,
            cta=parse_cta(overrides.get("cta"), "audiences", problem) if "cta" in overrides else None,
            sets_cta="cta" in overrides,
            messages=parse_messages(overrides.get("messages"), f"{key}.messages", problem),
        )
    return parsed


def make_variants(
    page: Page, audiences: Mapping[str, Audience], base_url: str, problem: ProblemSink, site_language: str = "en"
) -> list[Page]:
    """The audience variant pages of `page`, one per audience its front matter names: a
    translation (see `translation_language`) in its language and canonical to itself, any
    other canonical to `page`."""
    variants = []
    page_language = page.language or site_language
    language_error = parse_language_tag(page.language)[1] if page.language else None
    for name, overrides in page.audience_overrides.items():
        if name not in audiences:
            known = ", ".join(sorted(audiences))
            suggestion = _suggest(name, list(audiences))
            if suggestion or known:
                problem("audiences", f"unknown audience '{name}'; site.toml defines {known}" + suggestion)
            else:
                label = name.replace("-", " ").replace("_", " ").capitalize()
                problem(
                    "audiences",
                    f"unknown audience '{name}': site.toml defines no audiences; add a table for each, such as "
                    f'[audiences.{name}] with label = "{label}"',
                )
            continue
        url_path = normalize_url_path(page.url_path + name)
        translated = translation_language(audiences[name], page_language)
        if translated and language_error:
            problem("language", f"{language_error}; the page has translations, whose links name its language")
            language_error = None  # said once a page
        variants.append(
            replace(
                page,
                url_path=url_path,
                title=overrides.title or page.title,
                description=overrides.description or page.description,
                summary=overrides.description or page.summary,
                message=overrides.message or page.message,
                image=overrides.image or page.image,
                image_key=f"audiences.{name}.image" if overrides.image else page.image_key,
                image_alt=overrides.image_alt or (None if overrides.image else page.image_alt),
                cta=overrides.cta if overrides.sets_cta else page.cta,
                messages={**page.messages, **overrides.messages},
                canonical=page.canonical or (None if translated else absolute_url(base_url, page.url_path)),
                language=translated or page.language,
                aliases=(),
                audience=name,
                variant_of=page.url_path,
                audience_overrides={},
            )
        )
    return variants


def _text(table: Mapping[str, Any], name: str, key: str, problem: ProblemSink) -> str:
    value = table.get(name)
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problem("audiences", f"'{key}.{name}' expected text, got {describe_value(value)}")
        return ""
    return str(value).strip()


def find_broken_ctas(pages: Sequence[Page], known_paths: set[str]) -> list[Problem]:
    """Calls to action that point at a path on this site where nothing is built."""
    problems = []
    folded = {path.casefold() for path in known_paths}
    main_ctas = {page.url_path: page.cta for page in pages if not page.audience}
    for page in pages:
        if page.audience and page.cta == main_ctas.get(written_at(page)):
            continue  # the main page's call to action, reported there once
        for cta in (page.cta, page.cta.secondary if page.cta else None):
            if cta is None or urlsplit(cta.url).scheme or cta.url.startswith("//"):
                continue
            target = resolve_site_path(written_at(page), cta.url)
            if target.casefold() not in folded and normalize_url_path(target).casefold() not in folded:
                where = cta_key(page)
                problems.append(
                    page.problem(
                        where,
                        f"the call to action '{cta.label}' links to '{cta.url}', "
                        f"but the site has nothing at '{target}'",
                        hint="link to a page's path such as '/dealers/', or to a full https:// address",
                    )
                )
    return problems


def cta_key(page: Page) -> str:
    """The front matter key that sets the page's call to action ('audiences.hot.cta' on a variant)."""
    return f"audiences.{page.audience}.cta" if page.audience else "cta"


def written_at(page: Page) -> str:
    """The page a relative link was written for: a variant's links come from its main page."""
    return page.variant_of or page.url_path


def resolve_site_path(page_path: str, url: str) -> str:
    """A relative link on the page at `page_path`, as a site path without query or fragment."""
    path = unquote(urlsplit(url).path)
    if not path:
        return page_path
    joined = path if path.startswith("/") else page_path.rsplit("/", 1)[0] + "/" + path
    resolved = normpath(joined)
    return resolved + "/" if path.endswith("/") and resolved != "/" else resolved


@dataclass(frozen=True)
class CampaignSettings:
    """Everything site.toml says about audiences, UTM tagging and share links."""

    audiences: Mapping[str, Audience]
    utm: UtmSettings
    share: ShareSettings
    language: str = "en"  # the site's: an audience of another language is a translation


def parse_campaign_settings(config: SiteConfig) -> tuple[CampaignSettings, list[Problem]]:
    line_of = make_toml_line_finder(config.text)
    audiences, problems = parse_audiences(config.sections.get("audiences", {}), line_of)
    problems += check_translation_languages(audiences, config.language, line_of)
    utm, utm_problems = parse_utm_settings(config.sections.get("utm", {}), "site.toml")
    share, share_problems = parse_share_settings(config.sections.get("share", {}), "site.toml")
    return CampaignSettings(audiences, utm, share, config.language), problems + utm_problems + share_problems


def check_translation_languages(
    audiences: Mapping[str, Audience], site_language: str, line_of: Callable[[str], int | None]
) -> list[Problem]:
    """With translations, the site's `language` must be a language tag (it is the main pages'
    hreflang), and no two audiences may translate into one language (a page has one version per language)."""
    problems: list[Problem] = []
    translating = {
        name: tag for name, audience in audiences.items() if (tag := translation_language(audience, site_language))
    }
    _, error = parse_language_tag(site_language)
    if translating and error:
        names = ", ".join(sorted(translating))
        problems.append(
            Problem(
                f"{error}; it names the main pages' language beside their translations ({names})",
                path="site.toml",
                line=line_of("language"),
                key="language",
            )
        )
    first: dict[str, str] = {}
    for name, tag in translating.items():
        if tag.lower() in first:
            key = f"audiences.{name}.language"
            problems.append(
                Problem(
                    (
                        f"'{tag}' is already the language of audience '{first[tag.lower()]}'; "
                        "a page has one version per language"
                    ),
                    path="site.toml",
                    line=line_of(key),
                    key=key,
                    hint="give one of them a region as well ('de-AT'), or leave its language out",
                )
            )
        first.setdefault(tag.lower(), name)
    return problems


def make_all_variants(
    pages: Sequence[Page], settings: CampaignSettings, base_url: str
) -> tuple[list[Page], list[Problem]]:
    """Every published page's audience variants, and each page's UTM overrides checked against the site's."""
    variants: list[Page] = []
    problems: list[Problem] = []
    for page in pages:
        variants += make_variants(page, settings.audiences, base_url, _problem_sink(page, problems), settings.language)
        variants += make_share_variants(page, base_url, _problem_sink(page, problems))  # A/B share texts
        problems += check_merged_utm(page.utm.over(settings.utm), page.utm, page.source_path)
    return variants, problems


def _problem_sink(page: Page, problems: list[Problem]) -> ProblemSink:
    """Record problems about `page`'s front matter key by key, with the key's line."""

    def problem(key: str, message: str) -> None:
        problems.append(page.problem(key, message))

    return problem
