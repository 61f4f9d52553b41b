"""Values for other generators' `{{ site.x }}`, `{{ page.x }}` and Hugo's `param`, and Liquid's
filters on them (`{{ "/img/a.png" | relative_url }}`); content/shortcodes.py uses them."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from smo_gen.content.foreign_markup import MarkupValues
from smo_gen.patterns import lazy_pattern

if TYPE_CHECKING:
    from smo_gen.config.site_config import SiteConfig

_QUOTED = lazy_pattern(r"\"([^\"]*)\"|'([^']*)'")


def make_site_values(config: SiteConfig) -> MarkupValues:
    """What `{{ site.x }}` may name: the site's title, description, addresses and [extra]."""
    base_path = urlsplit(config.base_url).path.rstrip("/")
    site: dict[str, Any] = {
        **config.extra,
        "title": config.title,
        "description": config.description,
        "url": config.base_url.rstrip("/").removesuffix(base_path) if base_path else config.base_url.rstrip("/"),
        "baseurl": base_path,
        "base_url": config.base_url,
        "language": config.language,
        "lang": config.language,
        "author": {"name": config.author.name, "url": config.author.url or "", "email": config.author.email or ""},
        "extra": dict(config.extra),
        "params": dict(config.extra),
    }
    return MarkupValues(site=site, site_params=dict(config.extra))


def evaluate_expression(expression: str, values: MarkupValues, variables: Mapping[str, str]) -> str | None:
    """A Liquid expression with filters (`site.title | upcase`), or None when any part of it is unknown."""
    head, *filters = [part.strip() for part in expression.split("|")]
    value: str | None
    if head[:1] in "\"'" and len(head) > 1 and head[-1] == head[0]:
        value = head[1:-1]
    elif head.startswith(("site.", "page.")):
        source = values.site if head.startswith("site.") else values.page
        found = lookup(source, head.partition(".")[2])
        value = None if found is None else display(found)
    else:
        value = variables.get(head)
    for written in filters:
        name, _, argument_text = written.partition(":")
        arguments = [quoted or single for quoted, single in _QUOTED.findall(argument_text)]
        if name.strip() == "default" and arguments and not value:
            value = arguments[0]
        elif value is not None:
            value = _filter(values, name.strip(), value, arguments)
    return value


def _filter(values: MarkupValues, name: str, value: str, arguments: list[str]) -> str | None:
    if name == "remove" and len(arguments) == 1:
        return value.replace(arguments[0], "")
    if name in ("prepend", "append") and len(arguments) == 1:
        return arguments[0] + value if name == "prepend" else value + arguments[0]
    if name == "replace" and len(arguments) == 2:
        return value.replace(arguments[0], arguments[1])
    if name == "default":
        return value
    site_url = str(values.site.get("url", ""))
    if name == "relative_url":
        return relative_url(values, value)
    if name == "absolute_url":
        return site_url + "/" + value.lstrip("/") if not urlsplit(value).scheme else value
    if name == "markdownify":
        return "\n\n" + value.strip("\n") + "\n\n"  # the block around it (a <div>) holds Markdown then
    simple: dict[str, Callable[[str], str]] = {
        "escape": html.escape,
        "xml_escape": html.escape,
        "upcase": str.upper,
        "downcase": str.lower,
        "strip": str.strip,
    }
    return simple[name](value) if name in simple else None


def relative_url(values: MarkupValues, value: str) -> str:
    """Jekyll's `relative_url`: a path on the site under its base path ('/a.png' -> '/blog/a.png'); a full URL as is."""
    return str(values.site.get("baseurl", "")) + "/" + value.lstrip("/") if not urlsplit(value).scheme else value


def lookup(values: Mapping[str, Any], dotted: str) -> Any:
    """`values['a']['b']` for 'a.b', or None."""
    current: Any = values
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


def display(value: Any) -> str:
    """A value as text in a page: lists joined by commas, booleans as Liquid writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(display(item) for item in value)
    return str(value)
