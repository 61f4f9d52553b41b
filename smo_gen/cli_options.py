"""The command-line options that several `smo-gen` commands share, each declared once.

Each is a decorator (or makes one) to stack on a command in `cli.py` like `click.option`; where
the commands word an option differently, the function takes the words.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

Command = TypeVar("Command", bound=Callable[..., Any])
FILE = click.Path(dir_okay=False, path_type=Path)  # an option's file to read or write, never a folder


def site_option(holds: str = "site.toml") -> Callable[[Command], Command]:
    """`--site DIR` (default: this folder); `holds` names the files of it the command reads."""
    return click.option(
        "--site",
        "site_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        help=f"Site folder (holds {holds}).",
    )


def output_option(help: str, *aliases: str, folder_only: bool = True) -> Callable[[Command], Command]:
    """`--output DIR` (and `aliases`): the built folder, when not the configured output folder.

    `folder_only=False` lets the path name a file, for `report`, whose --output once named the report.
    """
    folder = click.Path(file_okay=not folder_only, path_type=Path)
    return click.option("--output", *aliases, "output_dir", type=folder, help=help)


def strict_option(help: str) -> Callable[[Command], Command]:
    """`--strict/--no-strict`, unset (None) when neither is given, so site.toml's `strict` decides."""
    return click.option("--strict/--no-strict", default=None, help=help)


def publish_window_options(command: Command) -> Command:
    """`--drafts`, `--future` and `--expired`: pages a build leaves out unless asked."""
    for option in reversed(_PUBLISH_WINDOW):  # click lists the option applied last first
        command = option(command)
    return command


_PUBLISH_WINDOW = (
    click.option("--drafts", is_flag=True, help="Include pages marked draft."),
    click.option("--future", is_flag=True, help="Include pages whose publish date is still to come."),
    click.option("--expired", is_flag=True, help="Include pages past their expiry date."),
)

# The output is the same whatever the number: only how fast it comes changes.
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes for parsing, measuring images, drawing cards and rendering (default: "
    "one per core this process may use); 1 does it all in this process.",
)

targets_option = click.option(
    "--target", "targets", multiple=True, metavar="NAME", help="Only this target (repeatable)."
)
