"""Only one syndication run per site at a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smo_gen.errors import SmoError
from smo_gen.syndicate.lock import hold_lock


def test_a_second_holder_is_refused_with_the_first_ones_pid(tmp_path: Path) -> None:
    lock = tmp_path / "cache" / "syndicate.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from pathlib import Path; from smo_gen.syndicate.lock import hold_lock\n"
                f"with hold_lock(Path({str(lock)!r})):\n print('held', flush=True); time.sleep(30)"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(SmoError) as caught, hold_lock(lock):
            pass
        assert f"another 'smo-gen syndicate' is running for this site (process {holder.pid})" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()
    with hold_lock(lock):  # released when its holder died
        pass
