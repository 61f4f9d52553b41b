"""Documents assembled from new text and ranges of the file the last build wrote."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from smo_gen.file_looks import look_at_file
from smo_gen.render.document_parts import Source, SourceChanged, assemble, write_assembled

OLD = b"HEAD|one|two|three|TAIL"


def source_file(tmp_path: Path, data: bytes = OLD) -> Source:
    path = tmp_path / "feed.xml"
    path.write_bytes(data)
    look = look_at_file(path)
    assert look is not None
    return Source(str(path), look, "sha256:" + hashlib.sha256(data).hexdigest())


def test_new_text_only_is_known_by_its_sha256_like_any_rendered_output() -> None:
    document = assemble([b"<feed>", memoryview(b"entry"), b"</feed>"], None)
    assert document.parts == (b"<feed>", b"entry", b"</feed>")  # never joined: see _new_document
    assert document.size == len(b"<feed>entry</feed>")
    assert document.fingerprint == "sha256:" + hashlib.sha256(b"<feed>entry</feed>").hexdigest()
    assert bytes(document) == b"<feed>entry</feed>"


def test_neighbouring_ranges_are_one_copy_and_text_between_them_is_one_part(tmp_path: Path) -> None:
    source = source_file(tmp_path)
    document = assemble([b"NEW|", (5, 9), (9, 13), b"2", b"|", (19, 23)], source)
    assert document.parts == (b"NEW|", (5, 13), b"2|", (19, 23))
    assert bytes(document) == b"NEW|one|two|2|TAIL"
    assert document.size == len(b"NEW|one|two|2|TAIL")


def test_the_fingerprint_follows_the_source_the_ranges_and_the_text(tmp_path: Path) -> None:
    source = source_file(tmp_path)
    pieces: list[bytes | tuple[int, int]] = [b"NEW|", (5, 13)]
    fingerprint = assemble(pieces, source).fingerprint
    assert fingerprint.startswith("assembled:")
    assert assemble(pieces, source).fingerprint == fingerprint
    assert assemble([b"NEW!", (5, 13)], source).fingerprint != fingerprint
    assert assemble([b"NEW|", (5, 12)], source).fingerprint != fingerprint
    other = Source(source.path, source.look, "sha256:" + "0" * 64)
    assert assemble(pieces, other).fingerprint != fingerprint


def test_written_documents_copy_their_ranges_from_the_source(tmp_path: Path) -> None:
    source = source_file(tmp_path)
    document = assemble([b"HEAD|", (5, 9), b"TWO|", (13, 23)], source)
    target = tmp_path / "new.xml"
    write_assembled(target, document)
    assert target.read_bytes() == b"HEAD|one|TWO|three|TAIL" == bytes(document)


def test_large_ranges_are_copied_whole(tmp_path: Path) -> None:
    data = os.urandom(3 << 20)
    source = source_file(tmp_path, data)
    document = assemble([(0, 1 << 20), b"middle", ((2 << 20) + 7, 3 << 20)], source)
    target = tmp_path / "new.bin"
    write_assembled(target, document)
    assert target.read_bytes() == data[: 1 << 20] + b"middle" + data[(2 << 20) + 7 :]


def test_without_copy_file_range_ranges_are_copied_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> int:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refuse)
    source = source_file(tmp_path)
    target = tmp_path / "new.xml"
    write_assembled(target, assemble([(0, 9), b"2|", (13, 23)], source))
    assert target.read_bytes() == b"HEAD|one|2|three|TAIL"


@pytest.mark.parametrize("change", ["edited", "deleted"])
def test_a_source_changed_after_it_was_looked_at_is_refused(tmp_path: Path, change: str) -> None:
    source = source_file(tmp_path)
    document = assemble([b"NEW|", (5, 23)], source)
    path = Path(source.path)
    if change == "deleted":
        path.unlink()
    else:
        path.write_bytes(OLD + b"more")
    with pytest.raises(SourceChanged) as raised:
        write_assembled(tmp_path / "new.xml", document)
    (problem,) = raised.value.problems
    assert problem.path == source.path and "changed while the site was building" in problem.message


def test_a_new_document_of_many_pieces_is_written_whole(tmp_path: Path) -> None:
    pieces = [b"<feed>", *(b"<entry>%d</entry>" % number for number in range(1_300)), b"</feed>"]  # batches of 512
    document = assemble(pieces, None)
    write_assembled(tmp_path / "feed.xml", document)
    assert (tmp_path / "feed.xml").read_bytes() == b"".join(pieces) == bytes(document)
