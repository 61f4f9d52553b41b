"""The share links' icons: the same safe markup on every page, for any network a theme names."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from smo_gen.config.share_settings import SHARE_NETWORKS
from smo_gen.render.share_icons import OTHER_ICON, SHARE_ICONS
from smo_gen.render.templating import make_environment
from smo_gen.render.themes import Theme, default_theme_dir


def test_every_share_network_has_an_icon_of_its_own() -> None:
    icons = [SHARE_ICONS[network] for network in SHARE_NETWORKS]
    assert all(isinstance(icon, Markup) and icon.startswith('<svg class="icon"') for icon in icons)
    assert len(set(icons)) == len(icons)
    assert OTHER_ICON not in icons


def test_a_network_without_a_drawing_gets_the_generic_icon_not_an_error() -> None:
    assert SHARE_ICONS["myspace"] == OTHER_ICON


def test_a_theme_that_imports_the_icon_macro_gets_the_same_markup(tmp_path: Path) -> None:
    # Themes written for the macro keep working: it now hands out the constants.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "links.html").write_text(
        (
            '{% from "partials/icons.html" import network_icon %}'
            '{{ network_icon("bluesky") }}|{{ network_icon("myspace") }}'
        ),
        encoding="utf-8",
    )
    default = default_theme_dir()
    theme = Theme(dirs=(tmp_path, default), template_dirs=(templates, default / "templates"))
    rendered = make_environment(theme).get_template("links.html").render()
    assert rendered == f"{SHARE_ICONS['bluesky']}|{OTHER_ICON}"
