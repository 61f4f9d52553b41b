"""Language tags (smo_gen/config/language_tags.py): BCP 47 checked, written in their usual case, made into og:locale."""

from __future__ import annotations

import pytest

from smo_gen.config.language_tags import og_locale_for, parse_language_tag


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("de", "de"),
        ("pt-br", "pt-BR"),
        ("PT-BR", "pt-BR"),
        ("zh-hant", "zh-Hant"),
        ("sr-Latn-RS", "sr-Latn-RS"),
        ("es-419", "es-419"),  # a UN M.49 region: Latin America
        ("de-CH-1996", "de-CH-1996"),  # a variant
        ("fil", "fil"),  # a three-letter language
        (" fr ", "fr"),
    ],
)
def test_well_formed_tags_are_written_in_their_usual_case(text: str, written: str) -> None:
    tag, error = parse_language_tag(text)
    assert error is None and tag is not None
    assert tag.text == written


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("german", "'german' is not a language tag; expected a BCP 47 language tag such as 'de', 'fr' or 'pt-BR'"),
        ("en_US", "'en_US' is not a language tag; write it with a dash: 'en-US'"),
        ("en-UK", "'en-UK': 'UK' is not an ISO 3166-1 region; did you mean 'en-GB'?"),
        ("xx", "'xx': 'xx' is not an ISO 639-1 language; expected a BCP 47 language tag such as 'de', 'fr' or 'pt-BR'"),
        (
            "de-QQ",
            "'de-QQ': 'QQ' is not an ISO 3166-1 region; expected a BCP 47 language tag such as 'de', 'fr' or 'pt-BR'",
        ),
        ("", "'' is not a language tag; expected a BCP 47 language tag such as 'de', 'fr' or 'pt-BR'"),
        ("de DE", "'de DE' is not a language tag; expected a BCP 47 language tag such as 'de', 'fr' or 'pt-BR'"),
    ],
)
def test_what_is_not_a_language_tag_is_said_with_the_expected_form(text: str, message: str) -> None:
    assert parse_language_tag(text) == (None, message)


def test_region_differences_are_the_same_language_and_scripts_are_not() -> None:
    def same(text: str) -> tuple[str, str | None]:
        tag, _ = parse_language_tag(text)
        assert tag is not None
        return tag.same_language

    assert same("en-GB") == same("en-US") == same("en")
    assert same("zh-Hant") != same("zh-Hans")
    assert same("de") != same("fr")


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("de", "de_DE"),
        ("pt-BR", "pt_BR"),
        ("en-gb", "en_GB"),
        ("en_GB", "en_GB"),  # site.toml's language as Jekyll writes it
        ("zh-Hant", "zh_TW"),
        ("es-419", "es_ES"),  # no territory for a numeric region: the language's own
        ("ga", None),  # no territory known: no og:locale rather than a wrong one
        ("nonsense", None),
    ],
)
def test_og_locale_is_language_and_territory(text: str, locale: str | None) -> None:
    assert og_locale_for(text) == locale
