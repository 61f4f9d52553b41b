"""smo-gen: a static-site and feed generator for social media optimization."""

__version__ = "0.1.0"
