"""What the person asked a build for: the options given on the command line or by `serve`."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from smo_gen.config.site_config import SiteConfig


@dataclass(frozen=True)
class BuildRequest:
    """What the person asked for on the command line."""

    site_dir: Path
    drafts: bool = False
    future: bool = False
    expired: bool = False
    output_dir: Path | None = None
    base_url: str | None = None
    now: dt.datetime | None = None
    workers: int | None = None  # processes for parsing and rendering; None: one per core
    # Hard-link copied files whatever site.toml says (`serve`: nothing else touches its folder).
    link_copies: bool = False
    # Write into an output folder that holds files smo-gen did not write (see `output_folder`).
    force_output: bool = False
    strict: bool | None = None  # warnings are errors; None: as site.toml's `strict` says

    def is_strict(self, config: SiteConfig) -> bool:
        return config.strict if self.strict is None else self.strict

    def output_options(self) -> tuple[object, ...]:
        """The options that change what is written (not how fast), for the build stamp."""
        return (
            self.drafts,
            self.future,
            self.expired,
            self.output_dir,
            self.base_url,
            os.environ.get("SOURCE_DATE_EPOCH"),
        )
