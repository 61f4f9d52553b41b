"""Starters for `smo-gen new site` and `smo-gen new campaign`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from smo_gen.config.site_config import SiteConfig, check_base_url
from smo_gen.errors import Problem, SmoError
from smo_gen.urls import slugify

SITE_TOML = """\
title = {title}
base_url = {base_url}
language = "en"
description = "Campaigns, launches and news."
timezone = "UTC"

[author]
name = {title}

[author.social]
# x = "@yourhandle"

[feeds]
formats = ["rss", "atom", "json"]
limit = 20
full_content = true

[social]
# x_site = "@yourhandle"
# default_image = "images/share.png"
# default_image_alt = "Our logo on a blue background"
"""

WELCOME = """\
---
title: {welcome_title}
description: {welcome_description}
date: {date}
tags: [news]
---

This is your first page. Write campaigns as Markdown files in `content/`; each becomes a
landing page with complete social metadata, a social card and an entry in the feeds.
"""

CAMPAIGN = """\
---
title: {title}
description: One or two sentences that make people want to click.
date: {date}
draft: true
tags: []
# image: images/{slug}.jpg
# image_alt: Describe the image for people who cannot see it
---

Write the campaign here.
"""


def create_site(path: Path, *, title: str | None, base_url: str, now: dt.datetime) -> Path:
    """Create a site folder with site.toml, content/ and static/; refuse to overwrite."""
    if (path / "site.toml").exists():
        raise SmoError(Problem(f"{path / 'site.toml'} already exists; choose an empty folder"))
    if problem := check_base_url(base_url):
        raise SmoError(Problem(problem, key="--base-url"))
    name = title or path.resolve().name.replace("-", " ").replace("_", " ").title()
    (path / "content").mkdir(parents=True, exist_ok=True)
    (path / "static").mkdir(exist_ok=True)
    site_toml = SITE_TOML.format(title=_quoted(name), base_url=_quoted(base_url))
    (path / "site.toml").write_text(site_toml, encoding="utf-8")
    today = now.date().isoformat()
    welcome = WELCOME.format(
        welcome_title=_quoted(f"Welcome to {name}"),
        welcome_description=_quoted(f"The first campaign page of {name}, built with smo-gen."),
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
    target.write_text(CAMPAIGN.format(title=_quoted(title), date=date, slug=slug), encoding="utf-8")
    return target


def _quoted(text: str) -> str:
    """A double-quoted string that TOML and YAML both read back as `text`.

    Non-ASCII stays as it is: JSON would escape an emoji as a surrogate pair, which TOML
    refuses and YAML turns into two broken characters.
    """
    return json.dumps(text, ensure_ascii=False)
