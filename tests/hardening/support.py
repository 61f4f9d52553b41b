"""Helpers for the hardening tests: a good site built once, copied, then broken on purpose."""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Mapping
from pathlib import Path

from tests.support.cli import run_build
from tests.support.sites import tree_digest, write_site

EPOCH = "1793534400"  # 2026-11-01, so every dated page below is published

GOOD_PAGE = """
---
title: A good page
date: 2026-05-01
tags: [cars]
---
Hello.
"""


def make_good_site(folder: Path) -> Path:
    """A small site, built once, inside `folder` (which holds nothing else)."""
    site_dir = write_site(folder / "site", {"content/good.md": GOOD_PAGE})
    result = run_build(site_dir)
    assert result.exit_code == 0, result.output
    return site_dir


def copy_site(template: Path, folder: Path) -> Path:
    """A copy of a built site, alone in `folder`, so stray files beside it can be spotted."""
    return Path(shutil.copytree(template, folder / "site", symlinks=True))


def snapshot(site_dir: Path) -> dict[str, str]:
    """Everything the site's parent folder holds outside the output and cache folders."""
    parent = site_dir.parent
    files = tree_digest(parent)
    return {path: digest for path, digest in files.items() if not path.startswith(("site/public/", "site/.smo-cache/"))}


def write_files(site_dir: Path, files: Mapping[str, str | bytes]) -> None:
    write_site(site_dir, dict(files), site_toml=None)


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` pixels and holds none (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
