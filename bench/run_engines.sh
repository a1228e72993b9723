#!/usr/bin/env bash
# `make bench` (via scripts/run-benchmarks.sh): times crier's template and condition engines
# (bench_engines, Google Benchmark) and Python on the same inputs (Jinja2 with templates compiled
# once, CPython eval of precompiled code: bench/engines/bench_python.py) in the same run, then prints
# the ratios against the targets of issue 2 (render >= 20x Jinja2, conditions >= 10x CPython).
# Usage: bench/run_engines.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
bin="$build/bench/bench_engines"
if [[ ! -x "$bin" ]]; then
  echo "bench_engines not built ($bin); run make build" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
"$bin" --benchmark_repetitions=5 --benchmark_min_time=0.3 --benchmark_format=json \
  --benchmark_out="$tmp/crier.json" --benchmark_out_format=json >/dev/null
/usr/bin/python3 "$here/engines/bench_python.py" --rounds 5 >"$tmp/python.jsonl"
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$tmp/crier.json" "$tmp/python.jsonl" <<'PY'
import json, sys
crier = {}
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("run_type") == "iteration":  # best repetition: the least disturbed by other processes
        name = b["run_name"].replace("BM_", "")
        ns = b["real_time"] * {"ns": 1, "us": 1e3, "ms": 1e6}[b["time_unit"]]
        crier[name] = min(ns, crier.get(name, float("inf")))
python = [json.loads(line) for line in open(sys.argv[2])]
targets = {"render": 20, "eval": 10}
print(f"{'benchmark':<20} {'crier':>12} {'reference':>28} {'ratio':>8}  target")
for p in python:
    name = p["name"]
    c = crier.get(name)
    if c is None:
        print(f"{name:<20} (no crier figure)")
        continue
    ratio = p["ns"] / c
    target = targets[name.split("/")[0]]
    verdict = "ok" if ratio >= target else "BELOW"
    print(f"{name:<20} {c / 1000:>9.3f} us {p['engine']:>16} {p['ns'] / 1000:>8.2f} us {ratio:>7.1f}x  >= {target}x {verdict}")
PY
