#!/usr/bin/env bash
# The test command: services the tests need, then pytest. Called by `make test` and CI.
set -euo pipefail
cd "$(dirname "$0")/.."
for hook in scripts/ci.d/*.sh; do
  [ -e "$hook" ] && bash "$hook"
done
exec .venv/bin/python -m pytest "$@"
