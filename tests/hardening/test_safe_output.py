"""Strange but harmless input builds: a byte-order mark, empty files, huge and deeply nested
pages, unknown keys, odd slugs, symlink loops. Never a traceback, never a file outside public/."""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path

import pytest

from smo_gen.render.outputs import Output
from tests.hardening.support import GOOD_PAGE, snapshot, write_files
from tests.support.cli import run_build
from tests.support.sites import BASE_URL, SITE_TOML, tree_digest, write_site
from tests.support.social_checks import read_head


def build_ok(site_dir: Path, files: dict[str, str | bytes]) -> str:
    write_files(site_dir, files)
    around_before = snapshot(site_dir)
    result = run_build(site_dir)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert snapshot(site_dir) == around_before, "the build wrote outside public/ and .smo-cache/"
    assert sorted(p.name for p in site_dir.parent.iterdir()) == ["site"], "the build wrote beside the site"
    return result.output


def test_byte_order_mark_is_allowed(good_site: Path) -> None:
    build_ok(good_site, {"content/bom.md": b"\xef\xbb\xbf---\ntitle: Marked\ndate: 2026-04-01\n---\nBody.\n"})
    head = read_head(good_site / "public/bom/index.html")
    assert head.one("og:title") == "Marked"
    assert "\ufeff" not in (good_site / "public/bom/index.html").read_text(encoding="utf-8")


def test_windows_line_endings(good_site: Path) -> None:
    build_ok(good_site, {"content/crlf.md": b"---\r\ntitle: Windows\r\ndate: 2026-04-01\r\n---\r\nBody.\r\n"})
    assert read_head(good_site / "public/crlf/index.html").one("og:title") == "Windows"


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\xef\xbb\xbf"], ids=["zero-bytes", "blank-lines", "only-a-bom"])
def test_empty_file_builds_a_page_named_after_it(good_site: Path, data: bytes) -> None:
    build_ok(good_site, {"content/empty-offer.md": data})
    assert read_head(good_site / "public/empty-offer/index.html").one("og:title") == "Empty offer"


def test_empty_front_matter(good_site: Path) -> None:
    build_ok(good_site, {"content/bare.md": "---\n---\nJust a body.\n"})
    assert (good_site / "public/bare/index.html").is_file()


def test_ten_megabyte_page(good_site: Path) -> None:
    paragraph = "Lemonade " * 20 + "\n\n"
    body = paragraph * (10 * 1024 * 1024 // len(paragraph))
    started = time.perf_counter()
    build_ok(good_site, {"content/huge.md": "---\ntitle: Huge\ndate: 2026-04-01\n---\n" + body})
    assert time.perf_counter() - started < 60
    assert (good_site / "public/huge/index.html").stat().st_size > 10 * 1024 * 1024


NESTED = {
    "blockquotes": ">" * 10_000 + " deep\n",
    "list-markers": "- " * 10_000 + "deep\n",
    "ordered-list-markers": "1. " * 10_000 + "deep\n",
    "indented-lists": "".join("  " * level + "- item\n" for level in range(1_000)),
    "brackets": "[" * 10_000 + "x" + "]" * 10_000 + "\n",
    "emphasis": "*" * 10_000 + "x" + "*" * 10_000 + "\n",
    "html": "<div>" * 10_000 + "\n",
    "links-in-images": "![" * 5_000 + "x" + "](a.png)" * 5_000 + "\n",
}


@pytest.mark.parametrize("body", NESTED.values(), ids=NESTED.keys())
def test_deeply_nested_markdown_does_not_crash(good_site: Path, body: str) -> None:
    build_ok(good_site, {"content/deep.md": "---\ntitle: Deep\ndate: 2026-04-01\n---\n" + body})
    assert (good_site / "public/deep/index.html").is_file()


def test_yaml_alias_bomb_is_not_expanded(good_site: Path) -> None:
    """'Billion laughs': nine aliases per level, eight levels deep, 43 million strings if expanded."""
    levels = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    started = time.perf_counter()
    build_ok(good_site, {"content/laughs.md": "---\n" + "\n".join(levels) + "\n---\nBody.\n"})
    assert time.perf_counter() - started < 20


def test_unknown_keys_are_kept_and_typos_get_a_suggestion(good_site: Path) -> None:
    output = build_ok(good_site, {"content/extra.md": "---\ntitle: Extra\ndescripton: typo\nmood: sunny\n---\n"})
    assert (
        "warning: content/extra.md:3: front matter: 'descripton': is not a key smo-gen knows; "
        "kept for templates as page.params (did you mean 'description'?)"
    ) in output
    assert "'mood'" not in output  # not a typo of anything: kept quietly


SLUGS = {
    "../../evil": "evil",
    "..\\..\\windows": "windows",
    "/etc/passwd": "etc-passwd",
    "CON": "con-page",
    "nul": "nul-page",
    'a:b*c?"d<e>f|g': "a-b-c-d-e-f-g",
    "  --spaced--out--  ": "spaced-out",
}


@pytest.mark.parametrize(("slug", "folder"), SLUGS.items(), ids=list(SLUGS))
def test_slug_is_made_safe(good_site: Path, slug: str, folder: str) -> None:
    quoted = slug.replace("\\", "\\\\").replace('"', '\\"')
    build_ok(good_site, {"content/odd.md": f'---\ntitle: Odd\nslug: "{quoted}"\n---\n'})
    assert (good_site / "public" / folder / "index.html").is_file()


def test_absolute_url_stays_inside_the_output(good_site: Path) -> None:
    build_ok(good_site, {"content/odd.md": "---\ntitle: Odd\nurl: /etc/passwd\n---\n"})
    assert (good_site / "public/etc/passwd/index.html").is_file()


def test_symlink_loops_and_links_out_of_the_site(good_site: Path) -> None:
    content = good_site / "content"
    (content / "section").mkdir()
    os.symlink("..", content / "section/parent")  # a folder linking to its parent
    os.symlink(".", content / "itself")
    os.symlink("/etc/hostname", content / "outside.md")
    os.symlink("missing.md", content / "dangling.md")
    os.symlink("/etc", good_site / "static/etc")
    output = build_ok(good_site, {"content/section/inner.md": "---\ntitle: Inner\n---\n"})
    assert "warning: content/outside.md: is a link to a file outside the site, or to nothing; it was skipped" in output
    assert "warning: content/dangling.md: is a link to a file outside the site, or to nothing; it was skipped" in output
    public = good_site / "public"
    assert (public / "section/inner/index.html").is_file()
    assert not (public / "etc").exists() and not (public / "outside").exists()


def test_right_to_left_text_and_emoji(good_site: Path) -> None:
    page = (
        '---\ntitle: "عرض الصيف 🍋 \u202eevil\u202c"\ndate: 2026-04-01\n'
        'tags: ["عرض", "🍋 lemon"]\nlanguage: ar\n---\nنص 👩‍👩‍👧\n'
    )
    build_ok(good_site, {"content/rtl.md": page})
    head = read_head(good_site / "public/rtl/index.html")
    assert head.one("og:title") == "عرض الصيف 🍋 \u202eevil\u202c"
    assert (good_site / "public/tags/عرض/index.html").is_file()
    assert (good_site / "public/tags/lemon/index.html").is_file()


def test_tag_starting_with_a_combining_mark(good_site: Path) -> None:
    # slugify used to raise TypeError (unicodedata.name("")) on a mark with no letter before it.
    build_ok(good_site, {"content/accent.md": '---\ntitle: "\\u0301Accent"\ntags: ["\\u0301accent", "\\u0327"]\n---\n'})
    assert (good_site / "public/tags/accent/index.html").is_file()
    assert sorted(p.name for p in (good_site / "public/tags").iterdir()) == ["accent", "cars", "index.html"]


def test_unknown_template_is_warned_about_once(good_site: Path) -> None:
    output = build_ok(good_site, {"content/imported.md": "---\ntitle: Imported\ntemplate: post\n---\n"})
    warning = (
        "warning: content/imported.md:3: front matter: 'template': "
        "template 'post.html' is not in the theme; page.html is used instead"
    )
    assert output.count(warning) == 1, output


# The output folder: smo-gen deletes only what its own record says it wrote.


def refused(site_dir: Path, *options: str) -> str:
    """Build with `options`, expecting a refusal that changes nothing beside the site."""
    around_before = tree_digest(site_dir.parent)
    result = run_build(site_dir, *options)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert tree_digest(site_dir.parent) == around_before, "a refused build changed files"
    return result.output


@pytest.mark.parametrize(
    ("folder", "reason"),
    [
        (".", "is the site folder"),
        ("content", "is the content folder"),
        ("static", "is the static folder"),
        (".smo-cache", "is the cache folder"),
        ("content/out", "is inside the content folder"),
        (".smo-cache/out", "is inside the cache folder"),
        ("..", "holds the site folder"),
    ],
)
def test_an_output_folder_among_the_sources_is_refused(good_site: Path, folder: str, reason: str) -> None:
    (good_site / "content/new.md").write_text("---\ntitle: New\n---\nA change, so the build would write.\n")
    output = refused(good_site, "--output", str(good_site / folder))
    assert f"error: --output: '{(good_site / folder).resolve()}' {reason}" in output
    assert "a build would replace and delete files there" in output


def test_the_site_folder_as_output_is_refused_even_after_a_change(good_site: Path) -> None:
    """The reported loss: a second build into the site folder deleted content/ and site.toml."""
    refused(good_site, "--output", str(good_site))
    (good_site / "content/good.md").write_text("---\ntitle: Changed\n---\nBody.\n")
    refused(good_site, "--output", str(good_site))


def test_output_dir_above_the_site_in_site_toml_is_refused(good_site: Path) -> None:
    toml = good_site / "site.toml"
    toml.write_text(toml.read_text().replace('title = "', 'output_dir = ".."\ntitle = "', 1))
    output = refused(good_site)
    assert f"error: site.toml: output_dir: '{good_site.parent}' holds the site folder" in output


def test_a_folder_holding_other_files_is_refused_and_kept(good_site: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "manifest.json").write_text('{"someone": "else"}')
    (other / "index.html").write_text("their page")
    output = refused(good_site, "--output", str(other))
    assert f"'{other}' already holds files smo-gen did not write (index.html, manifest.json)" in output
    assert "pass --force-output to write there anyway" in output


def test_force_output_writes_beside_other_files_and_never_deletes_them(good_site: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "notes").mkdir(parents=True)
    (other / "notes/todo.txt").write_text("mine")
    (other / "index.html").write_text("their page")
    result = run_build(good_site, "--output", str(other), "--force-output")
    assert result.exit_code == 0, result.output
    assert (other / "good/index.html").is_file()
    assert (other / "index.html").read_text() != "their page"  # replaced: a path smo-gen writes
    (good_site / "content/good.md").unlink()  # the next build removes what it wrote, and only that
    result = run_build(good_site, "--output", str(other))
    assert result.exit_code == 0, result.output
    assert not (other / "good").exists()
    assert (other / "notes/todo.txt").read_text() == "mine"


def test_an_empty_folder_or_a_fresh_deploy_checkout_is_used_without_asking(good_site: Path, tmp_path: Path) -> None:
    for name in ("empty", "checkout"):
        (tmp_path / name).mkdir()
    (tmp_path / "checkout/.git").mkdir()
    (tmp_path / "checkout/.git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    for name in ("empty", "checkout"):
        result = run_build(good_site, "--output", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name / "good/index.html").is_file()
        assert (tmp_path / name / ".smo-gen-output").read_text().startswith("smo-gen output folder\n")
    assert (tmp_path / "checkout/.git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"


def test_files_put_in_the_output_by_hand_survive_every_build(good_site: Path) -> None:
    public = good_site / "public"
    (public / "CNAME").write_text("example.com\n")
    (public / "google1234.html").write_text("verification")
    (good_site / "content/good.md").write_text("---\ntitle: Changed\n---\nBody.\n")
    assert run_build(good_site).exit_code == 0
    (good_site / "content/good.md").unlink()
    assert run_build(good_site).exit_code == 0
    assert (public / "CNAME").read_text() == "example.com\n"
    assert (public / "google1234.html").read_text() == "verification"
    assert not (public / "good").exists()


def test_an_output_folder_built_before_the_marker_existed_keeps_working(good_site: Path) -> None:
    """public/ as the previous version left it: its files and the record in .smo-cache, no marker."""
    public = good_site / "public"
    shutil.rmtree(public)
    assert run_build(good_site).exit_code == 0  # the copied site's record is kept under its old path
    (public / ".smo-gen-output").unlink()
    (good_site / "content/good.md").unlink()
    result = run_build(good_site)
    assert result.exit_code == 0, result.output
    assert not (public / "good").exists()  # the record says it wrote that page: removed
    assert (public / ".smo-gen-output").is_file()


def test_the_output_of_another_site_is_refused(good_site: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    assert run_build(good_site, "--output", str(shared)).exit_code == 0
    other_toml = SITE_TOML.replace(BASE_URL, "https://other.example/")
    other_site = write_site(tmp_path / "other-site", {"content/theirs.md": GOOD_PAGE}, site_toml=other_toml)
    output = refused(other_site, "--output", str(shared))
    assert f"'{shared}' holds the output of another smo-gen site" in output
    assert run_build(other_site, "--output", str(shared), "--force-output").exit_code == 0
    assert (shared / "good/index.html").is_file()  # not this site's to delete
    assert (shared / "theirs/index.html").is_file()


# Names a build writes: no hidden folders, nothing too long, no two names one file system merges.


def refused_page(site_dir: Path, files: dict[str, str | bytes]) -> str:
    write_files(site_dir, files)
    before, around_before = tree_digest(site_dir / "public"), snapshot(site_dir)
    result = run_build(site_dir)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert tree_digest(site_dir / "public") == before, "a refused build changed the output"
    assert snapshot(site_dir) == around_before, "a refused build wrote outside public/ and .smo-cache/"
    return result.output


@pytest.mark.parametrize(
    ("front_matter", "line", "key", "path"),
    [
        ("url: /.git/config/", 3, "url", "/.git/config/"),
        ('aliases: ["/.git/HEAD/"]', 3, "aliases", "/.git/HEAD/"),
        ("url: /docs/.hg/", 3, "url", "/docs/.hg/"),
        ('aliases: ["/.svn/entries"]', 3, "aliases", "/.svn/entries"),
    ],
)
def test_pages_cannot_write_into_a_deploy_checkouts_history(
    good_site: Path, front_matter: str, line: int, key: str, path: str
) -> None:
    git_dir = good_site / "public/.git"
    git_dir.mkdir()
    (git_dir / "config").write_text("[core]\n")
    (git_dir / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    output = refused_page(good_site, {"content/sneaky.md": f"---\ntitle: Sneaky\n{front_matter}\n---\n"})
    hidden = path.strip("/").split("/")[0] if path.startswith("/.") else ".hg"
    assert (
        f"error: content/sneaky.md:{line}: front matter: '{key}': '{path}' writes into the hidden folder '{hidden}' "
        "(only '.well-known' is allowed)"
    ) in output
    assert (git_dir / "config").read_text() == "[core]\n" and (git_dir / "HEAD").is_file()


def test_a_page_may_live_in_well_known(good_site: Path) -> None:
    build_ok(good_site, {"content/security.md": "---\ntitle: Security\nurl: /.well-known/security/\n---\n"})
    assert (good_site / "public/.well-known/security/index.html").is_file()


def test_a_file_name_of_245_characters_builds(good_site: Path) -> None:
    name = "a" * 245
    build_ok(good_site, {f"content/{name}.md": "---\ntitle: Long\ndate: 2026-04-01\n---\nBody.\n"})
    assert (good_site / f"public/{name}/index.html").is_file()
    assert any(p.name.startswith("a" * 100) for p in (good_site / "public/cards").iterdir())  # its card, shortened


def test_deeply_nested_long_folders_and_long_asset_names_build(good_site: Path) -> None:
    folder, asset = "b" * 200, "c" * 248 + ".txt"  # the card name joins folders; the temporary name adds 9 bytes
    build_ok(
        good_site,
        {f"content/{folder}/{folder}/index.md": "---\ntitle: Deep\n---\nBody.\n", f"content/{folder}/{asset}": "x"},
    )
    assert (good_site / f"public/{folder}/{folder}/index.html").is_file()
    assert (good_site / f"public/{folder}/{asset}").read_text() == "x"
    assert not list((good_site / "public").rglob("*.smo-tmp"))


@pytest.mark.parametrize(
    ("front_matter", "key", "hint"),
    [
        (f"slug: {'s' * 300}", "slug", "give the page a shorter 'slug' (or rename its file)"),
        (f"tags: [{'t' * 300}]", "tags", "shorten the tag"),
        (f"url: /{'u' * 300}/", "url", None),
        (f'aliases: ["/{"a" * 300}/"]', "aliases", None),
    ],
    ids=["slug", "tag", "url", "alias"],
)
def test_a_name_too_long_is_an_error_naming_the_page_and_key(
    good_site: Path, front_matter: str, key: str, hint: str | None
) -> None:
    output = refused_page(good_site, {"content/long.md": f"---\ntitle: Long\n{front_matter}\n---\n"})
    assert f"error: content/long.md:3: front matter: '{key}': '/" in output
    assert "has a name of 300 bytes; file systems allow 255 (as UTF-8) for each folder or file name" in output
    assert hint is None or f"({hint})" in output
    assert "File name too long" not in output


@pytest.mark.parametrize(
    ("first", "second"),
    [("/caf\u00e9/", "/cafe\u0301/"), ("/Offers/", "/offers/")],
    ids=["nfc-and-nfd", "case"],
)
def test_urls_one_file_system_would_merge_are_a_clash_naming_both_files(
    good_site: Path, first: str, second: str
) -> None:
    output = refused_page(
        good_site,
        {
            "content/one.md": f"---\ntitle: One\nurl: {first}\n---\n",
            "content/two.md": f"---\ntitle: Two\nurl: {second}\n---\n",
        },
    )
    clash = [line for line in output.splitlines() if "is already used by" in line]
    assert len(clash) == 1 and "content/one.md" in clash[0] and "content/two.md" in clash[0], output
    assert clash[0].startswith(
        ("error: content/one.md:3: front matter: 'url'", "error: content/two.md:3: front matter: 'url'")
    )


# A full disk while writing: a clear error, never a traceback.


def test_a_full_disk_while_writing_the_output_is_a_clear_error(
    good_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smo_gen.build import output_files

    real = output_files._write_content

    def full_disk(path: Path, output: Output, link: bool = False) -> None:
        if output.dest == "good/index.html":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, output, link)

    (good_site / "content/good.md").write_text("---\ntitle: Changed\ndate: 2026-05-01\n---\nBody.\n")
    monkeypatch.setattr(output_files, "_write_content", full_disk)
    result = run_build(good_site)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "error: disk full while writing public/good/index.html "
        "(free some space or fix the permission, then build again)" in result.output
    )
    assert not list((good_site / "public").rglob("*.smo-tmp"))
    monkeypatch.undo()
    assert run_build(good_site).exit_code == 0
    assert "Changed" in (good_site / "public/good/index.html").read_text()


def test_a_full_disk_while_writing_a_cache_is_a_clear_error(good_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(path: Path, data: bytes, **options: bool) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    (good_site / "content/new.md").write_text("---\ntitle: New\ndate: 2026-05-02\n---\nBody.\n")
    before = tree_digest(good_site / "public")
    for module in (
        "smo_gen.build.caches.file_keyed",
        "smo_gen.build.parsing",
        "smo_gen.build.caches.sharded",
        "smo_gen.build.writer",
        "smo_gen.build.output_state",
        "smo_gen.build.template_dependencies",
    ):
        for writer in ("write_atomically", "replace_cache_file"):  # outputs' files, caches' files
            if hasattr(__import__(module, fromlist=["x"]), writer):
                monkeypatch.setattr(f"{module}.{writer}", full_disk)
    result = run_build(good_site)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"error: disk full while writing {good_site}/.smo-cache/" in result.output  # the first cache the build saves
    assert "(free some space or fix the permission, then build again)" in result.output
    assert "1 problem; no page of the previous site was replaced." in result.output
    assert tree_digest(good_site / "public") == before


def test_temporary_files_left_by_a_killed_build_are_cleared_by_the_next(good_site: Path) -> None:
    public = good_site / "public"
    left = [public / "good/.index.html.smo-tmp", public / ".feed.xml.smo-tmp"]
    for path in left:
        path.write_bytes(b"half a fi")
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # from a build stopped long ago
    result = run_build(good_site)
    assert result.exit_code == 0, result.output
    assert not any(path.exists() for path in left)
    assert not list(public.rglob("*.smo-tmp"))
