"""How long from saving a Markdown file to the browser showing the change, with `smo-gen serve`.

Run: .venv/bin/python bench/serve_latency.py [--edits 9] [--pages 1000] [--sites example,corpus]
                                             [--shared ../shared] [--json out.json]

For each site, starts the real `smo-gen serve --port 0` in a subprocess, opens a page in
Debian's headless Chromium (through Playwright's Python package; no `playwright install`),
then N times: appends a paragraph with a fresh token to that page's Markdown and times until
the page shows the token (save -> watchdog -> debounce -> full rebuild -> SSE -> reload ->
render). The figure is save -> the reloaded page's first contentful paint (Chromium's
performance timeline against the same wall clock); the time until this script saw the text,
which adds its own polling, is printed too, with the median build time the server reported,
so the remainder (debounce, reload, render) can be read off.

Sites: `example` is this repository's example site; `corpus` is N pages from
shared/bench/gen_corpus.py (`--tools plain`), with a 1200x630 JPEG at each page's image path.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(REPO_DIR))

from tests.browser.chromium import CHROMIUM_ARGS, chromium_path

CORPUS_TOML = """\
title = "Latency bench"
base_url = "https://bench.example/"
description = "Generated pages for timing smo-gen serve."
"""
IMAGE_LINE = re.compile(r"^image:\s*(\S+)\s*$", re.MULTILINE)
BUILD_LINE = re.compile(r"^rebuilt after .* in (\d+\.\d+)s$")
URL_LINE = re.compile(r"Serving .* at (http://\S+/)")
# When the current document first painted, in ms since 1970 (Chromium's wall clock).
PAINTED_AT = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const nav = performance.getEntriesByType('navigation')[0];
  return performance.timeOrigin + (paint ? paint.startTime : nav.domContentLoadedEventEnd);
}"""


@dataclass
class Result:
    site: str
    pages: int
    edits: int
    latencies: list[float]  # save -> the harness saw the text (includes its own polling)
    painted: list[float]  # save -> the reloaded page's first contentful paint, by Chromium's clock
    builds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.painted)

    def line(self) -> str:
        build = f"{statistics.median(self.builds):.3f}s" if self.builds else "?"
        return (
            f"{self.site:<8} {self.pages:>5} Markdown files  save->paint median {self.median:.3f}s "
            f"(min {min(self.painted):.3f}s, max {max(self.painted):.3f}s); "
            f"save->seen median {statistics.median(self.latencies):.3f}s; server build median {build}; n={self.edits}"
        )


def prepare_example(work_dir: Path) -> tuple[Path, Path, str]:
    site_dir = work_dir / "example"
    site_dir.mkdir()
    for name in ("content", "static"):  # the theme is the installed default one
        shutil.copytree(REPO_DIR / name, site_dir / name)
    shutil.copy2(REPO_DIR / "site.toml", site_dir / "site.toml")
    return site_dir, site_dir / "content" / "summer-fizz.md", "/summer-fizz/"


def prepare_corpus(work_dir: Path, shared_dir: Path, pages: int) -> tuple[Path, Path, str]:
    from PIL import Image

    corpus_dir = work_dir / "corpus-source"
    subprocess.run(
        [sys.executable, str(shared_dir / "bench" / "gen_corpus.py"), str(pages), str(corpus_dir), "--tools", "plain"],
        check=True,
        capture_output=True,
    )
    site_dir = work_dir / "corpus"
    content_dir = site_dir / "content"
    shutil.copytree(corpus_dir / "plain", content_dir)
    (site_dir / "site.toml").write_text(CORPUS_TOML, encoding="utf-8")
    for index, markdown in enumerate(sorted(content_dir.glob("*.md"))):
        match = IMAGE_LINE.search(markdown.read_text(encoding="utf-8")[:2000])
        if match:
            image_path = site_dir / "static" / match.group(1).lstrip("/")
            image_path.parent.mkdir(parents=True, exist_ok=True)
            hue = (index * 37) % 256
            Image.new("RGB", (1200, 630), (hue, 120, 255 - hue)).save(image_path, "JPEG", quality=85)
    edited = sorted(content_dir.glob("*.md"))[pages // 2]
    slug = edited.stem
    return site_dir, edited, f"/{slug}/"


class Server:
    """`smo-gen serve --port 0` in a subprocess, its stderr read line by line."""

    def __init__(self, site_dir: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "smo_gen.cli", "serve", "--site", str(site_dir), "--port", "0"]
        self.process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
        self.lines: list[str] = []
        self.url: str | None = None
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            if found := URL_LINE.search(line):
                self.url = found.group(1)
                self.ready.set()
        self.ready.set()

    def build_times(self) -> list[float]:
        return [float(m.group(1)) for line in self.lines if (m := BUILD_LINE.match(line))]

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return -9


def wait_for_text(page: object, token: str, timeout: float) -> None:
    """Wait until the page shows `token`, across the reload that brings it."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    script = f"() => document.body !== null && document.body.innerText.includes({json.dumps(token)})"
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"the page never showed {token}")
        try:
            page.wait_for_function(script, polling="raf", timeout=remaining * 1000)  # type: ignore[attr-defined]
            return
        except Error as error:
            if "Timeout" in str(error):
                raise TimeoutError(f"the page never showed {token}") from None
            # "Execution context was destroyed": the reload happened mid-poll; poll the new page.


def measure(site: str, site_dir: Path, markdown: Path, path: str, edits: int, browser: object) -> Result:
    server = Server(site_dir)
    try:
        if not server.ready.wait(600) or server.url is None:
            raise RuntimeError("smo-gen serve did not start:\n" + "\n".join(server.lines))
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(server.url.rstrip("/") + path, wait_until="load")
        time.sleep(1.0)  # let the reload script connect; not timed
        original = markdown.read_text(encoding="utf-8")
        latencies: list[float] = []
        painted: list[float] = []
        for number in range(edits):
            token = f"latency-probe-{number}-{time.time_ns()}"
            saved_at = time.time()
            started = time.perf_counter()
            markdown.write_text(original + f"\n\n{token}\n", encoding="utf-8")
            wait_for_text(page, token, timeout=120)
            latencies.append(time.perf_counter() - started)
            painted.append(page.evaluate(PAINTED_AT) / 1000 - saved_at)
            time.sleep(0.5)  # a separate save, not part of the same burst
        pages = sum(1 for _ in (site_dir / "content").rglob("*.md"))
        return Result(site, pages, edits, latencies, painted, server.build_times())
    finally:
        code = server.stop()
        if code != 0:
            print(f"warning: smo-gen serve exited {code}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=9)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--sites", default="example,corpus")
    parser.add_argument("--shared", type=Path, default=REPO_DIR.parent / "shared")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    executable = chromium_path()
    if executable is None:
        sys.exit("needs Debian's chromium (apt-get install chromium, or `make tools`)")
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory(prefix="smo-serve-latency-") as temp, sync_playwright() as playwright:
        work_dir = Path(temp)
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        for site in args.sites.split(","):
            if site == "example":
                site_dir, markdown, path = prepare_example(work_dir)
            elif site == "corpus":
                site_dir, markdown, path = prepare_corpus(work_dir, args.shared.resolve(), args.pages)
            else:
                sys.exit(f"unknown site '{site}': example or corpus")
            result = measure(site, site_dir, markdown, path, args.edits, browser)
            print(result.line(), flush=True)
            results.append(result)
        browser.close()
    if args.json:
        args.json.write_text(json.dumps([{**asdict(r), "median": r.median} for r in results], indent=2))


if __name__ == "__main__":
    main()
