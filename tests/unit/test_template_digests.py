"""Template digests: an output depends on its template and every template that one uses."""

from __future__ import annotations

from pathlib import Path

import jinja2

from smo_gen.build.template_dependencies import TemplateDigests


def digests(folder: Path, memo: Path) -> TemplateDigests:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)))
    return TemplateDigests(env, memo)


def test_a_template_depends_on_what_it_uses_and_the_uses_are_remembered(tmp_path: Path) -> None:
    folder, memo = tmp_path / "templates", tmp_path / "cache/references.json"
    folder.mkdir()
    (folder / "base.html").write_text("<main>{% block body %}{% endblock %}</main>")
    (folder / "part.html").write_text("part")
    (folder / "page.html").write_text('{% extends "base.html" %}{% block body %}page{% endblock %}')
    first = digests(folder, memo)
    page, part = first.digest("page.html"), first.digest("part.html")
    assert first.closures["page.html"] == {"page.html", "base.html"}
    first.save()
    assert memo.exists()

    (folder / "base.html").write_text("<main class=x>{% block body %}{% endblock %}</main>")
    second = digests(folder, memo)
    assert second.digest("page.html") != page  # what it extends changed
    assert second.digest("part.html") == part

    (folder / "page.html").write_text(
        '{% extends "base.html" %}{% block body %}{% include "part.html" %}{% endblock %}'
    )
    third = digests(folder, memo)
    changed = third.digest("page.html")
    assert third.closures["page.html"] == {"page.html", "base.html", "part.html"}  # the new include is seen
    third.save()
    (folder / "part.html").write_text("another part")
    assert digests(folder, memo).digest("page.html") != changed


def test_a_damaged_memo_is_no_error(tmp_path: Path) -> None:
    folder, memo = tmp_path / "templates", tmp_path / "references.json"
    folder.mkdir()
    (folder / "page.html").write_text('{% include "part.html" %}')
    (folder / "part.html").write_text("part")
    memo.write_bytes(b"not JSON")
    found = digests(folder, memo)
    found.digest("page.html")
    assert found.closures["page.html"] == {"page.html", "part.html"}
