#!/usr/bin/env bash
# `make bench`: crier's HTTP layer against the raw Boost.Beast prototype it was chosen from (ADR
# 0001), same insert endpoint, same http_load scenarios, 5 s each; prints the ratios.
set -euo pipefail
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
CONFIGS="beast-1io-4w crier-http" REFERENCE=beast-1io-4w \
  "$top/bench/http_choice/compare.sh" "$build" 5 2>/dev/null
