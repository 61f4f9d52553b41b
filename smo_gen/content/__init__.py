"""Stage 2: content files found on disk and each parsed into a `Page` (front matter, Markdown, URL)."""
