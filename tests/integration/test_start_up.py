"""What a build pays before it starts: the libraries and subsystems a build does not need are not
imported, and the collector does not walk the objects the imports make."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from smo_gen.build import command
from smo_gen.build.request import BuildRequest
from smo_gen.reporter import BuildSummary, Reporter
from tests.support.cli import run_build
from tests.support.sites import build, write_site

# Each is imported where it is used, by the few builds or commands that need it.
NOT_FOR_EVERY_BUILD = (
    "PIL",  # images measured for the first time, cards drawn
    "pygments",  # a fenced code block parsed
    "markdown_it",  # a page the compiled Markdown core cannot render as the reference does
    "mdit_py_plugins",
    "feedgen",  # a feed rendered
    "lxml",
    "dateutil",
    "smo_gen.cards.draw",
    "smo_gen.check.profiles",  # `smo-gen check --profile`
    "smo_gen.syndicate",
    "smo_gen.feedback",
    "smo_gen.serve",
)


def imported_by(code: str) -> list[str]:
    """Which of NOT_FOR_EVERY_BUILD a fresh interpreter has imported after running `code`."""
    script = (
        f"import sys, json\n{code}\nprint(json.dumps(sorted(m for m in {NOT_FOR_EVERY_BUILD!r} if m in sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    found: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def test_importing_the_build_loads_no_library_only_some_builds_need() -> None:
    loaded = imported_by("import smo_gen.cli, smo_gen.build.command, smo_gen.build.pipeline")
    assert loaded == [], f"imported at start-up, though most builds never use them: {loaded}"


def test_an_edit_to_a_plain_page_loads_no_library_it_does_not_use(tmp_path: Path) -> None:
    # No feeds and no cards: the edit needs the compiled Markdown core and the templates, no more.
    pages = {f"content/page-{n}.md": f"---\ntitle: Page {n}\ndate: 2026-05-0{n}\n---\nA paragraph.\n" for n in (1, 2)}
    site_toml = 'title = "Plain"\nbase_url = "https://x.example/"\n[feeds]\nformats = []\n[cards]\nenabled = false\n'
    site = write_site(tmp_path / "site", pages, site_toml)
    build(site)
    with (site / "content/page-1.md").open("a", encoding="utf-8") as page:
        page.write("\nOne more sentence.\n")
    loaded = imported_by(
        "from smo_gen.cli import main\n"
        f"main(['build', '--site', {str(site)!r}, '-q'], standalone_mode=False)\n"
        "assert 'smo_gen.build.pipeline' in sys.modules  # the edit was built, not skipped"
    )
    assert loaded == [], f"a one-page edit imported: {loaded}"


def test_the_build_command_runs_without_the_cycle_collector_and_turns_it_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site", {"content/one.md": "---\ntitle: One\n---\nText.\n"})
    collector_on: list[bool] = []
    real_build_site = command.build_site

    def recording(request: BuildRequest, reporter: Reporter) -> BuildSummary:
        collector_on.append(gc.isenabled())
        return real_build_site(request, reporter)

    monkeypatch.setattr(command, "build_site", recording)
    assert gc.isenabled()
    result = run_build(site, "-q")
    assert result.exit_code == 0, result.output
    assert collector_on == [False]
    assert gc.isenabled()
