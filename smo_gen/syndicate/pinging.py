"""`smo-gen ping`: the command around syndicate/websub.py (reads the built site, prints a report)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from smo_gen.config.site_config import load_config
from smo_gen.config.websub_settings import parse_websub_settings
from smo_gen.errors import Problem, SmoError
from smo_gen.schema import make_toml_line_finder
from smo_gen.syndicate.websub import STATE_NAME, iter_feeds, ping_hubs


def run_ping(
    site_dir: Path,
    output_dir: Path | None,
    timeout: float,
    echo: Callable[[str], None],
    quiet_without_hubs: bool = False,
) -> int:
    """Ping every hub about changed feeds; print one line per notice; return how many failed."""
    import httpx

    config = load_config(site_dir)
    settings, problems = parse_websub_settings(config.sections.get("websub", {}), make_toml_line_finder(config.text))
    if problems:
        raise SmoError(problems)
    if not settings.hubs:
        if quiet_without_hubs:
            return 0
        echo('No WebSub hubs in site.toml; add [websub] hubs = ["https://…"] to announce feeds.')
        return 0
    public = output_dir or config.output_dir
    feeds = list(iter_feeds(public, config.base_url, config.feeds.files.values()))
    if not feeds:
        raise SmoError(Problem(f"no feeds in {public}", hint="run 'smo-gen build' first"))
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        results = ping_hubs(settings.hubs, feeds, site_dir / STATE_NAME, client=client)
    for result in results:
        if result.status != "unchanged":
            echo(
                f"{result.status:>10}  {result.feed_url}  ->  {result.hub}"
                if not result.failed
                else f"    FAILED  {result.feed_url}  ->  {result.hub}: {result.status.removeprefix('failed: ')}"
            )
    notified = sum(r.status == "notified" for r in results)
    unchanged = sum(r.status == "unchanged" for r in results)
    failed = sum(r.failed for r in results)
    echo(f"{notified} notified, {unchanged} unchanged, {failed} failed ({len(settings.hubs)} hubs, {len(feeds)} feeds)")
    return failed
