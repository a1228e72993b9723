#!/usr/bin/env bash
# Reproduces the figures of docs/adr/0001-http-server.md: the same JSON insert endpoint (~50 µs of
# CPU per request) on cpp-httplib and on Boost.Beast, driven over keep-alive connections by
# http_load from a separate process. Each server configuration gets a fresh process per scenario;
# memory is the server's peak RSS (VmHWM) over that scenario.
# Usage: bench/http_choice/compare.sh [BUILD_DIR] [SECONDS]   (after `make build`)
set -euo pipefail
build=${1:-build}
seconds=${2:-10}
bench="$build/bench"
load="$bench/http_load/http_load"
body='{"subject":"load test {n}","customer":"ACME","description":"An issue created by the load test","priority":"Medium","total":12.5}'

configs=(
  "httplib-8    $bench/http_choice/proto_httplib --threads 8"
  "httplib-64   $bench/http_choice/proto_httplib --threads 64"
  "beast-1io-4w $bench/http_choice/proto_beast --io-threads 1 --workers 4"
  "beast-2io    $bench/http_choice/proto_beast --io-threads 2 --workers 0"
)
scenarios=(
  "max-16c      --connections 16"
  "max-64c      --connections 64"
  "1000/s-32c   --rate 1000 --connections 32"
  "3000/s-32c   --rate 3000 --connections 32"
  "1000/s-256c  --rate 1000 --connections 256"
)

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for config in "${configs[@]}"; do
  read -r name cmd <<<"$config"
  for scenario in "${scenarios[@]}"; do
    read -r sname sargs <<<"$scenario"
    out=$(mktemp)
    # shellcheck disable=SC2086
    $cmd --port 0 >"$out" &
    pid=$!
    for _ in $(seq 100); do grep -q '^port ' "$out" && break; sleep 0.05; done
    port=$(awk '/^port /{print $2}' "$out")
    # shellcheck disable=SC2086
    json=$("$load" --url "http://127.0.0.1:$port/api/resource/Issue" --body "$body" \
             --duration "$seconds" --warmup 1 --timeout 5 --json $sargs || true)
    hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
    threads=$(awk '/Threads/{print $2}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -f "$out"
    echo "$name $sname $hwm $threads $json" >>"$results"
    echo "$name $sname: $json" >&2
  done
done

python3 - "$results" <<'PY'
import json, sys
rows = []
for line in open(sys.argv[1]):
    name, scen, hwm, threads, js = line.split(" ", 4)
    rows.append((name, scen, int(hwm), int(threads), json.loads(js)))
print(f"{'server':<13} {'scenario':<12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
      f"{'errors':>6} {'unsent':>6} {'RSS MB':>7} {'threads':>7}")
for name, scen, hwm, threads, j in rows:
    l = j["latency_ms"]
    print(f"{name:<13} {scen:<12} {j['requests_per_second']:>9.0f} {l['p50']:>8.3f} {l['p99']:>8.3f} "
          f"{l['max']:>8.1f} {j['errors']:>6} {j['unsent']:>6} {hwm/1024:>7.1f} {threads:>7}")
# Ratios against the reference run in the same script: httplib with its default pool.
ref = {scen: j for name, scen, _, _, j in rows if name == "httplib-8"}
print("\nratio to httplib-8 (req/s; p99 for fixed-rate scenarios, lower is better)")
for name, scen, _, _, j in rows:
    r = ref.get(scen)
    if name == "httplib-8" or r is None: continue
    if "/s" in scen:
        a, b = j["latency_ms"]["p99"], r["latency_ms"]["p99"]
        print(f"  {name:<13} {scen:<12} p99 x{a / b:.2f}" if b else f"  {name} {scen} n/a")
    else:
        a, b = j["requests_per_second"], r["requests_per_second"]
        print(f"  {name:<13} {scen:<12} req/s x{a / b:.2f}" if b else f"  {name} {scen} n/a")
PY
