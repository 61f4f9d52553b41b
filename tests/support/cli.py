"""Running `smo-gen` in-process through click's CliRunner, as a person runs it from a shell."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from click.testing import CliRunner

from smo_gen.cli import main


class CliResult(NamedTuple):
    """What the person sees: the exit code and the text printed (stdout and stderr together)."""

    exit_code: int
    output: str


def run_cli(*args: str, env: Mapping[str, str] | None = None) -> CliResult:
    """`smo-gen ARGS`; an exception that escapes the command fails the test (a person would see a traceback)."""
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return CliResult(result.exit_code, result.output)


def run_on_site(command: str, site_dir: Path, *options: str, env: Mapping[str, str] | None = None) -> CliResult:
    """`smo-gen COMMAND --site SITE_DIR OPTIONS` (build, check, ping, syndicate, feedback, report)."""
    return run_cli(command, "--site", str(site_dir), *options, env=env)


def run_build(site_dir: Path, *options: str) -> CliResult:
    """`smo-gen build --site SITE_DIR OPTIONS`."""
    return run_on_site("build", site_dir, *options)
