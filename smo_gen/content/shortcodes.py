"""What each Liquid tag and Hugo or Zola shortcode becomes in smo-gen (see content/foreign_markup.py).

Translated: Jekyll `link`, `post_url`, `highlight`, `raw`, `comment`, `capture`/`assign`, the
`include`s `toc`, `video` and `figure` (Minimal Mistakes'),
`{{ site.x }}`, `{{ page.x }}` (with the filters `relative_url`, `absolute_url`, `markdownify`,
`escape`, `upcase`, `downcase`, `strip`, `remove`, `replace`, `prepend`, `append`, `default`);
Hugo `figure`, `ref`/`relref`, `highlight`, `youtube`, `vimeo`, `gist`, `param`, `comment`,
`mermaid`, and admonitions (`note`, `warning`, `alert`, ...);
Zola `youtube`, `vimeo`, `gist` and the same admonitions. Links to other pages become
`@@/path` markers that content/internal_links.py resolves once every page's URL is known.

Anything else gets a warning naming file, line and construct. A paired construct keeps
its content without the tags around it; a single one is left out (Liquid tags, shortcodes),
except `{{ expression }}`, which Hugo and Zola print as it is and so stays as written.
"""

from __future__ import annotations

import html
import re
import textwrap
from urllib.parse import quote

from smo_gen.content.foreign_markup import (
    MarkupTag,
    MarkupValues,
    Translation,
    is_liquid_block,
    translate_foreign_markup,
)
from smo_gen.content.media import recognise_platform
from smo_gen.content.template_values import display, evaluate_expression, lookup, relative_url
from smo_gen.errors import Problem
from smo_gen.patterns import lazy_pattern

# Marker for a link to another page by its source file, found the way Jekyll and Hugo find it.
PAGE_LINK_MARKER = "@@/"
ADMONITIONS = frozenset(
    {
        "note",
        "warning",
        "caution",
        "alert",
        "info",
        "tip",
        "notice",
        "important",
        "danger",
        "callout",
        "admonition",
        "hint",
    }
)
_HUGO_PAIRED = frozenset({"highlight", "comment", "mermaid", *ADMONITIONS})
_ARGUMENT = lazy_pattern(
    r"""\s*,?\s*(?:(?P<key>[A-Za-z_][\w-]*)\s*=\s*)?(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s,()"'`]+)""",
    re.DOTALL,
)
_LITERAL_BLOCKS = frozenset({"highlight", "comment", "mermaid"})
_SITE_PATH = lazy_pattern(r"\{\{-?\s*site\.baseurl\s*-?\}\}(?=\{%-?\s*(?:link|post_url)\b)")


def translate_shortcodes(text: str, path: str, first_line: int, values: MarkupValues) -> tuple[str, list[Problem]]:
    """`text` with other generators' template syntax translated, and warnings for the rest."""
    # Jekyll sites wrote '{{ site.baseurl }}{% post_url x %}'; smo-gen's page paths hold the base path already.
    text = _SITE_PATH.sub("", text) if "site.baseurl" in text else text
    return translate_foreign_markup(text, path, first_line, values, _single, _paired, _pairing)


def parse_arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named arguments of a shortcode: `a "b c" key=value key2="d"`."""
    positional: list[str] = []
    named: dict[str, str] = {}
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    for match in _ARGUMENT.finditer(text):
        value = match["value"]
        if value[:1] in "\"'`" and len(value) > 1 and value[-1] == value[0]:
            value = value[1:-1].replace('\\"', '"')
        if match["key"]:
            named[match["key"]] = value
        else:
            positional.append(value)
    return positional, named


def _pairing(tag: MarkupTag) -> str | None:
    """'literal' for blocks of code and comments, 'content' for other blocks, None for the rest."""
    if tag.syntax not in ("liquid", "hugo", "zola"):
        return None
    # A Liquid tag with an 'end' tag later is a block, whatever its name; so is a shortcode with a closing one.
    return "literal" if tag.name.lower() in _LITERAL_BLOCKS else "content"


def _single(run: Translation, tag: MarkupTag) -> str:
    if tag.syntax == "raw":
        return tag.args
    if tag.syntax == "escape":
        return tag.args
    if tag.closing:
        run.warn(tag, "has no opening tag; it is left out")
        return ""
    if tag.syntax == "output":
        return _liquid_output(run, tag)
    if tag.syntax == "liquid":
        return _liquid_single(run, tag)
    if tag.syntax == "zola" and not tag.self_closing:
        run.warn(tag, "has no '{% end %}'; it is left out")
        return ""
    return _shortcode_single(run, tag)


def _paired(run: Translation, tag: MarkupTag, inner: str) -> str:
    name = tag.name.lower()
    if tag.syntax == "liquid":
        if name == "highlight":
            return _fence(tag.args.split()[0] if tag.args.split() else "", inner)
        if name == "comment":
            return ""
        if name == "capture":
            run.variables[tag.args.strip()] = inner
            return ""
        why = (
            "a Liquid block smo-gen does not run; its content is shown once, as written"
            if is_liquid_block(name)
            else "is not a Liquid tag smo-gen knows; its content is kept, the tags are left out"
        )
        run.warn(tag, why)
        return inner
    positional, named = parse_arguments(tag.args)
    if name == "highlight":
        return _fence(named.get("lang", positional[0] if positional else ""), inner)
    if name == "mermaid":
        return _fence("mermaid", inner)
    if name == "comment":
        return ""
    if name in ADMONITIONS:
        return _admonition(name, positional, named, inner)
    run.warn(tag, "is not a shortcode smo-gen knows; its content is kept, the shortcode tags are left out")
    return inner


def _shortcode_single(run: Translation, tag: MarkupTag) -> str:
    name = tag.name.lower()
    positional, named = parse_arguments(tag.args)
    first = named.get("id", named.get("src", positional[0] if positional else ""))
    if name in ("ref", "relref"):
        target = named.get("path", first)
        if target:
            return page_link(target)
    elif name == "figure" and tag.syntax == "hugo" and named.get("src"):
        return _figure(named)
    elif name in ("youtube", "vimeo") and first:
        return _video(run, tag, name, first, named)
    elif name == "gist" and (named.get("url") or len(positional) >= 2):
        return _gist(positional, named)
    elif name == "param" and first:
        value = lookup(run.values.page_params, first)
        value = lookup(run.values.site_params, first) if value is None else value
        if value is not None:
            return display(value)
        run.warn(tag, f"'{first}' is in neither the page's params nor site.toml's [extra]; it is left out")
        return ""
    elif name in _HUGO_PAIRED:
        run.warn(tag, "has no closing tag; it is left out")
        return ""
    run.warn(tag, "is not a shortcode smo-gen knows (or lacks what it needs); it is left out")
    return ""


def _liquid_single(run: Translation, tag: MarkupTag) -> str:
    name = tag.name
    positional, _ = parse_arguments(tag.args)
    if name == "link" and positional:
        return page_link(positional[0])
    if name == "post_url" and positional:
        return page_link("_posts/" + positional[0].lstrip("/"))
    if name == "assign":
        variable, _, expression = tag.args.partition("=")
        value = evaluate_expression(expression.strip(), run.values, run.variables)
        if value is not None:
            run.variables[variable.strip()] = value
            return ""
    if name == "include" and positional and positional[0] in ("toc", "toc.html"):
        return "\n\n* TOC\n{:toc}\n\n"  # the themes' table of contents: kramdown's, made by markdown_attributes
    if name == "include" and positional and positional[0] in ("video", "figure"):
        # The video and figure includes of Minimal Mistakes, the most used Jekyll theme.
        _, named = parse_arguments(tag.args)
        provider = named.get("provider", "").lower()
        if positional[0] == "video" and named.get("id") and provider in ("youtube", "vimeo"):
            return _video(run, tag, provider, named["id"], named)
        if positional[0] == "figure" and named.get("image_path"):
            # The include writes `image_path | relative_url`: the path is under the site's base path.
            return _figure({**named, "src": relative_url(run.values, named["image_path"])})
    if name == "include":
        run.warn(tag, "smo-gen has no includes folder; the include is left out")
        return ""
    if name in ("highlight", "raw", "comment", "capture"):
        run.warn(tag, f"has no '{{% end{name} %}}'; it is left out")
        return ""
    run.warn(tag, "is not a Liquid tag smo-gen knows; it is left out")
    return ""


def _liquid_output(run: Translation, tag: MarkupTag) -> str:
    value = evaluate_expression(tag.args, run.values, run.variables)
    if value is None:
        run.warn(
            tag, "could not be filled in (see 'Coming from Hugo, Jekyll or Zola' in the README); it is kept as written"
        )
        return tag.source
    return value


def page_link(target: str) -> str:
    """A marker for the page written in `target` (a content path), resolved once URLs are known."""
    return PAGE_LINK_MARKER + quote(target.lstrip("/"), safe="/#?=&.-_~")


def _fence(language: str, code: str) -> str:
    # Blank first and last lines are the tags' own; the indentation is the block's (a list item's).
    code = textwrap.dedent(re.sub(r"^(?:[ \t]*\n)+|(?:\n[ \t]*)+$", "", code))
    longest = max((len(run) for run in re.findall(r"`{3,}|~{3,}", code)), default=0)
    fence = "`" * max(3, longest + 1)
    language = re.sub(r"[^\w+#.-]", "", language)
    return f"\n{fence}{language}\n{code}\n{fence}\n"


def _admonition(name: str, positional: list[str], named: dict[str, str], inner: str) -> str:
    kind = named.get(
        "type",
        named.get(
            "color", name if name not in ("admonition", "alert", "callout") else (positional[0] if positional else name)
        ),
    )
    kind = re.sub(r"[^\w-]", "", kind) or name
    title = named.get("title", "")
    heading = f'<p class="admonition-title">{html.escape(title)}</p>\n' if title else ""
    return f'\n\n<div class="admonition {kind}">\n{heading}\n{inner.strip(chr(10))}\n\n</div>\n\n'


def _figure(named: dict[str, str]) -> str:
    attributes = f' src="{html.escape(named["src"])}" alt="{html.escape(named.get("alt", ""))}"'
    for size in ("width", "height"):
        if named.get(size, "").isdigit():
            attributes += f' {size}="{named[size]}"'
    image = f'<img{attributes} loading="lazy">'
    if named.get("link"):
        image = f'<a href="{html.escape(named["link"])}">{image}</a>'
    caption = ""
    if named.get("title") or named.get("caption"):
        from smo_gen.content.markdown import make_markdown

        title = f"<h4>{html.escape(named['title'])}</h4>" if named.get("title") else ""
        text = make_markdown().renderInline(named.get("caption", "")) if named.get("caption") else ""
        caption = f"<figcaption>{title}{f'<p>{text}</p>' if text else ''}</figcaption>"
    css = re.sub(r"[^\w -]", "", named.get("class", ""))
    return f"\n\n<figure{f' class={chr(34)}{css}{chr(34)}' if css else ''}>{image}{caption}</figure>\n\n"


def _video(run: Translation, tag: MarkupTag, name: str, video_id: str, named: dict[str, str]) -> str:
    watch = f"https://www.youtube.com/watch?v={video_id}" if name == "youtube" else f"https://vimeo.com/{video_id}"
    platform = recognise_platform(video_id if video_id.startswith("https://") else watch)
    if platform is None:
        run.warn(tag, f"'{video_id}' is not a {name} video id; it is left out")
        return ""
    title = html.escape(named.get("title", "the video"))
    # The theme's own markup for platform videos: a link, nothing loads from the platform unasked.
    return (
        f'\n\n<figure class="media media-video"><a class="play" href="{platform.watch_url}">'
        f"<span>▶ Play “{title}” on {platform.name}</span></a></figure>\n\n"
    )


def _gist(positional: list[str], named: dict[str, str]) -> str:
    url = named.get("url")
    if url is None:
        url = f"https://gist.github.com/{positional[0]}/{positional[1]}"
        if len(positional) > 2:
            url += "#file-" + re.sub(r"[^\w-]", "-", positional[2]).lower()
    return f"[{html.escape(url.removeprefix('https://'))}]({url})"
