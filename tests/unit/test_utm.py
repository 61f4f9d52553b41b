"""UTM attribution: templates, validation messages, and how tagged URLs are built and stripped."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_plus, urlsplit

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from smo_gen.errors import Problem
from smo_gen.utm import (
    UtmOverrides,
    UtmSettings,
    merge_utm,
    parse_utm_overrides,
    parse_utm_settings,
    strip_utm,
    tag_url,
    url_tagger,
)

DEFAULTS = UtmSettings()


def messages(problems: list[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


# --- settings and validation ------------------------------------------------------------------


def test_defaults_match_the_documented_templates() -> None:
    assert DEFAULTS == UtmSettings(
        source="{network}", medium="social", campaign="{campaign}", content="{audience}", term=""
    )


def test_empty_table_gives_defaults_and_no_problems() -> None:
    assert parse_utm_settings({}, "site.toml") == (DEFAULTS, [])


def test_site_table_overrides_only_the_keys_it_names() -> None:
    settings, problems = parse_utm_settings({"medium": "organic", "term": "{target}"}, "site.toml")
    assert problems == []
    assert settings == UtmSettings(medium="organic", term="{target}")


# A format spec ("{slug:upper}") is no placeholder either.
@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"campaign": "{slugg}"}, "utm.campaign: unknown placeholder '{slugg}' (did you mean '{slug}'?)"),
        ({"campaign": "{slug:upper}"}, "utm.campaign: unknown placeholder '{slug:upper}' (did you mean '{slug}'?)"),
        ({"sorce": "{network}"}, "utm: unknown key 'sorce' (did you mean 'source'?)"),
        ({"id": "x"}, "utm: unknown key 'id' (expected one of: source, medium, campaign, content, term)"),
    ],
)
def test_an_unknown_name_gets_the_closest_or_the_valid_ones(table: dict[str, str], message: str) -> None:
    _, problems = parse_utm_settings(table, "site.toml")
    assert messages(problems) == [f"site.toml: {message}"]


def test_unknown_placeholder_without_a_close_match_lists_the_valid_ones() -> None:
    _, problems = parse_utm_settings({"content": "{zzz}"}, "site.toml")
    assert messages(problems) == [
        (
            "site.toml: utm.content: unknown placeholder '{zzz}' "
            "(expected one of: {network}, {slug}, {campaign}, {audience}, {target})"
        )
    ]


def test_unmatched_braces_are_reported_with_the_escape() -> None:
    _, problems = parse_utm_settings({"term": "a{b", "content": "x}"}, "site.toml")
    assert messages(problems) == [
        "site.toml: utm.term: unmatched '{' (write '{{' for a literal '{')",
        "site.toml: utm.content: unmatched '}' (write '}}' for a literal '}')",
    ]


@pytest.mark.parametrize(
    ("value", "shown"), [(42, "42"), (True, "true"), (["a"], "a list"), ({"a": 1}, "a table"), (1.5, "1.5")]
)
def test_non_string_values_are_reported_as_written(value: object, shown: str) -> None:
    _, problems = parse_utm_settings({"medium": value}, "site.toml")
    assert messages(problems) == [f"site.toml: utm.medium: expected a string, got {shown}"]


def test_utm_that_is_not_a_table_is_reported() -> None:
    settings, problems = parse_utm_settings("social", "site.toml")  # type: ignore[arg-type]
    assert settings == DEFAULTS
    assert messages(problems) == ["site.toml: utm: expected a table, got 'social'"]


def test_every_problem_is_collected_and_valid_keys_still_apply() -> None:
    settings, problems = parse_utm_settings(
        {"medium": "newsletter", "campaign": "{slugg}", "term": 3, "sorce": "x"}, "site.toml"
    )
    assert settings == UtmSettings(medium="newsletter")
    assert len(problems) == 3


def test_empty_source_with_other_parameters_warns() -> None:
    settings, problems = parse_utm_settings({"source": ""}, "site.toml")
    assert settings.source == ""
    assert messages(problems) == [
        "warning: site.toml: utm.source: is empty, so analytics will ignore the other utm_* parameters"
    ]
    assert problems[0].severity == "warning"


def test_all_templates_empty_turns_tagging_off_quietly() -> None:
    settings, problems = parse_utm_settings(
        {"source": "", "medium": "", "campaign": "", "content": "", "term": ""}, "site.toml"
    )
    assert problems == []
    assert tag_url("https://example.com/a?b=1#c", settings, network="x", slug="a") == "https://example.com/a?b=1#c"


def test_page_overrides_site_settings_key_by_key() -> None:
    site, _ = parse_utm_settings({"medium": "organic", "term": "{target}"}, "site.toml")
    page, problems = merge_utm(site, {"medium": "paid-social", "content": "{audience}-{network}"}, "content/sale.md")
    assert problems == []
    assert page == UtmSettings(medium="paid-social", term="{target}", content="{audience}-{network}")
    assert site == UtmSettings(medium="organic", term="{target}"), "merging must not change the site settings"


def test_page_problems_name_the_page_and_keep_the_site_value() -> None:
    site = UtmSettings(medium="organic")
    page, problems = merge_utm(site, {"medium": "{campain}", "conten": "x"}, "content/spring-sale.md")
    assert page == site
    assert messages(problems) == [
        "content/spring-sale.md: utm.medium: unknown placeholder '{campain}' (did you mean '{campaign}'?)",
        "content/spring-sale.md: utm: unknown key 'conten' (did you mean 'content'?)",
    ]


def test_a_pages_overrides_are_checked_once_and_name_the_line() -> None:
    overrides, problems = parse_utm_overrides({"medium": "paid-social", "conten": "x"}, "content/sale.md", 4)
    assert overrides == UtmOverrides(medium="paid-social")
    assert messages(problems) == ["content/sale.md:4: utm: unknown key 'conten' (did you mean 'content'?)"]
    site = UtmSettings(medium="organic", term="{target}")
    assert overrides.over(site) == UtmSettings(medium="paid-social", term="{target}")
    assert UtmOverrides().over(site) is site


# --- tagging ------------------------------------------------------------------------------------


def test_default_tagging_uses_network_medium_and_slug_as_campaign() -> None:
    tagged = tag_url("https://example.com/spring-sale/", DEFAULTS, network="x", slug="spring-sale")
    assert tagged == "https://example.com/spring-sale/?utm_source=x&utm_medium=social&utm_campaign=spring-sale"


def test_campaign_id_and_audience_fill_campaign_and_content() -> None:
    tagged = tag_url(
        "https://example.com/p", DEFAULTS, network="linkedin", slug="p", campaign="q2-launch", audience="cto"
    )
    assert tagged == (
        "https://example.com/p?utm_source=linkedin&utm_medium=social&utm_campaign=q2-launch&utm_content=cto"
    )


def test_parameters_come_in_a_fixed_order_source_medium_campaign_term_content() -> None:
    settings = UtmSettings(term="{target}")
    tagged = tag_url("https://e.com/", settings, network="x", slug="s", audience="a", target="t")
    names = [name for name, _ in parse_qsl(urlsplit(tagged).query)]
    assert names == ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"]


def test_no_audience_means_no_utm_content() -> None:
    tagged = tag_url("https://e.com/", DEFAULTS, network="x", slug="s", audience=None)
    assert "utm_content" not in tagged
    tagged = tag_url("https://e.com/", DEFAULTS, network="x", slug="s", audience="")
    assert "utm_content" not in tagged


def test_a_template_with_a_missing_placeholder_is_left_out_not_half_filled() -> None:
    settings = UtmSettings(content="{audience}-{network}", term="kw-{target}")
    tagged = tag_url("https://e.com/", settings, network="x", slug="s")
    assert tagged == "https://e.com/?utm_source=x&utm_medium=social&utm_campaign=s"


def test_templates_mix_literal_text_and_placeholders() -> None:
    settings = UtmSettings(campaign="{campaign}-{network}", medium="social-{{organic}}")
    tagged = tag_url("https://e.com/", settings, network="bluesky", slug="s", campaign="spring")
    assert dict(parse_qsl(urlsplit(tagged).query)) == {
        "utm_source": "bluesky",
        "utm_medium": "social-{organic}",
        "utm_campaign": "spring-bluesky",
    }


def test_one_tagger_serves_every_network_as_tag_url_would() -> None:
    url = "https://e.com/p?UTM_Source=old&ref=a%20b#top"
    settings = UtmSettings(campaign="{campaign}-{network}", content="{audience}", term="{network}")
    tag = url_tagger(url, settings, slug="p", campaign="spring", audience="cto")
    for network in ("x", "bluesky", "email"):
        expected = tag_url(url, settings, network=network, slug="p", campaign="spring", audience="cto")
        assert tag(network) == expected
    assert tag("x") == (
        "https://e.com/p?ref=a%20b&utm_source=x&utm_medium=social&utm_campaign=spring-x&utm_term=x&utm_content=cto#top"
    )
    # No network, no utm_source: the URL's own source parameter is then kept.
    assert tag("") == "https://e.com/p?UTM_Source=old&ref=a%20b&utm_medium=social&utm_content=cto#top"


def test_existing_query_parameters_keep_their_order_and_the_fragment_stays_last() -> None:
    tagged = tag_url("https://e.com/p?ref=home&lang=de#buy-now", DEFAULTS, network="x", slug="p")
    assert tagged == "https://e.com/p?ref=home&lang=de&utm_source=x&utm_medium=social&utm_campaign=p#buy-now"


def test_existing_parameters_keep_their_exact_encoding() -> None:
    url = "https://e.com/search?q=a+b&tag=caf%C3%A9&flag&x=%2F"
    tagged = tag_url(url, DEFAULTS, network="x", slug="s")
    assert tagged.startswith(url + "&utm_source=x")


def test_existing_utm_parameters_of_the_same_name_are_replaced_and_others_kept() -> None:
    url = "https://e.com/?utm_source=newsletter&a=1&UTM_Medium=email&utm_id=42#top"
    tagged = tag_url(url, DEFAULTS, network="x", slug="s")
    assert tagged == "https://e.com/?a=1&utm_id=42&utm_source=x&utm_medium=social&utm_campaign=s#top"


def test_values_are_percent_encoded_as_utf8_with_spaces_as_percent_20() -> None:
    tagged = tag_url(
        "https://e.com/",
        DEFAULTS,
        network="x",
        slug="s",
        campaign="Frühling & Sommer 50%+",
        audience="日本 #1",
    )
    assert tagged.endswith(
        "&utm_campaign=Fr%C3%BChling%20%26%20Sommer%2050%25%2B&utm_content=%E6%97%A5%E6%9C%AC%20%231"
    )
    query = dict(parse_qsl(urlsplit(tagged).query))
    assert query["utm_campaign"] == "Frühling & Sommer 50%+"
    assert query["utm_content"] == "日本 #1"


def test_relative_urls_and_urls_with_only_a_fragment_are_tagged() -> None:
    assert tag_url("/p/#x", DEFAULTS, network="x", slug="p") == "/p/?utm_source=x&utm_medium=social&utm_campaign=p#x"


def test_settings_built_by_hand_with_a_bad_template_fail_loudly() -> None:
    with pytest.raises(ValueError, match="slugg"):
        tag_url("https://e.com/", UtmSettings(campaign="{slugg}"), network="x", slug="s")


# --- stripping ----------------------------------------------------------------------------------


def test_strip_utm_removes_every_utm_parameter_and_keeps_the_rest() -> None:
    url = "https://e.com/p?a=1&utm_source=x&b=2&UTM_ID=9&utm_content=c#frag"
    assert strip_utm(url) == "https://e.com/p?a=1&b=2#frag"


def test_strip_utm_drops_the_question_mark_when_nothing_is_left() -> None:
    assert strip_utm("https://e.com/p?utm_source=x&utm_medium=social#f") == "https://e.com/p#f"


def test_strip_utm_leaves_clean_urls_exactly_as_they_were() -> None:
    for url in ["https://e.com/", "https://e.com/?", "https://e.com/?a=1&&b#", "https://e.com/#utm_source=x"]:
        assert strip_utm(url) == url


def test_a_canonical_url_stays_clean_after_tagging_a_share_link() -> None:
    canonical = "https://example.com/spring-sale/"
    shared = tag_url(canonical, DEFAULTS, network="facebook", slug="spring-sale", audience="parents")
    assert shared != canonical
    assert strip_utm(shared) == canonical


# --- properties ---------------------------------------------------------------------------------

_NOT_IN_QUERY = "&#"
_query_segment = st.text(
    alphabet=st.characters(exclude_characters=_NOT_IN_QUERY, exclude_categories=["Cs"]), max_size=12
).filter(lambda segment: not unquote_plus(segment.partition("=")[0]).casefold().startswith("utm_"))


@st.composite
def urls_without_utm(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["https://", "http://", "//", ""]))
    host = draw(st.from_regex(r"[a-z0-9]{1,10}(\.[a-z]{2,5}){0,2}", fullmatch=True)) if scheme else ""
    path = draw(st.text(alphabet=st.characters(exclude_characters="?#", exclude_categories=["Cs"]), max_size=15))
    segments = draw(st.lists(_query_segment, max_size=5))
    query = "?" + "&".join(segments) if segments else ""
    fragment = draw(st.none() | st.text(max_size=10))
    url = scheme + host + ("/" if scheme else "") + path + query + ("" if fragment is None else "#" + fragment)
    # A bare "?" with nothing after it cannot survive: tagging fills it and stripping empties it again.
    assume(query != "?")
    return url


texts = st.text(max_size=20)


@given(
    url=urls_without_utm(),
    network=st.text(min_size=1, max_size=10),
    slug=st.text(min_size=1, max_size=10),
    campaign=st.none() | texts,
    audience=st.none() | texts,
    target=st.none() | texts,
)
def test_tag_then_strip_gives_back_the_original_url(
    url: str, network: str, slug: str, campaign: str | None, audience: str | None, target: str | None
) -> None:
    settings = UtmSettings(term="{target}")
    tagged = tag_url(url, settings, network=network, slug=slug, campaign=campaign, audience=audience, target=target)
    assert strip_utm(tagged) == url


@given(url=urls_without_utm(), campaign=texts.filter(str.strip), audience=texts.filter(str.strip))
def test_tagged_values_decode_to_exactly_what_was_rendered(url: str, campaign: str, audience: str) -> None:
    tagged = tag_url(url, DEFAULTS, network="x", slug="s", campaign=campaign, audience=audience)
    added = tagged[len(url.partition("#")[0]) :].partition("#")[0].lstrip("?&")
    assert dict(parse_qsl(added, keep_blank_values=True)) == {
        "utm_source": "x",
        "utm_medium": "social",
        "utm_campaign": campaign.strip(),
        "utm_content": audience.strip(),
    }
    assert " " not in added and "+" not in added
    assert added == added.encode("ascii").decode("ascii")
