#!/usr/bin/env bash
# End to end through `crier serve` (bench/e2e/e2e_bench.cc): Issue inserts through the REST API,
# each delivered to a local Mattermost receiver by a notification. One node on SQLite, then 1, 2
# and 3 nodes on one PostgreSQL database (a throwaway server from scripts/pg-test-server.sh:
# loopback, fsync off), in the same run; events/s, latency at a fixed rate, CPU per component.
# Usage: bench/run_e2e.sh [BUILD_DIR] [SECONDS] [MEMORY_SECONDS]   (after `make build`)
# Issue 5's figures: bench/run_e2e.sh build 10 300 (a 5-minute memory run on SQLite).
set -euo pipefail
build=${1:-build}
seconds=${2:-10}
memory=${3:-0}
top=$(cd "$(dirname "$0")/.." && pwd)
state=$(mktemp -d)
chmod 755 "$state"
trap '"$top/scripts/pg-test-server.sh" stop "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
"$top/scripts/pg-test-server.sh" start "$state" >/dev/null
export CRIER_TEST_PG_URL_FILE="$state/url"
export CRIER_BINARY="$build/crier"
"$build/bench/e2e_bench" --seconds "$seconds" --memory-seconds "$memory" \
  --scenario sqlite:1 --scenario postgres:1 \
  --scenario postgres:2 --scenario postgres:3
