# Sourced by the benchmark scripts that drive `crier serve` over HTTP (run_api.sh,
# run_notifications.sh): a work folder removed at exit, and a fresh server per scenario.
# The sourcing script sets `crier` (the binary) first, and may set `log_level` (default warning).
# After start_server, `url` is the server's address and `token` an Administrator API key
# ("token KEY:SECRET").
work=$(mktemp -d)
pid=
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# start_server [SERVE_OPTIONS...]: a new server on an empty SQLite database, on a free port.
start_server() {
  rm -rf "$work/data"
  CRIER_LOG_LEVEL=${log_level:-warning} CRIER_ADMIN_PASSWORD=bench-admin-pw "$crier" serve --demo \
    --listen 127.0.0.1:0 --db "sqlite:$work/data/crier.db" "$@" \
    >"$work/out" 2>"$work/server.log" &
  pid=$!
  for _ in $(seq 200); do grep -q '^crier: serving ' "$work/out" && break; sleep 0.05; done
  url=$(awk '/^crier: serving /{print $3}' "$work/out")
  [[ -n "$url" ]] || { echo "$(basename "$0"): the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
  curl -s -c "$work/jar" -X POST "$url/api/method/login" -H 'Content-Type: application/json' \
    -d '{"usr":"Administrator","pwd":"bench-admin-pw"}' >/dev/null
  token=$(curl -s -b "$work/jar" -X POST "$url/api/method/user.generate_keys" |
          python3 -c 'import json,sys; m=json.load(sys.stdin)["message"]; print("token %s:%s" % (m["api_key"], m["api_secret"]))')
}

stop_server() {
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}
