"""What other generators call the settings of `site.toml`, for "unknown key" messages.

Someone bringing a site from Hugo, Jekyll or Zola writes the names they know; the message says
whose name it is and what smo-gen calls it, instead of only "unknown key".
"""

from __future__ import annotations

_HUGO, _JEKYLL, _ZOLA = "Hugo", "Jekyll", "Zola"

# Dotted key as written in site.toml -> (generators that use the name, what smo-gen calls it,
# or after '!' what smo-gen does instead).
_FOREIGN: dict[str, tuple[tuple[str, ...], str]] = {
    "baseURL": ((_HUGO,), "base_url"),
    "baseurl": ((_JEKYLL,), "base_url, the full address with this path: 'https://example.com/blog/'"),
    "url": ((_JEKYLL,), "base_url"),
    "languageCode": ((_HUGO,), "language"),
    "defaultContentLanguage": ((_HUGO,), "language"),
    "default_language": ((_ZOLA,), "language"),
    "lang": ((_JEKYLL,), "language"),
    "locale": ((_JEKYLL,), "language (and social.locale for Open Graph)"),
    "timeZone": ((_HUGO,), "timezone"),
    "contentDir": ((_HUGO,), "content_dir"),
    "source": ((_JEKYLL,), "content_dir"),
    "publishDir": ((_HUGO,), "output_dir"),
    "destination": ((_JEKYLL,), "output_dir"),
    "staticDir": ((_HUGO,), "static_dir"),
    "permalink": ((_JEKYLL,), '[permalinks] with a pattern per content folder: _posts = "/:categories/:title/"'),
    "generate_feed": ((_ZOLA,), '[feeds] formats = ["atom"] (feeds are on by default)'),
    "generate_feeds": ((_ZOLA,), '[feeds] formats = ["atom"] (feeds are on by default)'),
    "feed_filename": ((_ZOLA,), "[feeds] atom_file or rss_file"),
    "feed_filenames": ((_ZOLA,), "[feeds] atom_file and rss_file"),
    "rssLimit": ((_HUGO,), "[feeds] limit"),
    "twitter": ((_JEKYLL,), "social.x_site"),
    "twitter.username": ((_JEKYLL,), "social.x_site"),
    "social.twitter": ((_HUGO,), "social.x_site"),
    "facebook": ((_JEKYLL,), "social.facebook_app_id"),
    "facebook.app_id": ((_JEKYLL,), "social.facebook_app_id"),
    "og_image": ((_JEKYLL,), "social.default_image"),
    "email": ((_JEKYLL,), "author.email"),
    "paginate": ((_HUGO, _JEKYLL), "paginate_by"),
    "pagination.pagerSize": ((_HUGO,), "paginate_by"),
    "taxonomies": (
        (_HUGO, _ZOLA),
        "!smo-gen builds tag and category pages from front matter 'tags' and 'categories' without a setting",
    ),
}


def foreign_key_hint(dotted: str) -> str | None:
    """ "this is Hugo's name; smo-gen calls it 'base_url'" for a key another generator uses."""
    known = _FOREIGN.get(dotted)
    if known is None:
        return None
    generators, ours = known
    whose = " and ".join(f"{name}'s" for name in generators)
    if ours.startswith("!"):  # no counterpart: the text says what smo-gen does instead
        return f"this is {whose} name; {ours[1:]}"
    return f"this is {whose} name; smo-gen calls it {ours}"
