"""The staleness rule: a cache's header names the code, the libraries and the settings its values depend on."""

from __future__ import annotations

from smo_gen.build.caches.header import FEED_LIBRARIES, PARSER_LIBRARIES, cache_header, library_versions


def test_the_header_changes_with_the_settings_and_the_libraries_and_only_with_them() -> None:
    assert cache_header("Europe/Paris", "en") == cache_header("Europe/Paris", "en")
    assert cache_header("Europe/Paris", "en") != cache_header("Europe/Paris", "fr")
    assert cache_header("UTC", libraries=PARSER_LIBRARIES) != cache_header("UTC", libraries=FEED_LIBRARIES)


def test_library_versions_name_each_library_with_its_installed_version() -> None:
    versions = library_versions(FEED_LIBRARIES)
    assert versions.startswith("feedgen ") and ", lxml " in versions and "unknown" not in versions
    assert library_versions(("no-such-library",)) == "no-such-library unknown"
    assert library_versions(()) == ""
