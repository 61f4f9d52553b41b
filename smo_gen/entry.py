"""The installed `smo-gen` command: a build goes to this folder's build server when one is
listening (see `resident`); everything else, and a build with no server, runs here."""

from __future__ import annotations

import os
import sys


def run() -> None:
    """`smo-gen`, as installed. After a build that succeeded here, a server stays for the next ones;
    then the process exits without freeing its heap object by object.

    A build holds every page (about 1 GB of objects at 10,000 pages); tearing that down took
    0.2 s after the work was done, for memory the system takes back at once. mypy exits the
    same way. Only after `build`, whose files are all written and closed by then.
    """
    argv = sys.argv[1:]
    stamp = ""
    from smo_gen.resident.address import code_stamp, wanted

    if wanted(argv, os.environ):
        from smo_gen.resident.client import build_through_server

        stamp = code_stamp()
        status = build_through_server(argv, stamp)
        if status is not None:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)

    from smo_gen import cli

    if stamp:
        # This process may stay as the next builds' server: what it saves (its output record)
        # is then remembered for the first of them (see caches.data.keep_cache_reads).
        from smo_gen.build.caches.data import keep_cache_reads

        keep_cache_reads()
    try:
        cli.main(argv, prog_name="smo-gen")
    except SystemExit as exit:
        if cli.finished_build() and exit.code in (0, None):
            if stamp:
                from smo_gen.resident.server import stay_resident

                stay_resident(argv, stamp)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        raise
