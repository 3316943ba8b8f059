#!/usr/bin/env bash
# Headless Chromium for the dashboard's end-to-end tests (tests/test_e2e.py) and
# scripts/screenshots.py: Debian's chromium package, installed only when /usr/bin/chromium is
# missing. Playwright drives it through executable_path, so no browser is downloaded.
# If this fails, the e2e tests fail with a message saying Chromium is missing (they never skip).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "ci: chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
echo "ci: installing chromium (Debian package)"
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null; }; then
  echo "ci: WARNING: could not install chromium; tests/test_e2e.py will fail" >&2
  exit 0
fi
echo "ci: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"
