"""Reading access logs line by line (feedback/access_log.py) and telling robots apart (link_visits.py)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from smo_gen.errors import SmoError
from smo_gen.feedback.access_log import load_access_logs, parse_line
from smo_gen.feedback.link_visits import is_bot


def test_a_combined_log_line_gives_address_time_request_status_and_agent() -> None:
    line = (
        '203.0.113.1 - frank [07/Dec/2026:10:00:00 +0100] "GET /go/ab3k7qz/?x=1 '
        'HTTP/2.0" 302 0 "https://t.co/" "Mozilla/5.0 \\"quoted\\""'
    )
    request = parse_line(line, "access.log:1")
    assert request is not None
    assert (request.address, request.method, request.target, request.status) == (
        "203.0.113.1",
        "GET",
        "/go/ab3k7qz/?x=1",
        302,
    )
    assert request.time == dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    assert request.agent == 'Mozilla/5.0 "quoted"'


def test_a_common_log_line_has_no_agent_and_is_not_taken_for_a_robot() -> None:
    request = parse_line('::1 - - [07/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 12', "x")
    assert request is not None and request.agent is None and not is_bot(request.agent)


@pytest.mark.parametrize(
    "line",
    [
        "garbage",
        '1.2.3.4 - - [99/Foo/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1',
        '1.2.3.4 - - [07/Dec/2026:10:00:00 +0000] "-" 400 0',
        "{not json",
        "[1, 2]",
    ],
)
def test_lines_in_no_known_format_are_skipped(line: str) -> None:
    assert parse_line(line, "x") is None


def test_json_lines_of_caddy_cloudflare_and_nginx() -> None:
    caddy = parse_line(
        json.dumps(
            {
                "ts": 1796637600,
                "status": 200,
                "request": {
                    "remote_ip": "10.0.0.1",
                    "client_ip": "203.0.113.9",
                    "method": "get",
                    "uri": "/a/?utm_source=x",
                    "headers": {"User-Agent": ["Firefox"]},
                },
            }
        ),
        "x",
    )
    assert caddy is not None and (caddy.address, caddy.method, caddy.agent) == ("203.0.113.9", "GET", "Firefox")
    cloudflare = parse_line(
        json.dumps(
            {
                "ClientIP": "203.0.113.8",
                "ClientRequestMethod": "HEAD",
                "EdgeStartTimestamp": 1796637600000000000,
                "ClientRequestURI": "/go/x/",
                "EdgeResponseStatus": 302,
                "ClientRequestUserAgent": "Safari",
            }
        ),
        "x",
    )
    assert cloudflare is not None and cloudflare.method == "HEAD" and cloudflare.time.year == 2026
    nginx = parse_line(
        json.dumps(
            {
                "remote_addr": "1.1.1.1",
                "time_iso8601": "2026-12-07T10:00:00+00:00",
                "request_method": "GET",
                "request_uri": "/",
                "status": "200",
                "http_user_agent": "",
            }
        ),
        "x",
    )
    assert nginx is not None and nginx.status == 200 and is_bot(nginx.agent)


def test_gzip_logs_are_read_and_a_missing_file_is_named(tmp_path: Path) -> None:
    rotated = tmp_path / "access.log.2.gz"
    rotated.write_bytes(
        gzip.compress(b'1.2.3.4 - - [07/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "Firefox"\nbad\n')
    )
    log = load_access_logs([rotated])
    assert len(log.requests) == 1 and log.unreadable == 1 and log.samples == (f"{rotated}:2",)
    with pytest.raises(SmoError, match="no such file"):
        load_access_logs([tmp_path / "missing.log"])


@pytest.mark.parametrize(
    "agent",
    [
        "Twitterbot/1.0",
        "facebookexternalhit/1.1",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "WhatsApp/2.23.20.0",
        "http.rb/5.1.1 (Mastodon/4.2.0; +https://m.example/)",
        "curl/8.5.0",
        "python-requests/2.31",
        "Slackbot-LinkExpanding 1.0",
        "",
        "-",
        "Mozilla/5.0 (compatible; Google-InspectionTool/1.0)",
        "meta-externalagent/1.1",
        (
            "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, "
            "like Gecko) Mobile Safari/537.36 (compatible; Bytespider)"
        ),
    ],
)
def test_robots_are_told_by_their_user_agent(agent: str) -> None:
    assert is_bot(agent)


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Linux; Android 12; CUBOT_X30) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
    ],
)
def test_browsers_are_people(agent: str) -> None:
    assert not is_bot(agent)
