#!/usr/bin/env bash
# ctest's entry for the browser tests: installs the pinned playwright-core (npm ci, never a browser
# download) when node_modules is missing, then runs run.mjs. Debian's Chromium comes from
# scripts/install-deps.sh test.
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! -d node_modules/playwright-core ]]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
exec node run.mjs "$@"
