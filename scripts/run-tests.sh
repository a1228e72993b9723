#!/usr/bin/env bash
# `make test`: every suite, each stage run even when an earlier one failed, then one summary line
# `N passed, M failed` counting individual test cases (GoogleTest cases, differential cases, fuzzers).
# Usage: scripts/run-tests.sh BUILD_DIR ASAN_BUILD_DIR
set -uo pipefail

build=${1:-build}
asan=${2:-build-asan}
jobs=$(nproc)
status=0
top=$(cd "$(dirname "$0")/.." && pwd)

stage() { printf '\n==== %s ====\n' "$*"; }

stage "optimised build: unit, integration and differential suites"
rm -rf "$build/test-results" && mkdir -p "$build/test-results"
(cd "$build" && ctest -j "$jobs" --output-on-failure --output-junit test-results/ctest.junit) || status=1

stage "sanitizer build (clang, ASan+UBSan)"
rm -rf "$asan/test-results" && mkdir -p "$asan/test-results"
if make -s -C "$top" asan ASAN_BUILD="$asan" JOBS="$jobs"; then
  stage "unit tests under ASan+UBSan"
  (cd "$asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest -j "$jobs" -L unit --output-on-failure --output-junit test-results/ctest.junit) || status=1
  stage "fuzzers, 30 seconds each on their kept corpus, fixed seed"
  FUZZ_SEED=1 "$top/scripts/run-fuzzers.sh" "$asan" 30 || status=1
else
  echo "sanitizer build failed" >&2
  mkdir -p "$asan/test-results"
  echo '{"passed": 0, "failed": 1, "name": "sanitizer build"}' > "$asan/test-results/asan-build.summary.json"
  status=1
fi

stage "summary"
python3 "$top/scripts/summarize-tests.py" "$build/test-results" "$asan/test-results" || status=1
exit $status
