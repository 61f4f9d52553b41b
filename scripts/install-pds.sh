#!/usr/bin/env bash
# Installs a real Bluesky PDS (@atproto/pds 0.4.x, which runs on Node 20) and an in-memory PLC
# directory into scripts/pds/node_modules, for the Bluesky syndication tests. Idempotent: does
# nothing when they are installed already. better-sqlite3 has no prebuilt binary it can download
# here, so it compiles from source (about 2 minutes on 2 cores; needs gcc, make and python3).
# Without Node/npm it says so; the Bluesky tests then skip (and FAIL under CI=true).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
pds_dir="$here/pds"

if [ -f "$pds_dir/node_modules/.smo-installed" ] \
   && [ "$pds_dir/node_modules/.smo-installed" -nt "$pds_dir/package.json" ]; then
  echo "test tools: Bluesky PDS present ($pds_dir/node_modules)"
  exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "!!! test tools: node and npm are needed for the Bluesky PDS; its tests will be SKIPPED (FAIL under CI=true)." >&2
  exit 0
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "!!! test tools: Node $major is too old for @atproto/pds 0.4 (needs 20+); Bluesky tests will skip (fail in CI)." >&2
  exit 0
fi
# node-gyp needs Node's headers; use the ones installed with node rather than downloading them.
nodedir="$(dirname "$(dirname "$(command -v node)")")"
if [ -f "$nodedir/include/node/node_api.h" ]; then
  export npm_config_nodedir="$nodedir"
fi
echo "test tools: installing the Bluesky PDS into $pds_dir (compiles better-sqlite3: about 2 minutes)"
started=$(date +%s)
if (cd "$pds_dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null); then
  touch "$pds_dir/node_modules/.smo-installed"
  echo "test tools: Bluesky PDS installed in $(( $(date +%s) - started ))s"
else
  echo "!!! test tools: npm could not install the Bluesky PDS; its tests will skip (fail in CI)." >&2
fi
exit 0
