"""A machine without fonts of its own, for the cards' "no installed font has these characters" warnings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smo_gen.cards.system_fonts import forget_system_fonts

EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig></fontconfig>
"""


@pytest.fixture
def no_system_fonts(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """fontconfig told of no font folder, so `fc-list` lists nothing (as on a bare CI image);
    the site's and theme's own fonts are still used."""
    config = tmp_path_factory.mktemp("fontconfig") / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG, encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    forget_system_fonts()
    yield
    forget_system_fonts()  # before the environment comes back, so the next test lists the real fonts
