"""A/B share variants: front matter `variants: {a: {title: …}, b: {message: …}}`.

Each variant is a page of its own at `/<page>/variant-<name>/`, like an audience variant: its
`og:url`, card, share links and `utm_content` (the variant's name) are its own, its canonical URL
is the main page. Syndication alternates the variants across targets, and `smo-gen report`
compares their clicks (feedback/variant_test.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from smo_gen.content.page import Page
from smo_gen.content.placements import QR_KEY, SHARE_VARIANT_KEY
from smo_gen.errors import did_you_mean
from smo_gen.patterns import lazy_pattern
from smo_gen.schema import describe_value
from smo_gen.urls import absolute_url, normalize_url_path
from smo_gen.utm import UtmSettings

VARIANTS_KEY = "variants"
SHARE_VARIANT_KEYS = ("title", "description", "message", "image", "image_alt")
_NAME = lazy_pattern(r"^[a-z0-9][a-z0-9-]*$")


def page_utm(site_utm: UtmSettings, page: Page) -> UtmSettings:
    """The UTM templates of a page's links: the site's, its front matter's, and an A/B variant's name as utm_content."""
    utm = page.utm.over(site_utm)
    variant = page.params.get(SHARE_VARIANT_KEY)
    return replace(utm, content=variant) if isinstance(variant, str) and variant else utm


def share_variant_path(page_path: str, name: str) -> str:
    return normalize_url_path(f"{page_path}variant-{name}")


def make_share_variants(page: Page, base_url: str, problem: Callable[[str, str], None]) -> list[Page]:
    """The A/B variant pages of a main page, in name order; `problem(key, message)` records mistakes."""
    table = page.params.get(VARIANTS_KEY)
    if table is None or page.variant_of:
        return []
    if not isinstance(table, Mapping) or not table:
        problem(
            VARIANTS_KEY,
            f"expected a table of variants such as {{a: {{title: …}}, b: {{title: …}}}}, got {describe_value(table)}",
        )
        return []
    made = []
    params = {key: value for key, value in page.params.items() if key not in (VARIANTS_KEY, QR_KEY)}
    for name in sorted(table, key=str):
        overrides = table[name]
        if not isinstance(name, str) or not _NAME.match(name):
            problem(
                VARIANTS_KEY,
                "a variant name must be lower-case letters, "
                f"digits and dashes (it becomes part of URLs), got {describe_value(name)}",
            )
            continue
        if not isinstance(overrides, Mapping) or not overrides:
            problem(
                VARIANTS_KEY,
                f"'{VARIANTS_KEY}.{name}' expected a table of title, "
                f"description, message or image, got {describe_value(overrides)}",
            )
            continue
        text = _texts(overrides, f"{VARIANTS_KEY}.{name}", problem)
        made.append(
            replace(
                page,
                url_path=share_variant_path(page.url_path, name),
                title=text.get("title") or page.title,
                description=text.get("description") or page.description,
                summary=text.get("description") or page.summary,
                message=text.get("message") or page.message,
                image=text.get("image") or page.image,
                image_alt=text.get("image_alt") or (None if text.get("image") else page.image_alt),
                canonical=page.canonical or absolute_url(base_url, page.url_path),
                aliases=(),
                variant_of=page.url_path,
                audience_overrides={},
                params={**params, SHARE_VARIANT_KEY: name},
            )
        )
    return made


def _texts(overrides: Mapping[str, Any], key: str, problem: Callable[[str, str], None]) -> dict[str, str]:
    texts = {}
    for name, value in overrides.items():
        if name not in SHARE_VARIANT_KEYS:
            hint = did_you_mean(str(name), SHARE_VARIANT_KEYS) or f"expected one of: {', '.join(SHARE_VARIANT_KEYS)}"
            problem(VARIANTS_KEY, f"'{key}.{name}' cannot be set per variant ({hint})")
        elif not isinstance(value, str) or not value.strip():
            problem(VARIANTS_KEY, f"'{key}.{name}' expected text, got {describe_value(value)}")
        else:
            texts[name] = value.strip()
    return texts
