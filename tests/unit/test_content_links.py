"""Finding a body's links with the line each is written on, from Markdown and raw HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from smo_gen.content.content_links import ContentLink, iter_html_links
from smo_gen.content.markdown import render_markdown
from smo_gen.content.page_parser import make_source_text, parse_page

BODY = """\
# A heading with [a link](/heading/)

A paragraph that runs
over two lines [to here](/second-line/) and ![an image](pics/a.png "title").

| Shop | Where |
|------|-------|
| One  | [map](/map/#one) |

> quoted
> <a href="/raw-inline/">raw</a>

<div>
  <img src="/block.png"
       srcset="/small.png 1x, /large.png 2x">
  <!-- <a href="/commented-out/"> -->
  <video poster="poster.jpg" src="film.mp4"></video>
</div>

Mail [us](mailto:us@example.com), call [us](tel:123), see <https://other.example/>.

`[not a link](/code/)`

```
<a href="/fenced/">not a link either</a>
```

[ref]: /by-reference/
A [reference][ref] link.[^1]

[^1]: A note with [a link](/note/).
"""


def test_every_link_of_the_body_is_found_on_its_line() -> None:
    assert render_markdown(BODY).links == (
        ContentLink("/heading/", 1),
        ContentLink("/second-line/", 4),
        ContentLink("pics/a.png", 4, "src", "img"),
        ContentLink("/map/#one", 8),
        ContentLink("/raw-inline/", 11),
        ContentLink("/block.png", 14, "src", "img"),
        ContentLink("/small.png", 15, "srcset", "img"),
        ContentLink("/large.png", 15, "srcset", "img"),
        ContentLink("poster.jpg", 17, "poster", "video"),
        ContentLink("film.mp4", 17, "src", "video"),
        ContentLink("https://other.example/", 20),
        ContentLink("/by-reference/", 29),
        ContentLink("/note/", 31),
    )


def test_lines_count_from_the_top_of_the_file_past_the_front_matter() -> None:
    text = "---\ntitle: Lines\n---\n\nSee [the shop](/shop/).\n"
    source, _ = make_source_text(PurePosixPath("lines.md"), "content/lines.md", text.encode())
    assert source is not None
    page, problems = parse_page(source, dt.UTC, "en")
    assert page is not None and problems == []
    assert page.links == (ContentLink("/shop/", 5),)


def test_raw_html_attributes_in_any_quoting_with_entities_decoded() -> None:
    html = "<a href='/single/'>a</a>\n<a href=/bare/>b</a>\n<a HREF=\"/q?a=1&amp;b=2\">c</a>"
    assert [(link.url, link.line) for link in iter_html_links(html, 7)] == [
        ("/single/", 7),
        ("/bare/", 8),
        ("/q?a=1&b=2", 9),
    ]


def test_a_message_names_what_the_link_does() -> None:
    assert ContentLink("/a/", 1).describe == "links to '/a/'"
    assert ContentLink("a.png", 1, "src", "img").describe == "shows the image 'a.png'"
    assert ContentLink("a.js", 1, "src", "script").describe == "loads 'a.js' (<script src>)"
    assert (
        ContentLink("/buy/", 1, owner="the call to action 'Buy'").describe
        == "the call to action 'Buy' links to '/buy/'"
    )
