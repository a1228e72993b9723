#!/usr/bin/env bash
# The notification engine's benchmark (docs/performance.md, "Notifications"): Issue inserts through
# `crier serve` driven by http_load, in the same run: with no notification; with 100 enabled
# notifications on Issue whose conditions are all false (the cost of finding and evaluating them);
# with 100 of which 10 match each insert (each of those also queues one Mattermost message: an
# outbox row and a Webhook Delivery in the insert's transaction). A fresh server and database per
# scenario. Prints the rates and what the notifications cost. Target (issue 4): less than 30%.
# The servers run with --no-delivery: this measures what notifications add to a save; sending the
# queued messages is bench/run_e2e.sh's measure. Then the same inserts in process, without HTTP
# (bench/notifications/engine_insert.cc): the time each insert holds the write lock, and what one
# queued message adds to it.
# Usage: bench/run_notifications.sh [BUILD_DIR] [SECONDS] [CONNECTIONS]   (after `make build`)
set -euo pipefail
build=${1:-build}
seconds=${2:-10}
connections=${3:-16}
top=$(cd "$(dirname "$0")/.." && pwd)
crier="$build/crier"
load="$build/bench/http_load/http_load"
body='{"subject":"load test {n}","customer":"ACME","description":"An issue created by the load test","priority":"Medium","total":12.5}'

# shellcheck source=serve_lib.sh
source "$(dirname "$0")/serve_lib.sh"

measure() {  # name
  "$load" --url "$url/api/resource/Issue" --body "$body" --auth "$token" \
    --connections "$connections" --duration "$seconds" --warmup 1 --timeout 5 \
    --expect-status 200 --json
}

results="$work/results"
start_server --no-scheduler --no-delivery
echo "none $(measure)" >>"$results"
stop_server

# Evaluation alone: 100 notifications whose conditions are all false.
start_server --no-scheduler --no-delivery
python3 "$top/bench/notifications/setup_notifications.py" "$url" "$token" 100 0
echo "evaluate $(measure)" >>"$results"
stop_server

count() {  # doctype
  curl -s -H "Authorization: $token" "$url/api/method/frappe.client.get_count?doctype=$1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["message"])'
}
start_server --no-scheduler --no-delivery
python3 "$top/bench/notifications/setup_notifications.py" "$url" "$token" 100 10
echo "send $(measure)" >>"$results"
issues=$(count Issue)
queued=$(count Webhook%20Delivery)
errors=$(count Error%20Log)
stop_server

python3 - "$results" "$issues" "$queued" "$errors" "$connections" <<'PY'
import json, sys
rows = dict(line.rstrip("\n").split(" ", 1) for line in open(sys.argv[1]))
none, evaluate, send = (json.loads(rows[k]) for k in ("none", "evaluate", "send"))
issues, queued, errors = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
connections = sys.argv[5]
print(f"Issue inserts through the API, closed loop, {connections} connections (same run):")
print(f"{'notifications on Issue':<46} {'inserts/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
for label, j in (("none", none),
                 ("100 enabled, none matching", evaluate),
                 ("100 enabled, 10 matching (10 messages/insert)", send)):
    l = j["latency_ms"]
    e = j.get("errors", 0) + j.get("non_2xx", 0)
    print(f"{label:<46} {j['requests_per_second']:>10.0f} {l['p50']:>8.3f} {l['p99']:>8.3f} {e:>6}")
base = none["requests_per_second"]
for label, j in (("100 enabled, none matching", evaluate), ("100 enabled, 10 matching", send)):
    ratio = j["requests_per_second"] / base
    print(f"{label:<26}: x{ratio:.2f} of the saves without notifications, cost {1 - ratio:.0%}")
cost = 1 - send["requests_per_second"] / base
print(f"target (issue 4): 100 enabled, 10 matching cost less than 30%: "
      f"{'met' if cost < 0.30 else 'NOT met'} ({cost:.0%})")
print(f"messages queued: {queued} for {issues} inserts ({queued / max(1, issues):.1f} per insert, "
      f"10 expected); Error Logs: {errors}")
PY

echo
"$build/bench/engine_insert"
