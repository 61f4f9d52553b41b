"""The build server, run as a person runs `smo-gen build` from a shell: the first build leaves a
server behind, the next ones run in it, and what they write and print is what a build of its own
would write and print."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smo_gen.resident.frames import send_frame
from tests.support.sites import tree_digest, write_site

COMMAND = Path(sys.executable).parent / "smo-gen"
EPOCH = "1793534400"  # 2026-11-01
PAGES = {
    f"content/offer-{n}.md": f"---\ntitle: Offer {n}\ndate: 2026-10-0{n}\ntags: [sale]\n---\nOffer {n} text.\n"
    for n in range(1, 5)
}


@pytest.fixture
def sockets_dir() -> Iterator[Path]:
    """The servers' own folder for this test (a socket's path has room for ~100 bytes: not
    tmp_path); every server still running at the end is stopped."""
    folder = Path(tempfile.mkdtemp(prefix="sg-", dir="/tmp"))
    yield folder
    for address in folder.rglob("*.sock"):
        ask_to_stop(address)
    for pid in server_pids(folder):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def ask_to_stop(address: Path) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        try:
            connection.settimeout(5)
            connection.connect(str(address))
            send_frame(connection, {"stop": True})
            connection.recv(100)
        except OSError:
            pass


def server_log(sockets_dir: Path) -> str:
    return "".join(path.read_text() for path in sorted(sockets_dir.rglob("*.log")))


def server_pids(sockets_dir: Path) -> list[int]:
    """Every server that started, by the pid its log names, first started first."""
    return list(dict.fromkeys(int(pid) for pid in re.findall(r"pid (\d+) serving", server_log(sockets_dir))))


def build_environment(sockets_dir: Path, **extra: str) -> dict[str, str]:
    """The environment every build of a test runs in (a server serves one environment)."""
    if not COMMAND.exists():
        pytest.fail(f"{COMMAND} is missing; install smo-gen into the venv (make build)")
    return {
        **os.environ,
        "SMO_GEN_BUILD_SERVER": "on",  # on CI too: this is the test of it
        "XDG_RUNTIME_DIR": str(sockets_dir),
        "SOURCE_DATE_EPOCH": EPOCH,
        "PYTHONIOENCODING": "utf-8",
        **extra,
    }


def smo_gen_build(site: Path, sockets_dir: Path, *options: str, **extra: str) -> subprocess.CompletedProcess[str]:
    environment = build_environment(sockets_dir, **extra)
    # Output captured through pipes: this returns only once every process holding them has closed
    # them, so a server that kept the caller's stdout would hang it here (the timeout says so).
    return subprocess.run(
        [str(COMMAND), "build", *options],
        cwd=site,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + 20
    while not callable(condition) or not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited 20 s for {what}")
        time.sleep(0.05)


def edit(site: Path, text: str) -> None:
    with (site / "content/offer-2.md").open("a", encoding="utf-8") as page:
        page.write(f"\n{text}\n")


def test_the_next_builds_run_in_the_server_the_first_left_and_write_what_a_build_alone_would(
    tmp_path: Path, sockets_dir: Path
) -> None:
    site = write_site(tmp_path / "site", PAGES)
    alone = write_site(tmp_path / "alone", PAGES)

    first = smo_gen_build(site, sockets_dir, "-q")
    assert first.returncode == 0, first.stderr
    wait_for(lambda: "serving builds" in server_log(sockets_dir), "the server to start")
    assert len(list(sockets_dir.rglob("*.sock"))) == 1

    for round_number in range(1, 4):
        edit(site, f"Now {round_number * 10} % off.")
        served = smo_gen_build(site, sockets_dir)
        assert served.returncode == 0, served.stderr
        assert re.search(r"^built 4 pages, .* in [\d.]+s$", served.stderr, re.MULTILINE), served.stderr
    assert server_log(sockets_dir).count("built ['build']") == 3, server_log(sockets_dir)
    assert len(server_pids(sockets_dir)) == 1
    assert "Now 30 % off." in (site / "public/offer-2/index.html").read_text(encoding="utf-8")

    assert smo_gen_build(alone, sockets_dir, "-q", SMO_GEN_BUILD_SERVER="off").returncode == 0
    for round_number in range(1, 4):
        edit(alone, f"Now {round_number * 10} % off.")
        assert smo_gen_build(alone, sockets_dir, "-q", SMO_GEN_BUILD_SERVER="off").returncode == 0
    assert tree_digest(site / "public") == tree_digest(alone / "public")


def test_bad_input_is_reported_through_the_server_as_a_build_alone_reports_it(
    tmp_path: Path, sockets_dir: Path
) -> None:
    site = write_site(tmp_path / "site", PAGES)
    assert smo_gen_build(site, sockets_dir, "-q").returncode == 0
    wait_for(lambda: "serving builds" in server_log(sockets_dir), "the server to start")
    before = tree_digest(site / "public")

    (site / "content/bad.md").write_text("---\ndate: 2026-02-30\n---\n", encoding="utf-8")
    failed = smo_gen_build(site, sockets_dir, "-q")
    assert failed.returncode == 1
    assert "content/bad.md:2: front matter: 'date': '2026-02-30' is not a date" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert "exit status 1" in server_log(sockets_dir)
    assert tree_digest(site / "public") == before

    unknown = smo_gen_build(site, sockets_dir, "--no-such-option")
    assert unknown.returncode == 2 and "No such option '--no-such-option'" in unknown.stderr

    (site / "content/bad.md").unlink()
    assert smo_gen_build(site, sockets_dir, "-q").returncode == 0
    assert len(server_pids(sockets_dir)) == 1  # the same server throughout


def test_a_build_with_no_cache_runs_in_a_process_of_its_own(tmp_path: Path, sockets_dir: Path) -> None:
    site = write_site(tmp_path / "site", PAGES)
    assert smo_gen_build(site, sockets_dir, "-q").returncode == 0
    wait_for(lambda: "spare tree kept" in server_log(sockets_dir), "the server to keep its spare tree")

    shutil.rmtree(site / ".smo-cache")
    shutil.rmtree(site / "public")
    cold = smo_gen_build(site, sockets_dir, "-q")
    assert cold.returncode == 0, cold.stderr
    assert "no cache yet" in server_log(sockets_dir)
    assert (site / "public/offer-1/index.html").is_file()
    # The server it found stopped rather than idle beside it, and it left a server of its own.
    wait_for(lambda: len(server_pids(sockets_dir)) == 2, "the cold build's server to start")
    first, second = server_pids(sockets_dir)
    wait_for(lambda: not is_running(first), "the first server to stop")
    assert is_running(second)


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_server_that_died_is_replaced_by_the_next_build(tmp_path: Path, sockets_dir: Path) -> None:
    site = write_site(tmp_path / "site", PAGES)
    assert smo_gen_build(site, sockets_dir, "-q").returncode == 0
    wait_for(lambda: len(server_pids(sockets_dir)) == 1, "the server to start")
    os.kill(server_pids(sockets_dir)[0], signal.SIGKILL)  # no time to remove its socket

    edit(site, "After the crash.")
    rebuilt = smo_gen_build(site, sockets_dir, "-q")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "After the crash." in (site / "public/offer-2/index.html").read_text(encoding="utf-8")
    wait_for(lambda: len(server_pids(sockets_dir)) == 2, "a new server to start")

    edit(site, "Served again.")
    assert smo_gen_build(site, sockets_dir, "-q").returncode == 0
    assert server_log(sockets_dir).count("built ['build', '-q']") == 1, server_log(sockets_dir)


def test_another_environment_gets_a_server_of_its_own_and_the_old_one_stops(tmp_path: Path, sockets_dir: Path) -> None:
    site = write_site(tmp_path / "site", PAGES)
    assert smo_gen_build(site, sockets_dir, "-q").returncode == 0
    wait_for(lambda: len(server_pids(sockets_dir)) == 1, "the server to start")

    edit(site, "In another time zone.")
    assert smo_gen_build(site, sockets_dir, "-q", TZ="Asia/Tokyo").returncode == 0
    wait_for(lambda: len(server_pids(sockets_dir)) == 2, "a second server to start")
    wait_for(lambda: "stopped: a newer server" in server_log(sockets_dir), "the first server to stop")
    assert len(list(sockets_dir.rglob("*.sock"))) == 1


def test_ctrl_c_stops_the_build_in_the_server_and_the_output_stays_as_it_was(tmp_path: Path, sockets_dir: Path) -> None:
    # A page titled "slow" renders for minutes: the served build is still rendering when Ctrl-C comes.
    slow_page = '{% extends "base.html" %}{% block content %}{{ page.title }}'
    slow_page += '{% if "slow" in page.title %}{% for n in range(10 ** 9) %}{% endfor %}{% endif %}{% endblock %}'
    site = write_site(tmp_path / "site", {**PAGES, "templates/page.html": slow_page})
    assert smo_gen_build(site, sockets_dir, "-q").returncode == 0
    wait_for(lambda: "serving builds" in server_log(sockets_dir), "the server to start")
    before = tree_digest(site / "public")

    page = site / "content/offer-2.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("title: Offer 2", "title: Offer 2, slow"), encoding="utf-8")
    client = subprocess.Popen(
        [str(COMMAND), "build", "-q"], cwd=site, env=build_environment(sockets_dir), stderr=subprocess.PIPE, text=True
    )
    time.sleep(2)  # the server is in the slow page by now
    assert client.poll() is None, "the build ended before Ctrl-C"
    client.send_signal(signal.SIGINT)  # as a terminal sends it to the command in the foreground
    _, stderr = client.communicate(timeout=60)
    assert client.returncode == 1 and "Aborted!" in stderr
    assert "exit status 1" in server_log(sockets_dir)  # stopped in the server, not in a build of its own
    wait_for(lambda: server_log(sockets_dir).rstrip().endswith("stopped"), "the server to stop")
    assert tree_digest(site / "public") == before
