#!/usr/bin/env bash
# `make bench`: runs every benchmark under bench/ with its reference in the same run.
set -euo pipefail
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
shopt -s nullglob
for script in "$top"/bench/run_*.sh; do
  echo "==== $(basename "$script") ===="
  "$script" "$build"
done
