"""Starters for `smo-gen new site` and `smo-gen new campaign`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .config import SiteConfig, check_base_url
from .errors import Problem, SmoError
from .urls import slugify

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
title: Welcome to {title}
description: The first campaign page of {title}, built with smo-gen.
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
    (path / "site.toml").write_text(SITE_TOML.format(title=json.dumps(name), base_url=json.dumps(base_url)), encoding="utf-8")
    today = now.date().isoformat()
    (path / "content" / "welcome.md").write_text(WELCOME.format(title=name, date=today), encoding="utf-8")
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
    target.write_text(CAMPAIGN.format(title=json.dumps(title), date=date, slug=slug), encoding="utf-8")
    return target
