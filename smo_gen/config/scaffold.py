"""Starters for `smo-gen new site` and `smo-gen new campaign`."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from smo_gen.config.site_config import SiteConfig, check_base_url
from smo_gen.errors import Problem, SmoError
from smo_gen.urls import slugify

SITE_TOML = """\
title = {title}
base_url = {base_url}
language = "en"
description = "Campaigns, launches and news."
timezone = "UTC"
# strict = true                           # warnings fail the build (for CI), as `smo-gen build --strict`

[author]
name = {title}

[author.social]
# x = "@yourhandle"

[feeds]
formats = ["rss", "atom", "json"]
limit = 50
full_content = true

[social]
# x_site = "@yourhandle"
# What list pages (tags, audiences) share: replace it with your own 1200x630 image.
default_image = "images/share.png"
default_image_alt = {image_alt}

# The share links under every page, in this order.
[share]
networks = ["x", "facebook", "linkedin", "bluesky", "mastodon", "whatsapp", "email"]
# mastodon_instance = "mastodon.social"   # without it, Mastodon links ask for the reader's server

# Who you talk to: a page's `audiences:` gives each its own title, message, image or call to action,
# on a variant page at /<page>/<audience>/, and each audience gets a list page at /audiences/<name>/.
[audiences.newcomers]
label = "Newcomers"

[audiences.regulars]
label = "Regulars"

# The UTM tags on every share link and syndicated post ({{network}} {{slug}} {{campaign}} {{audience}}).
[utm]
source = "{{network}}"
medium = "social"
campaign = "{{campaign}}"
content = "{{audience}}"

# Where `smo-gen syndicate --publish` posts each page, once. The secret stays in the environment.
# [targets.mastodon]
# network = "mastodon"
# instance = "https://mastodon.social"
# credential = "SMO_MASTODON_TOKEN"       # the NAME of the environment variable holding the token
"""

WELCOME = """\
---
title: {welcome_title}
description: {welcome_description}
date: {date}
tags: [news]
message: {welcome_message}
syndicate: false                  # a starter page: never posted by `smo-gen syndicate`
---

This is your first page. Write campaigns as Markdown files in `content/`; each becomes a
landing page with complete social metadata, a social card and an entry in the feeds.
Start one with `smo-gen new campaign "Spring sale"`, and look at it with `smo-gen serve`:
http://127.0.0.1:8000/_smo/ shows how each page looks when shared.
"""

CAMPAIGN = """\
---
title: {title}
description: One or two sentences that make people want to click.
date: {date}
draft: true                       # remove this line to publish
tags: []
campaign: {campaign}                # utm_campaign of every share link and post
message: {message}                # what share links and syndicated posts say
cta:                              # the call to action, at the top and bottom of the page
  label: Find out more
  url: /                          # a path on this site (checked when building) or an https:// address
# image: images/{slug}.jpg        # the share image (else a card is drawn from the title)
# image_alt: Describe the image for people who cannot see it
# utm: {{ medium: paid-social }}   # overrides [utm] of site.toml for this page
{audiences}---

Write the campaign here.
"""

AUDIENCES = """\
audiences:                        # a variant page per audience, each with its own share text
{entries}"""
AUDIENCE = """\
  {name}:
    message: {message}
"""
NO_AUDIENCES = """\
# audiences:                      # define them in site.toml first, e.g. [audiences.newcomers] with label = "Newcomers"
#   newcomers:
#     message: "New here? Start with this."
"""
SHARE_IMAGE_SIZE = (1200, 630)


def create_site(path: Path, *, title: str | None, base_url: str, now: dt.datetime) -> Path:
    """Create a site folder with site.toml, content/ and static/; refuse to overwrite."""
    if (path / "site.toml").exists():
        raise SmoError(Problem(f"{path / 'site.toml'} already exists; choose an empty folder"))
    if problem := check_base_url(base_url):
        raise SmoError(Problem(problem, key="--base-url"))
    name = title or path.resolve().name.replace("-", " ").replace("_", " ").title()
    (path / "content").mkdir(parents=True, exist_ok=True)
    (path / "static").mkdir(exist_ok=True)
    alt = f"{name}, in white on a blue background"
    site_toml = SITE_TOML.format(title=_quoted(name), base_url=_quoted(base_url), image_alt=_quoted(alt))
    (path / "site.toml").write_text(site_toml, encoding="utf-8")
    (path / "static" / "images").mkdir(exist_ok=True)
    (path / "static" / "images" / "share.png").write_bytes(render_share_image(name))
    today = now.date().isoformat()
    welcome = WELCOME.format(
        welcome_title=_quoted(f"Welcome to {name}"),
        welcome_description=_quoted(f"The first campaign page of {name}, built with smo-gen."),
        welcome_message=_quoted(f"{name} is open: campaigns, launches and news."),
        date=today,
    )
    (path / "content" / "welcome.md").write_text(welcome, encoding="utf-8")
    (path / ".gitignore").write_text("public/\n.smo-cache/\n", encoding="utf-8")
    return path


def create_campaign(config: SiteConfig, title: str, *, section: str, now: dt.datetime) -> Path:
    """Write content/[section/]<slug>.md as a draft; refuse to overwrite an existing file."""
    slug = slugify(title)
    if not slug:
        raise SmoError(Problem(f"the title '{title}' has no letters or digits to make a file name from"))
    folder = config.content_dir / section if section else config.content_dir
    target = folder / f"{slug}.md"
    if target.exists():
        raise SmoError(Problem(f"{target} already exists", hint="choose another title or edit that file"))
    folder.mkdir(parents=True, exist_ok=True)
    date = now.astimezone(config.tzinfo).replace(microsecond=0).isoformat()
    names = [name for name in config.sections.get("audiences", {}) if slugify(name) == name][:2]
    audiences = (
        AUDIENCES.format(
            entries="".join(AUDIENCE.format(name=name, message=_quoted(f"{title}, for {name}")) for name in names)
        )
        if names
        else NO_AUDIENCES
    )
    text = CAMPAIGN.format(
        title=_quoted(title), date=date, slug=slug, campaign=_quoted(slug), message=_quoted(title), audiences=audiences
    )
    target.write_text(text, encoding="utf-8")
    return target


def render_share_image(title: str) -> bytes:
    """A plain 1200x630 PNG with `title` on it: the new site's default share image, until replaced."""
    image = Image.new("RGB", SHARE_IMAGE_SIZE, (29, 78, 216))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 560, 1200, 630), fill=(23, 37, 84))
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.load_default(size=72)
    except TypeError:  # Pillow before 10.1 has one small bitmap font
        font = ImageFont.load_default()
    draw.text((600, 280), title[:40], fill=(255, 255, 255), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _quoted(text: str) -> str:
    """A double-quoted string that TOML and YAML both read back as `text`.

    Non-ASCII stays as it is: JSON would escape an emoji as a surrogate pair, which TOML
    refuses and YAML turns into two broken characters.
    """
    return json.dumps(text, ensure_ascii=False)
