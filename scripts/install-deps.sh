#!/usr/bin/env bash
# Installs the Debian packages crier needs, and only those that are missing, so that `make run` and
# `make test` work on a fresh Debian 12 machine. Usage: scripts/install-deps.sh build|test|bench
set -euo pipefail

profile=${1:-build}

# What compiling and running the server needs.
build_pkgs=(
  g++ make cmake ninja-build pkg-config git ca-certificates
  nlohmann-json3-dev libfmt-dev libsqlite3-dev libpq-dev libcurl4-openssl-dev libssl-dev
  libargon2-dev libicu-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libboost-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
# What the test suites add: the Python references, clang for sanitizers and libFuzzer, a real SMTP
# server, an HTTP/2 server over TLS (nghttpd, for the delivery sender), PostgreSQL, and a browser
# for the web UI tests.
test_pkgs=(
  python3 python3-jinja2 python3-aiosmtpd clang libclang-rt-14-dev llvm
  postgresql chromium nghttp2-server
)
bench_pkgs=(python3 python3-jinja2 wrk libcpp-httplib-dev)

want=("${build_pkgs[@]}")
case "$profile" in
  build) ;;
  test) want+=("${test_pkgs[@]}") ;;
  bench) want+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

# Node.js and npm drive the browser tests; any recent Node will do, Debian's if none is present.
if [[ "$profile" != build ]] && ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser tests' npm package (playwright-core, pinned by tests/web/package-lock.json); it
# drives Debian's chromium and never downloads a browser of its own.
web_tests="$(dirname "$0")/../tests/web"
if [[ "$profile" != build && -f "$web_tests/package-lock.json" && ! -d "$web_tests/node_modules/playwright-core" ]]; then
  echo "install-deps: npm ci in tests/web"
  (cd "$web_tests" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
