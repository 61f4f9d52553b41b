"""Reading the JSON records smo-gen keeps (the syndication ledger, feedback.json, websub.json, plans, the manifest).

They come from a checkout, so they are read as untrusted data: only a regular file (not a folder,
a FIFO that would block, or a device such as /dev/zero that never ends), at most `max_bytes`,
UTF-8, and JSON nested no deeper than Python can decode. Every refusal names the file.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from smo_gen.errors import Problem, SmoError

MAX_DATA_BYTES = 256 * 1024 * 1024  # far above any real ledger (10,000 pages x 10 targets is ~20 MB)


def read_data_text(path: Path, *, max_bytes: int = MAX_DATA_BYTES, hint: str | None = None) -> str | None:
    """The text of the regular file at `path`, or None when there is none; SmoError for anything else."""

    def fail(message: str) -> SmoError:
        return SmoError(Problem(message, path=str(path), hint=hint))

    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise fail("is a folder, not a file") from None
    except OSError as error:
        raise fail(f"cannot be read: {error.strerror}") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise fail("is a folder, not a file")
        raise fail("is not a regular file (a pipe, device or socket); smo-gen reads only plain files here")
    with os.fdopen(descriptor, "rb") as stream:
        try:
            data = stream.read(max_bytes + 1)
        except OSError as error:
            raise fail(f"cannot be read: {error.strerror}") from None
    if len(data) > max_bytes:
        raise fail(f"is larger than {max_bytes // (1024 * 1024)} MB, more than smo-gen reads")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise fail("is not UTF-8 text") from None


def parse_json_text(text: str, where: str, hint: str | None = None, suffix: str = "") -> Any:
    """`text` decoded as JSON; a syntax error or nesting too deep to decode is a SmoError naming `where`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SmoError(
            Problem(
                f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno}){suffix}",
                path=where,
                line=error.lineno,
                hint=hint,
            )
        ) from None
    except RecursionError:
        raise SmoError(
            Problem(f"is nested too deeply to be a file smo-gen wrote{suffix}", path=where, hint=hint)
        ) from None


def load_json_file(path: Path, *, hint: str | None = None) -> Any:
    """The JSON in the record file at `path`, read as untrusted data; None when there is no file.

    For records whose reader checks the shape itself; the ledger, feedback.json and plans are
    read with `read_data_text` and parsed from their text by their own `parse_*`.
    """
    text = read_data_text(path, hint=hint)
    return None if text is None else parse_json_text(text, str(path), hint)
