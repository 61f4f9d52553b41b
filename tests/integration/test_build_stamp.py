"""The build stamp: a build whose inputs are those of the last one is skipped outright, and
anything that would change the output (an edit, an option, a deleted output file, a scheduled
page coming due) makes the build run in full again."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smo_gen.build import build_stamp, pipeline
from tests.support.sites import NOW, build, tree_digest, write_site


def page(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2026-05-01\ntags: [news]\n{extra}---\nA paragraph about {title}.\n"


def settle(root: Path, seconds_ago: int = 60) -> None:
    """Make every file look as if it was saved a while ago, as a site's files are between builds."""
    moment = time.time() - seconds_ago
    for path in root.rglob("*"):
        if path.is_file() and "public" not in path.parts and ".smo-cache" not in path.parts:
            os.utime(path, (moment, moment))


@pytest.fixture
def pipeline_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the builds that ran the pipeline (the ones the stamp did not skip)."""
    runs: list[int] = []
    real = pipeline.run_pipeline

    def counting(*args: object, **kwargs: object) -> pipeline.BuiltSite:
        runs.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "run_pipeline", counting)
    return runs


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write_site(root, {"content/one.md": page("One"), "content/two.md": page("Two", "image: /images/missing-alt.png\n")})
    (root / "static/images/missing-alt.png").write_bytes((root / "static/images/default.png").read_bytes())
    settle(root)
    build(root)
    return root


def test_a_second_build_with_nothing_changed_is_skipped_and_says_the_same(site: Path, pipeline_runs: list[int]) -> None:
    before = tree_digest(site / "public")
    mtimes = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    summary, reporter = build(site)
    assert pipeline_runs == []
    assert (summary.pages, summary.rendered, summary.written, summary.removed) == (2, 0, 0, 0)
    assert summary.unchanged == summary.outputs > 0
    assert tree_digest(site / "public") == before
    assert {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()} == mtimes
    # The warnings of the build that made the output are given again, not lost.
    assert any("image_alt" in str(problem) for problem in reporter.problems)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda root: (root / "content/one.md").write_text(page("One, edited")), id="page edited"),
        pytest.param(lambda root: (root / "content/three.md").write_text(page("Three")), id="page added"),
        pytest.param(lambda root: (root / "content/two.md").unlink(), id="page deleted"),
        pytest.param(
            lambda root: (root / "site.toml").write_text((root / "site.toml").read_text() + "\n# note\n"),
            id="site.toml",
        ),
        pytest.param(lambda root: (root / "static/robots-extra.txt").write_text("x"), id="static file added"),
        pytest.param(
            lambda root: write_site(root, {"templates/page.html": "{{ page.title }}"}, site_toml=None),
            id="template added",
        ),
    ],
)
def test_a_changed_input_runs_the_build_and_matches_a_clean_build(
    site: Path, pipeline_runs: list[int], change, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    change(site)
    settle(site)
    build(site)
    assert pipeline_runs == [1]
    edited = tree_digest(site / "public")
    fresh = tmp_path / "fresh"
    write_site(fresh, {}, site_toml=None)
    for path in site.rglob("*"):
        rel = path.relative_to(site)
        if path.is_file() and rel.parts[0] not in ("public", ".smo-cache"):
            (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
            (fresh / rel).write_bytes(path.read_bytes())
    build(fresh)
    assert edited == tree_digest(fresh / "public")


def test_a_changed_option_runs_the_build(site: Path, pipeline_runs: list[int]) -> None:
    build(site, base_url="https://preview.example/")
    assert pipeline_runs == [1]
    assert "https://preview.example/" in (site / "public/one/index.html").read_text()


@pytest.mark.parametrize("damage", ["edited", "edited, same size", "deleted"])
def test_an_output_changed_by_hand_is_put_right(site: Path, pipeline_runs: list[int], damage: str) -> None:
    before = tree_digest(site / "public")
    target = site / "public/one/index.html"
    if damage == "edited":
        target.write_text("defaced")
    elif damage == "edited, same size":
        target.write_bytes(target.read_bytes().replace(b"One", b"Won"))
    elif damage == "deleted":
        target.unlink()
    build(site)
    assert pipeline_runs == [1]
    assert tree_digest(site / "public") == before


def test_a_file_added_by_hand_is_kept_and_the_next_build_skipped(site: Path, pipeline_runs: list[int]) -> None:
    before = tree_digest(site / "public")
    (site / "public/stray.html").write_text("left by hand")  # smo-gen did not write it: not its to delete
    build(site)
    build(site)
    assert pipeline_runs == [1]
    assert tree_digest(site / "public") == {**before, "stray.html": tree_digest(site / "public")["stray.html"]}


def test_a_scheduled_page_comes_out_when_its_time_comes(site: Path, pipeline_runs: list[int]) -> None:
    due = NOW + dt.timedelta(days=2)
    (site / "content/later.md").write_text(page("Later", f"publish_date: {due.isoformat()}\n"))
    settle(site)
    build(site)
    build(site)
    assert pipeline_runs == [1]  # the second build, before the page is due, is skipped
    assert not (site / "public/later/index.html").exists()
    build(site, now=due + dt.timedelta(minutes=1))
    assert pipeline_runs == [1, 1]
    assert (site / "public/later/index.html").exists()


def test_a_file_saved_within_a_tick_of_the_look_leaves_no_stamp(site: Path, pipeline_runs: list[int]) -> None:
    # File times come in ticks: a second save in the same tick at the same size would look
    # unchanged, so a build that saw so fresh a file does not trust its look for the next.
    # (The time is set a little ahead, as a clock skewed against the file server's gives,
    # so the test does not depend on how fast the build starts.)
    path = site / "content/one.md"
    path.write_text(page("One, new"))
    ahead = time.time_ns() + 1_000_000_000
    os.utime(path, ns=(ahead, ahead))
    build(site)
    build(site)
    assert pipeline_runs == [1, 1]


def test_a_file_saved_twice_within_a_tick_is_read_again_later(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Files that look as they did last build are not read again, so a look taken within a tick
    # of a save must not be kept: a second save in the same tick, at the same size, looks the same.
    path = site / "content/one.md"
    moment = time.time_ns() + 1_000_000_000
    path.write_text(page("One, first"))
    os.utime(path, ns=(moment, moment))
    build(site)
    path.write_text(page("One, later"))
    os.utime(path, ns=(moment, moment))
    real_time_ns = time.time_ns
    monkeypatch.setattr(build_stamp.time, "time_ns", lambda: real_time_ns() + 10_000_000_000)  # long settled now
    build(site)
    assert "One, later" in (site / "public/one/index.html").read_text()


def test_a_settled_file_edited_in_place_is_read_again(site: Path) -> None:
    path = site / "content/one.md"
    before = path.stat().st_mtime_ns
    path.write_text(page("One").replace("A paragraph", "B paragraph"))  # same size, new time
    os.utime(path, ns=(before + 1_000_000, before + 1_000_000))
    build(site)
    assert "B paragraph about One" in (site / "public/one/index.html").read_text()


@pytest.mark.parametrize(
    ("newest_ns", "settled"),
    [
        (10_000_000_000 - 200_000_000 + 123, True),  # fine-grained times, 0.2 s before the look
        (10_000_000_000 - 10_000_000 + 123, False),  # fine-grained, 10 ms before: within a tick
        (9_000_000_000, False),  # whole-second times (FAT, ext3, some NFS), 1 s before
        (7_000_000_000, True),  # whole-second times, 3 s before
    ],
)
def test_how_recent_a_change_may_be_depends_on_the_file_systems_tick(newest_ns: int, settled: bool) -> None:
    assert build_stamp.InputsLook("digest", newest_ns, taken_ns=10_000_000_000).settled is settled


def test_a_damaged_stamp_is_ignored(site: Path, pipeline_runs: list[int]) -> None:
    stamps = list((site / ".smo-cache").glob(f"{build_stamp.STAMP_PREFIX}*"))
    assert len(stamps) == 1
    stamps[0].write_bytes(b"not JSON")
    build(site)
    build(site)
    assert pipeline_runs == [1]


def test_a_symbolic_link_in_the_content_means_no_skipping(site: Path, pipeline_runs: list[int], tmp_path: Path) -> None:
    # A link may point anywhere, and what it points at can change unseen.
    outside = tmp_path / "outside.md"
    outside.write_text(page("Outside"))
    (site / "content/linked.md").symlink_to(outside)
    settle(site)
    build(site)
    build(site)
    assert pipeline_runs == [1, 1]


def test_a_skipped_build_does_not_load_the_pipeline(site: Path) -> None:
    # The point of skipping is a build that costs a look: Jinja, Pillow, Markdown and the
    # feed writer are not even imported.
    script = (
        "import sys, datetime as dt; from pathlib import Path;"
        "from smo_gen.build.command import build_site; from smo_gen.build.request "
        "import BuildRequest; from smo_gen.reporter import RecordingReporter;"
        f"build_site(BuildRequest(Path({str(site)!r}), "
        f"now=dt.datetime.fromisoformat({NOW.isoformat()!r})), RecordingReporter());"
        "print(sorted(m for m in ('jinja2', 'PIL', 'markdown_it', "
        "'feedgen', 'smo_gen.build.pipeline') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_a_template_that_shows_the_time_is_never_skipped(site: Path, pipeline_runs: list[int]) -> None:
    write_site(
        site,
        {"templates/page.html": "{% extends 'base.html' %}{% block content %}{{ now }}{% endblock %}"},
        site_toml=None,
    )
    settle(site)
    build(site)
    build(site)
    assert pipeline_runs == [1, 1]


def test_the_stamp_records_the_output_folder_as_it_is_after_stale_files_are_swept(
    site: Path, pipeline_runs: list[int]
) -> None:
    """The writer's sweep looks at the whole output folder anyway; the stamp reuses that look,
    so it must be exactly the look the next build compares against."""
    from smo_gen.config.site_config import load_config

    (site / "public/stray.html").write_text("left by hand")
    (site / "content/two.md").unlink()
    settle(site)
    build(site)
    config = load_config(site)
    stamp = build_stamp.load_stamp(config)
    assert stamp is not None
    assert stamp.outputs == build_stamp.look_at_outputs(config.output_dir)
    assert "stray.html" in stamp.outputs and "two/index.html" not in stamp.outputs  # kept: smo-gen did not write it
    build(site)
    assert pipeline_runs == [1]  # the second build matched the stamp and was skipped


def test_a_stamp_is_read_in_full_only_when_its_inputs_match(site: Path) -> None:
    """The inputs digest is the stamp's first line, so a build after an edit does not read
    20,000 output looks to learn that its inputs differ; a damaged rest counts as no stamp."""
    from smo_gen.config.site_config import load_config

    settle(site)
    build(site)
    config = load_config(site)
    stamp = build_stamp.load_stamp(config)
    assert stamp is not None
    assert build_stamp.load_stamp(config, stamp.inputs) == stamp
    assert build_stamp.load_stamp(config, "another look") is None

    path = build_stamp.stamp_path(config)
    first_line = path.read_bytes().split(b"\n", 1)[0]
    assert first_line == stamp.inputs.encode()
    path.write_bytes(first_line + b"\nnot JSON")
    assert build_stamp.load_stamp(config, stamp.inputs) is None
    path.write_bytes(first_line + b'\n{"outputs": {"index.html": "big"}}')
    assert build_stamp.load_stamp(config) is None, "a rest that is not a stamp is not trusted"


def test_a_skipped_build_removes_an_old_tree_a_stopped_build_left_beside_the_output(
    site: Path, pipeline_runs: list[int]
) -> None:
    # A build stopped after saving its stamp, while the old tree it switched out was being removed.
    left = site / ".public.smo-next-0badc0de"
    (left / "posts").mkdir(parents=True)
    (left / "posts/index.html").write_text("the old site", encoding="utf-8")
    before = tree_digest(site / "public")
    build(site)
    assert pipeline_runs == []  # skipped
    assert not left.exists()
    assert tree_digest(site / "public") == before


def test_a_stamp_with_warnings_and_an_expiry_reads_back_as_saved(site: Path) -> None:
    import dataclasses

    from smo_gen.config.site_config import load_config
    from smo_gen.errors import Problem
    from smo_gen.reporter import BuildSummary

    config = load_config(site)
    summary = BuildSummary(*range(len(dataclasses.fields(BuildSummary))))
    warnings = (Problem("careful", path="content/one.md", line=3, key="front matter: 'image'", severity="warning"),)
    stamp = build_stamp.BuildStamp(
        inputs="look",
        extra_files={"/fonts/a.ttf": (10, 20), "/fonts/gone.ttf": None},
        expires=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC),
        outputs={f"page-{n}/index.html": (n, n * 1000) for n in range(50)},
        summary=summary,
        warnings=warnings,
    )
    build_stamp.save_stamp(config, stamp)
    assert build_stamp.load_stamp(config, "look") == stamp
