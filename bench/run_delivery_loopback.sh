#!/usr/bin/env bash
# The raw loopback rate of the delivery sender against the mock chat services, with its reference
# (a minimal Beast client) in the same run. Usage: bench/run_delivery_loopback.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
build=${1:-build}
seconds=${2:-3}
"$build/bench/delivery_loopback_bench" --seconds "$seconds"
