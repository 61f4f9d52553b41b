"""The Jinja environment: compiled templates kept between builds (build/caches/templates.py), never a stale
one, and values written as Jinja's own escaping writes them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import jinja2
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from smo_gen.build.caches.templates import TemplateBytecode, template_bytecode
from smo_gen.render.templating import escape_output, make_environment
from smo_gen.render.themes import Theme


def _theme(folder: Path) -> Theme:
    return Theme(dirs=(folder,), template_dirs=(folder / "templates",))


def _write_templates(folder: Path, greeting: str) -> None:
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    (folder / "templates" / "base.html").write_text("<p>{% block body %}{% endblock %}</p>\n", encoding="utf-8")
    (folder / "templates" / "page.html").write_text(
        '{% extends "base.html" %}{% block body %}' + greeting + " {{ name }}{% endblock %}", encoding="utf-8"
    )


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    _write_templates(tmp_path / "theme", "Hello")
    theme = _theme(tmp_path / "theme")

    env = make_environment(theme, template_bytecode())
    assert env.get_template("page.html").render(name="Ana") == "<p>Hello Ana</p>\n"
    compiled = env.bytecode_cache
    assert isinstance(compiled, jinja2.FileSystemBytecodeCache)
    folder = Path(compiled.directory)
    for name in ("page.html", "base.html"):
        key = compiled.get_cache_key(name, str(tmp_path / "theme" / "templates" / name))
        assert (folder / (compiled.pattern % key)).is_file(), name
    assert (
        make_environment(theme, template_bytecode()).get_template("page.html").render(name="Ana")
        == "<p>Hello Ana</p>\n"
    )

    _write_templates(tmp_path / "theme", "Goodbye")
    assert (
        make_environment(theme, template_bytecode()).get_template("page.html").render(name="Ana")
        == "<p>Goodbye Ana</p>\n"
    )


def test_compiled_templates_are_code_and_never_kept_in_the_sites_cache_folder(tmp_path: Path) -> None:
    """A checkout can hold anything under .smo-cache/; compiled templates would run from there."""
    _write_templates(tmp_path / "theme", "Hello")
    env = make_environment(_theme(tmp_path / "theme"), template_bytecode())
    env.get_template("page.html")
    compiled = env.bytecode_cache
    assert isinstance(compiled, jinja2.FileSystemBytecodeCache)
    folder = Path(compiled.directory).resolve()
    assert not folder.is_relative_to(tmp_path.resolve())
    assert folder.stat().st_uid == os.getuid() and stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_cache_that_cannot_be_written_is_not_an_error(tmp_path: Path) -> None:
    _write_templates(tmp_path / "theme", "Hello")
    compiled = template_bytecode()
    assert isinstance(compiled, TemplateBytecode)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    compiled.directory = str(blocked)

    env = make_environment(_theme(tmp_path / "theme"), compiled)
    assert env.get_template("page.html").render(name="Ana") == "<p>Hello Ana</p>\n"
    assert (
        make_environment(_theme(tmp_path / "theme"), compiled).get_template("page.html").render(name="Ana")
        == "<p>Hello Ana</p>\n"
    )


def test_without_a_cache_folder_nothing_is_kept(tmp_path: Path) -> None:
    _write_templates(tmp_path / "theme", "Hello")
    env = make_environment(_theme(tmp_path / "theme"))
    assert env.bytecode_cache is None
    assert env.get_template("page.html").render(name="Ana") == "<p>Hello Ana</p>\n"


class _Html:
    """An object that says how it is written in HTML, as Jinja's and markupsafe's protocol has it."""

    def __html__(self) -> str:
        return "<b>mine</b>"


@given(
    value=st.one_of(
        st.text(alphabet=st.sampled_from("a &<>\"'é\n"), max_size=8),
        st.text(alphabet=st.sampled_from("a &<>\"'é"), max_size=8).map(Markup),
        st.integers(),
        st.booleans(),
        st.floats(allow_nan=False),
        st.none(),
        st.just(_Html()),
    )
)
def test_a_written_value_is_what_markupsafe_escaping_gives(value: object) -> None:
    assert escape_output(value) == str(escape(value))


def test_templates_write_what_jinjas_own_escaping_writes(tmp_path: Path) -> None:
    """Every way a template writes a value, in the theme's environment and in a stock one."""
    source = (
        "{% macro cell(x) %}<td>{{ x }}</td>{% endmacro %}"
        "{% macro wrap() %}<div>{{ caller() }}</div>{% endmacro %}"
        "{% set block_text %}<i>{{ text }}</i>{% endset %}"
        "{{ text }}|{{ safe }}|{{ number }}|{{ text|safe }}|{{ cell(text) }}|{{ block_text }}|"
        "{% call wrap() %}{{ text }}{% endcall %}|{% filter upper %}{{ text }}{% endfilter %}|"
        "{{ [text, number]|join(', ') }}|{{ text ~ '&' }}|{{ html }}|{% include 'part.html' %}"
    )
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(source, encoding="utf-8")
    (tmp_path / "templates" / "part.html").write_text("<em>{{ text }}</em>", encoding="utf-8")
    values = {"text": "Tom & 'Jerry' <3", "safe": Markup("<b>bold</b>"), "number": 42, "html": _Html()}
    stock = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "templates")), autoescape=True)
    ours = make_environment(_theme(tmp_path))
    assert ours.get_template("page.html").render(values) == stock.get_template("page.html").render(values)
    assert "Tom &amp; &#39;Jerry&#39; &lt;3" in ours.get_template("page.html").render(values)


def test_globals_reach_every_template_as_in_a_stock_environment(tmp_path: Path) -> None:
    """Globals set before loading, read by the page, an include, an imported macro (with and
    without context), and overlaid by a template's own and a render's values."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "macros.html").write_text(
        "{% macro show(x) %}[{{ x }}|{{ site_name }}|{{ 'no-ctx' }}]{% endmacro %}", encoding="utf-8"
    )
    (templates / "part.html").write_text("<{{ site_name }}|{{ shout('x') }}|{{ local }}>", encoding="utf-8")
    (templates / "page.html").write_text(
        "{% from 'macros.html' import show %}{% import 'macros.html' as m with context %}"
        "{{ site_name }}|{{ shout(title) }}|{{ show(title) }}|{{ m.show(1) }}|"
        "{% set local = 'in page' %}{% include 'part.html' %}|{{ extra }}",
        encoding="utf-8",
    )
    stock = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True)
    ours = make_environment(_theme(tmp_path))
    for env in (stock, ours):
        env.globals.update(site_name="Spring & Co", shout=lambda text: str(text).upper())
    rendered = [env.get_template("page.html", globals={"extra": "own"}).render(title="<hi>") for env in (stock, ours)]
    assert rendered[0] == rendered[1]
    assert "Spring &amp; Co|&lt;HI&gt;|[&lt;hi&gt;|Spring &amp; Co|no-ctx]" in rendered[1]
    assert ours.get_template("page.html").render(title="t", site_name="given") == stock.get_template(
        "page.html"
    ).render(title="t", site_name="given")  # a render's own value over a global
