"""Which Host headers `smo-gen serve` answers: its own address only, against DNS rebinding.

A web page the developer visits can point a name it controls at 127.0.0.1 ("DNS rebinding")
and then read the preview server as if it were its own site: drafts, /_smo/, the report,
the event stream. The browser still sends that name as Host, so a request whose Host is not
an address of this server is refused (421 Misdirected Request), as webpack-dev-server and
Vite do. An IP address cannot be rebound, so when serving on every interface (0.0.0.0, ::)
any IP address with the served port is accepted; names are only `localhost` and `--host`.
"""

from __future__ import annotations

import ipaddress

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})


def split_host(header: str) -> tuple[str, int] | None:
    """A Host header's name (lower case, IPv6 in brackets) and port (80 when absent), or None when malformed."""
    header = header.strip().lower()
    if header.startswith("["):
        name, bracket, rest = header.partition("]")
        if not bracket:
            return None
        name += "]"
    else:
        name, _, rest = header.partition(":")
        rest = f":{rest}" if _ else ""
    if rest and not (rest.startswith(":") and rest[1:].isascii() and rest[1:].isdigit()):
        return None
    port = int(rest[1:]) if rest else 80
    return (name, port) if name and port < 65536 else None


def is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") else name)
    except ValueError:
        return False
    return True


def is_served_host(headers: list[str], served_host: str, port: int) -> bool:
    """True when the request's Host headers name this server: exactly one, with the served port,
    and a loopback name, the `--host` given, or (serving on every interface) any IP address."""
    if len(headers) != 1:
        return False  # none (HTTP/1.0 without Host) or several: nothing to check against
    found = split_host(headers[0])
    if found is None or found[1] != port:
        return False
    name = found[0]
    given = served_host.strip().lower()
    given = f"[{given.strip('[]')}]" if ":" in given else given
    if name in LOCAL_NAMES or name == given:
        return True
    return given in WILDCARD_HOSTS and is_ip_address(name)
