"""Pinterest: article rich pins and the pin's image.

Where the rules come from (read 2026-12):

- developers.pinterest.com, "About Rich Pins" and "Article Pins": rich pins read Open Graph (or
  schema.org) metadata of the page; article pins take og:title and og:description (with og:url,
  og:site_name, og:type article); `<meta name="pinterest-rich-pin" content="false">` opts the
  page out of rich pins.
- Pinterest's pin size, 2:3 at 1000x1500 px: found here only as restated by schedulers'
  documentation (ayrshare and getlate "Pinterest media guidelines"); they also give a 600x900
  minimum that Pinterest's own pages, as far as could be found, do not state, so it is not judged.
- `<meta name="pinterest" content="nopin">` stops pinning from the page (Pinterest Help, "Prevent
  saves to Pinterest from your site").

Not published (found): a title or description length for rich pins. Judged: article pages.
"""

from __future__ import annotations

from smo_gen.check.profiles import fixes
from smo_gen.check.profiles.built_output import BuiltOutput, BuiltPage
from smo_gen.check.profiles.verdicts import Profile, ProfileFinding, fail, warn
from smo_gen.site.image_facts import ImageFacts

PIN_RATIO = 2 / 3  # width / height
RATIO_TOLERANCE = 0.05


def pinterest_rules(page: BuiltPage, output: BuiltOutput) -> list[ProfileFinding] | None:
    if not page.is_article:
        return None
    findings: list[ProfileFinding] = []
    if "nopin" in (value.strip().lower() for value in page.tags.meta.get("pinterest", ())):
        findings.append(
            fail('<meta name="pinterest" content="nopin">: the page cannot be pinned', fixes.PINTEREST_OPT_OUT)
        )
    if page.tags.first("pinterest-rich-pin") == "false":
        findings.append(fail("pinterest-rich-pin is false: pins of the page are plain pins", fixes.PINTEREST_OPT_OUT))
    for key, fix in (("og:title", fixes.TITLE), ("og:description", fixes.DESCRIPTION)):
        if not page.tags.first(key):
            findings.append(fail(f"no {key}: an article rich pin needs it", fix))
    images = [url for url in page.tags.meta.get("og:image", ()) if url.strip()]
    if not images:
        findings.append(fail("no og:image: there is nothing to pin", fixes.IMAGE))
        return findings
    measured = [output.measure(url.strip()) for url in images]
    for url, facts in zip(images, measured, strict=True):
        if isinstance(facts, str):
            findings.append(fail(f"og:image {facts}: {url}", fixes.IMAGE))
    pins = [output.measure(url) for url in page.pin_images]  # the card its Save button pins
    sizes = [facts for facts in (*measured, *pins) if isinstance(facts, ImageFacts)]
    if sizes and not any(
        abs(facts.width / facts.height - PIN_RATIO) <= RATIO_TOLERANCE for facts in sizes if facts.height
    ):
        shown = ", ".join(f"{facts.width}x{facts.height}" for facts in sizes)
        findings.append(
            warn(
                f"no 2:3 image to pin ({shown}; none from a Pinterest Save link): pins show best at 1000x1500",
                fixes.PINTEREST_CARD,
            )
        )
    return findings


PROFILE = Profile(
    "pinterest",
    "Pinterest rich pins",
    "developers.pinterest.com/docs/rich-pins/",
    page_rules=pinterest_rules,
)
