from __future__ import annotations

from pathlib import Path

import pytest

from tests.hardening.support import EPOCH, copy_site, make_good_site


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="session")
def good_site_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return make_good_site(tmp_path_factory.mktemp("good-template"))


@pytest.fixture
def good_site(good_site_template: Path, tmp_path: Path) -> Path:
    """A built good site at tmp_path/site, with nothing else in tmp_path."""
    return copy_site(good_site_template, tmp_path)
