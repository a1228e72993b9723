#!/usr/bin/env bash
# The notification engine's benchmark (docs/performance.md, "Notifications"): Issue inserts through
# `crier serve` driven by http_load, in the same run: with no notification; with 100 enabled
# notifications on Issue whose conditions are all false (the cost of finding and evaluating them);
# with 100 of which 10 match each insert (each of those also queues one Mattermost message: an
# outbox row and a Webhook Delivery in the insert's transaction). One server and database per
# scenario, all three running, measured in ROUNDS rounds that alternate between them, so that the
# machine's drift during the run hits each scenario alike. Prints the rates and what the
# notifications cost. Target (issue 4): less than 30%.
# The servers run with --no-delivery: this measures what notifications add to a save; sending the
# queued messages is bench/run_e2e.sh's measure. Then the same inserts in process, without HTTP
# (bench/notifications/engine_insert.cc): the time each insert holds the write lock, and what one
# queued message adds to it. Last, what SQLite alone needs to store an insert's messages
# (bench/notifications/outbox_floor.cc, ADR 0002).
# Usage: bench/run_notifications.sh [BUILD_DIR] [SECONDS] [CONNECTIONS] [ROUNDS]
#   (after `make build`; SECONDS of load per scenario, split into ROUNDS rounds, default 10 and 3)
set -euo pipefail
build=${1:-build}
seconds=${2:-10}
connections=${3:-16}
rounds=${4:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
crier="$build/crier"
load="$build/bench/http_load/http_load"
body='{"subject":"load test {n}","customer":"ACME","description":"An issue created by the load test","priority":"Medium","total":12.5}'
round_seconds=$(python3 -c "print(max(1.0, $seconds / $rounds))")

# shellcheck source=serve_lib.sh
source "$(dirname "$0")/serve_lib.sh"

declare -A urls tokens
add_scenario() {  # name matching-notifications ("" for none)
  start_server --no-scheduler --no-delivery
  if [[ -n "$2" ]]; then
    python3 "$top/bench/notifications/setup_notifications.py" "$url" "$token" 100 "$2"
  fi
  urls[$1]=$url
  tokens[$1]=$token
}
add_scenario none ""
add_scenario evaluate 0  # Evaluation alone: 100 notifications whose conditions are all false.
add_scenario send 10

results="$work/results"
for _ in $(seq "$rounds"); do
  for name in none evaluate send; do
    json=$("$load" --url "${urls[$name]}/api/resource/Issue" --body "$body" \
             --auth "${tokens[$name]}" --connections "$connections" --duration "$round_seconds" \
             --warmup 1 --timeout 5 --expect-status 200 --json)
    echo "$name $json" >>"$results"
  done
done

count() {  # doctype
  curl -s -H "Authorization: ${tokens[send]}" \
    "${urls[send]}/api/method/frappe.client.get_count?doctype=$1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["message"])'
}
# Each server's write transactions and commits (/metrics): the mean size of its commit groups.
groups() {  # scenario
  curl -s "${urls[$1]}/metrics" | python3 -c '
import sys
v = {l.split()[0]: float(l.split()[1]) for l in sys.stdin if l.startswith("crier_store_")}
t, c = v["crier_store_write_transactions_total"], v["crier_store_commits_total"]
print(f"{int(t)} write transactions in {int(c)} commits ({t / max(c, 1):.1f} per commit)")'
}
issues=$(count Issue)
queued=$(count Webhook%20Delivery)
errors=$(count Error%20Log)

python3 - "$results" "$issues" "$queued" "$errors" "$connections" "$rounds" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, text = line.rstrip("\n").split(" ", 1)
    runs.setdefault(name, []).append(json.loads(text))
issues, queued, errors = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
connections, rounds = sys.argv[5], sys.argv[6]

def rate(name):  # Requests over measured time, all rounds together.
    ok = sum(r["ok"] for r in runs[name])
    return ok / sum(r["ok"] / r["requests_per_second"] for r in runs[name] if r["ok"])

print(f"Issue inserts through the API, closed loop, {connections} connections, {rounds} rounds "
      "alternating between the scenarios (same run):")
print(f"{'notifications on Issue':<46} {'inserts/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
      "  rounds")
labels = {"none": "none", "evaluate": "100 enabled, none matching",
          "send": "100 enabled, 10 matching (10 messages/insert)"}
for name, label in labels.items():
    p50 = statistics.median(r["latency_ms"]["p50"] for r in runs[name])
    p99 = statistics.median(r["latency_ms"]["p99"] for r in runs[name])
    e = sum(r.get("errors", 0) + r.get("non_2xx", 0) for r in runs[name])
    each = " / ".join(f"{r['requests_per_second']:.0f}" for r in runs[name])
    print(f"{label:<46} {rate(name):>10.0f} {p50:>8.3f} {p99:>8.3f} {e:>6}  {each}")
base = rate("none")
for name, label in (("evaluate", "100 enabled, none matching"),
                    ("send", "100 enabled, 10 matching")):
    ratio = rate(name) / base
    print(f"{label:<26}: x{ratio:.2f} of the saves without notifications, cost {1 - ratio:.0%}")
cost = 1 - rate("send") / base
print(f"target (issue 4): 100 enabled, 10 matching cost less than 30%: "
      f"{'met' if cost < 0.30 else 'NOT met'} ({cost:.0%})")
print(f"messages queued: {queued} for {issues} inserts ({queued / max(1, issues):.1f} per insert, "
      f"10 expected); Error Logs: {errors}")
PY
for name in none evaluate send; do echo "$name: $(groups "$name")"; done

echo
"$build/bench/engine_insert"

echo
"$build/bench/outbox_floor" --rounds 6 --per-round 1000 --group 3
