"""A small campaign site with short links, QR placements and an audience, for the measuring tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.sites import SITE_TOML, write_site

MEASURE_TOML = (
    SITE_TOML
    + """
[audiences.families]
label = "Families"

[share]
networks = ["x", "bluesky", "email"]

[short_links]
"""
)

DRIVE = """
---
title: Book a test drive
description: Drive the new estate this weekend.
date: 2026-10-01
campaign: spring-drive
qr: [window, flyer]
audiences:
  families:
    title: Room for everyone
---
Come and drive it.
"""

CAN = """
---
title: Find Fizz in a shop
date: 2026-09-01
campaign: fizz-26
qr: can
---
Fizz is back.
"""


def write_measure_site(root: Path, site_toml: str = MEASURE_TOML) -> Path:
    return write_site(root, {"content/drive.md": DRIVE, "content/fizz.md": CAN}, site_toml)


def require_zbarimg() -> str:
    """Debian's `zbarimg` (zbar-tools), or a skip saying so (a failure under CI=true)."""
    found = shutil.which("zbarimg")
    if found is None:
        reason = (
            "QR decoding tests need zbarimg (apt-get install zbar-tools; scripts/install-test-tools.sh does it as root)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def decode_qr(zbarimg: str, image: Path) -> list[str]:
    """Every QR code zbarimg finds in `image`, as text."""
    result = subprocess.run(
        [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, f"zbarimg found no code in {image.name}: {result.stderr.strip()}"
    return [line for line in result.stdout.splitlines() if line]
