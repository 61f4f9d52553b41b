"""Hostile images and videos on a page: a located error naming the page and the file, never a
traceback, in bounded time and memory. Every file is made here from bytes."""

from __future__ import annotations

import functools
import struct
import zlib
from pathlib import Path

import pytest

from smo_gen.content.media import MediaProblem, read_mp4_facts
from smo_gen.site.image_facts import ImageProblem, measure_image
from tests.hardening.test_bad_input import break_site, page
from tests.support.sites import png_bytes


def box(kind: bytes, payload: bytes = b"", size: int | None = None) -> bytes:
    return struct.pack(">I4s", len(payload) + 8 if size is None else size, kind) + payload


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_chunk(kind: bytes, data: bytes) -> bytes:
    """A valid 4x4 PNG with one more chunk before its pixels."""
    pixels = zlib.compress(b"".join(b"\x00" + b"\x00" * 12 for _ in range(4)))
    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(kind, data) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@functools.cache
def inflating_to(megabytes: int) -> bytes:
    """zlib data that inflates to `megabytes` MB of zeros (about 1/1000 of that compressed)."""
    squeezer = zlib.compressobj(9)
    block = bytes(1 << 20)
    return b"".join(squeezer.compress(block) for _ in range(megabytes)) + squeezer.flush()


EMPTY_MVHD = box(b"ftyp", b"isom\x00\x00\x02\x00") + box(b"free") + box(b"moov", box(b"mvhd"))
HOSTILE_MP4 = {
    "empty-mvhd": EMPTY_MVHD,
    "short-mvhd": box(b"moov", box(b"mvhd", b"\x00" * 10)),
    "short-v1-mvhd": box(b"moov", box(b"mvhd", b"\x01" + b"\x00" * 25)),
    "short-tkhd": box(b"moov", box(b"trak", box(b"tkhd", b"\x00" * 6))),
    "box-past-the-end": box(b"ftyp", b"isom") + box(b"moov", b"", size=4096),
    "child-past-its-box": box(b"moov", box(b"trak", b"\x00" * 8, size=200)),
    "size-smaller-than-header": box(b"moov", b"", size=3),
    "truncated-64-bit-size": struct.pack(">I4s", 1, b"mdat") + b"\x00\x00",
}


def test_the_forty_byte_mp4_of_the_report() -> None:
    assert len(EMPTY_MVHD) == 40


@pytest.mark.parametrize("name", sorted(HOSTILE_MP4))
def test_a_broken_mp4_is_a_media_problem(tmp_path: Path, name: str) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(HOSTILE_MP4[name])
    with pytest.raises(MediaProblem, match="is not a readable MP4"):
        read_mp4_facts(path)


def test_a_good_mp4_is_still_measured(tmp_path: Path) -> None:
    mvhd = b"\x00" * 12 + struct.pack(">II", 1000, 12_500) + b"\x00" * 80
    tkhd = b"\x00" * 76 + struct.pack(">II", 640 << 16, 360 << 16)
    path = tmp_path / "clip.mp4"
    path.write_bytes(box(b"ftyp", b"isom") + box(b"moov", box(b"mvhd", mvhd) + box(b"trak", box(b"tkhd", tkhd))))
    assert read_mp4_facts(path) == (640, 360, 12.5)
    path.write_bytes(box(b"ftyp", b"isom") + box(b"mdat", b"\x00" * 64))  # no header boxes: nothing known, no error
    assert read_mp4_facts(path) == (None, None, None)


@pytest.mark.parametrize("kind", [b"zTXt", b"iCCP", b"iTXt"])
def test_a_png_whose_chunk_inflates_to_500_mb_is_an_image_problem(tmp_path: Path, kind: bytes) -> None:
    prefix = {b"zTXt": b"Comment\x00\x00", b"iCCP": b"icc\x00\x00", b"iTXt": b"Comment\x00\x01\x00\x00\x00"}[kind]
    path = tmp_path / "bomb.png"
    path.write_bytes(png_with_chunk(kind, prefix + inflating_to(500)))
    try:
        facts = measure_image(path)
    except ImageProblem as problem:
        assert "cannot be read" in str(problem)
    else:  # Pillow may skip a chunk it does not need; then only the header was read
        assert (facts.width, facts.height) == (4, 4)


@pytest.mark.parametrize("kind", [b"zTXt", b"iCCP"])
def test_a_page_whose_image_is_a_bomb_fails_naming_the_page_and_the_image(good_site: Path, kind: bytes) -> None:
    prefix = b"Comment\x00\x00" if kind == b"zTXt" else b"icc\x00\x00"
    output = break_site(
        good_site,
        {
            "static/images/bomb.png": png_with_chunk(kind, prefix + inflating_to(500)),
            "content/bad.md": page("title: Bad\nimage: /images/bomb.png\nimage_alt: x\n"),
        },
    )
    assert "content/bad.md:3" in output and "image '/images/bomb.png' cannot be read" in output, output


@pytest.mark.parametrize("name", ["empty-mvhd", "box-past-the-end", "short-tkhd"])
def test_a_page_whose_video_is_broken_fails_naming_the_page_and_the_video(good_site: Path, name: str) -> None:
    output = break_site(
        good_site,
        {
            "static/media/clip.mp4": HOSTILE_MP4[name],
            "content/bad.md": page("title: Bad\nvideo: /media/clip.mp4\n"),
        },
    )
    assert "content/bad.md:3" in output and "video '/media/clip.mp4' is not a readable MP4" in output, output


def test_a_good_video_and_image_still_build(good_site: Path) -> None:
    from tests.hardening.support import write_files
    from tests.support.cli import run_build

    mvhd = b"\x00" * 12 + struct.pack(">II", 1000, 12_500) + b"\x00" * 80
    write_files(
        good_site,
        {
            "static/media/clip.mp4": box(b"ftyp", b"isom") + box(b"moov", box(b"mvhd", mvhd)),
            "static/images/fine.png": png_bytes(1200, 630),
            "content/ok.md": page("title: Fine\nimage: /images/fine.png\nimage_alt: x\nvideo: /media/clip.mp4\n"),
        },
    )
    result = run_build(good_site)
    assert result.exit_code == 0, result.output
