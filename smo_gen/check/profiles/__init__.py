"""`smo-gen check --profile`: each destination's published rules over a built site, one verdict per page and feed."""
