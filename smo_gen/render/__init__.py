"""Stage 4: the `Site` rendered into planned outputs: HTML, social meta, feeds, manifest, sitemap."""
