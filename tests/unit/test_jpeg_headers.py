"""jpeg_headers.plain_jpeg_size against Pillow, the reference: wherever it gives a size, Pillow opens
the same bytes as a JPEG of that size. Checked on JPEGs of every kind Pillow writes, on the site's
and the shared corpora's photos, and on each of them cut short and with single bytes of their
headers changed (where Pillow is the one to say what is wrong)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from smo_gen.site.image_facts import ImageProblem, measure_image
from smo_gen.site.jpeg_headers import HEADER_BYTES, plain_jpeg_size

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SMO_SHARED_DIR", REPO.parent / "shared"))


def pillow_size(data: bytes) -> tuple[int, int] | None:
    """The size Pillow opens `data` with as a JPEG; None when it refuses it or sees another format."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size if image.format == "JPEG" else None
    except Exception:  # noqa: BLE001 - every refusal counts the same here
        return None


def written(mode: str, size: tuple[int, int], **options: object) -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, 90 if mode == "L" else (40, 120, 200, 10)[: len(mode)])  # type: ignore[arg-type]
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def made_jpegs() -> dict[str, bytes]:
    exif = Image.Exif()
    exif[0x0128], exif[0x011A] = 2, 300.0  # resolution unit and X resolution
    icc = b"\0" * 128 + b"acsp" + b"\0" * 200
    two = io.BytesIO()
    Image.new("RGB", (40, 30)).save(two, "MPO", save_all=True, append_images=[Image.new("RGB", (40, 30))])
    return {
        "rgb": written("RGB", (1200, 630)),
        "grey": written("L", (300, 200)),
        "cmyk": written("CMYK", (64, 48)),
        "progressive": written("RGB", (800, 418), progressive=True),
        "optimized": written("RGB", (640, 640), optimize=True, quality=95),
        "no subsampling": written("RGB", (33, 17), subsampling=0),
        "dpi": written("RGB", (120, 80), dpi=(300, 300)),
        "exif": written("RGB", (120, 80), exif=exif.tobytes()),
        "icc": written("RGB", (120, 80), icc_profile=icc),
        "comment": written("RGB", (120, 80), comment=b"taken at the launch"),
        "one pixel": written("L", (1, 1)),
        "mpo": two.getvalue(),
    }


def found_jpegs() -> dict[str, bytes]:
    """The photos of the example site and, where the shared folder is at hand, of the corpora."""
    roots = [REPO / "static", REPO / "content", SHARED / "corpora"]
    paths = sorted(
        p for root in roots if root.is_dir() for p in root.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg")
    )
    return {str(path.relative_to(path.parents[1])): path.read_bytes() for path in paths}


def variants(data: bytes) -> Iterator[bytes]:
    """`data`, cut short at every few bytes of its headers, and with each of their bytes changed."""
    yield data
    headers = min(len(data), 700)
    for end in range(0, headers, 7):
        yield data[:end]
    for position in range(headers):
        for value in {0x00, 0xFF, data[position] ^ 0x01}:
            yield data[:position] + bytes([value]) + data[position + 1 :]


@pytest.mark.parametrize("name", sorted(made_jpegs()))
def test_a_size_it_reads_is_the_one_pillow_reads(name: str) -> None:
    data = made_jpegs()[name]
    for variant in variants(data):
        size = plain_jpeg_size(variant[:HEADER_BYTES])
        if size is not None:
            assert pillow_size(variant) == size, (name, variant[:64])
    if name in ("exif", "mpo"):
        assert plain_jpeg_size(data) is None  # left to Pillow: it reads EXIF resolution, and opens MPF files as MPO
    else:
        assert plain_jpeg_size(data) == pillow_size(data) is not None  # read without Pillow


def test_the_photos_at_hand_read_as_pillow_reads_them() -> None:
    photos = found_jpegs()
    assert photos, "the example site has photos"
    for name, data in photos.items():
        size = plain_jpeg_size(data[:HEADER_BYTES])
        if size is not None:
            assert pillow_size(data) == size, name


def test_measured_facts_are_the_same_with_pillow_or_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, data in {**made_jpegs(), "damaged": b"\xff\xd8\xff\xe0\x00\x10JFIF"}.items():
        path = tmp_path / f"{name.replace(' ', '-')}.jpg"
        path.write_bytes(data)
        with monkeypatch.context() as patched:
            patched.setattr("smo_gen.site.image_facts.plain_jpeg_size", lambda head: None)  # Pillow alone
            try:
                expected: object = measure_image(path)
            except ImageProblem as problem:
                expected = str(problem)
        try:
            found: object = measure_image(path)
        except ImageProblem as problem:
            found = str(problem)
        assert found == expected, name
