"""Incremental builds against clean builds over long sequences of the changes people make.

Each sequence is random but seeded (the same every run): after every change, the site is built
incrementally (by worker processes, with the build stamp on, as `smo-gen build` runs) and its
output must equal, byte for byte, a clean build of a copy of the site in one process.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from smo_gen.build import parsing, render_workers
from smo_gen.build.caches import images
from tests.support.sites import SITE_TOML, build, clean_copy_build, png_bytes, tree_digest, write_site

TAGS = ["news", "cars", "bikes", "sale", "spring"]


def page(rng: random.Random, number: int, *, url: bool = False, image: str | None = None) -> str:
    tags = ", ".join(rng.sample(TAGS, rng.randint(0, 3)))
    lines = [f"title: Post {number}", f"date: 2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", f"tags: [{tags}]"]
    if url:
        lines.append(f"url: /fixed/post-{number}/")
    if image:
        lines += [f"image: {image}", f"image_alt: Photo {number}"]
    body = "\n\n".join(f"Paragraph {n} of post {number} with [a link](https://example.com/{n})." for n in range(3))
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


class Site:
    """A small site on disk and the changes a sequence makes to it."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.next_number = 12
        files: dict[str, str | bytes] = {f"content/post-{n}.md": page(rng, n, url=n % 4 == 0) for n in range(12)}
        files["static/images/photo.png"] = png_bytes(1200, 630, (10, 120, 40))
        write_site(root, files)

    def posts(self) -> list[Path]:
        return sorted((self.root / "content").rglob("*.md"))

    def pick(self) -> Path:
        return self.rng.choice(self.posts())

    def edit_body(self) -> None:
        path = self.pick()
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")

    def edit_first_paragraph(self) -> None:  # the summary that lists show
        path = self.pick()
        path.write_text(path.read_text(encoding="utf-8").replace("Paragraph 0", "First paragraph", 1), encoding="utf-8")

    def retitle(self) -> None:
        path = self.pick()
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: ", "title: Renamed ", 1), encoding="utf-8")

    def retag(self) -> None:
        path = self.pick()
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        tags = ", ".join(self.rng.sample(TAGS, self.rng.randint(0, 3)))
        path.write_text(
            "".join(f"tags: [{tags}]\n" if line.startswith("tags:") else line for line in lines), encoding="utf-8"
        )

    def rename(self) -> None:  # a page with a fixed url keeps its address
        path = self.pick()
        folder = self.root / "content" / self.rng.choice(["", "moved"])
        folder.mkdir(exist_ok=True)
        path.rename(folder / f"renamed-{self.next_number}.md")
        self.next_number += 1

    def delete(self) -> None:
        if len(self.posts()) > 3:
            self.pick().unlink()

    def add(self) -> None:
        image = "/images/photo.png" if self.rng.random() < 0.5 else None
        path = self.root / "content" / f"post-{self.next_number}.md"
        path.write_text(page(self.rng, self.next_number, url=self.rng.random() < 0.3, image=image), encoding="utf-8")
        self.next_number += 1

    def replace_photo(self) -> None:  # same file name: only the image's bytes change
        color = (self.rng.randrange(256), self.rng.randrange(256), self.rng.randrange(256))
        (self.root / "static/images/photo.png").write_bytes(png_bytes(1200, 630, color))

    def change_settings(self) -> None:
        title = self.rng.choice(["Test Shop", "Renamed Shop", "Another Shop"])
        (self.root / "site.toml").write_text(
            SITE_TOML.replace('title = "Test Shop"', f'title = "{title}"'), encoding="utf-8"
        )

    def override_template(self) -> None:  # the site's own template shadows the theme's
        templates = self.root / "templates" / "partials"
        templates.mkdir(parents=True, exist_ok=True)
        (templates / "share.html").write_text(f"<p>Share nothing ({self.next_number}).</p>\n", encoding="utf-8")
        self.next_number += 1

    def add_static_file(self) -> None:
        (self.root / "static" / f"note-{self.next_number}.txt").write_text("a file\n", encoding="utf-8")
        self.next_number += 1


CHANGES: list[Callable[[Site], None]] = [
    Site.edit_body,
    Site.edit_first_paragraph,
    Site.retitle,
    Site.retag,
    Site.rename,
    Site.delete,
    Site.add,
    Site.replace_photo,
    Site.change_settings,
    Site.override_template,
    Site.add_static_file,
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_incremental_build_in_a_sequence_equals_a_clean_build(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (parsing, render_workers, images):  # worker processes even for a small site
        monkeypatch.setattr(module, "PARALLEL_MINIMUM", 2)
    rng = random.Random(seed)
    site = Site(tmp_path / "site", rng)
    build(site.root, workers=2)
    done: list[str] = []
    for _ in range(12):
        change = rng.choice(CHANGES)
        change(site)
        done.append(change.__name__)
        build(site.root, workers=2)
        assert tree_digest(site.root / "public") == clean_copy_build(site.root, tmp_path / "clean", workers=1), (
            f"after {done}"
        )
