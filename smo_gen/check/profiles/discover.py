"""Google Discover: large image previews for article pages.

Where the numbers come from (read 2026-12; Google changes them without notice):

- Google Search Central, "Google Discover and your website"
  (developers.google.com/search/docs/appearance/google-discover): "Large images need to be at
  least 1200 px wide and enabled by the max-image-preview:large setting, or by using AMP";
  "Avoid using a site logo as your image"; titles that capture the content without clickbait.
  Its 2025 update: og:image (or schema.org image) suggests the thumbnail, but does not by itself
  make a page eligible for the large preview.
- Google Search Central, "Robots meta tag specifications": `max-image-preview` takes none,
  standard or large; `noindex` keeps a page out of Search, and so out of Discover.

Not published, so not judged: a minimum image height or a ratio, a title length, how many pages
a site needs. Whether an image is a logo cannot be told from the files.
Judged: article pages (og:type article); lists and the home page are not what Discover shows.
"""

from __future__ import annotations

from smo_gen.check.profiles import fixes
from smo_gen.check.profiles.built_output import BuiltOutput, BuiltPage
from smo_gen.check.profiles.verdicts import Profile, ProfileFinding, fail, warn
from smo_gen.site.image_facts import ImageFacts

MIN_WIDTH = 1200


def discover_rules(page: BuiltPage, output: BuiltOutput) -> list[ProfileFinding] | None:
    if not page.is_article:
        return None
    findings: list[ProfileFinding] = []
    robots = page.robots
    if "noindex" in robots or "none" in robots:
        findings.append(fail("marked noindex: Discover shows only pages that Search may index", fixes.NOINDEX))
    if "max-image-preview:large" not in robots:
        said = next((value for value in robots if value.startswith("max-image-preview:")), None)
        why = f"its robots meta says {said}" if said else 'no max-image-preview:large in <meta name="robots">'
        findings.append(fail(f"{why}: Discover shows a large image only with max-image-preview:large", fixes.ROBOTS))
    if not page.tags.first("og:title"):
        findings.append(warn("no og:title: Discover takes the <title>, with the site's name", fixes.TITLE))
    image_url = page.tags.image_url
    if not image_url:
        findings.append(fail("no og:image: Discover has no large image to show", fixes.IMAGE))
        return findings
    facts = output.measure(image_url)
    if facts is None:
        findings.append(
            warn(f"og:image is on another host and was not measured: {image_url}", "check its width is 1200 px or more")
        )
    elif isinstance(facts, str):
        findings.append(fail(f"og:image {facts}: {image_url}", fixes.IMAGE))
    elif isinstance(facts, ImageFacts) and facts.width < MIN_WIDTH:
        findings.append(
            fail(
                f"og:image is {facts.width} px wide; Discover's large images are at least {MIN_WIDTH} px wide",
                fixes.LARGER_IMAGE,
            )
        )
    return findings


PROFILE = Profile(
    "discover",
    "Google Discover",
    "developers.google.com/search/docs/appearance/google-discover",
    page_rules=discover_rules,
)
