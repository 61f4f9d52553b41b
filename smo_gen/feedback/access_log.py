"""Reading a web server's access log: one `Request` per line, whatever the server wrote.

Understood, line by line (a file may mix them):

- Common and Combined Log Format, as nginx and Apache write them by default:
  `1.2.3.4 - - [07/Dec/2026:10:00:00 +0000] "GET /go/ab3k7qz/ HTTP/1.1" 302 0 "-" "Mozilla/5.0 …"`
  (Common lacks the last two fields, so no robot can be told by its user agent there);
- JSON lines from Caddy (`request.remote_ip`, `request.method`, `request.uri`,
  `request.headers.User-Agent`, `ts`, `status`), Cloudflare's Logpush (`ClientIP`,
  `ClientRequestMethod`, `ClientRequestURI`, `ClientRequestUserAgent`, `EdgeStartTimestamp`,
  `EdgeResponseStatus`) or nginx's `escape=json` formats named after its variables
  (`remote_addr`, `request_method`, `request_uri`, `http_user_agent`, `time_iso8601`, `status`).

`parse_access_log` is pure; `load_access_logs` reads the files (plain or gzip-compressed).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smo_gen.errors import Problem, SmoError

_CLF = re.compile(
    r'^(?P<address>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>(?:[^"\\]|\\.)*)" (?P<status>\d{3}) \S+'
    r'(?: "(?:[^"\\]|\\.)*" "(?P<agent>(?:[^"\\]|\\.)*)")?'
)
_CLF_TIME = re.compile(r"^(\d{2})/([A-Za-z]{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}


@dataclass(frozen=True)
class Request:
    """One logged request: who asked (address and user agent), what, when, and the answer's status."""

    address: str
    time: dt.datetime  # aware
    method: str
    target: str  # path and query, as requested
    status: int
    agent: str | None  # None: the format has no user agent (Common Log Format)
    where: str  # file:line, for people


@dataclass(frozen=True)
class AccessLog:
    requests: tuple[Request, ...]
    unreadable: int  # lines in no format above (each file's first few are named in `samples`)
    samples: tuple[str, ...] = ()


def load_access_logs(paths: Iterable[Path]) -> AccessLog:
    """Read every log file (`.gz` ones decompressed) and parse them as one log."""
    texts: list[tuple[str, str]] = []
    for path in paths:
        try:
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
        except FileNotFoundError:
            raise SmoError(Problem(f"no such file: {path}", key="--access-log")) from None
        except (OSError, EOFError) as error:
            raise SmoError(Problem(f"cannot read it: {error}", path=str(path), key="--access-log")) from None
        texts.append((data.decode("utf-8", "replace"), str(path)))
    return parse_access_logs(texts)


def parse_access_logs(texts: Iterable[tuple[str, str]]) -> AccessLog:
    """Parse (text, file name) pairs; lines in no known format are counted, never fatal."""
    requests: list[Request] = []
    unreadable = 0
    samples: list[str] = []
    for text, where in texts:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            request = parse_line(line, f"{where}:{number}")
            if request is None:
                unreadable += 1
                if len(samples) < 3:
                    samples.append(f"{where}:{number}")
            else:
                requests.append(request)
    return AccessLog(tuple(requests), unreadable, tuple(samples))


def parse_line(line: str, where: str) -> Request | None:
    """One log line as a Request, or None when it is in no format this module knows."""
    stripped = line.strip()
    if stripped.startswith("{"):
        return _parse_json(stripped, where)
    match = _CLF.match(stripped)
    if match is None:
        return None
    time = _clf_time(match["time"])
    parts = match["request"].split(" ")
    if time is None or len(parts) < 2:
        return None  # "-" or a garbled request line (a probe sending binary, say)
    agent = match["agent"]
    return Request(
        match["address"],
        time,
        parts[0].upper(),
        parts[1],
        int(match["status"]),
        None if agent is None else agent.replace('\\"', '"'),
        where,
    )


def _clf_time(text: str) -> dt.datetime | None:
    match = _CLF_TIME.match(text)
    if match is None or match[2].lower() not in _MONTHS:
        return None
    day, _, year, hour, minute, second, sign, off_hours, off_minutes = match.groups()
    offset = dt.timedelta(hours=int(off_hours), minutes=int(off_minutes)) * (1 if sign == "+" else -1)
    try:
        return dt.datetime(
            int(year),
            _MONTHS[match[2].lower()],
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=dt.timezone(offset),
        )
    except ValueError:
        return None


def _parse_json(line: str, where: str) -> Request | None:
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    request = data.get("request")
    if isinstance(request, dict):  # Caddy
        headers = request.get("headers")
        headers = headers if isinstance(headers, dict) else {}
        agents = headers.get("User-Agent") or headers.get("user-agent") or []
        agent = agents[0] if isinstance(agents, list) and agents else ""
        address = request.get("client_ip") or request.get("remote_ip")
        return _request(
            address, data.get("ts"), request.get("method"), request.get("uri"), data.get("status"), agent, where
        )
    address, time, method, target, status, agent = (
        data.get(name) for name in (_CLOUDFLARE if "ClientRequestURI" in data else _NGINX)
    )
    return _request(address, time, method, target, status, agent, where)


_CLOUDFLARE = (
    "ClientIP",
    "EdgeStartTimestamp",
    "ClientRequestMethod",
    "ClientRequestURI",
    "EdgeResponseStatus",
    "ClientRequestUserAgent",
)
_NGINX = ("remote_addr", "time_iso8601", "request_method", "request_uri", "status", "http_user_agent")


def _request(address: Any, time: Any, method: Any, target: Any, status: Any, agent: Any, where: str) -> Request | None:
    moment = _json_time(time)
    if not (isinstance(address, str) and address and isinstance(method, str) and isinstance(target, str) and moment):
        return None
    try:
        code = int(status)
    except (TypeError, ValueError):
        return None
    return Request(address, moment, method.upper(), target, code, agent if isinstance(agent, str) else "", where)


def _json_time(value: Any) -> dt.datetime | None:
    """Unix seconds (Caddy), nanoseconds (Logpush's default) or an RFC 3339 text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1e9 if value > 1e14 else value
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return None
