#!/usr/bin/env bash
# The REST API benchmark (docs/performance.md, "REST API"): Issue inserts through `crier serve`
# over keep-alive connections, driven by http_load from a separate process, next to the same
# inserts made in process on SQLite (bench/store_insert) in the same run.
# Usage: bench/run_api.sh [BUILD_DIR] [SECONDS]   (after `make build`)
set -euo pipefail
build=${1:-build}
seconds=${2:-10}
crier="$build/crier"
load="$build/bench/http_load/http_load"
reference="$build/bench/store_insert/store_insert"
body='{"subject":"load test {n}","customer":"ACME","description":"An issue created by the load test","priority":"Medium","total":12.5}'

log_level=info  # One log line per request, as a production server writes them.
# shellcheck source=serve_lib.sh
source "$(dirname "$0")/serve_lib.sh"

scenarios=(
  "max-16c      --connections 16"
  "max-64c      --connections 64"
  "1000/s-32c   --rate 1000 --connections 32"
  "3000/s-32c   --rate 3000 --connections 32"
)
results="$work/results"
for scenario in "${scenarios[@]}"; do
  read -r name args <<<"$scenario"
  start_server
  # shellcheck disable=SC2086
  json=$("$load" --url "$url/api/resource/Issue" --body "$body" --auth "$token" \
           --duration "$seconds" --warmup 1 --timeout 5 --expect-status 200 --json $args || true)
  stop_server
  echo "api $name $json" >>"$results"
  echo "api $name: $json" >&2
done
"$reference" --count 20000 --threads 4 | while read -r json; do
  echo "direct - $json" >>"$results"
  echo "direct: $json" >&2
done

python3 - "$results" <<'PY'
import json, sys
rows = [line.rstrip("\n").split(" ", 2) for line in open(sys.argv[1])]
print(f"{'path':<8} {'scenario':<46} {'inserts/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}")
by = {}
for kind, name, js in rows:
    j = json.loads(js)
    label = name if kind == "api" else j["mode"]
    l = j["latency_ms"]
    errors = j.get("errors", 0) + j.get("non_2xx", 0)
    print(f"{kind:<8} {label:<46} {j['requests_per_second']:>10.0f} {l['p50']:>8.3f} {l['p99']:>8.3f} {l['max']:>8.1f} {errors:>6}")
    by[(kind, label)] = j
api = by.get(("api", "max-16c"))
direct = [j for (k, _), j in by.items() if k == "direct"]
if api and direct:
    print("\nratio of the API (max-16c) to the same inserts made in process (same run):")
    for d in direct:
        print(f"  {d['mode']:<46} x{api['requests_per_second'] / d['requests_per_second']:.2f}")
r1000 = by.get(("api", "1000/s-32c"))
if api and r1000:
    ok_rate = api["requests_per_second"] >= 3000
    ok_p99 = r1000["latency_ms"]["p99"] < 20
    print(f"\ntargets: >= 3000 inserts/s: {'met' if ok_rate else 'NOT met'} "
          f"({api['requests_per_second']:.0f}/s); p99 < 20 ms at 1000/s: "
          f"{'met' if ok_p99 else 'NOT met'} ({r1000['latency_ms']['p99']:.2f} ms)")
PY
