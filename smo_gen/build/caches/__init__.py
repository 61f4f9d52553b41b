"""Every cache a build keeps between runs, in one place, going stale by one rule.

Caches live in the site's cache folder (`.smo-cache/`), as data only (`data`: JSON, never
pickle, since the folder can come from a checkout), each under a header (`header`): the code
stamp, the versions of the libraries its values depend on and the settings that change them.
A cache whose header differs is empty. Single values go stale by their own key:

- `file_keyed`: values made from one file (a page's parse, an image's size, a photo's
  digest), kept with the file's size and modification time; `file_looks` holds the looks
  the build stamp took and trusts, passed down once.
- `sharded`: a large cache in several files, so one change rewrites one file.
- `feed_entries`: where each entry of a feed or the manifest lies in the last build's file,
  read before rendering and saved after (the renderers stay pure).
- `templates`: compiled templates, kept in Jinja's per-user folder (they are code).
"""
