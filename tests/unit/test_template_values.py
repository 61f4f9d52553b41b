"""The values `{{ site.x }}` and `{{ page.x }}` take, and Liquid's filters on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.config.site_config import parse_config
from smo_gen.content.foreign_markup import MarkupValues
from smo_gen.content.template_values import evaluate_expression, make_site_values
from smo_gen.errors import ConfigError

TOML = (
    'title = "Shop"\nbase_url = "https://example.com/blog/"\n'
    '[params]\nrepo = "a/b"\ncity = "Rome"\n[extra]\ncity = "Oslo"\n'
)


def test_site_values_come_from_site_toml_with_extra_over_params(tmp_path: Path) -> None:
    values = make_site_values(parse_config(TOML, tmp_path))
    assert values.site["url"] == "https://example.com" and values.site["baseurl"] == "/blog"
    assert values.site["base_url"] == "https://example.com/blog/"
    assert (values.site["repo"], values.site["city"], values.site["extra"]["city"]) == ("a/b", "Oslo", "Oslo")
    assert evaluate_expression('"/img/a.png" | relative_url', values, {}) == "/blog/img/a.png"
    assert evaluate_expression('"img/a.png" | absolute_url', values, {}) == "https://example.com/img/a.png"


def test_extra_must_be_a_table(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="extra: expected a table, got 'oops'"):
        parse_config('title = "Shop"\nbase_url = "https://example.com/"\nextra = "oops"\n', tmp_path)


def test_unknown_names_and_filters_give_none() -> None:
    values = MarkupValues(site={"title": "Shop"})
    assert evaluate_expression("site.nope", values, {}) is None
    assert evaluate_expression("site.title | date: '%Y'", values, {}) is None
    assert evaluate_expression("label | upcase", values, {"label": "hi"}) == "HI"
