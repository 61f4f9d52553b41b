"""smo-gen import: another generator's config becomes a site.toml that builds the same URLs."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import yaml

from smo_gen.config.site_config import parse_config
from smo_gen.config.site_import import make_site_toml
from tests.support.cli import run_cli, run_on_site

HUGO = """
baseURL = "https://blog.example.org"
title = "Example Blog"
languageCode = "en-us"
contentDir = "content/en"
enableRobotsTXT = true

[params]
description = "News from the project"
twitter = "example"
showEdit = true

[permalinks]
  [permalinks.page]
    blog = "/:section/:year/:month/:day/:slug/"

[outputFormats.RSS]
baseName = "feed"

[taxonomies]
tag = "tags"
category = "categories"
"""

JEKYLL = """
title: Example Site
url: "https://example.github.io"
baseurl: "/docs-site"
locale: en_GB
timezone: Europe/London
author:
  name: Ann Author
  email: ann@example.org
  avatar: /img/ann.png
twitter:
  username: examplehq
permalink: /:categories/:year/:month/:day/:title/
collections:
  docs:
    output: true
    permalink: /:collection/:path/
exclude:
  - README
  - scripts/
remote_theme: someone/theme
"""

ZOLA = """
base_url = "https://zola.example.net"
title = "Zola Site"
default_language = "fr"
generate_feeds = true
feed_filenames = ["atom.xml", "rss.xml"]
ignored_content = ["*.xlsx"]
compile_sass = true

[slugify]
paths = "safe"

[markdown]
highlight_code = true
"""


def imported(generator: str, data: dict[str, Any], tmp_path: Path) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The site.toml made, as data (and proven to be a valid site.toml), and what was left out."""
    result = make_site_toml(generator, data)
    parse_config(result.text, tmp_path)  # raises if smo-gen could not read what it wrote
    return tomllib.loads(result.text), result.unmapped


def test_hugo_config_becomes_a_site_toml(tmp_path: Path) -> None:
    settings, unmapped = imported("hugo", tomllib.loads(HUGO), tmp_path)
    assert settings == {
        "title": "Example Blog",
        "base_url": "https://blog.example.org/",
        "language": "en-us",
        "description": "News from the project",
        "content_dir": "content/en",
        "permalinks": {"blog": "/:section/:year/:month/:day/:slug/"},
        "feeds": {"rss_file": "feed.xml"},
        "social": {"x_site": "example"},
    }
    assert "taxonomies: smo-gen builds tag pages from 'tags'; not category" in unmapped
    assert "enablerobotstxt: not used by smo-gen" in unmapped
    assert "params.showedit: not used by smo-gen" in unmapped


def test_hugo_rss_keeps_its_index_xml_name(tmp_path: Path) -> None:
    settings, _ = imported("hugo", {"baseURL": "https://a.example/", "title": "A"}, tmp_path)
    assert settings["feeds"] == {"rss_file": "index.xml"}


def test_jekyll_config_becomes_a_site_toml(tmp_path: Path) -> None:
    settings, unmapped = imported("jekyll", yaml.safe_load(JEKYLL), tmp_path)
    assert settings["base_url"] == "https://example.github.io/docs-site/"
    assert (settings["language"], settings["timezone"]) == ("en-GB", "Europe/London")
    assert settings["author"] == {"name": "Ann Author", "email": "ann@example.org"}
    assert settings["content_dir"] == "."
    assert {"_site", "_layouts", "README*", "scripts*"} <= set(settings["ignored_content"])
    assert settings["permalinks"] == {
        "_posts": "/:categories/:year/:month/:day/:title/",
        "_docs": "/:collection/:path/",
    }
    assert settings["social"] == {"x_site": "examplehq"}
    assert "author.avatar: not used by smo-gen" in unmapped
    assert "remote_theme: not used by smo-gen" in unmapped


def test_jekyll_without_permalink_gets_its_default_date_style(tmp_path: Path) -> None:
    settings, _ = imported("jekyll", {"title": "A", "url": "https://a.example"}, tmp_path)
    assert settings["permalinks"] == {"_posts": "date"}


def test_zola_config_becomes_a_site_toml(tmp_path: Path) -> None:
    settings, unmapped = imported("zola", tomllib.loads(ZOLA), tmp_path)
    assert settings == {
        "title": "Zola Site",
        "base_url": "https://zola.example.net/",
        "language": "fr",
        "ignored_content": ["*.xlsx"],
        "feeds": {"atom_file": "atom.xml", "rss_file": "rss.xml"},
    }
    assert unmapped == ("compile_sass: not used by smo-gen", "markdown: not used by smo-gen")


def test_zolas_default_slugify_paths_is_carried_over(tmp_path: Path) -> None:
    # Zola's default [slugify] paths = "on" makes '1.2-notes.md' '/1-2-notes/'; smo-gen must do the same.
    settings, _ = imported("zola", {"title": "A", "base_url": "https://a.example"}, tmp_path)
    assert settings["slugify_paths"] == "on"
    settings, _ = imported(
        "zola", {"title": "A", "base_url": "https://a.example", "slugify": {"paths": "on"}}, tmp_path
    )
    assert settings["slugify_paths"] == "on"


def test_a_missing_address_gets_a_placeholder_and_says_so(tmp_path: Path) -> None:
    settings, unmapped = imported("zola", {"title": "A", "base_url": "/"}, tmp_path)
    assert settings["base_url"] == "https://example.com/"
    assert unmapped[0].startswith("base_url: no absolute address ('/')")


def test_import_command_writes_site_toml_refuses_to_overwrite_and_never_touches_content(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(HUGO, encoding="utf-8")
    post = tmp_path / "content/en/blog/post.md"
    post.parent.mkdir(parents=True)
    post.write_text("\n---\ntitle: Post\n---\nBody\n", encoding="utf-8")
    result = run_cli("import", "hugo", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"Wrote {tmp_path / 'site.toml'} from {tmp_path / 'hugo.toml'}." in result.output
    assert "  params.showedit: not used by smo-gen" in result.output
    written = (tmp_path / "site.toml").read_text(encoding="utf-8")
    assert 'base_url = "https://blog.example.org/"' in written

    again = run_cli("import", "hugo", str(tmp_path))
    assert again.exit_code == 1
    assert "site.toml exists already (use --force to replace it)" in again.output
    assert run_cli("import", "hugo", str(tmp_path), "--force").exit_code == 0
    assert post.read_text(encoding="utf-8") == "\n---\ntitle: Post\n---\nBody\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(
        ["hugo.toml", "site.toml", "content", "en", "blog", "post.md"]
    )


def test_import_command_says_where_it_looked(tmp_path: Path) -> None:
    result = run_cli("import", "jekyll", str(tmp_path))
    assert result.exit_code == 1
    assert "no Jekyll config in" in result.output and "_config.yml" in result.output


def test_a_jekyll_config_under_another_name_is_kept_out_of_the_built_site(tmp_path: Path) -> None:
    # A Jekyll site's content is its own folder: the config named with --config must not be published.
    (tmp_path / "site-config.yml").write_text("title: A\nurl: https://a.example\n", encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts/2024-01-02-hi.md").write_text("---\ntitle: Hi\n---\nBody\n", encoding="utf-8")
    result = run_cli("import", "jekyll", str(tmp_path), "--config", str(tmp_path / "site-config.yml"))
    assert result.exit_code == 0, result.output
    assert '"site-config.yml"' in (tmp_path / "site.toml").read_text(encoding="utf-8")
    built = run_on_site("build", str(tmp_path), "-q", "-j", "1")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "public/2024/01/02/hi.html").is_file()
    assert not (tmp_path / "public/site-config.yml").exists()
