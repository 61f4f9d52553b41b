"""`smo-gen check` and `smo-gen serve` as a person types them."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.serve.helpers import write_serve_site
from tests.support.cli import run_cli
from tests.support.sites import build


def test_check_passes_a_site_smo_gen_built(site_dir: Path) -> None:
    build(site_dir)
    code, output = run_cli("check", "--site", str(site_dir))
    assert code == 0, output
    assert "ok       spring-sale/index.html" in output
    assert "break a network's rules" in output and " 0 break" in output


def test_check_fails_a_page_that_breaks_a_network_rule(site_dir: Path) -> None:
    build(site_dir)
    page = site_dir / "public" / "spring-sale" / "index.html"
    html = page.read_text()
    html = html.replace(
        '<meta property="og:image:width" content="1200">', '<meta property="og:image:width" content="999">'
    )
    html = re.sub(r'<meta name="twitter:image:alt" content="[^"]*">', "", html)
    page.write_text(html)
    code, output = run_cli("check", "--site", str(site_dir))
    assert code == 1, output
    assert "BROKEN   spring-sale/index.html" in output
    assert "error: og:image:width says 999 but the image is 1200 pixels" in output
    assert "error: X: no twitter:image:alt" in output
    assert "ok       about/index.html" in output


def test_check_reads_another_folder_and_its_own_base_url(site_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "preview"
    build(site_dir, output_dir=elsewhere, base_url="https://preview.shop.example/")
    code, output = run_cli("check", "--output", str(elsewhere))
    assert code == 0, output
    assert "another host" not in output  # the images were found and measured


def test_check_says_when_there_is_nothing_built(site_dir: Path) -> None:
    code, output = run_cli("check", "--site", str(site_dir))
    assert code == 1
    assert "public does not exist (run 'smo-gen build' first, or pass --output)" in output


def _start_serve(site_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SOURCE_DATE_EPOCH": "1793534400"}
    return subprocess.Popen(
        [sys.executable, "-m", "smo_gen.cli", "serve", "--site", str(site_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def _read_until(process: subprocess.Popen[str], pattern: str, timeout: float = 20) -> tuple[re.Match[str] | None, str]:
    assert process.stdout is not None
    seen = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen += line
        if found := re.search(pattern, seen):
            return found, seen
    return None, seen


def test_serve_prints_its_url_and_stops_cleanly_on_ctrl_c(site_dir: Path) -> None:
    process = _start_serve(site_dir, "--port", "0")
    try:
        found, seen = _read_until(process, r"at (http://127\.0\.0\.1:(\d+)/)")
        assert found, seen
        port = int(found.group(2))
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            # An open event stream must not block the exit.
            sock.sendall(f"GET /_smo/events HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            assert sock.recv(100).startswith(b"HTTP/1.0 200")
            process.send_signal(signal.SIGINT)
            output, _ = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, seen + output
    assert "Stopped." in output
    assert "Traceback" not in seen + output


def test_serve_on_a_port_in_use_says_so_and_exits_1(site_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _start_serve(site_dir, "--port", str(port))
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 1
    assert f"error: port {port} on 127.0.0.1 is already in use" in output
    assert "--port 0" in output
    assert "Traceback" not in output


def test_serve_on_another_host_warns(tmp_path: Path) -> None:
    site_dir = write_serve_site(tmp_path / "site")
    process = _start_serve(site_dir, "--host", "0.0.0.0", "--port", "0")
    try:
        found, seen = _read_until(process, r"Serving .* at http://127\.0\.0\.1:\d+/")
        assert found, seen
        assert "warning: serving on 0.0.0.0: anyone who can reach this machine can read the site" in seen
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0


def test_serve_passes_jobs_to_its_builds(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    monkeypatch.setattr(
        "smo_gen.serve.serve_until_stopped", lambda options, say, open_browser, show_progress: seen.append(options)
    )
    assert run_cli("serve", "--site", str(site_dir), "--jobs", "1") == (0, "")
    assert [options.workers for options in seen] == [1]
