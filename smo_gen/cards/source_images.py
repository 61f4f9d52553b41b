"""Source images for cards: read safely (size checked from the header before decoding), then cropped or fitted."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from smo_gen.site.image_facts import DECODE_ERRORS

# 40 Mpx (e.g. 8000x5000) is more than any camera photo a page needs; above it we refuse to decode,
# since a tiny compressed file can unpack to gigabytes (a "decompression bomb").
MAX_SOURCE_PIXELS = 40_000_000
ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
_EXIF_ORIENTATION = 0x0112
# Pillow's decoders report bad data through several exception types; all mean "this file is unusable".
_DECODE_ERRORS = (*DECODE_ERRORS, Image.DecompressionBombError)


class UnusableImage(Exception):
    """A source image we cannot use; `str()` is the message for the user, `hint` how to fix it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def check_image(path: Path) -> tuple[int, int]:
    """Read only the header: the image's pixel size, or UnusableImage when it is missing, odd or too big."""
    with _open(path) as image:
        return image.size


def check_size(path: Path, size: tuple[int, int]) -> tuple[int, int]:
    """`size`, measured from the header of the image at `path` elsewhere, or UnusableImage when
    it is too big to draw from (what `check_image` says of such a file)."""
    width, height = size
    if width * height > MAX_SOURCE_PIXELS or width <= 0 or height <= 0:
        raise _too_large(path, f" {width}x{height} pixels")
    return size


def _open(path: Path) -> Image.Image:
    if not path.is_file():
        raise UnusableImage(f"image not found: {path}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path, formats=ACCEPTED_FORMATS)
    except UnidentifiedImageError:
        raise UnusableImage(f"not an image we can read: {path}", "use PNG, JPEG, WebP or GIF") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(path, "") from None  # Pillow's own, larger limit, checked from the header too
    except _DECODE_ERRORS as error:
        raise _undecodable(path, error) from None
    try:
        check_size(path, image.size)
    except UnusableImage:
        image.close()
        raise
    return image


def _too_large(path: Path, size: str) -> UnusableImage:
    return UnusableImage(
        f"image is too large to use safely:{size} ({path})",
        f"at most {MAX_SOURCE_PIXELS:,} pixels; resize it, e.g. to 2400 pixels wide",
    )


def load_cover(
    path: Path,
    size: tuple[int, int],
    focal_point: tuple[float, float] | None,
    background: tuple[int, ...],
) -> Image.Image:
    """Decode `path` and cover-crop it to `size` (RGB), keeping the focal point (x, y in 0..1) in view."""
    width, height = size
    with _open(path) as image:
        try:
            orientation = image.getexif().get(_EXIF_ORIENTATION, 1)
            shown = image.size if orientation < 5 else image.size[::-1]
            scale = max(width / shown[0], height / shown[1])
            if scale < 1 and image.format == "JPEG":
                # Decode a JPEG at a reduced scale straight away: far faster, and still >= the crop.
                image.draft("RGB", (math.ceil(image.size[0] * scale), math.ceil(image.size[1] * scale)))
            if orientation == 1:
                image.load()  # decode now: the file closes when this block ends
                upright = image  # no copy: each one costs ~4 ms on a 1600x900 photo
            else:
                upright = ImageOps.exif_transpose(image)
            flat = flatten(upright, background)
            if flat.size == size:  # already the card's size: a resize would only copy it, slower
                return flat  # loaded, so usable after the file closes (leaving `with` keeps the pixels)
            box = cover_box(flat.size, size, focal_point)
            # Bicubic, not Lanczos: the card is at most a mild downscale of the (draft-decoded) photo,
            # where the two look the same, and bicubic takes 21 ms where Lanczos takes 30 (1600x900).
            return flat.resize(size, Image.Resampling.BICUBIC, box=box, reducing_gap=3.0)
        except _DECODE_ERRORS as error:
            raise _undecodable(path, error) from None


def load_contained(path: Path, box_size: tuple[int, int]) -> Image.Image:
    """Decode `path` (a logo) and scale it to fit inside `box_size`, keeping its aspect ratio (RGBA)."""
    with _open(path) as image:
        try:
            logo = _as_rgba(ImageOps.exif_transpose(image))
            scale = min(box_size[0] / logo.width, box_size[1] / logo.height)
            fitted = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
            return logo.resize(fitted, Image.Resampling.LANCZOS)
        except _DECODE_ERRORS as error:
            raise _undecodable(path, error) from None


def _undecodable(path: Path, error: BaseException) -> UnusableImage:
    return UnusableImage(
        f"cannot decode image {path}: {error}",
        "the file may be truncated or use an unusual encoding; open it in an image editor and "
        "save it again as an 8-bit RGB PNG or JPEG",
    )


def flatten(image: Image.Image, background: tuple[int, ...]) -> Image.Image:
    """The image as RGB; transparent parts show the card's background colour."""
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if not has_alpha:
        return image if image.mode == "RGB" else _as_eight_bit(image).convert("RGB")
    canvas = Image.new("RGBA", image.size, background[:3] + (255,))
    canvas.alpha_composite(_as_rgba(image))
    return canvas.convert("RGB")


def _as_rgba(image: Image.Image) -> Image.Image:
    return _as_eight_bit(image).convert("RGBA")


def _as_eight_bit(image: Image.Image) -> Image.Image:
    """16-bit and 32-bit greyscale ("I;16", "I", "F") as 8-bit "L": Pillow's own conversion clips
    them to white instead of scaling."""
    if image.mode.startswith("I"):  # "I;16", "I;16B", and "I" (how 16-bit PNGs open)
        return _scaled(image, 65535)
    if image.mode == "F":
        return _scaled(image, 1)
    return image


def _scaled(image: Image.Image, full_scale: float) -> Image.Image:
    wide = image.convert("F") if image.mode != "F" else image
    return wide.point(lambda value: value * 255 / full_scale + 0.5).convert("L")  # + 0.5: round, not truncate


def cover_box(
    source: tuple[int, int], target: tuple[int, int], focal_point: tuple[float, float] | None
) -> tuple[int, int, int, int]:
    """The region of `source` that, scaled, fills `target`, centred on the focal point where it can be.

    Whole pixels, always inside the image and at least 1x1: float boxes drifted by rounding
    (a 900x450 image gave a top of -5.7e-14, which Pillow refuses). The region's shape may differ
    from the target's by under a pixel, which the resize absorbs.
    """
    focal_x, focal_y = focal_point or (0.5, 0.5)
    scale = max(target[0] / source[0], target[1] / source[1])
    crop_width = min(source[0], max(1, round(target[0] / scale)))
    crop_height = min(source[1], max(1, round(target[1] / scale)))
    left = _clamp(round(focal_x * source[0] - crop_width / 2), 0, source[0] - crop_width)
    top = _clamp(round(focal_y * source[1] - crop_height / 2), 0, source[1] - crop_height)
    return (left, top, left + crop_width, top + crop_height)


def _clamp(value: int, lowest: int, highest: int) -> int:
    return min(max(value, lowest), highest)
