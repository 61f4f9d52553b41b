"""A feed item's image as media:content describes it: what is measured, and nothing guessed."""

from __future__ import annotations

from smo_gen.render.feed_media import image_attributes
from smo_gen.site.model import SocialImage


def test_a_measured_image_states_type_size_and_bytes() -> None:
    image = SocialImage("https://acme.example/cards/a.png", 1200, 630, "image/png", "A card", 20_480)
    assert image_attributes(image) == {
        "url": "https://acme.example/cards/a.png",
        "medium": "image",
        "type": "image/png",
        "width": "1200",
        "height": "630",
        "fileSize": "20480",
    }


def test_an_image_elsewhere_states_only_what_its_url_tells() -> None:
    image = SocialImage("https://cdn.example/photo.jpg?w=800", None, None, None, "A photo")
    assert image_attributes(image) == {
        "url": "https://cdn.example/photo.jpg?w=800",
        "medium": "image",
        "type": "image/jpeg",
    }
    unknown = SocialImage("https://cdn.example/render", None, None, None, "")
    assert image_attributes(unknown) == {"url": "https://cdn.example/render", "medium": "image"}
