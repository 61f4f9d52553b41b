"""Every cache a build keeps between runs, in one place, going stale by one rule.

Caches live in the site's cache folder (`.smo-cache/`) as data only (`data`: JSON, never
pickle, since the folder can come from a checkout).
"""
