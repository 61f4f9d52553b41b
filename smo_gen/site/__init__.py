"""Stage 3: the pages assembled into one frozen `Site`: sections, taxonomies, pagination, assets, media."""
