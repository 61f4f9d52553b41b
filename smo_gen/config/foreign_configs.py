"""The generators `smo-gen import` reads, and where each keeps its config, in the order it looks.

Kept apart from `site_import` (which reads YAML) so that the command line can offer the names
without loading the importer.
"""

from __future__ import annotations

CONFIG_FILES = {
    "hugo": (
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
        "config/_default/hugo.toml",
        "config/_default/config.toml",
    ),
    "jekyll": ("_config.yml", "_config.yaml", "_config.toml"),
    "zola": ("config.toml", "zola.toml"),
}
