"""Language tags (BCP 47, RFC 5646): checked, written in their usual case, and made into Open Graph locales.

`hreflang`, `<html lang>` and JSON-LD `inLanguage` take a BCP 47 tag (`de`, `pt-BR`,
`zh-Hant`); Open Graph's `og:locale` takes `language_TERRITORY` (`de_DE`, `pt_BR`).
Search engines read `hreflang` as an ISO 639-1 language with an optional ISO 3166-1
region, so a two-letter language or region is checked against those lists: `en-UK` is
well-formed but names no region (the United Kingdom is `GB`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# RFC 5646 section 2.1, without the grandfathered tags ('i-klingon') and the 4-8 letter
# languages the registry keeps for later (none is registered): no page is written in them.
_TAG = re.compile(
    r"""^(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3})
        (?:-(?P<script>[a-z]{4}))?
        (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
        (?P<rest>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*
                 (?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*
                 (?:-x(?:-[a-z0-9]{1,8})+)?)$""",
    re.IGNORECASE | re.VERBOSE,
)
# ISO 639-1: the two-letter languages.
_LANGUAGE_CODES = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el "
    "en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu "
    "ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na "
    "nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so "
    "sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
)
# ISO 3166-1 alpha-2: the two-letter regions.
_REGION_CODES = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY "
    "BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK "
    "FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR "
    "IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK "
    "ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF "
    "TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
)
_LANGUAGES = frozenset(_LANGUAGE_CODES.split())
_REGIONS = frozenset(_REGION_CODES.split())
# Regions people write that ISO 3166 names otherwise.
_REGION_SLIPS = {"UK": "GB", "EN": "GB"}
# og:locale wants language_TERRITORY; a bare language gets its most common territory.
_DEFAULT_TERRITORY = {
    "en": "en_US",
    "de": "de_DE",
    "fr": "fr_FR",
    "es": "es_ES",
    "it": "it_IT",
    "nl": "nl_NL",
    "pt": "pt_BR",
    "sv": "sv_SE",
    "da": "da_DK",
    "nb": "nb_NO",
    "fi": "fi_FI",
    "pl": "pl_PL",
    "cs": "cs_CZ",
    "el": "el_GR",
    "ru": "ru_RU",
    "uk": "uk_UA",
    "tr": "tr_TR",
    "ja": "ja_JP",
    "ko": "ko_KR",
    "zh": "zh_CN",
    "ar": "ar_AR",
    "he": "he_IL",
    "hi": "hi_IN",
}
# Chinese written in Traditional or Simplified characters, where no region says which.
_SCRIPT_TERRITORY = {("zh", "Hant"): "zh_TW", ("zh", "Hans"): "zh_CN"}
EXPECTED = "a BCP 47 language tag such as 'de', 'fr' or 'pt-BR'"


@dataclass(frozen=True)
class LanguageTag:
    """A well-formed language tag in its usual case: 'pt-BR', 'zh-Hant'."""

    language: str  # 'pt'
    script: str | None  # 'Hant'
    region: str | None  # 'BR'
    text: str  # the whole tag: 'pt-BR'

    @property
    def same_language(self) -> tuple[str, str | None]:
        """What two tags share when they name one language, whatever the region: 'en-GB' and 'en-US' do."""
        return (self.language, self.script)


@functools.lru_cache(maxsize=256)  # asked for each variant of each page
def parse_language_tag(text: str) -> tuple[LanguageTag | None, str | None]:
    """`text` as a language tag, or None and why it is not one (with the expected form)."""
    found = _TAG.match(text.strip())
    if found is None:
        dashed = text.strip().replace("_", "-")
        if dashed != text.strip() and _TAG.match(dashed):
            return None, f"'{text}' is not a language tag; write it with a dash: '{dashed}'"
        return None, f"'{text}' is not a language tag; expected {EXPECTED}"
    language = found["language"].lower()
    script = found["script"].title() if found["script"] else None
    region = found["region"].upper() if found["region"] else None
    primary = language.split("-")[0]
    if len(primary) == 2 and primary not in _LANGUAGES:
        return None, f"'{text}': '{primary}' is not an ISO 639-1 language; expected {EXPECTED}"
    if region and region.isalpha() and region not in _REGIONS:
        fix = _REGION_SLIPS.get(region)
        suggestion = f"; did you mean '{language}-{fix}'?" if fix else f"; expected {EXPECTED}"
        return None, f"'{text}': '{region}' is not an ISO 3166-1 region{suggestion}"
    parts = [language, script, region, found["rest"].lstrip("-").lower() or None]
    return LanguageTag(language, script, region, "-".join(part for part in parts if part)), None


def og_locale_for(text: str) -> str | None:
    """The Open Graph locale of a language tag ('de' -> 'de_DE', 'pt-BR' -> 'pt_BR'), or None when unknown."""
    tag, _ = parse_language_tag(text.replace("_", "-"))
    if tag is None:
        return None
    if tag.region and tag.region.isalpha():
        return f"{tag.language}_{tag.region}"
    if tag.script and (tag.language, tag.script) in _SCRIPT_TERRITORY:
        return _SCRIPT_TERRITORY[(tag.language, tag.script)]
    return _DEFAULT_TERRITORY.get(tag.language)
