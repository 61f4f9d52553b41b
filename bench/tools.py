"""The tools under test: how to find or install each, read its version, lay out its site and build it.

Every tool has the same small interface (`missing`, `install`, `version`, `prepare_site`, `groups`). A group is
a list of steps that must run in order within one round (cold, then no-change, then one edit); the rounds rotate
the order of the groups, never the order inside one.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Protocol

from measure import Step
from PIL import Image, ImageDraw

EDIT_SENTENCE = (
    "\nThis sentence was added by the one-page-edit benchmark, and is taken out before the next cold build.\n"
)


class InstallError(Exception):
    """A tool could not be installed; the message holds the command and the end of its output."""


class Tool(Protocol):
    name: str

    def missing(self) -> str | None:
        """Return why the tool cannot run here, or None when it can."""

    def install(self) -> None: ...

    def version(self) -> str: ...

    def prepare_site(self, sites_dir: Path, shared_dir: Path, pages: int) -> None:
        """Finish the tool's site folder after its skeleton was copied and the corpus generated into it."""

    def groups(self, sites_dir: Path) -> list[list[Step]]: ...


def remove(*paths: Path) -> None:
    """Delete files or folders, as `rm -rf` does."""
    for path in paths:
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path)


def run_install(command: list[str], cwd: Path | None = None) -> None:
    """Run an install command, raising InstallError with its last output lines when it fails."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    result = subprocess.run(command, cwd=cwd, env=env, check=False, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        raise InstallError(f"`{' '.join(command)}` exited {result.returncode}: " + " | ".join(output[-8:]))


def first_line(command: list[str], cwd: Path | None = None) -> str:
    """Return the first line a command prints (a version), or a note that it failed."""
    try:
        result = subprocess.run(command, cwd=cwd, check=False, capture_output=True, text=True, timeout=60)
    except OSError as error:
        return f"unknown ({error})"
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0].strip() if lines else "unknown"


_apt_updated = False


def apt_install(*packages: str) -> None:
    """Install Debian packages (as root), running apt-get update once per run first."""
    global _apt_updated
    if os.geteuid() != 0:
        raise InstallError(f"apt-get needs root: run `sudo apt-get install -y {' '.join(packages)}`")
    if not _apt_updated:
        run_install(["apt-get", "update", "-qq"])
        _apt_updated = True
    run_install(["apt-get", "install", "-y", "-qq", *packages])


def debian_package_installed(package: str) -> bool:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], check=False, capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.endswith(" installed")


# --- smo-gen ---------------------------------------------------------------------------------------------

SMO_SITE_TOML = """\
title = "smo-perf"
base_url = "https://bench.example/"
# A JPEG for every page exists only on smo-gen's side (the peers print the path and copy
# nothing). Linking them, as a site with large static files would, keeps copying them from
# weighing on the cold build: see bench/README.md.
hard_link_static = true
{dirs}
[feeds]
formats = ["rss", "atom", "json"]
full_content = true
limit = {pages}     # every post, as the peers' feeds
per_tag = false     # the peers write one site feed and no tag feeds

[cards]
enabled = {cards}
"""


class SmoGen:
    """smo-gen itself, from the repository's virtual environment: a site without cards and one with."""

    name = "smo-gen"

    def __init__(self, repo_dir: Path, with_cards: bool = True, build_server: bool = True) -> None:
        self.repo_dir = repo_dir
        self.with_cards = with_cards
        self.build_server = build_server
        # The build servers' sockets and logs, in a folder of the bench's own (short: a socket's
        # path holds ~100 bytes): their pids are read from the logs, and they are stopped at exit.
        self.servers_dir = Path(tempfile.mkdtemp(prefix="smo-bench-", dir="/tmp"))
        atexit.register(self._stop_servers)
        venv_command = repo_dir / ".venv" / "bin" / "smo-gen"
        self.command = venv_command if venv_command.exists() else Path(sys.executable).parent / "smo-gen"
        self.edited_path: Path | None = None
        self.edited_text = ""

    def missing(self) -> str | None:
        return None if self.command.exists() else f"{self.command} not found (make build sets it up)"

    def install(self) -> None:
        run_install([sys.executable, "-m", "pip", "install", "-q", "-e", str(self.repo_dir)])

    def version(self) -> str:
        commit = first_line(["git", "-C", str(self.repo_dir), "rev-parse", "--short", "HEAD"])
        changed = subprocess.run(
            ["git", "-C", str(self.repo_dir), "status", "--porcelain", "--", "smo_gen", "themes"],
            check=False,
            capture_output=True,
            text=True,
        ).stdout.strip()
        tree = ", with uncommitted changes in smo_gen/ or themes/" if changed else ""
        return f"{first_line([str(self.command), '--version'])} (commit {commit}{tree})"

    def prepare_site(self, sites_dir: Path, shared_dir: Path, pages: int) -> None:
        # Byte-compiled, smo-gen and its dependencies, as `make build` leaves them (and as a wheel
        # installs them): with PYTHONDONTWRITEBYTECODE set, uncompiled modules compile on every run.
        python = self.command.parent / "python"
        packages = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        subprocess.run([str(python), "-m", "compileall", "-q", str(self.repo_dir / "smo_gen")], check=True)
        # Only for speed: a file a package ships that does not compile (test data) fails nothing.
        subprocess.run([str(python), "-m", "compileall", "-qq", "-j", "0", packages], check=False)
        site_dir = sites_dir / "smo-gen"
        content_dir = site_dir / "content"
        content_dir.mkdir(parents=True)
        for source_path in sorted((sites_dir / "plain").glob("*.md")):
            source_path.rename(content_dir / source_path.name)
        write_share_images(content_dir, site_dir / "static")
        (site_dir / "site.toml").write_text(SMO_SITE_TOML.format(dirs="", pages=pages, cards="false"))
        cards_dir = sites_dir / "smo-gen-cards"
        cards_dir.mkdir()
        shared_dirs = 'content_dir = "../smo-gen/content"\nstatic_dir = "../smo-gen/static"\n'
        (cards_dir / "site.toml").write_text(SMO_SITE_TOML.format(dirs=shared_dirs, pages=pages, cards="true"))
        markdown_paths = sorted(content_dir.glob("*.md"))
        self.edited_path = markdown_paths[len(markdown_paths) // 2]
        self.edited_text = self.edited_path.read_text(encoding="utf-8")

    def fingerprint(self) -> str:
        """Names, sizes and times of smo-gen's code and theme: what its caches are keyed on besides the content."""
        paths = [*(self.repo_dir / "smo_gen").rglob("*.py"), *(self.repo_dir / "themes").rglob("*")]
        stats = sorted((str(path), path.stat().st_size, path.stat().st_mtime_ns) for path in paths if path.is_file())
        return repr(stats)

    def _restore_edited_page(self) -> None:
        if self.edited_path is not None:
            self.edited_path.write_text(self.edited_text, encoding="utf-8")

    def _edit_one_page(self) -> None:
        assert self.edited_path is not None
        with open(self.edited_path, "a", encoding="utf-8") as markdown_file:
            markdown_file.write(EDIT_SENTENCE)

    def server_pids(self) -> list[int]:
        """The build servers running now (see README, "The build server")."""
        logs = "".join(path.read_text(errors="replace") for path in self.servers_dir.rglob("*.log"))
        started = dict.fromkeys(int(pid) for pid in re.findall(r"pid (\d+) serving", logs))
        return [pid for pid in started if Path(f"/proc/{pid}").exists()]

    def _stop_servers(self) -> None:
        for pid in self.server_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        shutil.rmtree(self.servers_dir, ignore_errors=True)

    def _steps(self, site_dir: Path, tool: str, scenarios: list[str]) -> list[Step]:
        command = [str(self.command), "build", "--site", str(site_dir), "-q"]
        # Set either way, so that a CI variable in the bench job's environment decides nothing.
        env = {"SMO_GEN_BUILD_SERVER": "on" if self.build_server else "off", "XDG_RUNTIME_DIR": str(self.servers_dir)}

        def cold() -> None:
            self._restore_edited_page()
            remove(site_dir / "public", site_dir / ".smo-cache")

        prepare = {"cold": cold, "no change": lambda: None, "one edit": self._edit_one_page}
        output_dir = site_dir / "public"
        return [
            Step(
                tool,
                scenario,
                command,
                site_dir,
                prepare[scenario],
                output_dir,
                self.fingerprint,
                env=env,
                # A cold build runs in its own process (the server declines it), and a server
                # idling beside it is not doing its work.
                helpers=list if scenario == "cold" else self.server_pids,
            )
            for scenario in scenarios
        ]

    def groups(self, sites_dir: Path) -> list[list[Step]]:
        groups = [self._steps(sites_dir / "smo-gen", "smo-gen", ["cold", "no change", "one edit"])]
        if self.with_cards:
            scenarios = ["cold", "no change", "one edit"]
            groups.append(self._steps(sites_dir / "smo-gen-cards", "smo-gen + cards", scenarios))
        return groups


IMAGE_LINE = re.compile(r"^image:\s*(\S+)\s*$", re.MULTILINE)


def write_share_images(content_dir: Path, static_dir: Path) -> None:
    """Write a small 1200x630 JPEG at every `image:` path the pages name (the peers only print the path)."""
    for index, markdown_path in enumerate(sorted(content_dir.glob("*.md"))):
        head = markdown_path.read_text(encoding="utf-8")[:2000]
        match = IMAGE_LINE.search(head)
        if match is None:
            continue
        image_path = static_dir / match.group(1).lstrip("/")
        image_path.parent.mkdir(parents=True, exist_ok=True)
        hue = (index * 37) % 256
        image = Image.new("RGB", (1200, 630), (hue, 120, 255 - hue))
        ImageDraw.Draw(image).rectangle((80, 80, 560, 550), fill=(255 - hue, 200, hue))
        image.save(image_path, "JPEG", quality=85)


# --- Hugo ------------------------------------------------------------------------------------------------


class Hugo:
    """Hugo from Debian. Two cold builds: with the skeleton's full-content RSS overlay, and its plain config."""

    name = "hugo"

    def missing(self) -> str | None:
        return None if shutil.which("hugo") else "hugo not on PATH (apt-get install -y hugo)"

    def install(self) -> None:
        apt_install("hugo")

    def version(self) -> str:
        return first_line(["hugo", "version"])

    def prepare_site(self, sites_dir: Path, shared_dir: Path, pages: int) -> None:
        pass

    def groups(self, sites_dir: Path) -> list[list[Step]]:
        site_dir = sites_dir / "hugo"

        def cold() -> None:
            remove(site_dir / "public", site_dir / "public_fullfeed", site_dir / "resources")

        full_feed = ["hugo", "--quiet", "--config", "config.toml,config_fullfeed.toml"]
        return [
            [Step("Hugo", "cold", full_feed, site_dir, cold, site_dir / "public_fullfeed")],
            [Step("Hugo", "cold, summary feed", ["hugo", "--quiet"], site_dir, cold, site_dir / "public")],
        ]


# --- Jekyll ----------------------------------------------------------------------------------------------


class Jekyll:
    """Jekyll and jekyll-feed from Debian."""

    name = "jekyll"

    def missing(self) -> str | None:
        if not shutil.which("jekyll"):
            return "jekyll not on PATH (apt-get install -y jekyll ruby-jekyll-feed)"
        if not debian_package_installed("ruby-jekyll-feed"):
            return "ruby-jekyll-feed not installed (apt-get install -y ruby-jekyll-feed)"
        return None

    def install(self) -> None:
        apt_install("jekyll", "ruby-jekyll-feed")

    def version(self) -> str:
        feed = first_line(["dpkg-query", "-W", "-f=${Version}", "ruby-jekyll-feed"])
        return f"{first_line(['jekyll', '--version'])}, jekyll-feed {feed}, {first_line(['ruby', '--version'])}"

    def prepare_site(self, sites_dir: Path, shared_dir: Path, pages: int) -> None:
        pass

    def groups(self, sites_dir: Path) -> list[list[Step]]:
        site_dir = sites_dir / "jekyll"

        def cold() -> None:
            remove(site_dir / "_site", site_dir / ".jekyll-cache", site_dir / ".jekyll-metadata")

        return [[Step("Jekyll", "cold", ["jekyll", "build", "--quiet"], site_dir, cold, site_dir / "_site")]]


# --- Pelican ---------------------------------------------------------------------------------------------


class Pelican:
    """Pelican and Python-Markdown from PyPI in a venv of their own; without and with the content cache."""

    name = "pelican"

    def __init__(self, peers_dir: Path) -> None:
        self.venv_dir = peers_dir / "pelican-venv"
        self.command = self.venv_dir / "bin" / "pelican"

    def missing(self) -> str | None:
        return None if self.command.exists() else f"{self.command} not found (pip install pelican markdown)"

    def install(self) -> None:
        run_install([sys.executable, "-m", "venv", str(self.venv_dir)])
        run_install([str(self.venv_dir / "bin" / "python"), "-m", "pip", "install", "-q", "pelican", "markdown"])

    def version(self) -> str:
        python = str(self.venv_dir / "bin" / "python")
        markdown = first_line([python, "-c", "import markdown; print(markdown.__version__)"])
        return f"pelican {first_line([str(self.command), '--version'])}, Markdown {markdown}"

    def prepare_site(self, sites_dir: Path, shared_dir: Path, pages: int) -> None:
        pass

    def groups(self, sites_dir: Path) -> list[list[Step]]:
        site_dir = sites_dir / "pelican"
        output_dir = site_dir / "output"

        def cold() -> None:
            remove(site_dir / "output", site_dir / "cache", site_dir / "__pycache__")

        def command(settings: str) -> list[str]:
            return [str(self.command), "--quiet", "--settings", settings]

        return [
            [Step("Pelican", "cold", command("pelicanconf.py"), site_dir, cold, output_dir)],
            [
                Step("Pelican", "cold, cache on", command("pelicanconf_cache.py"), site_dir, cold, output_dir),
                Step(
                    "Pelican",
                    "warm, cache on",
                    command("pelicanconf_cache.py"),
                    site_dir,
                    output_dir=output_dir,
                ),
            ],
        ]


# --- Eleventy --------------------------------------------------------------------------------------------


class Eleventy:
    """Eleventy from npm, installed once under the peers folder and linked into each site as node_modules."""

    name = "eleventy"

    def __init__(self, peers_dir: Path, shared_dir: Path) -> None:
        self.install_dir = peers_dir / "eleventy"
        self.package_path = shared_dir / "bench" / "eleventy-package.json"
        self.script = self.install_dir / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"

    def missing(self) -> str | None:
        if not shutil.which("node"):
            return "node not on PATH (apt-get install -y nodejs npm)"
        return None if self.script.exists() else f"{self.script} not found (npm install)"

    def install(self) -> None:
        if not shutil.which("npm"):
            apt_install("nodejs", "npm")
        self.install_dir.mkdir(parents=True, exist_ok=True)
        package = json.loads(self.package_path.read_text())
        # @11ty/recursive-copy 4.0.6 is missing from the registry here: the shared package.json pins 4.0.4
        package.setdefault("overrides", {}).setdefault("@11ty/recursive-copy", "4.0.4")
        (self.install_dir / "package.json").write_text(json.dumps(package, indent=2) + "\n")
        run_install(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=self.install_dir)

    def version(self) -> str:
        return (
            f"@11ty/eleventy {first_line(['node', str(self.script), '--version'])}, "
            f"node {first_line(['node', '--version'])}"
        )

    def prepare_site(self, sites_dir: Path, shared_dir: Path, pages: int) -> None:
        (sites_dir / "eleventy" / "node_modules").symlink_to(self.install_dir / "node_modules")

    def groups(self, sites_dir: Path) -> list[list[Step]]:
        site_dir = sites_dir / "eleventy"

        def cold() -> None:
            remove(site_dir / "_site", site_dir / ".cache")

        return [
            [
                Step(
                    "Eleventy",
                    "cold",
                    ["node", str(self.script), "--quiet"],
                    site_dir,
                    cold,
                    site_dir / "_site",
                )
            ]
        ]
