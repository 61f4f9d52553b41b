"""The Jinja environment: compiled templates kept between builds, never a stale one."""

from __future__ import annotations

from pathlib import Path

from smo_gen.templating import make_environment
from smo_gen.themes import Theme


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
    cache = tmp_path / "cache"
    theme = _theme(tmp_path / "theme")

    assert make_environment(theme, cache).get_template("page.html").render(name="Ana") == "<p>Hello Ana</p>\n"
    kept = sorted((cache / "templates").iterdir())
    assert len(kept) == 2  # page.html and base.html
    assert make_environment(theme, cache).get_template("page.html").render(name="Ana") == "<p>Hello Ana</p>\n"

    _write_templates(tmp_path / "theme", "Goodbye")
    assert make_environment(theme, cache).get_template("page.html").render(name="Ana") == "<p>Goodbye Ana</p>\n"


def test_a_cache_that_cannot_be_written_is_not_an_error(tmp_path: Path) -> None:
    _write_templates(tmp_path / "theme", "Hello")
    blocked = tmp_path / "cache"
    blocked.mkdir()
    (blocked / "templates").write_text("a file where the cache folder would go", encoding="utf-8")

    env = make_environment(_theme(tmp_path / "theme"), blocked)
    assert env.get_template("page.html").render(name="Ana") == "<p>Hello Ana</p>\n"


def test_without_a_cache_folder_nothing_is_kept(tmp_path: Path) -> None:
    _write_templates(tmp_path / "theme", "Hello")
    env = make_environment(_theme(tmp_path / "theme"))
    assert env.bytecode_cache is None
    assert env.get_template("page.html").render(name="Ana") == "<p>Hello Ana</p>\n"
