"""The `smo-gen` command: parses options, calls one function, maps errors to exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from smo_gen import __version__
from smo_gen.cli_options import (
    FILE,
    jobs_option,
    output_option,
    publish_window_options,
    site_option,
    strict_option,
    targets_option,
)
from smo_gen.config.foreign_configs import CONFIG_FILES
from smo_gen.errors import SmoError, StrictError

EXIT_INPUT = 1  # the site's input is wrong; the message says what to fix
# In click's context object, from a caller that runs `build` for another process (the build
# server): called as soon as the build has succeeded, its output complete and its summary
# printed, before the build tidies its records (~7 % of a one-edit build).
ON_FINISHED = "on_finished"
_finished_build = False  # set when a build succeeded: `entry.run` may then exit at once


def _fail(error: SmoError, outcome: str = "") -> None:
    """Print every problem, then what it means for the user's files, and exit 1."""
    from smo_gen.colour import paint_leading_word, wants_colour

    colour = wants_colour(sys.stderr)
    for problem in error.problems:
        line = f"error: {problem}" if problem.severity == "error" else str(problem)
        click.echo(paint_leading_word(line) if colour else line, err=True)
    count = len(error.problems)
    if count > 1 or outcome:
        click.echo(f"{count} problem{'s' if count != 1 else ''}{'; ' + outcome if outcome else '.'}", err=True)
    sys.exit(EXIT_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(__version__, prog_name="smo-gen")
@click.pass_context
def main(context: click.Context) -> None:
    """Build landing pages, social cards and feeds from Markdown campaigns."""
    if context.invoked_subcommand is None:  # `smo-gen` alone: the help, and success
        click.echo(context.get_help())


@main.command()
@site_option()
@publish_window_options
@output_option("Write here instead of the configured output folder.")
@click.option(
    "--force-output",
    is_flag=True,
    help="Write into an output folder that holds files smo-gen did not write "
    "(they are never deleted; those at paths smo-gen writes are replaced).",
)
@click.option("--base-url", help="Build for another address (a preview deployment); every absolute URL follows it.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@strict_option("Fail on any warning, writing nothing (for CI); default: site.toml's `strict`.")
@jobs_option
def build(
    site_dir: Path,
    drafts: bool,
    future: bool,
    expired: bool,
    output_dir: Path | None,
    force_output: bool,
    base_url: str | None,
    quiet: bool,
    strict: bool | None,
    jobs: int | None,
) -> None:
    """Build the site into its output folder (public/ by default)."""
    from smo_gen.dataclass_code import reused_dataclass_code
    from smo_gen.regex_code import reused_regex_code
    from smo_gen.workers import no_cycle_collection

    # Importing the build's modules makes objects by the hundred thousand and no garbage: the
    # collector ran some 70 times during them, about 8 ms of a one-edit build for nothing. Their
    # dataclasses' methods and their regular expressions are compiled code kept from the last
    # run (see dataclass_code and regex_code).
    with no_cycle_collection(), reused_dataclass_code(), reused_regex_code():
        from smo_gen.build.command import build_site
        from smo_gen.build.request import BuildRequest
        from smo_gen.reporter import ConsoleReporter

        request = BuildRequest(
            site_dir=site_dir.resolve(),
            drafts=drafts,
            future=future,
            expired=expired,
            output_dir=output_dir.resolve() if output_dir else None,
            base_url=base_url,
            workers=jobs,
            strict=strict,
            force_output=force_output,
        )
        caller = click.get_current_context().obj
        on_finished = caller.get(ON_FINISHED) if isinstance(caller, dict) else None
        reporter = ConsoleReporter(quiet=quiet, on_finished=on_finished)
        try:
            build_site(request, reporter)
        except SmoError as error:
            reporter.flush()
            strictly = "the strict mode counts every warning as an error; " if isinstance(error, StrictError) else ""
            _fail(error, strictly + getattr(error, "outcome", "nothing was written, the previous output is untouched."))
    global _finished_build
    _finished_build = True


def finished_build() -> bool:
    """Whether a build in this process succeeded: its files are all written and closed."""
    return _finished_build


@main.command()
@site_option("site.toml and syndication.json")
@output_option("The built site to read manifest.json from (default: the configured output folder).")
@click.option(
    "--publish",
    "mode",
    flag_value="publish",
    help="Post for real (default: a dry run that shows what would be posted).",
)
@click.option("--populate", "mode", flag_value="populate", help="Record the pages as already posted, without posting.")
@targets_option
@click.option("--page", "pages", multiple=True, metavar="URL_OR_PATH", help="Only this page (repeatable).")
@click.option("--check-live", is_flag=True, help="Skip pages that do not answer 200 at their public URL yet.")
@click.option(
    "--plan",
    "plan_path",
    type=FILE,
    metavar="FILE",
    help="Dry run: write every post it would make to FILE for review. "
    "With --publish: post only what still matches FILE.",
)
@click.option(
    "--sync",
    is_flag=True,
    help="Edit posts whose page changed and delete those whose "
    "page was removed or expired (a dry run unless --publish).",
)
@click.option(
    "--now",
    "now_text",
    metavar="ISO",
    help="Decide what is due as if it were this moment (e.g. 2026-05-01T09:00:00+10:00), for tests and CI.",
)
def syndicate(
    site_dir: Path,
    output_dir: Path | None,
    mode: str | None,
    targets: tuple[str, ...],
    pages: tuple[str, ...],
    check_live: bool,
    plan_path: Path | None,
    sync: bool,
    now_text: str | None,
) -> None:
    """Post published pages to the targets in site.toml, each exactly once (dry run by default)."""
    import os

    from smo_gen.syndicate import SyndicateRequest
    from smo_gen.syndicate import syndicate as run_syndicate
    from smo_gen.syndicate.report import ConsoleSyndicateReporter, has_failures, render_summary
    from smo_gen.syndicate.runner import parse_now

    try:
        clock = parse_now(now_text)
    except SmoError as error:
        _fail(error)
    request = SyndicateRequest(
        site_dir=site_dir.resolve(),
        clock=clock,
        mode="publish" if mode == "publish" else "populate" if mode == "populate" else "dry-run",
        output_dir=output_dir.resolve() if output_dir else None,
        targets=targets,
        pages=pages,
        check_live=check_live,
        environ=dict(os.environ),
        plan_path=plan_path.resolve() if plan_path else None,
        sync=sync,
    )
    try:
        outcomes = run_syndicate(request, ConsoleSyndicateReporter())
    except SmoError as error:
        _fail(error)
    click.echo(render_summary(outcomes), nl=False)
    if request.mode == "dry-run" and plan_path is not None:
        planned = sum(1 for outcome in outcomes if outcome.status == "would post")
        click.echo(
            f"Dry run: nothing was posted. The plan of {planned} post(s) is in {plan_path}; once it is "
            f"approved, post exactly that with --publish --plan {plan_path}."
        )
    elif request.mode == "dry-run" and sync:
        click.echo("Dry run: nothing was edited or deleted. Do it with --sync --publish.")
    elif request.mode == "dry-run":
        click.echo("Dry run: nothing was posted. Post for real with --publish.")
    ping_failed = 0
    if request.mode == "publish":
        # The pages are live now: tell the WebSub hubs (if any) that the feeds changed.
        from smo_gen.syndicate.pinging import run_ping

        try:
            ping_failed = run_ping(request.site_dir, request.output_dir, 10.0, click.echo, quiet_without_hubs=True)
        except SmoError as error:
            _fail(error)
    if has_failures(outcomes) or ping_failed:
        sys.exit(EXIT_INPUT)


@main.command()
@site_option()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any but loopback shows the site, drafts included, to your network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@publish_window_options
@click.option("--open", "open_browser", is_flag=True, help="Open the site in your web browser.")
@jobs_option
def serve(
    site_dir: Path,
    host: str,
    port: int,
    drafts: bool,
    future: bool,
    expired: bool,
    open_browser: bool,
    jobs: int | None,
) -> None:
    """Serve a local preview that rebuilds and reloads as you edit (social previews at /_smo/)."""
    from smo_gen.reporter import ConsoleReporter
    from smo_gen.serve import ServeOptions, serve_until_stopped

    options = ServeOptions(
        site_dir=site_dir.resolve(), host=host, port=port, drafts=drafts, future=future, expired=expired, workers=jobs
    )
    console = ConsoleReporter()  # draws the progress line of long builds, on a terminal only

    def echo(message: str) -> None:
        console.clear_line()
        click.echo(message, err=True)

    try:
        serve_until_stopped(options, echo, open_browser, console.progress)
    except SmoError as error:
        _fail(error)


@main.command()
@site_option()
@output_option("Check this built folder instead of the configured output folder.")
@strict_option("Fail on warnings too (for CI); default: site.toml's `strict`.")
@click.option(
    "--profile",
    "profiles",
    metavar="NAMES",
    help="Judge by these destinations' rules instead: discover, flipboard, feedly, pinterest, apple-podcasts, "
    "fediverse (comma-separated), or all.",
)
def check(site_dir: Path, output_dir: Path | None, strict: bool | None, profiles: str | None) -> None:
    """Check a built site's share tags and images against each network's rules."""
    from smo_gen.check.command import check_built_site, render_report
    from smo_gen.config.site_config import load_config

    if profiles is not None:
        _check_profiles(site_dir, output_dir, strict, profiles)
        return

    try:
        # With --output, site.toml is read only for its `strict`, when there is one.
        needs_config = output_dir is None or (strict is None and (site_dir / "site.toml").is_file())
        config = load_config(site_dir.resolve()) if needs_config else None
        if output_dir is None and config is not None:
            folder, base_url = config.output_dir, config.base_url
        else:
            folder, base_url = Path(output_dir or ".").resolve(), None  # the folder's manifest.json says
        reports = check_built_site(folder, base_url)
    except SmoError as error:
        _fail(error)
    strictly = strict if strict is not None else bool(config and config.strict)
    from smo_gen.colour import paint_leading_word, wants_colour

    text = render_report(reports)
    if wants_colour(sys.stdout):
        text = "\n".join(paint_leading_word(line) for line in text.split("\n"))
    click.echo(text)
    if any(report.errors for report in reports):
        sys.exit(EXIT_INPUT)
    if strictly and any(report.warnings for report in reports):
        click.echo("The strict mode counts every warning as an error.", err=True)
        sys.exit(EXIT_INPUT)


def _check_profiles(site_dir: Path, output_dir: Path | None, strict: bool | None, names: str) -> None:
    """`check --profile`: each chosen destination's verdicts; exit 1 when any fails (or warns, when strict)."""
    from smo_gen.check.profiles.run import check_profiles, parse_profile_names, render_profile_report
    from smo_gen.colour import paint_leading_word, wants_colour
    from smo_gen.config.site_config import load_config

    try:
        profiles = parse_profile_names(names)
        # With --output, site.toml is read when there is one (its base URL and `strict`).
        config = load_config(site_dir.resolve()) if output_dir is None or (site_dir / "site.toml").is_file() else None
        folder = output_dir.resolve() if output_dir is not None else config.output_dir if config else Path.cwd()
        verdicts = check_profiles(folder, config.base_url if config else None, profiles)
    except SmoError as error:
        _fail(error)
    text = render_profile_report(verdicts, profiles)
    if wants_colour(sys.stdout):
        text = "\n".join(paint_leading_word(line) for line in text.split("\n"))
    click.echo(text)
    strictly = strict if strict is not None else bool(config and config.strict)
    if any(verdict.status == "fails" for verdict in verdicts):
        sys.exit(EXIT_INPUT)
    if strictly and any(verdict.status == "warnings" for verdict in verdicts):
        click.echo("The strict mode counts every warning as an error.", err=True)
        sys.exit(EXIT_INPUT)


@main.group()
def new() -> None:
    """Create a new site or campaign from a starter."""


@new.command("site")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--title", help="The site's title (default: from the folder name).")
@click.option("--base-url", default="https://example.com/", show_default=True, help="Where the site will live.")
def new_site(path: Path, title: str | None, base_url: str) -> None:
    """Create a new site folder at PATH with a site.toml and a first campaign."""
    from smo_gen.build.command import build_now
    from smo_gen.config.scaffold import create_site

    try:
        created = create_site(path, title=title, base_url=base_url, now=build_now())
    except SmoError as error:
        _fail(error)
    click.echo(f"Created {created}. Next: cd {path} && smo-gen build")


@new.command("campaign")
@click.argument("title")
@site_option()
@click.option("--section", default="", help="Folder under content/ to put it in.")
def new_campaign(title: str, site_dir: Path, section: str) -> None:
    """Create content/<slug>.md for a new campaign titled TITLE (as a draft)."""
    from smo_gen.build.command import build_now
    from smo_gen.config.scaffold import create_campaign
    from smo_gen.config.site_config import load_config

    try:
        config = load_config(site_dir.resolve())
        created = create_campaign(config, title, section=section, now=build_now())
    except SmoError as error:
        _fail(error)
    click.echo(
        f"Created {created}. It is a draft: preview with 'smo-gen build --drafts', publish by removing 'draft: true'."
    )


@main.command("import")
@click.argument("generator", type=click.Choice(list(CONFIG_FILES)))
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The generator's config file, if not where it looks (hugo.toml, _config.yml, config.toml).",
)
@click.option("--force", is_flag=True, help="Replace an existing site.toml.")
def import_site(generator: str, site_dir: Path, config_path: Path | None, force: bool) -> None:
    """Write a site.toml for a Hugo, Jekyll or Zola site in SITE_DIR, from its config.

    The content is left as it is; every setting that could not be used is listed.
    """
    from smo_gen.config.site_config import CONFIG_NAME
    from smo_gen.config.site_import import find_foreign_config, make_site_toml, read_foreign_config
    from smo_gen.errors import Problem

    target = site_dir / CONFIG_NAME
    try:
        if target.exists() and not force:
            raise SmoError(Problem(f"{target} exists already", hint="use --force to replace it"))
        source = config_path or find_foreign_config(generator, site_dir)
        inside = source.resolve().is_relative_to(site_dir.resolve())
        config_name = source.resolve().relative_to(site_dir.resolve()).as_posix() if inside else ""
        imported = make_site_toml(generator, read_foreign_config(source), config_name)
    except SmoError as error:
        _fail(error)
    target.write_text(imported.text, encoding="utf-8")
    click.echo(f"Wrote {target} from {source}.")
    if imported.unmapped:
        click.echo(f"Not carried over ({len(imported.unmapped)}):")
        for line in imported.unmapped:
            click.echo(f"  {line}")
    click.echo(f"Next: smo-gen build --site {site_dir}")


@main.command()
@site_option()
@output_option("The built site (default: the configured output folder).")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for each hub.")
def ping(site_dir: Path, output_dir: Path | None, timeout: float) -> None:
    """Tell the WebSub hubs in site.toml which feeds changed since the last ping."""
    from smo_gen.syndicate.pinging import run_ping

    try:
        failed = run_ping(site_dir.resolve(), output_dir.resolve() if output_dir else None, timeout, click.echo)
    except SmoError as error:
        _fail(error)
    if failed:
        sys.exit(EXIT_INPUT)


@main.command()
@site_option("site.toml, syndication.json and feedback.json")
@targets_option
def feedback(site_dir: Path, targets: tuple[str, ...]) -> None:
    """Read replies, likes and reposts of syndicated posts into feedback.json."""
    import os

    from smo_gen.feedback import FeedbackRequest, read_feedback
    from smo_gen.feedback.runner import render_results

    try:
        run = read_feedback(FeedbackRequest(site_dir=site_dir.resolve(), targets=targets, environ=dict(os.environ)))
    except SmoError as error:
        _fail(error)
    click.echo(render_results(run), nl=False)
    if run.failed:
        sys.exit(EXIT_INPUT)


def _output_dir(site_dir: Path) -> Path:
    from smo_gen.config.site_config import load_config

    return load_config(site_dir.resolve()).output_dir


@main.command()
@site_option()
@click.option("--analytics", "analytics_path", type=FILE, help="A CSV export of UTM-tagged visits, for clicks.")
@click.option(
    "--format", "output_format", type=click.Choice(["table", "csv", "json", "html"]), default="table", show_default=True
)
@click.option("--file", "output_path", type=FILE, help="Write the report to this file instead of the terminal.")
@output_option(
    "The built site to read manifest.json from (default: the configured output folder), as for check and syndicate.",
    "--build-dir",
    folder_only=False,
)
@click.option(
    "--access-log",
    "access_logs",
    multiple=True,
    type=FILE,
    metavar="FILE",
    help="A web server access log (Common/Combined Log Format or JSON lines; "
    ".gz too), for short-link hits and tagged landings (repeatable).",
)
@click.option(
    "--impressions",
    "impressions_path",
    type=FILE,
    help="A CSV of campaign,variant,impressions: how often each A/B variant was shown, to compare them.",
)
@click.option(
    "--repeat-window",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    metavar="MINUTES",
    help="A second visit from one address to one link within this time is a repeat.",
)
def report(
    site_dir: Path,
    analytics_path: Path | None,
    output_format: str,
    output_path: Path | None,
    output_dir: Path | None,
    access_logs: tuple[Path, ...],
    impressions_path: Path | None,
    repeat_window: int,
) -> None:
    """Posts, replies, likes, reposts and clicks per campaign, audience and network."""
    if output_dir is not None and output_path is None and _names_a_report_file(output_dir):
        # `--output report.html` wrote the report before --output named the built folder everywhere.
        click.echo(f"note: writing the report to {output_dir}; use --file for the report from now on", err=True)
        output_path, output_dir = output_dir, None
    import datetime as dt

    from smo_gen.feedback.measured import load_measured, render_with_measured
    from smo_gen.feedback.report import load_report

    try:
        made = load_report(site_dir.resolve(), analytics_path, output_dir.resolve() if output_dir else None)
        measured = None
        if access_logs:
            built = output_dir.resolve() if output_dir else _output_dir(site_dir)
            measured = load_measured(built, access_logs, impressions_path, dt.timedelta(minutes=repeat_window))
    except SmoError as error:
        _fail(error)
    text = render_with_measured(output_format, made, measured)
    if output_path is None:
        click.echo(text, nl=False)
    else:
        output_path.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output_path}", err=True)


def _names_a_report_file(path: Path) -> bool:
    """Whether `path`, given as --output to `report`, is a report file as older versions took it."""
    return not path.is_dir() and path.suffix.lower() in (".html", ".htm", ".csv", ".json", ".txt", ".md")


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="smo-gen")
