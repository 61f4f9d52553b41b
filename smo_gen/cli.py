"""The `smo-gen` command: parses options, calls one function, maps errors to exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import SmoError

EXIT_INPUT = 1  # the site's input is wrong; the message says what to fix


def _fail(error: SmoError) -> None:
    for problem in error.problems:
        click.echo(f"error: {problem}" if problem.severity == "error" else str(problem), err=True)
    count = len(error.problems)
    if count > 1:
        click.echo(f"{count} problems; nothing was written, the previous output is untouched.", err=True)
    sys.exit(EXIT_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="smo-gen")
def main() -> None:
    """Build landing pages, social cards and feeds from Markdown campaigns."""


@main.command()
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=".", help="Site folder (holds site.toml).")
@click.option("--drafts", is_flag=True, help="Include pages marked draft.")
@click.option("--future", is_flag=True, help="Include pages whose publish date is still to come.")
@click.option("--expired", is_flag=True, help="Include pages past their expiry date.")
@click.option("--output", "output_dir", type=click.Path(file_okay=False, path_type=Path), help="Write here instead of the configured output folder.")
@click.option("--base-url", help="Build for another address (a preview deployment); every absolute URL follows it.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def build(site_dir: Path, drafts: bool, future: bool, expired: bool, output_dir: Path | None, base_url: str | None, quiet: bool) -> None:
    """Build the site into its output folder (public/ by default)."""
    from .build import BuildRequest, build_site
    from .reporter import ConsoleReporter

    request = BuildRequest(
        site_dir=site_dir.resolve(),
        drafts=drafts,
        future=future,
        expired=expired,
        output_dir=output_dir.resolve() if output_dir else None,
        base_url=base_url,
    )
    reporter = ConsoleReporter(quiet=quiet)
    try:
        build_site(request, reporter)
    except SmoError as error:
        reporter.flush()
        _fail(error)


@main.group()
def new() -> None:
    """Create a new site or campaign from a starter."""


@new.command("site")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--title", help="The site's title (default: from the folder name).")
@click.option("--base-url", default="https://example.com/", show_default=True, help="Where the site will live.")
def new_site(path: Path, title: str | None, base_url: str) -> None:
    """Create a new site folder at PATH with a site.toml and a first campaign."""
    from .build import build_now
    from .scaffold import create_site

    try:
        created = create_site(path, title=title, base_url=base_url, now=build_now())
    except SmoError as error:
        _fail(error)
    click.echo(f"Created {created}. Next: cd {path} && smo-gen build")


@new.command("campaign")
@click.argument("title")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=".", help="Site folder (holds site.toml).")
@click.option("--section", default="", help="Folder under content/ to put it in.")
def new_campaign(title: str, site_dir: Path, section: str) -> None:
    """Create content/<slug>.md for a new campaign titled TITLE (as a draft)."""
    from .build import build_now
    from .config import load_config
    from .scaffold import create_campaign

    try:
        config = load_config(site_dir.resolve())
        created = create_campaign(config, title, section=section, now=build_now())
    except SmoError as error:
        _fail(error)
    click.echo(f"Created {created}. It is a draft: preview with 'smo-gen build --drafts', publish by removing 'draft: true'.")


@main.command()
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=".", help="Site folder (holds site.toml).")
@click.option("--output", "output_dir", type=click.Path(file_okay=False, path_type=Path), help="The built site (default: the configured output folder).")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for each hub.")
def ping(site_dir: Path, output_dir: Path | None, timeout: float) -> None:
    """Tell the WebSub hubs in site.toml which feeds changed since the last ping."""
    from .pinging import run_ping

    try:
        failed = run_ping(site_dir.resolve(), output_dir.resolve() if output_dir else None, timeout, click.echo)
    except SmoError as error:
        _fail(error)
    if failed:
        sys.exit(EXIT_INPUT)


if __name__ == "__main__":  # pragma: no cover
    main()
