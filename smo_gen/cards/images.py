"""Reads source images safely (size checked from the header before decoding) and crops them to cards."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..images import DECODE_ERRORS

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
        raise UnusableImage(f"cannot read image {path}: {error}") from None
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
        except _DECODE_ERRORS as error:
            raise UnusableImage(f"cannot decode image {path}: {error}") from None
    # Bicubic, not Lanczos: the card is at most a mild downscale of the (draft-decoded) photo,
    # where the two look the same, and bicubic takes 21 ms where Lanczos takes 30 (1600x900).
    return flat.resize(
        size, Image.Resampling.BICUBIC, box=cover_box(flat.size, size, focal_point), reducing_gap=3.0
    )


def load_contained(path: Path, box_size: tuple[int, int]) -> Image.Image:
    """Decode `path` (a logo) and scale it to fit inside `box_size`, keeping its aspect ratio (RGBA)."""
    with _open(path) as image:
        try:
            logo = ImageOps.exif_transpose(image).convert("RGBA")
        except _DECODE_ERRORS as error:
            raise UnusableImage(f"cannot decode image {path}: {error}") from None
    scale = min(box_size[0] / logo.width, box_size[1] / logo.height)
    fitted = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
    return logo.resize(fitted, Image.Resampling.LANCZOS)


def flatten(image: Image.Image, background: tuple[int, ...]) -> Image.Image:
    """The image as RGB; transparent parts show the card's background colour."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if not has_alpha:
        return image if image.mode == "RGB" else image.convert("RGB")
    canvas = Image.new("RGBA", image.size, background[:3] + (255,))
    canvas.alpha_composite(image.convert("RGBA"))
    return canvas.convert("RGB")


def cover_box(
    source: tuple[int, int], target: tuple[int, int], focal_point: tuple[float, float] | None
) -> tuple[float, float, float, float]:
    """The region of `source` that, scaled, fills `target` exactly, centred on the focal point where it can be."""
    focal_x, focal_y = focal_point or (0.5, 0.5)
    scale = max(target[0] / source[0], target[1] / source[1])
    crop_width, crop_height = target[0] / scale, target[1] / scale
    left = min(max(focal_x * source[0] - crop_width / 2, 0.0), source[0] - crop_width)
    top = min(max(focal_y * source[1] - crop_height / 2, 0.0), source[1] - crop_height)
    return (left, top, left + crop_width, top + crop_height)
