#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR/fuzz for SECONDS each, on its kept corpus under
# fuzz/corpus/<target> (new interesting inputs are added to a scratch copy; with --keep, as `make
# fuzz` does, those that add coverage are then merged back into fuzz/corpus/<target>).
# Writes BUILD_DIR/test-results/fuzz-<target>.summary.json for the test summary.
# FUZZ_SEED fixes libFuzzer's random seed (`make test` sets it, so that a run replays the same
# mutations and a new finding shows up in `make fuzz`, not as a random CI failure); unset or 0, each
# run draws a new seed.
# Usage: [FUZZ_SEED=N] scripts/run-fuzzers.sh BUILD_DIR SECONDS [--keep]
set -uo pipefail
build=$1
seconds=$2
keep=${3:-}
top=$(cd "$(dirname "$0")/.." && pwd)
results="$build/test-results"
mkdir -p "$results"
status=0
shopt -s nullglob
targets=("$build"/fuzz/fuzz_*)
if ((${#targets[@]} == 0)); then
  echo "no fuzz targets built yet"
  exit 0
fi
run_one() {
  local bin=$1 name corpus scratch log
  name=$(basename "$bin")
  corpus="$top/fuzz/corpus/${name#fuzz_}"
  scratch=$(mktemp -d)
  [[ -d "$corpus" ]] && cp -r "$corpus"/. "$scratch"/
  log="$results/$name.log"
  local dict=()
  [[ -f "$top/fuzz/${name#fuzz_}.dict" ]] && dict=(-dict="$top/fuzz/${name#fuzz_}.dict")
  if ASAN_OPTIONS=detect_leaks=1 "$bin" "$scratch" "${dict[@]}" -max_total_time="$seconds" \
       -timeout=10 -rss_limit_mb=2048 -seed="${FUZZ_SEED:-0}" -print_final_stats=1 \
       -artifact_prefix="$results/$name-" \
       >"$log" 2>&1; then
    echo "{\"passed\": 1, \"failed\": 0}" >"$results/$name.summary.json"
    echo "$name: ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs)"
    if [[ "$keep" == --keep ]]; then
      mkdir -p "$corpus"
      "$bin" -merge=1 "$corpus" "$scratch" "${dict[@]}" >>"$log" 2>&1 &&
        echo "$name: corpus now $(ls "$corpus" | wc -l) inputs"
    fi
  else
    echo "{\"passed\": 0, \"failed\": 1}" >"$results/$name.summary.json"
    echo "$name: FAILED, see $log"; tail -n 40 "$log"
    return 1
  fi
  rm -rf "$scratch"
}
# Two at a time: the machine has two cores.
pids=()
for bin in "${targets[@]}"; do
  run_one "$bin" &
  pids+=($!)
  if ((${#pids[@]} >= 2)); then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
