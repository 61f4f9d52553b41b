"""Settings for every test process and every `smo-gen` command a test starts."""

from __future__ import annotations

import os

# No build servers behind the tests: a test that runs the installed `smo-gen build` would leave one
# per site folder, each idling for minutes after the run. tests/integration/test_build_server.py
# switches them on for its own sites, in a socket folder of its own, and stops them.
os.environ["SMO_GEN_BUILD_SERVER"] = "off"
