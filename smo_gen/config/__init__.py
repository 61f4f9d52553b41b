"""Stage 1: `site.toml` read into a frozen `SiteConfig`; starters and imports from other generators."""
