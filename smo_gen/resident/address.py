"""Where the build server for this folder, this Python, this smo-gen and this environment listens,
and whether a build may use one at all.

The client imports this before anything else, so it keeps to modules Python has loaded already or
that cost nothing to load: no pathlib, hashlib (OpenSSL's first digest alone took 9 ms), typing.
"""

from __future__ import annotations

import os
import stat
import sys
import zlib

# `typing` and what it imports cost the client 12 ms; mypy reads the names below all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

SWITCH = "SMO_GEN_BUILD_SERVER"  # "off" (or 0, no, false) never uses one; "on" uses one even on CI
_OFF = frozenset({"0", "off", "no", "false"})
_ON = frozenset({"1", "on", "yes", "true"})
# Set by shells and terminals, and different from one window to the next: not part of what a
# build reads, so one server serves them all. It runs each build in the environment sent with it.
VOLATILE = frozenset({"_", "OLDPWD", "PWD", "SHLVL", "COLUMNS", "LINES", "TERM_SESSION_ID", "WINDOWID", "SSH_TTY"})
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LONGEST_SOCKET_PATH = 100  # sockaddr_un holds 108 bytes on Linux, 104 on the BSDs


def wanted(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Whether this command line may use a build server: `build` (not its help), on Linux (where
    a process may fork safely: see workers.can_fork), unless switched off, and not on CI unless
    switched on.

    A CI job builds once from nothing, and a process left behind would outlive the job.
    """
    if not argv or argv[0] != "build" or "-h" in argv or "--help" in argv:
        return False
    if sys.platform != "linux":
        return False
    switch = environ.get(SWITCH, "").strip().lower()
    if switch in _ON or switch in _OFF:
        return switch in _ON
    ci = environ.get("CI", "").strip().lower()
    return not ci or ci in _OFF


def short_digest(text: str) -> str:
    """16 hex digits naming `text`: enough to tell one folder or one code apart from another, not
    a secret's hash (the server compares what it names in full)."""
    data = text.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def lasting_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment but the variables shells change on their own."""
    return {key: value for key, value in environ.items() if key not in VOLATILE}


def code_stamp() -> str:
    """What this process runs, as a short digest: the Python, smo-gen's modules (name, size, time),
    and the folders packages are installed into (their times change as packages come and go)."""
    parts: list[object] = [sys.executable, sys.version, tuple(sys.flags)]
    folders = [_PACKAGE_DIR]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in sorted(entries, key=lambda entry: entry.name):
                if entry.name.endswith(".py"):
                    look = entry.stat()
                    parts.append((entry.path, look.st_size, look.st_mtime_ns))
                elif entry.name != "__pycache__" and entry.is_dir():
                    folders.append(entry.path)
    for folder in sys.path:
        if folder.endswith("-packages") and os.path.isdir(folder):
            parts.append((folder, os.stat(folder).st_mtime_ns))
    return short_digest(repr(parts))


def servers_dir() -> str | None:
    """This user's folder of build-server sockets, made if missing; None when there is no safe one.

    Safe: a folder this user owns that no one else can enter. A client hands its server the
    environment, credentials included, so a folder someone else made first is never used.
    """
    runtime_dir = os.environ.get("XDG_RUNTIME_DIR", "")
    base = os.path.join(runtime_dir, "smo-gen") if runtime_dir else f"/tmp/smo-gen-{os.getuid()}"
    try:
        os.mkdir(base, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        look = os.lstat(base)
    except OSError:
        return None
    if not stat.S_ISDIR(look.st_mode) or look.st_uid != os.getuid() or look.st_mode & 0o077:
        return None
    return base


def server_address(cwd: str, environ: Mapping[str, str], stamp: str) -> str | None:
    """The socket of the server for builds run in `cwd` with `environ` by the code `stamp` names:
    `<servers dir>/<folder>/<environment and code>.sock`. None when there is none to use."""
    base = servers_dir()
    if base is None:
        return None
    folder = short_digest(os.path.realpath(cwd))
    runs = short_digest(f"{sorted(lasting_environment(environ).items())!r} {stamp}")
    path = os.path.join(base, folder, f"{runs}.sock")
    return path if len(os.fsencode(path)) <= _LONGEST_SOCKET_PATH else None
