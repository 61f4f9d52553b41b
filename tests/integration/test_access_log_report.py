"""`smo-gen report --access-log`: short-link hits and tagged landings counted from a host's own log."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from smo_gen.cli import main
from tests.support.measure_site import write_measure_site
from tests.support.sites import build

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def _combined(address: str, time: str, request: str, status: int = 200, agent: str = CHROME) -> str:
    return f'{address} - - [07/Dec/2026:{time} +0000] "{request} HTTP/1.1" {status} 512 "-" "{agent}"'


def _write_log(root: Path) -> tuple[Path, dict[str, str]]:
    links = json.loads((root / "public" / "manifest.json").read_text())["links"]["items"]
    code = {f"{item['page']} {item['network']} {item['placement'] or ''}".strip(): item["code"] for item in links}
    x, qr_window, qr_flyer = code["/drive/ x"], code["/drive/ qr window"], code["/drive/ qr flyer"]
    lines = [
        _combined("203.0.113.1", "10:00:00", f"GET /go/{x}/"),  # counted: x hit
        _combined(
            "203.0.113.1", "10:00:01", "GET /drive/?utm_source=x&utm_medium=social&utm_campaign=spring-drive"
        ),  # landing
        _combined("203.0.113.1", "10:05:00", f"GET /go/{x}/"),  # repeat within 30 minutes
        _combined("203.0.113.1", "11:00:00", f"GET /go/{x}/"),  # counted again: an hour later
        _combined("203.0.113.2", "10:10:00", f"GET /go/{qr_window}/", agent=PHONE),  # counted: QR window hit
        _combined(
            "203.0.113.2",
            "10:10:01",
            "GET /drive/?utm_source=qr&utm_medium=qr&utm_campaign=spring-drive&utm_content=window",
            agent=PHONE,
        ),
        _combined("203.0.113.2", "10:12:00", f"GET /go/{qr_flyer}", 302, PHONE),  # counted: another link, no slash
        _combined("203.0.113.2", "10:20:00", f"GET /go/{qr_window}/", agent=PHONE),  # repeat
        _combined(
            "203.0.113.3", "10:30:00", f"GET /go/{code['/drive/families/ bluesky']}/index.html"
        ),  # counted: families
        _combined("203.0.113.4", "10:31:00", f"HEAD /go/{x}/"),  # HEAD
        _combined("198.51.100.9", "10:32:00", f"GET /go/{x}/", agent="Twitterbot/1.0"),  # robots
        _combined(
            "198.51.100.9",
            "10:32:01",
            f"GET /go/{x}/",
            agent="facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        ),
        _combined("198.51.100.9", "10:32:02", f"GET /go/{x}/", agent="curl/8.5.0"),
        _combined("198.51.100.9", "10:32:03", f"GET /go/{x}/", agent="-"),
        _combined(
            "198.51.100.9",
            "10:32:04",
            "GET /drive/?utm_source=x&utm_campaign=spring-drive",
            agent="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        ),
        _combined("203.0.113.5", "10:33:00", "GET /go/zzzzzzz/", 404),  # failed
        _combined("203.0.113.5", "10:34:00", "GET /drive/"),  # an ordinary page view: not a link of ours
        "this is not a log line",
        # Common Log Format (no user agent), then Caddy and Cloudflare JSON lines.
        f'203.0.113.6 - - [07/Dec/2026:10:40:00 +0000] "GET /go/{code["/drive/ email"]}/ HTTP/1.1" 200 512',
        json.dumps(
            {
                "ts": 1796637600.5,
                "status": 200,
                "request": {
                    "remote_ip": "203.0.113.7",
                    "method": "GET",
                    "uri": f"/go/{code['/fizz/ qr can']}/",
                    "headers": {"User-Agent": [PHONE]},
                },
            }
        ),
        json.dumps(
            {
                "ClientIP": "203.0.113.8",
                "ClientRequestMethod": "GET",
                "EdgeStartTimestamp": "2026-12-07T10:50:00Z",
                "ClientRequestURI": "/fizz/?utm_source=qr&utm_medium=qr&utm_campaign=fizz-26&utm_content=can",
                "EdgeResponseStatus": 200,
                "ClientRequestUserAgent": PHONE,
            }
        ),
    ]
    log = root / "access.log"
    log.write_text("\n".join(lines) + "\n")
    return log, code


def test_the_report_counts_real_visits_and_leaves_out_robots_head_and_repeats(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site")
    build(root)
    log, _ = _write_log(root)
    result = CliRunner().invoke(main, ["report", "--site", str(root), "--access-log", str(log), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["access_log"]
    rows = {
        (r["campaign"], r["audience"], r["network"], r["placement"]): (r["short_hits"], r["landings"])
        for r in data["links"]
    }
    assert rows == {
        ("spring-drive", None, "x", None): (2, 1),
        ("spring-drive", None, "qr", "window"): (1, 1),
        ("spring-drive", None, "qr", "flyer"): (1, 0),
        ("spring-drive", "families", "bluesky", None): (1, 0),
        ("spring-drive", None, "email", None): (1, 0),
        ("fizz-26", None, "qr", "can"): (1, 1),
    }
    assert data["left_out"] == {
        "bots": 5,
        "head": 1,
        "repeats": 2,
        "failed": 1,
        "other_methods": 0,
        "unknown_codes": 0,
        "unreadable": 1,
        "repeat_window_minutes": 30,
    }
    campaigns = {(c["campaign"], c["audience"]): c["clicks"] for c in data["campaigns"]}
    assert campaigns == {("spring-drive", None): 5, ("spring-drive", "families"): 1, ("fizz-26", None): 1}
    placements = {(q["campaign"], q["audience"], q["placement"]): q["clicks"] for q in data["qr"]}
    assert placements[("spring-drive", None, "window")] == 1 and placements[("fizz-26", None, "can")] == 1
    assert placements[("spring-drive", "families", "flyer")] == 0


def test_a_shorter_repeat_window_counts_the_reload_as_a_visit(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site")
    build(root)
    log, _ = _write_log(root)
    result = CliRunner().invoke(
        main, ["report", "--site", str(root), "--access-log", str(log), "--format", "json", "--repeat-window", "1"]
    )
    data = json.loads(result.output)["access_log"]
    assert data["left_out"]["repeats"] == 0
    x = next(r for r in data["links"] if r["network"] == "x")
    assert x["short_hits"] == 3


def test_the_html_report_leads_with_the_measured_figures(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site")
    build(root)
    log, _ = _write_log(root)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        main, ["report", "--site", str(root), "--access-log", str(log), "--format", "html", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.index("What the links brought") < html.index("Nothing to report yet"), (
        "the access log's figures do not lead"
    )
    assert "<caption>Clicks per campaign and audience</caption>" in html and "<caption>QR placements</caption>" in html
    assert "qr/spring-drive-window.png" in html
    table = CliRunner().invoke(main, ["report", "--site", str(root), "--access-log", str(log)]).output
    assert table.startswith("Clicks from the access log")
    assert "Left out: 5 from robots, 1 HEAD requests, 2 repeats from one address within 30 minutes" in table


def test_a_missing_log_is_an_error_without_a_traceback(tmp_path: Path) -> None:
    root = write_measure_site(tmp_path / "site")
    build(root)
    result = CliRunner().invoke(main, ["report", "--site", str(root), "--access-log", str(tmp_path / "nope.log")])
    assert result.exit_code == 1
    assert "--access-log: no such file:" in result.output and "Traceback" not in result.output
