"""Reading the JSON records smo-gen keeps: untrusted data, every refusal naming the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from smo_gen.data_files import load_json_file
from smo_gen.errors import SmoError
from smo_gen.syndicate.websub import load_state


def test_a_missing_record_is_none_and_a_present_one_is_its_json(tmp_path: Path) -> None:
    assert load_json_file(tmp_path / "websub.json") is None
    (tmp_path / "websub.json").write_text('{"hubs": {}}', encoding="utf-8")
    assert load_json_file(tmp_path / "websub.json") == {"hubs": {}}


def test_broken_json_names_the_file_the_line_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "websub.json"
    path.write_text('{"hubs":\n  {"https://hub.example/": }', encoding="utf-8")
    with pytest.raises(SmoError) as caught:
        load_state(path)
    problem = caught.value.problems[0]
    assert problem.path == str(path) and problem.line == 2
    assert "not valid JSON" in problem.message and problem.hint == "delete it to announce every feed again"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_place_of_the_record_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "websub.json"
    os.mkfifo(path)
    with pytest.raises(SmoError, match="not a regular file"):
        load_state(path)
