"""The pictures a feed reader shows for a feed, drawn from one source image at each format's size.

RSS 2.0's channel <image> may be at most 144 pixels wide and 400 high (the RSS 2.0
specification, "<image> sub-element of <channel>"; the W3C feed validator warns past that);
Atom's <icon> should be square and its <logo> twice as wide as high (RFC 4287, 4.2.5 and
4.2.8); JSON Feed's `icon` is 512x512 and its `favicon` 64x64 (JSON Feed 1.1). The source is
`[feeds] icon` (for the square ones) and `[feeds] logo` (for the wide one), each standing in
for the other, else `[brand] logo`. Drawing is pure (bytes in, PNG bytes out); the build layer
keeps what it drew (build/caches/feed_pictures.py).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from smo_gen.config.site_config import SiteConfig
from smo_gen.site.image_facts import DECODE_ERRORS, MAX_PIXELS, ImageProblem

FEED_PICTURES_PATH = "/feed-pictures/"
DRAWING_VERSION = "1"  # raise when a picture drawn from the same source would come out otherwise


@dataclass(frozen=True)
class PictureShape:
    """One picture a feed format asks for: the box it must fit, and whether it fills the box."""

    name: str
    width: int
    height: int
    padded: bool  # True: the source is centred on a transparent box of exactly this size
    source: str  # "icon" or "logo": which configured image it is drawn from first


SHAPES = (
    PictureShape("rss", 144, 144, padded=False, source="icon"),
    PictureShape("icon", 512, 512, padded=True, source="icon"),
    PictureShape("favicon", 64, 64, padded=True, source="icon"),
    PictureShape("logo", 600, 300, padded=True, source="logo"),
)


def picture_sources(config: SiteConfig) -> dict[str, Path]:
    """The image each shape is drawn from ("icon"/"logo" -> file); empty when the site names none."""
    icon = config.feeds.icon or config.feeds.logo or config.brand.logo
    logo = config.feeds.logo or config.feeds.icon or config.brand.logo
    return {name: path for name, path in (("icon", icon), ("logo", logo)) if path is not None}


def picture_name(shape: PictureShape, source: bytes, pillow_version: str) -> str:
    """The file name of `shape` drawn from `source`: keyed by what decides its bytes, so a
    reader's cache of the old picture never shows for a new one."""
    key = hashlib.sha256(f"{DRAWING_VERSION}\0{pillow_version}\0{shape}\0".encode() + source).hexdigest()[:16]
    return f"{shape.name}-{key}.png"


def draw_picture(source: bytes, shape: PictureShape) -> bytes:
    """`source` (any image Pillow reads) scaled to fit `shape`, as PNG bytes; raises ImageProblem."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(source)) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise ImageProblem(
                    f"is {opened.width}x{opened.height} pixels; resize it below {MAX_PIXELS // 1_000_000} megapixels"
                )
            image = opened.convert("RGBA")
    except ImageProblem:
        raise
    except Image.DecompressionBombError:
        raise ImageProblem("is far too many pixels to be a real image (a decompression bomb?)") from None
    except DECODE_ERRORS as exc:
        raise ImageProblem(f"is not an image Pillow can read ({exc})") from None
    fitted = ImageOps.contain(image, (shape.width, shape.height), Image.Resampling.LANCZOS)
    if shape.padded:
        canvas = Image.new("RGBA", (shape.width, shape.height), (0, 0, 0, 0))
        canvas.paste(fitted, ((shape.width - fitted.width) // 2, (shape.height - fitted.height) // 2))
        fitted = canvas
    out = io.BytesIO()
    fitted.save(out, "PNG", optimize=True)
    return out.getvalue()
