"""Share links: each network's documented URL format, encoding of awkward text, and [share] validation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smo_gen.config.share_settings import (
    NETWORK_LABELS,
    SHARE_NETWORKS,
    UTM_SOURCES,
    ShareSettings,
    parse_share_settings,
)
from smo_gen.errors import Problem
from smo_gen.render.share_links import MASTODON_SHARE_PAGE, ShareLink, make_share_links
from smo_gen.utm import UtmSettings, tag_url

PAGE_URL = "https://example.com/spring-sale/?lang=de#offer"
UTM = UtmSettings()
AWKWARD = 'He said "50% off" & <b>#1</b>? a+b=c 🎉 日本語 مرحبا بالعالم\nsecond line\r\nthird'


def share(network: str, **overrides: object) -> ShareLink:
    arguments: dict[str, object] = {
        "page_url": PAGE_URL,
        "title": "Spring sale",
        "message": "Half off everything",
        "networks": [network],
        "utm": UTM,
        "slug": "spring-sale",
        "campaign": "spring-2026",
        "audience": "parents",
    }
    arguments.update(overrides)
    [link] = make_share_links(**arguments)  # type: ignore[arg-type]
    return link


def tagged(network: str, page_url: str = PAGE_URL) -> str:
    return tag_url(
        page_url,
        UTM,
        network=UTM_SOURCES[network],
        slug="spring-sale",
        campaign="spring-2026",
        audience="parents",
    )


def parts(href: str) -> tuple[str, str, str, dict[str, list[str]]]:
    split = urlsplit(href)
    return split.scheme, split.netloc, split.path, parse_qs(split.query, keep_blank_values=True)


def crlf(text: str) -> str:
    return re.sub(r"\r\n|\r|\n", "\r\n", text)


def messages(problems: Sequence[Problem]) -> list[str]:
    return [str(problem) for problem in problems]


# --- documented formats -------------------------------------------------------------------------

MESSAGE = "Half off everything"
TITLE = "Spring sale"

EXPECTED: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "x": ("https", "x.com", "/intent/tweet", {"text": MESSAGE, "url": tagged("x")}),
    "facebook": ("https", "www.facebook.com", "/sharer/sharer.php", {"u": tagged("facebook")}),
    "linkedin": ("https", "www.linkedin.com", "/sharing/share-offsite/", {"url": tagged("linkedin")}),
    "bluesky": ("https", "bsky.app", "/intent/compose", {"text": f"{MESSAGE} {tagged('bluesky')}"}),
    "mastodon": ("https", "s2f.kytta.dev", "/", {"text": f"{MESSAGE} {tagged('mastodon')}"}),
    "reddit": ("https", "www.reddit.com", "/submit", {"url": tagged("reddit"), "title": TITLE}),
    "hackernews": ("https", "news.ycombinator.com", "/submitlink", {"u": tagged("hackernews"), "t": TITLE}),
    "whatsapp": ("https", "wa.me", "/", {"text": f"{MESSAGE} {tagged('whatsapp')}"}),
    "telegram": ("https", "t.me", "/share/url", {"url": tagged("telegram"), "text": MESSAGE}),
    "email": ("mailto", "", "", {"subject": TITLE, "body": f"{MESSAGE}\r\n\r\n{tagged('email')}"}),
}


def test_every_network_has_an_expected_format() -> None:
    assert set(EXPECTED) == set(SHARE_NETWORKS)


@pytest.mark.parametrize("network", SHARE_NETWORKS)
def test_each_network_links_to_its_documented_share_endpoint(network: str) -> None:
    scheme, host, path, params = EXPECTED[network]
    link = share(network)
    assert link.network == network
    assert link.label == NETWORK_LABELS[network]
    assert parts(link.href) == (scheme, host, path, {name: [value] for name, value in params.items()})


def test_share_urls_are_exact_for_a_simple_page() -> None:
    links = make_share_links(
        page_url="https://example.com/p/",
        title="Title",
        message="Hello world",
        networks=["x", "email"],
        utm=UTM,
        slug="p",
        campaign=None,
        audience=None,
    )
    assert links == [
        ShareLink(
            "x",
            "X",
            "https://x.com/intent/tweet?text=Hello%20world"
            "&url=https%3A%2F%2Fexample.com%2Fp%2F%3Futm_source%3Dx%26utm_medium%3Dsocial%26utm_campaign%3Dp",
        ),
        ShareLink(
            "email",
            "Email",
            "mailto:?subject=Title&body=Hello%20world%0D%0A%0D%0A"
            "https%3A%2F%2Fexample.com%2Fp%2F%3Futm_source%3Demail%26utm_medium%3Dsocial%26utm_campaign%3Dp",
            new_tab=False,  # it opens the reader's e-mail program
        ),
    ]


def test_labels_are_human_names() -> None:
    labels = [
        link.label
        for link in make_share_links(
            page_url=PAGE_URL,
            title="t",
            message="m",
            networks=SHARE_NETWORKS,
            utm=UTM,
            slug="s",
            campaign=None,
            audience=None,
        )
    ]
    assert labels == [
        "X",
        "Facebook",
        "LinkedIn",
        "Bluesky",
        "Mastodon",
        "Reddit",
        "Hacker News",
        "WhatsApp",
        "Telegram",
        "Email",
    ]


def test_links_follow_the_order_asked_for() -> None:
    links = make_share_links(
        page_url=PAGE_URL,
        title="t",
        message="m",
        networks=["email", "x", "reddit"],
        utm=UTM,
        slug="s",
        campaign=None,
        audience=None,
    )
    assert [link.network for link in links] == ["email", "x", "reddit"]


def test_each_network_shares_a_url_tagged_with_its_own_source() -> None:
    for network in SHARE_NETWORKS:
        href = share(network).href
        assert f"utm_source%3D{UTM_SOURCES[network]}%26" in href, network
        assert "utm_campaign%3Dspring-2026" in href and "utm_content%3Dparents" in href


def test_the_page_urls_own_query_and_fragment_survive_inside_the_shared_url() -> None:
    _, _, _, params = parts(share("facebook").href)
    assert params["u"] == [
        (
            "https://example.com/spring-sale/?lang=de&utm_source=facebook&utm_medium=social"
            "&utm_campaign=spring-2026&utm_content=parents#offer"
        )
    ]


# --- hashtags, fallbacks, Mastodon ----------------------------------------------------------------


def test_x_takes_hashtags_comma_separated_without_the_hash() -> None:
    _, _, _, params = parts(share("x", hashtags=["#spring", " sale ", "", "#"]).href)
    assert params["hashtags"] == ["spring,sale"]


def test_x_has_no_hashtags_parameter_when_there_are_none() -> None:
    assert "hashtags" not in parts(share("x").href)[3]


@pytest.mark.parametrize("network", ["bluesky", "mastodon"])
def test_bluesky_and_mastodon_get_hashtags_appended_to_the_text(network: str) -> None:
    _, _, _, params = parts(share(network, hashtags=["spring", "#sale"]).href)
    assert params["text"] == [f"{MESSAGE} {tagged(network)} #spring #sale"]


@pytest.mark.parametrize("network", ["facebook", "linkedin", "reddit", "hackernews", "whatsapp", "telegram", "email"])
def test_other_networks_ignore_hashtags(network: str) -> None:
    assert share(network, hashtags=["spring"]).href == share(network).href


def test_without_a_message_the_title_is_the_post_text() -> None:
    assert parts(share("x", message="").href)[3]["text"] == [TITLE]
    assert parts(share("bluesky", message="").href)[3]["text"] == [f"{TITLE} {tagged('bluesky')}"]
    assert parts(share("email", message="").href)[3]["body"] == [tagged("email")]


def test_without_a_title_the_message_is_the_submission_title() -> None:
    assert parts(share("reddit", title="").href)[3]["title"] == [MESSAGE]
    assert parts(share("email", title="").href)[3]["subject"] == [MESSAGE]


def test_mastodon_with_an_instance_uses_that_servers_share_page() -> None:
    scheme, host, path, params = parts(share("mastodon", mastodon_instance="fosstodon.org").href)
    assert (scheme, host, path) == ("https", "fosstodon.org", "/share")
    assert params == {"text": [f"{MESSAGE} {tagged('mastodon')}"]}


def test_mastodon_without_an_instance_uses_an_instance_picker_page() -> None:
    assert share("mastodon").href.startswith(MASTODON_SHARE_PAGE + "?text=")


def test_mastodon_instance_with_a_non_ascii_name_is_idna_encoded() -> None:
    assert share("mastodon", mastodon_instance="mastodon.bäckerei.de").href.startswith(
        "https://mastodon.xn--bckerei-5wa.de/share?text="
    )


def test_unknown_network_or_bad_instance_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="twitter"):
        share("twitter")
    with pytest.raises(ValueError, match="https://mastodon.social"):
        share("mastodon", mastodon_instance="https://mastodon.social")


# --- encoding -------------------------------------------------------------------------------------


@pytest.mark.parametrize("network", SHARE_NETWORKS)
def test_awkward_text_survives_every_share_url(network: str) -> None:
    page_url = "https://example.com/ünïcode/?q=a+b&x=%2F#frag"
    link = share(network, title=AWKWARD, message=AWKWARD, page_url=page_url)
    assert_round_trip(link, title=AWKWARD, message=AWKWARD, url=tagged(network, page_url), hashtags=())


@pytest.mark.parametrize("network", SHARE_NETWORKS)
def test_hrefs_are_plain_ascii_with_spaces_as_percent_20(network: str) -> None:
    href = share(network, title=AWKWARD, message=AWKWARD, hashtags=["日本"]).href
    assert href.isascii()
    assert " " not in href and "+" not in href and "\n" not in href and '"' not in href and "<" not in href
    if network not in ("facebook", "linkedin"):  # these two share only the URL, no text
        assert "%20" in href


def test_email_uses_crlf_line_breaks_as_rfc_6068_asks() -> None:
    href = share("email", message="one\ntwo\rthree\r\nfour").href
    assert "one%0D%0Atwo%0D%0Athree%0D%0Afour%0D%0A%0D%0Ahttps" in href
    assert "%0A" not in href.replace("%0D%0A", "")


def assert_round_trip(link: ShareLink, *, title: str, message: str, url: str, hashtags: Sequence[str]) -> None:
    """Parse the href back and check each parameter holds exactly the text that went in."""
    scheme, host, path, params = parts(link.href)
    tags = " ".join(f"#{tag}" for tag in hashtags)
    post_text = f"{message} {url}" + (f" {tags}" if tags else "")
    expected: dict[str, tuple[str, str, str, dict[str, str]]] = {
        "x": (
            "https",
            "x.com",
            "/intent/tweet",
            {"text": message, "url": url} | ({"hashtags": ",".join(hashtags)} if hashtags else {}),
        ),
        "facebook": ("https", "www.facebook.com", "/sharer/sharer.php", {"u": url}),
        "linkedin": ("https", "www.linkedin.com", "/sharing/share-offsite/", {"url": url}),
        "bluesky": ("https", "bsky.app", "/intent/compose", {"text": post_text}),
        "mastodon": ("https", "s2f.kytta.dev", "/", {"text": post_text}),
        "reddit": ("https", "www.reddit.com", "/submit", {"url": url, "title": title}),
        "hackernews": ("https", "news.ycombinator.com", "/submitlink", {"u": url, "t": title}),
        "whatsapp": ("https", "wa.me", "/", {"text": f"{message} {url}"}),
        "telegram": ("https", "t.me", "/share/url", {"url": url, "text": message}),
        "email": ("mailto", "", "", {"subject": title, "body": f"{crlf(message)}\r\n\r\n{url}"}),
    }
    want_scheme, want_host, want_path, want_params = expected[link.network]
    assert (scheme, host, path) == (want_scheme, want_host, want_path)
    assert params == {name: [value] for name, value in want_params.items()}, link.href


@given(
    network=st.sampled_from(SHARE_NETWORKS),
    title=st.text(min_size=1),
    message=st.text(min_size=1),
    hashtags=st.lists(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=8), max_size=3),
    page_url=st.sampled_from([PAGE_URL, "https://example.com/", "https://example.com/a b?c=d%26e&f#g?h", "/relative"]),
    campaign=st.none() | st.text(max_size=10),
    audience=st.none() | st.text(max_size=10),
)
def test_any_text_round_trips_through_every_share_url(
    network: str,
    title: str,
    message: str,
    hashtags: list[str],
    page_url: str,
    campaign: str | None,
    audience: str | None,
) -> None:
    [link] = make_share_links(
        page_url=page_url,
        title=title,
        message=message,
        networks=[network],
        utm=UTM,
        slug="spring-sale",
        campaign=campaign,
        audience=audience,
        hashtags=hashtags,
    )
    url = tag_url(page_url, UTM, network=UTM_SOURCES[network], slug="spring-sale", campaign=campaign, audience=audience)
    assert_round_trip(link, title=title, message=message, url=url, hashtags=hashtags)
    assert link.href.isascii() and " " not in link.href and "+" not in link.href


# --- [share] settings ---------------------------------------------------------------------------


def test_empty_share_table_gives_all_networks_in_the_default_order() -> None:
    assert parse_share_settings({}, "site.toml") == (
        ShareSettings(networks=SHARE_NETWORKS, mastodon_instance=None),
        [],
    )


def test_networks_keep_the_order_written() -> None:
    settings, problems = parse_share_settings({"networks": ["mastodon", "email", "x"]}, "site.toml")
    assert problems == []
    assert settings.networks == ("mastodon", "email", "x")


def test_an_empty_network_list_means_no_share_links() -> None:
    assert parse_share_settings({"networks": []}, "site.toml") == (ShareSettings(networks=()), [])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("fcebook", "site.toml: share.networks: unknown network 'fcebook' (did you mean 'facebook'?)"),
        ("twitter", "site.toml: share.networks: unknown network 'twitter' (did you mean 'x'?)"),
        ("X", "site.toml: share.networks: unknown network 'X' (did you mean 'x'?)"),
        (
            "hacker_news",
            "site.toml: share.networks: unknown network 'hacker_news' (did you mean 'hackernews'?)",
        ),
        (
            "myspace",
            (
                "site.toml: share.networks: unknown network 'myspace' (expected one of: x, facebook, linkedin, "
                "bluesky, mastodon, reddit, hackernews, whatsapp, telegram, email, pinterest)"
            ),
        ),
    ],
)
def test_unknown_networks_are_reported_with_a_suggestion(name: str, message: str) -> None:
    settings, problems = parse_share_settings({"networks": ["x", name, "email"]}, "site.toml")
    assert messages(problems) == [message]
    assert settings.networks == ("x", "email"), "the known networks still apply"


def test_a_network_listed_twice_is_a_warning_and_shown_once() -> None:
    settings, problems = parse_share_settings({"networks": ["x", "email", "x"]}, "site.toml")
    assert settings.networks == ("x", "email")
    assert messages(problems) == ["warning: site.toml: share.networks: network 'x' is listed twice"]


def test_networks_must_be_a_list_of_names() -> None:
    _, problems = parse_share_settings({"networks": "x, email"}, "site.toml")
    assert messages(problems) == ["site.toml: share.networks: expected a list of network names, got 'x, email'"]
    _, problems = parse_share_settings({"networks": ["x", 3]}, "site.toml")
    assert messages(problems) == ["site.toml: share.networks: expected a network name, got 3"]


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("mastodon.social", "mastodon.social"),
        ("Fosstodon.ORG", "fosstodon.org"),
        ("localhost:3000", "localhost:3000"),
    ],
)
def test_a_valid_mastodon_instance_is_kept_in_lower_case(value: str, stored: str) -> None:
    assert parse_share_settings({"mastodon_instance": value}, "site.toml") == (
        ShareSettings(mastodon_instance=stored),
        [],
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "https://mastodon.social/@shop",
            (
                "site.toml: share.mastodon_instance: expected a host name, not a URL: 'https://mastodon.social/@shop' "
                "(did you mean 'mastodon.social'?)"
            ),
        ),
        (
            "mastodon.social/@shop",
            (
                "site.toml: share.mastodon_instance: expected a host name without a path: 'mastodon.social/@shop' "
                "(did you mean 'mastodon.social'?)"
            ),
        ),
        (
            "@shop@mastodon.social",
            "site.toml: share.mastodon_instance: not a valid host name: '@shop@mastodon.social'",
        ),
        ("mastodon social", "site.toml: share.mastodon_instance: not a valid host name: 'mastodon social'"),
        (
            "mastodon.social:99999",
            "site.toml: share.mastodon_instance: not a valid host name: 'mastodon.social:99999'",
        ),
        ("", "site.toml: share.mastodon_instance: not a valid host name: ''"),
        (42, "site.toml: share.mastodon_instance: expected a host name, got 42"),
    ],
)
def test_a_bad_mastodon_instance_is_reported(value: object, message: str) -> None:
    settings, problems = parse_share_settings({"mastodon_instance": value}, "site.toml")
    assert settings.mastodon_instance is None
    assert messages(problems) == [message]


def test_unknown_share_keys_are_reported_with_a_suggestion() -> None:
    _, problems = parse_share_settings({"network": ["x"], "zzz": 1}, "site.toml")
    assert messages(problems) == [
        "site.toml: share: unknown key 'network' (did you mean 'networks'?)",
        "site.toml: share: unknown key 'zzz' (expected one of: networks, mastodon_instance)",
    ]


def test_share_that_is_not_a_table_is_reported() -> None:
    settings, problems = parse_share_settings(["x"], "site.toml")  # type: ignore[arg-type]
    assert settings == ShareSettings()
    assert messages(problems) == ["site.toml: share: expected a table, got a list"]


@given(st.text())
def test_share_link_encoding_is_exactly_urllib_quote_with_nothing_safe(value: str) -> None:
    from urllib.parse import quote

    from smo_gen.utm import quote_component

    try:
        expected = quote(value, safe="")
    except UnicodeEncodeError:  # a lone surrogate: both must refuse it
        with pytest.raises(UnicodeEncodeError):
            quote_component(value)
        return
    assert quote_component(value) == expected
    assert quote_component(value) == expected  # remembered: the same answer again


def test_pinterest_pins_the_image_given_with_the_page_and_its_message() -> None:
    links = make_share_links(
        page_url="https://acme.example/volta/",
        title="Volta",
        message="Meet the Volta & more",
        networks=["pinterest"],
        utm=UtmSettings(),
        slug="volta",
        campaign=None,
        audience=None,
        media="https://acme.example/cards/volta-2x3.0123456789ab.png",
    )
    assert [link.label for link in links] == ["Pinterest"]
    assert links[0].href.startswith(
        "https://www.pinterest.com/pin/create/button/?url=https%3A%2F%2Facme.example%2Fvolta%2F"
    )
    assert "&media=https%3A%2F%2Facme.example%2Fcards%2Fvolta-2x3.0123456789ab.png&" in links[0].href
    assert links[0].href.endswith("&description=Meet%20the%20Volta%20%26%20more")


def test_pinterest_is_known_but_not_a_default_network() -> None:
    settings, problems = parse_share_settings({"networks": ["pinterest"]}, "site.toml")
    assert problems == [] and settings.networks == ("pinterest",)
    assert "pinterest" not in parse_share_settings({}, "site.toml")[0].networks
