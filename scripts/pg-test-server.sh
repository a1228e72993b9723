#!/usr/bin/env bash
# A private, throwaway PostgreSQL server for the tests: initdb into a fresh temporary folder, listen
# on 127.0.0.1 only on a free port, trust authentication on loopback, fsync off. ctest starts it as
# a fixture (src/store/postgres/CMakeLists.txt) and the PostgreSQL tests read its URL from
# STATE_DIR/url (or CRIER_TEST_PG_URL). Never used for real data.
#
# Usage: scripts/pg-test-server.sh start|stop|url [STATE_DIR]
#   start  stops a server left over in STATE_DIR, starts a new one, prints its URL
#   stop   stops the server and removes its data
#   url    prints the URL of the running server
# STATE_DIR defaults to $CRIER_PG_TEST_DIR or build/pg-test. PG_BINDIR overrides where initdb and
# pg_ctl are looked for (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

action=${1:-}
state=${2:-${CRIER_PG_TEST_DIR:-build/pg-test}}

die() { echo "pg-test-server: $*" >&2; exit 1; }

find_bindir() {
  if [[ -n "${PG_BINDIR:-}" ]]; then
    [[ -x "$PG_BINDIR/initdb" ]] || die "PG_BINDIR=$PG_BINDIR has no initdb"
    echo "$PG_BINDIR"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$dir" || ! -x "$dir/initdb" || ! -x "$dir/pg_ctl" ]]; then
    die "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin; install them with 'scripts/install-deps.sh test' (Debian package postgresql) or set PG_BINDIR"
  fi
  echo "$dir"
}

# Runs a server binary as the user owning the cluster: initdb and postgres refuse to run as root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop_server() {
  [[ -f "$state/datadir" ]] || return 0
  local data bindir
  data=$(cat "$state/datadir")
  if [[ -d "$data/cluster" ]]; then
    bindir=$(find_bindir)
    as_owner "$bindir/pg_ctl" -D "$data/cluster" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  case "$data" in
    */crier-pg-test.*) rm -rf "$data" ;;  # Only ever a folder this script created.
  esac
  rm -f "$state/datadir" "$state/url"
}

start_server() {
  local bindir data port url attempt
  bindir=$(find_bindir)
  mkdir -p "$state"
  stop_server
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root needs the 'postgres' OS user (created by the Debian package postgresql)"
  fi
  data=$(mktemp -d "${TMPDIR:-/tmp}/crier-pg-test.XXXXXX")
  echo "$data" >"$state/datadir"
  chmod 755 "$data"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$data"
  as_owner "$bindir/initdb" -D "$data/cluster" -U postgres -A trust -E UTF8 --locale=C \
    --no-sync >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; die "initdb failed"; }
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bindir/pg_ctl" -D "$data/cluster" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null 2>&1; then
      url="postgresql://postgres@127.0.0.1:$port/postgres"
      echo "$url" >"$state/url"
      echo "$url"
      return 0
    fi
    echo "pg-test-server: start on port $port failed (attempt $attempt)" >&2
  done
  cat "$data/server.log" >&2 || true
  die "could not start PostgreSQL"
}

case "$action" in
  start) start_server ;;
  stop) stop_server ;;
  url)
    [[ -f "$state/url" ]] || die "no server running for $state (run: $0 start $state)"
    cat "$state/url"
    ;;
  *) echo "usage: $0 start|stop|url [STATE_DIR]" >&2; exit 2 ;;
esac
