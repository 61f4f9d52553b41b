"""Where a build server listens, and when a build may use one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from smo_gen.resident import address
from smo_gen.resident.address import code_stamp, server_address, servers_dir, wanted


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A folder with a short path: a socket's path has room for about 100 bytes, tmp_path's is long."""
    folder = Path(tempfile.mkdtemp(prefix="sg-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["build"], {}, True),
        (["build", "--site", "x", "-q"], {}, True),
        (["build", "--help"], {}, False),
        (["check"], {}, False),
        ([], {}, False),
        (["build"], {"CI": "true"}, False),  # a CI job builds once, and nothing may outlive it
        (["build"], {"CI": "false"}, True),
        (["build"], {"CI": "true", "SMO_GEN_BUILD_SERVER": "on"}, True),
        (["build"], {"SMO_GEN_BUILD_SERVER": "off"}, False),
        (["build"], {"SMO_GEN_BUILD_SERVER": "0"}, False),
    ],
)
def test_a_build_uses_a_server_unless_switched_off_or_on_ci(
    argv: list[str], environ: dict[str, str], expected: bool
) -> None:
    assert wanted(argv, environ) is expected


def test_the_sockets_live_in_a_private_folder_of_the_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    folder = servers_dir()
    assert folder == str(tmp_path / "smo-gen")
    assert os.stat(folder).st_mode & 0o777 == 0o700


def test_a_folder_others_can_enter_is_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A client hands its server the environment, credentials and all: not through a shared folder.
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    (tmp_path / "smo-gen").mkdir(mode=0o777)
    os.chmod(tmp_path / "smo-gen", 0o777)
    assert servers_dir() is None
    assert server_address(str(tmp_path), {}, "stamp") is None


def test_the_address_names_the_folder_the_environment_and_the_code(
    short_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = short_tmp
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    one = server_address(str(tmp_path), {"HOME": "/h"}, "code-1")
    assert one is not None and one.startswith(str(tmp_path / "smo-gen")) and one.endswith(".sock")
    assert server_address(str(tmp_path), {"HOME": "/h", "PWD": "/elsewhere", "SHLVL": "3"}, "code-1") == one
    others = [
        server_address(str(tmp_path / "other"), {"HOME": "/h"}, "code-1"),
        server_address(str(tmp_path), {"HOME": "/h", "TZ": "UTC"}, "code-1"),
        server_address(str(tmp_path), {"HOME": "/h"}, "code-2"),
    ]
    assert one not in others and len(set(others)) == 3
    # Two folders of one server share its folder part: a new server stops the old ones there.
    assert os.path.dirname(others[1] or "") == os.path.dirname(one)


def test_a_folder_too_deep_for_a_socket_has_no_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = tmp_path / ("d" * 90)
    deep.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    assert server_address(str(tmp_path), {}, "code") is None


def test_the_code_stamp_changes_when_a_module_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "smo_gen"
    (package / "build").mkdir(parents=True)
    module = package / "build" / "pipeline.py"
    module.write_text("x = 1\n")
    (package / "__pycache__").mkdir()
    monkeypatch.setattr(address, "_PACKAGE_DIR", str(package))
    before = code_stamp()
    assert code_stamp() == before
    (package / "__pycache__" / "pipeline.cpython-311.pyc").write_bytes(b"compiled")
    assert code_stamp() == before  # compiled files follow their sources
    module.write_text("x = 22\n")
    assert code_stamp() != before
