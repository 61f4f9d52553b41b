"""Stage 5 and the edges: the pipeline run, what changed since the last build, caches, the writer."""
