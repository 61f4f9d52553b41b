"""The import layers of smo_gen: no module imports from a layer above its own.

The contract is `[tool.importlinter]` in pyproject.toml (cli at the top, the foundation modules at
the bottom); `lint-imports` runs it by hand and prints the same report.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / "smo_gen"


def layered_modules() -> set[str]:
    """Every module or package the layers contract names."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = (contract for contract in tool["contracts"] if contract["type"] == "layers")
    return {name.strip() for layer in contract["layers"] for name in layer.replace("|", ":").split(":")}


def test_no_import_runs_up_the_layers(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == 0, f"an import runs back up the layers (move the code down instead):\n{report}"


def test_every_module_has_a_layer() -> None:
    """A new top-level module or package must be put in a layer, or the contract would not see it."""
    top_level = {
        f"smo_gen.{path.stem}"
        for path in PACKAGE_DIR.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    missing = sorted(top_level - layered_modules())
    assert not missing, f"add these to a layer in pyproject.toml's [tool.importlinter]: {', '.join(missing)}"
