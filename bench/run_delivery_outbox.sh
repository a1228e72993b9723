#!/usr/bin/env bash
# End-to-end delivery: outbox to a fast local receiver (bench/delivery/outbox_bench.cc), with the
# raw loopback rate of the same client and receiver as the ceiling, latency at 500 events/s and
# memory over the run. Usage: bench/run_delivery_outbox.sh [BUILD_DIR] [SECONDS] [MEMORY_SECONDS]
# `make bench` runs 10 s phases and a 30 s memory run; the figures in docs/performance.md come from
# a 5-minute memory run: bench/run_delivery_outbox.sh build 20 300
set -euo pipefail
build=${1:-build}
seconds=${2:-10}
memory_seconds=${3:-30}
if [[ "$memory_seconds" -lt 300 ]]; then
  echo "(memory run of ${memory_seconds} s; the 5-minute target needs MEMORY_SECONDS=300)"
fi
"$build/bench/delivery_outbox_bench" --seconds "$seconds" --memory-seconds "$memory_seconds" \
  --rate 500 --batch 50
