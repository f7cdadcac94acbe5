#!/usr/bin/env bash
# Requests/s of the hello guest through mik next to a bare Kestrel endpoint answering the same bytes,
# measured in the same run with wrk on loopback, reported as a ratio (target: mik >= 0.5 of bare).
#   bench/run.sh [duration_secs=10] [connections=32] [warmup_secs=20]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
duration=${1:-10}
connections=${2:-32}
warmup=${3:-20}

ensure_dotnet
ensure_postgres
command -v wrk >/dev/null || apt_install wrk

dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet
dotnet publish bench/BareKestrel -c Release -o artifacts/bare --nologo -v quiet

work=$(mktemp -d /tmp/mik-bench.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/modules"
cp examples/modules/hello.wasm "$work/modules/"
cat >"$work/mik.toml" <<TOML
[server]
host = "127.0.0.1"
port = 3400
modules = "modules"
max_concurrent_requests = 64
[admin]
port = 9400
[state]
dir = "state"
TOML

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

artifacts/mik/mik serve --config "$work/mik.toml" >/dev/null 2>&1 &
pids+=($!)
artifacts/bare/BareKestrel --urls http://127.0.0.1:3401 >"$work/bare.log" 2>&1 &
pids+=($!)
for url in http://127.0.0.1:3400/health http://127.0.0.1:3401/run/hello/; do
  for _ in $(seq 120); do curl -sf "$url" >/dev/null && break; sleep 0.5; done
done

# One wrk thread: on a 2-core machine the load generator then takes one core and the server the other,
# the same for both servers. Each gets a warm-up first so tiered JIT has settled: measured here, a few
# thousand methods are still being recompiled after 5 s of load, so the default is 20 s.
rps() {
  wrk -t1 -c"$connections" -d"${warmup}s" "$1" >/dev/null
  wrk -t1 -c"$connections" -d"${duration}s" "$1" | awk '/Requests\/sec/ {print $2}'
}
bare=$(rps http://127.0.0.1:3401/run/hello/)
mik=$(rps http://127.0.0.1:3400/run/hello/)
ratio=$(python3 -c "print(f'{$mik / $bare:.2f}')")
echo "bare Kestrel: $bare req/s"
echo "mik hello:    $mik req/s"
echo "ratio mik/bare: $ratio (target >= 0.50)"
