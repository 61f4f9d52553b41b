"""Checking that the links in content lead somewhere this build writes.

A link, image or call to action that points at this site (a relative or root-relative path,
a `@/file.md` link, or an absolute URL on the site's own address) must name one of the
build's outputs: a page, an alias, a feed, a static or bundle file, a card. A `#part` must
name an id on the target page, when the ids of that page are known. A broken one is a
warning naming the file and the line, with the closest output as a suggestion. Nothing is
fetched: links to other sites are not checked.

`check_links` is pure: it takes every page's links and what the build writes, so each build
checks all of them again (a link's verdict depends on other pages) at the cost of a few
set lookups a link.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from smo_gen.config.site_config import CONFIG_NAME
from smo_gen.content.campaigns import resolve_site_path
from smo_gen.content.content_links import ContentLink
from smo_gen.errors import Problem
from smo_gen.patterns import lazy_pattern
from smo_gen.schema import TableReader

_ID = lazy_pattern(rb"""(?<![\w-])(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>=`]+))""", re.IGNORECASE)
INDEX = "index.html"
# Names compared with a broken link's, at most: a folder of thousands is cut short.
_MOST_COMPARED = 500
_FILE_EXTENSIONS = frozenset({
    ".html", ".htm", ".xml", ".json", ".txt", ".css", ".js", ".pdf", ".zip", ".woff", ".woff2",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico",
    ".mp4", ".webm", ".mov", ".mp3", ".wav", ".ogg", ".m4a",
})  # fmt: skip
_WEB = ("https://", "http://")
# Why a page is left out (`site.why_unpublished`) -> what it is, and what would build it.
_UNPUBLISHED = {
    "draft": ("a draft", "`smo-gen build --drafts` builds drafts; remove 'draft: true' to publish it"),
    "scheduled": ("a page whose date is still to come", "`smo-gen build --future` builds it"),
    "expired": ("a page past its expiry date", "`smo-gen build --expired` builds it"),
}
# Fragments a browser understands without any element of that id.
_ALWAYS_THERE = frozenset({"", "top"})


def parse_link_check_settings(
    table: Mapping[str, Any], line_of: Callable[[str], int | None]
) -> tuple[tuple[str, ...], list[Problem]]:
    """`[link_check]` of site.toml: the `skip_prefixes` of links served by something else."""
    problems: list[Problem] = []
    reader = TableReader(table, path=CONFIG_NAME, prefix="link_check.", problems=problems, line_of=line_of)
    prefixes = reader.string_list("skip_prefixes")
    for prefix in prefixes:
        if not prefix.startswith(("/", "https://", "http://")):
            reader.problem(
                "skip_prefixes",
                f"'{prefix}' is neither a site path nor a URL",
                "for example '/docs/' or 'https://example.com/docs/'",
            )
    reader.finish()
    return tuple(prefix for prefix in prefixes if prefix.startswith(("/", "https://", "http://"))), problems


@dataclass(frozen=True)
class LinkSource:
    """The links of one source file, and the site path they are relative to."""

    source_path: str  # as shown to people: "content/spring-sale.md"
    page_path: str  # "/spring-sale/": a relative link is resolved from here
    links: tuple[ContentLink, ...]
    source_file: str = ""  # relative to the content folder ("blog/a.md"), for links to other .md files


@dataclass(frozen=True)
class LinkTargets:
    """What the build writes, as the check needs it."""

    dests: frozenset[str]  # every output file, relative to the output folder: "about/index.html"
    base_url: str  # the site's address: absolute links to it are checked too
    source_pages: Mapping[str, str] = field(default_factory=dict)  # content file ("blog/a.md") -> its page's path
    # The ids in the HTML at a dest; None when they are not known (the check then trusts the `#part`).
    ids: Callable[[str], frozenset[str] | None] = lambda dest: None
    # Some of them, found more cheaply (in the page's body alone): asked first.
    some_ids: Callable[[str], frozenset[str]] = lambda dest: frozenset()
    # Pages this build leaves out, by path, and why: "draft", "scheduled" or "expired".
    unpublished: Mapping[str, str] = field(default_factory=dict)
    # Links starting so, as written or as site paths, are not checked ([link_check] skip_prefixes).
    skip_prefixes: tuple[str, ...] = ()


def check_links(sources: Iterable[LinkSource], targets: LinkTargets) -> list[Problem]:
    """A warning for each link in `sources` that points at this site where nothing is written."""
    check = source_checker(targets)
    return merge_verdicts(check(source) for source in sources)


# What the check found in one source: each broken link's address and its warning.
Verdict = tuple[tuple[str, Problem], ...]


def source_checker(targets: LinkTargets) -> Callable[[LinkSource], Verdict]:
    """A function checking one source's links against `targets` (suggestions found once for all)."""
    checker = _Checker(targets)
    host = checker.host

    def check(source: LinkSource) -> Verdict:
        found: list[tuple[str, Problem]] = []
        for link in source.links:
            url = link.url
            if url.startswith(_WEB) and url.split("/", 3)[2].lower() != host:
                continue  # another site's, most links of all: skipped here, a tenth of the check's time
            problem = checker.check(source, link)
            if problem is not None:
                found.append((url, problem))
        return tuple(found)

    return check


def merge_verdicts(verdicts: Iterable[Verdict]) -> list[Problem]:
    """The warnings of `verdicts`, in order, one per place: variants repeat their main page's links."""
    problems: dict[tuple[str | None, int | None, str], Problem] = {}
    for verdict in verdicts:
        for url, problem in verdict:
            problems.setdefault((problem.path, problem.line, url), problem)
    return list(problems.values())


def find_dest(site_path: str, dests: frozenset[str] | set[str]) -> str | None:
    """The output a web server answers `site_path` with, if the build writes one.

    '/a/' is 'a/index.html'; '/a' is the file 'a', or 'a/index.html' (a server redirects to '/a/').
    """
    relative = site_path.lstrip("/")
    if site_path.endswith("/"):
        candidates = [relative + INDEX]
    else:
        candidates = [relative, relative + "/" + INDEX]
    return next((dest for dest in candidates if dest in dests), None)


def parse_ids(document: str | bytes) -> frozenset[str]:
    """The `id` (and `<a name>`) values in an HTML document: where a `#part` can lead."""
    data = document.encode() if isinstance(document, str) else document  # bytes: an ASCII regex is faster
    values = (b"".join(groups).decode("utf-8", "replace") for groups in _ID.findall(data))  # one group matched
    return frozenset(html.unescape(value) if "&" in value else value for value in values)


def closest_id(fragment: str, ids: frozenset[str]) -> str | None:
    """ "did you mean '#x'?" for the id closest to `fragment`: one it abbreviates ('#specs' of
    '#specifications'), else one spelled alike, else one that abbreviates it, if any."""
    folded = fragment.casefold()
    longer = sorted((found for found in ids if len(folded) >= 3 and _abbreviates(folded, found.casefold())), key=len)
    shorter = sorted((found for found in ids if len(found) >= 3 and _abbreviates(found.casefold(), folded)), key=len)
    # Spelled alike, among the ids that start alike: a long page has hundreds of ids.
    alike = sorted(found for found in ids if found[:1].casefold() == folded[:1])
    close = longer[:1] or difflib.get_close_matches(fragment, alike, n=1, cutoff=0.6) or shorter[-1:]
    return f"did you mean '#{close[0]}'?" if close else None


def _abbreviates(short: str, long: str) -> bool:
    """Whether `long` starts as `short` does and holds the rest of its letters in order."""
    if not long.startswith(short[0]) or len(long) <= len(short):
        return False
    letters = iter(long)
    return all(letter in letters for letter in short)


class _Checker:
    def __init__(self, targets: LinkTargets) -> None:
        self.targets = targets
        parts = urlsplit(targets.base_url)
        self.host = parts.netloc.lower()
        self.base_path = parts.path if parts.path.endswith("/") else parts.path + "/"
        self.suggestions: dict[str, str | None] = {}
        self._index: _PathIndex | None = None

    def check(self, source: LinkSource, link: ContentLink) -> Problem | None:
        located = self.locate(source, link.url)
        if located is None:
            return None
        site_path, fragment = located
        skip = self.targets.skip_prefixes
        if skip and (link.url.startswith(skip) or site_path.startswith(skip)):
            return None
        dest = find_dest(site_path, self.targets.dests)
        if dest is None and (reason := self.targets.unpublished.get(site_path)) in _UNPUBLISHED:
            what, hint = _UNPUBLISHED[reason]
            return self.problem(
                source, link, f"{link.describe}, but '{site_path}' is {what}, which this build leaves out", hint
            )
        if dest is None:
            hint = self.suggest(site_path, source, link) or _missing_hint(link)
            return self.problem(source, link, f"{link.describe}, but the site has nothing at '{site_path}'", hint)
        if fragment in _ALWAYS_THERE or link.attribute != "href" or fragment in self.targets.some_ids(dest):
            return None
        ids = self.targets.ids(dest)
        if ids is None or fragment in ids:
            return None
        return self.problem(
            source,
            link,
            f"{link.describe}, but '{site_path}' has no element with the id '{fragment}'",
            closest_id(fragment, ids),
        )

    def locate(self, source: LinkSource, url: str) -> tuple[str, str] | None:
        """The site path and fragment `url` leads to; None when it is not this site's to check."""
        parts = urlsplit(url)
        fragment = unquote(parts.fragment)
        if "@@/" in url:
            return None  # Jekyll's link/post_url, Hugo's ref: resolved, or reported, in content/internal_links.py
        if url.startswith("@/"):
            page_path = self.targets.source_pages.get(unquote(parts.path[2:]))
            # One that names no page was reported where it is resolved (content/internal_links.py).
            return (page_path, fragment) if page_path is not None else None
        if parts.scheme or url.startswith("//"):
            if parts.scheme not in ("http", "https", "") or parts.netloc.lower() != self.host:
                return None  # another site's: never fetched
            path = unquote(parts.path) or "/"
            if not path.startswith(self.base_path):
                return None  # on this host, but outside the site's folder
            return "/" + path[len(self.base_path) :], fragment
        if url.startswith("/") and self.base_path != "/" and url.startswith(self.base_path):
            url = url[len(self.base_path) - 1 :]
        return resolve_site_path(source.page_path, url), fragment

    def problem(self, source: LinkSource, link: ContentLink, message: str, hint: str | None) -> Problem:
        return Problem(message, path=source.source_path, line=link.line, hint=hint, severity="warning")

    def suggest(self, site_path: str, source: LinkSource, link: ContentLink) -> str | None:
        """ "did you mean '/x/'?" for the output closest to `site_path`, if one is close."""
        written = unquote(urlsplit(link.url).path)
        if written.endswith((".md", ".markdown")):
            # A link to another Markdown file, written for a generator that rewrites those.
            file = posixpath.normpath(posixpath.join(posixpath.dirname(source.source_file), written)).lstrip("/")
            if file in self.targets.source_pages:
                return (
                    f"did you mean '{self.targets.source_pages[file]}', "
                    f"or '@/{file}' to follow that page wherever it moves?"
                )
        if site_path not in self.suggestions:
            self.suggestions[site_path] = self._closest(site_path)
        closest = self.suggestions[site_path]
        return f"did you mean '{closest}'?" if closest else None

    def _closest(self, site_path: str) -> str | None:
        """The output a writer most likely meant: the same path but for case or a final '/', the
        one page or file of the same name, or a close name in the same folder. Never a search of
        every output: at hundreds of broken links on a site of thousands of files, that took minutes."""
        index = self.index()
        folded = site_path.casefold().rstrip("/")
        if folded in index.by_folded:
            return index.by_folded[folded]
        folder, _, name = folded.rpartition("/")
        kind = _kind(site_path)
        same_name = [path for path in index.by_name.get(name, ()) if kind is None or _kind(path) in (kind, None)]
        if same_name:  # the one of that name whose path is closest
            return max(same_name, key=lambda path: difflib.SequenceMatcher(None, folded, path.casefold()).ratio())
        pool = [path for path in index.by_folder.get(folder, ()) if kind is None or _kind(path) in (kind, None)]
        names = {path.casefold().rstrip("/").rpartition("/")[2]: path for path in pool[:_MOST_COMPARED]}
        matches = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
        return names[matches[0]] if matches else None

    def index(self) -> _PathIndex:
        if self._index is None:
            self._index = _PathIndex.make(self.targets.dests)
        return self._index


@dataclass(frozen=True)
class _PathIndex:
    """Every path the site answers ('/about/', '/images/a.png'), looked up the ways `_closest` needs."""

    by_folded: dict[str, str]  # case-folded, without a final '/'
    by_name: dict[str, list[str]]  # by the folded last segment
    by_folder: dict[str, list[str]]  # by the folded path of the folder holding it

    @classmethod
    def make(cls, dests: Iterable[str]) -> _PathIndex:
        index = cls({}, {}, {})
        for dest in sorted(dests):
            path = "/" + dest[: -len(INDEX)] if dest == INDEX or dest.endswith("/" + INDEX) else "/" + dest
            folded = path.casefold().rstrip("/")
            folder, _, name = folded.rpartition("/")
            index.by_folded.setdefault(folded, path)
            index.by_name.setdefault(name, []).append(path)
            index.by_folder.setdefault(folder, []).append(path)
        return index


def _missing_hint(link: ContentLink) -> str:
    """What to do about a link to nothing, when no near name was found."""
    if link.owner or link.attribute == "href":
        return "correct the address, or write the page it points to"
    return "put the file beside the page or in static/, or correct the path"


def _kind(site_path: str) -> str | None:
    """'page' for a folder's path, 'file' for one with a file's extension, None when unsure
    (a dot in a name is as often a version number: '/Rust-1.38.0')."""
    if site_path.endswith("/"):
        return "page"
    return "file" if posixpath.splitext(site_path)[1].lower() in _FILE_EXTENSIONS else None
