"""Liquid tags and Hugo/Zola shortcodes in page bodies: translated, or a located warning."""

from __future__ import annotations

import pytest

from smo_gen.content.foreign_markup import MarkupValues
from smo_gen.content.shortcodes import translate_shortcodes

SITE = MarkupValues(
    site={"title": "Test Shop", "url": "https://shop.example", "baseurl": "/blog", "repository": "acme/shop"},
    page={"title": "Spring sale"},
    page_params={"flavour": "lemon"},
    site_params={"city": "Berlin", "flavour": "cola"},
)


def translate(text: str, values: MarkupValues = SITE) -> tuple[str, list[str]]:
    body, problems = translate_shortcodes(text, "content/post.md", 5, values)
    return body, [str(problem) for problem in problems]


def test_text_without_template_syntax_is_returned_as_it_is() -> None:
    text = "Plain *Markdown* with {braces} and a } or two.\n"
    assert translate(text) == (text, [])


@pytest.mark.parametrize(
    ("text", "body", "problems"),
    [
        pytest.param(
            "{{ site.title }} / {{ page.title }} / {{ site.repository }} / {{site.missing}}\n",
            "Test Shop / Spring sale / acme/shop / {{site.missing}}\n",
            [
                (
                    "warning: content/post.md:5: '{{ site.missing }}': could not be filled in "
                    "(see 'Coming from Hugo, Jekyll or Zola' in the README); it is kept as written"
                )
            ],
            id="site and page values are filled in from site.toml and front matter",
        ),
        pytest.param(
            '{{< gist spf13 7896402 >}} {{< param flavour >}} {{< param "city" >}} {{< param nope >}}',
            "[gist.github.com/spf13/7896402](https://gist.github.com/spf13/7896402) lemon Berlin ",
            [
                (
                    "warning: content/post.md:5: '{{< param >}}': "
                    "'nope' is in neither the page's params nor site.toml's "
                    "[extra]; it is left out (written '{{< param nope >}}')"
                )
            ],
            id="gist and param",
        ),
        pytest.param(
            "[a]({% link _posts/2020-01-02-hi.md %}) [b]({{ site.baseurl }}{% post_url 2020-01-02-hi %})"
            ' [c]({{< ref "blog/other.md#part" >}}) [d]({{< relref path="other" >}})\n',
            "[a](@@/_posts/2020-01-02-hi.md) [b](@@/_posts/2020-01-02-hi) [c](@@/blog/other.md#part) [d](@@/other)\n",
            [],
            id="links to pages become markers resolved once urls are known",
        ),
        pytest.param(
            "{% capture notice %}\n**Note:** read this.\n{% endcapture %}\n"
            '<div class="notice">{{ notice | markdownify }}</div>\n{% comment %}secret{% endcomment %}\n',
            '\n<div class="notice">\n\n**Note:** read this.\n\n</div>\n\n',
            [],
            id="liquid captures and comments",
        ),
    ],
)
def test_translated(text: str, body: str, problems: list[str]) -> None:
    assert translate(text) == (body, problems)


def test_liquid_url_filters_use_the_sites_address() -> None:
    body, _ = translate('![a]({{ "/img/a.png" | relative_url }}) {{ "/x/" | absolute_url }}\n')
    assert body == "![a](/blog/img/a.png) https://shop.example/x/\n"


def test_liquid_text_filters_and_defaults() -> None:
    body, problems = translate(
        '{{ site.title | remove: "Test " | append: "!" }} {{ site.nope | default: "none" }}'
        ' {{ page.title | replace: "Spring", "Summer" | upcase }} {{ site.title | unknown_filter }}'
    )
    assert body == "Shop! none SUMMER SALE {{ site.title | unknown_filter }}"
    assert len(problems) == 1 and "'{{ site.title | unknown_filter }}'" in problems[0]


def test_highlight_blocks_become_fenced_code_and_their_content_is_left_alone() -> None:
    jekyll = "Intro\n{% highlight ruby linenos %}\nputs '{{ x }}'\n{% endhighlight %}\n"
    hugo = '{{< highlight go "linenos=table" >}}\nfmt.Println("{{< y >}}")\n{{< /highlight >}}\n'
    assert translate(jekyll) == ("Intro\n\n```ruby\nputs '{{ x }}'\n```\n\n", [])
    assert translate(hugo) == ('\n```go\nfmt.Println("{{< y >}}")\n```\n\n', [])


def test_code_is_never_touched_but_escapes_are_unescaped_everywhere() -> None:
    text = (
        "```\n{{< figure src=a.png >}}\n{% include x %}\n```\n\n"
        "    {{ site.title }} indented\n\n"
        "Inline `{{ site.title }}` and ``{% tag %}``.\n\n"
        "{% raw %}{{ shown }}{% endraw %} {{</* figure src=b.png */>}} {{/* youtube(id='x') */}}\n"
    )
    body, problems = translate(text)
    assert problems == []
    assert body == text.replace("{% raw %}{{ shown }}{% endraw %}", "{{ shown }}").replace(
        "{{</* figure src=b.png */>}}", "{{< figure src=b.png >}}"
    ).replace("{{/* youtube(id='x') */}}", "{{ youtube(id='x') }}")


def test_figure_becomes_a_figure_with_its_caption_rendered() -> None:
    body, _ = translate('{{< figure src="cat.jpg" alt="A cat" caption="Our *cat*" link="https://cats.example/" >}}\n')
    assert body.strip() == (
        '<figure><a href="https://cats.example/"><img src="cat.jpg" alt="A cat" loading="lazy"></a>'
        "<figcaption><p>Our <em>cat</em></p></figcaption></figure>"
    )


def test_videos_become_a_link_to_the_platform_and_load_nothing_from_it() -> None:
    for text in (
        "{{< youtube w7Ft2ymGmfc >}}",
        '{{< youtube id="w7Ft2ymGmfc" title="Launch" >}}',
        '{{ youtube(id="w7Ft2ymGmfc") }}',
    ):
        body, problems = translate(text)
        assert '<a class="play" href="https://www.youtube.com/watch?v=w7Ft2ymGmfc">' in body, text
        assert "<iframe" not in body and problems == []
    body, _ = translate('{{ vimeo(id="123456789") }}')
    assert 'href="https://vimeo.com/123456789"' in body and "on Vimeo" in body


def test_admonitions_wrap_their_markdown_in_a_div() -> None:
    body, problems = translate(
        "{{% note %}}\nMind the **step**.\n{{% /note %}}\n"
        '{{% alert title="Heads up" color="warning" %}}\nText\n{{% /alert %}}\n'
    )
    assert '<div class="admonition note">\n\nMind the **step**.\n\n</div>' in body
    assert '<div class="admonition warning">\n<p class="admonition-title">Heads up</p>' in body
    assert problems == []


def test_unknown_constructs_are_warnings_naming_line_and_repeats_are_collapsed() -> None:
    body, problems = translate(
        "One\n{{< gh 1148 >}} and {{< gh 1149 >}}\n{% include toc-box %}\n"
        "{{< tabs >}}\nInside **tabs**\n{{< /tabs >}}\n{% if site.x %}Shown once{% endif %}\n"
    )
    assert body == "One\n and \n\n\nInside **tabs**\n\nShown once\n"
    assert problems == [
        (
            "warning: content/post.md:6: '{{< gh >}}': is not a shortcode smo-gen knows (or lacks what it needs);"
            " it is left out (written '{{< gh 1148 >}}'; 2 times, on lines 6, 6)"
        ),
        (
            "warning: content/post.md:7: '{% include %}': smo-gen has no includes folder; the include is left out"
            " (written '{% include toc-box %}')"
        ),
        (
            "warning: content/post.md:8: '{{< tabs >}}': is not a shortcode smo-gen knows; its content is kept,"
            " the shortcode tags are left out"
        ),
        (
            "warning: content/post.md:11: '{% if %}': a Liquid block smo-gen does not run; its content is shown once,"
            " as written (written '{% if site.x %}')"
        ),
    ]


def test_zola_block_shortcodes_keep_their_content() -> None:
    body, problems = translate('{% note(kind="x") %}\nInner\n{% end %}\n{% quote() %}Said{% end %}\n')
    assert '<div class="admonition note">\n\nInner\n\n</div>' in body
    assert "Said" in body and "{%" not in body
    assert len(problems) == 1 and "'{% quote() %}'" in problems[0]


def test_a_construct_spanning_a_blank_line_is_not_one() -> None:
    text = "A {{ stray brace\n\nand }} later.\n"
    assert translate(text) == (text, [])


def test_the_table_of_contents_include_becomes_kramdowns_table_of_contents() -> None:
    assert translate("Intro\n{% include toc %}\n## One\n") == ("Intro\n\n\n* TOC\n{:toc}\n\n\n## One\n", [])


def test_blocks_made_inside_a_list_item_stay_inside_it() -> None:
    from smo_gen.content.markdown import render_markdown

    text = (
        '1. Step one:\n\n   {{< figure src="a.png" alt="A" >}}\n\n'
        "   {% highlight sh %}\n   ls -l\n     -a\n   {% endhighlight %}\n\n2. Two\n"
    )
    html = render_markdown(translate(text)[0]).html
    assert html == (
        '<ol>\n<li>\n<p>Step one:</p>\n<figure><img src="a.png" alt="A" loading="lazy"></figure>\n'
        '<pre><code class="language-sh">ls -l\n  -a\n</code></pre>\n</li>\n<li>\n<p>Two</p>\n</li>\n</ol>\n'
    )


def test_the_video_and_figure_includes_of_minimal_mistakes() -> None:
    body, problems = translate(
        '{% include video id="XsxDH4HcOWA" provider="youtube" %}\n'
        '{% include figure image_path="/img/a.jpg" alt="A" caption="Photo by **me**." %}\n'
    )
    assert '<a class="play" href="https://www.youtube.com/watch?v=XsxDH4HcOWA">' in body
    # The include writes `image_path | relative_url`: a site under /blog/ serves the image at /blog/img/a.jpg.
    assert (
        '<figure><img src="/blog/img/a.jpg" alt="A" loading="lazy"><figcaption><p>Photo by <strong>me</strong>.</p>'
        in body
    )
    assert problems == []
    body, _ = translate('{% include figure image_path="https://cdn.example/a.jpg" %}\n')
    assert '<img src="https://cdn.example/a.jpg"' in body
