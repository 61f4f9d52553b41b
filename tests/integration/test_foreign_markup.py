"""Pages brought from Jekyll, Hugo or Zola: their template syntax is translated in the built
site, and whatever is not comes out as a warning naming the file and line."""

from __future__ import annotations

from pathlib import Path

from tests.support.sites import SITE_TOML, build, write_site

JEKYLL_POST = """---
title: Hello
url: /hello/
date: 2026-03-01
---
Welcome to {{ site.title }}, see [the repo](https://github.com/{{ site.repository }}).

Read [the next post]({{ site.baseurl }}{% post_url 2026-03-02-second %}).

{% include toc %}

{% include author-box.html %}

## Contents
"""

HUGO_POST = """---
title: Second
url: /second/
date: 2026-03-02
---
{{< figure src="cat.png" alt="A cat" caption="The cat" >}}

Back to [the first]({{< ref "_posts/2026-03-01-hello.md" >}}). {{< gh 12 >}}
"""


def test_a_migrated_site_builds_with_its_template_syntax_translated_or_reported(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/_posts/2026-03-01-hello.md": JEKYLL_POST,
            "content/_posts/2026-03-02-second.md": HUGO_POST,
        },
        SITE_TOML + '\n[extra]\nrepository = "acme/shop"\n',
    )
    _, reporter = build(site)
    hello = (site / "public/hello/index.html").read_text(encoding="utf-8")
    second = (site / "public/second/index.html").read_text(encoding="utf-8")
    assert "Welcome to Test Shop, see" in hello
    assert 'href="https://github.com/acme/shop"' in hello
    assert '<a href="/second/">the next post</a>' in hello
    assert '<nav class="toc"><ul><li><a href="#contents">Contents</a></li></ul></nav>' in hello
    assert '<a href="/hello/">the first</a>' in second
    assert (
        '<figure><img src="cat.png" alt="A cat" loading="lazy"><figcaption><p>The cat</p></figcaption></figure>'
        in second
    )
    feed = (site / "public/feed.xml").read_text(encoding="utf-8")
    assert "{%" not in hello + second + feed and "{{" not in hello + second + feed
    warnings = [str(p) for p in reporter.problems if "'{" in p.message]
    assert warnings == [
        (
            "warning: content/_posts/2026-03-01-hello.md:12: '{% include %}': smo-gen has no includes folder;"
            " the include is left out (written '{% include author-box.html %}')"
        ),
        (
            "warning: content/_posts/2026-03-02-second.md:8: '{{< gh >}}': is not a shortcode smo-gen knows"
            " (or lacks what it needs); it is left out (written '{{< gh 12 >}}')"
        ),
    ]


def test_a_section_page_links_to_pages_by_their_files_too(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/news/_index.md": '---\ntitle: News\n---\nStart with [the launch]({{< relref "launch" >}}).\n',
            "content/news/launch.md": "---\ntitle: Launch\ndate: 2026-03-01\n---\nWe launched.\n",
        },
    )
    _, reporter = build(site)
    html = (site / "public/news/index.html").read_text(encoding="utf-8")
    assert '<a href="/news/launch/">the launch</a>' in html
    assert not [p for p in reporter.problems if "launch" in p.message]
