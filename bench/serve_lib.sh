# Sourced by the benchmark scripts that drive `crier serve` over HTTP (run_api.sh,
# run_notifications.sh): a work folder removed at exit, and fresh servers on demand.
# The sourcing script sets `crier` (the binary) first, and may set `log_level` (default warning).
# After start_server, `url` is the new server's address, `token` an Administrator API key
# ("token KEY:SECRET") and `pid` its process; several servers may run at once.
work=$(mktemp -d)
pid=
servers=()             # The pids of the servers still running.
declare -A server_dir  # Each server's folder (database, output, log), by pid.
started=0
cleanup() {
  for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# start_server [SERVE_OPTIONS...]: a new server on an empty SQLite database, on a free port.
start_server() {
  started=$((started + 1))
  local dir="$work/server$started"
  mkdir -p "$dir"
  CRIER_LOG_LEVEL=${log_level:-warning} CRIER_ADMIN_PASSWORD=bench-admin-pw "$crier" serve --demo \
    --listen 127.0.0.1:0 --db "sqlite:$dir/data/crier.db" "$@" \
    >"$dir/out" 2>"$dir/server.log" &
  pid=$!
  servers+=("$pid")
  server_dir[$pid]=$dir
  for _ in $(seq 200); do grep -q '^crier: serving ' "$dir/out" && break; sleep 0.05; done
  url=$(awk '/^crier: serving /{print $3}' "$dir/out")
  [[ -n "$url" ]] || { echo "$(basename "$0"): the server did not start:" >&2; cat "$dir/server.log" >&2; exit 1; }
  curl -s -c "$dir/jar" -X POST "$url/api/method/login" -H 'Content-Type: application/json' \
    -d '{"usr":"Administrator","pwd":"bench-admin-pw"}' >/dev/null
  token=$(curl -s -b "$dir/jar" -X POST "$url/api/method/user.generate_keys" |
          python3 -c 'import json,sys; m=json.load(sys.stdin)["message"]; print("token %s:%s" % (m["api_key"], m["api_secret"]))')
}

# stop_server [PID]: stops that server (default: the last started) and removes its data.
stop_server() {
  local p=${1:-$pid} kept=()
  kill "$p"; wait "$p" 2>/dev/null || true
  for s in "${servers[@]}"; do [[ "$s" == "$p" ]] || kept+=("$s"); done
  servers=("${kept[@]}")
  rm -rf "${server_dir[$p]}"
  [[ "$p" == "$pid" ]] && pid=
  return 0
}
