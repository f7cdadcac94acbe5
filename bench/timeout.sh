#!/usr/bin/env bash
# How precisely mik stops a handler at its timeout: an endless loop guest under request_timeout_secs = 1, one request
# at a time, next to the hello guest measured the same way in the same run (the baseline: what a request costs that
# nothing interrupts). Durations are mik's own (request_completed's duration_ms), so the client's clock and
# connection set-up are not part of them. Prints the overshoot past the deadline (median, p95, max) and the
# overshoot as a multiple of hello's median duration. Target: the loop is answered within the timeout + 100 ms.
#   bench/timeout.sh [requests=40]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source bench/lib/bench-postgres.sh
requests=${1:-40}

ensure_dotnet
ensure_postgres
ensure_python
command -v curl >/dev/null || apt_install curl

dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet

work=$(mktemp -d /tmp/mik-timeout.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/modules"
cp tests/guests/wasm/loop.wasm tests/guests/wasm/hello.wasm "$work/modules/"
mik_pid=
cleanup() {
  if [ -n "$mik_pid" ]; then kill "$mik_pid" 2>/dev/null || true; wait "$mik_pid" 2>/dev/null || true; fi
  bench_pg_stop
  rm -rf "$work"
}
trap cleanup EXIT

bench_pg_start fast
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
admin=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/mik.toml" <<TOML
[server]
host = "127.0.0.1"
port = $port
modules = "modules"
request_timeout_secs = 1
[admin]
port = $admin
[breaker]
failure_threshold = 10000   # every loop request is a failure; the circuit must stay closed to measure them
[database]
url = "$BENCH_PG_URL"
[state]
dir = "state"
TOML

artifacts/mik/mik serve --config "$work/mik.toml" >"$work/mik.log" 2>&1 &
mik_pid=$!
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done

# Warm both paths up (compiled code, pooled instance slots), then alternate so both see the same neighbours.
for _ in $(seq 3); do curl -s -o /dev/null "http://127.0.0.1:$port/run/loop"; curl -s -o /dev/null "http://127.0.0.1:$port/run/hello"; done
sleep 1   # the warm-up's lines are written within 20 ms; they must not count
start_line=$(wc -l <"$work/mik.log")
for _ in $(seq "$requests"); do
  curl -s -o /dev/null "http://127.0.0.1:$port/run/loop"
  curl -s -o /dev/null "http://127.0.0.1:$port/run/hello"
done
sleep 1   # the log is written every 20 ms

python3 - "$work/mik.log" "$start_line" "$(cat /proc/loadavg)" <<'PY'
import json, statistics, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()[int(sys.argv[2]):]
loop, hello = [], []
for line in lines:
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if entry.get("message") != "request_completed":
        continue
    if entry.get("path") == "/run/loop" and entry.get("status") == 504:
        loop.append(entry["duration_ms"] - 1000)
    elif entry.get("path") == "/run/hello" and entry.get("status") == 200:
        hello.append(entry["duration_ms"])
if not loop or not hello:
    sys.exit("no request_completed lines for the loop or hello guest")
loop.sort()
p95 = loop[min(len(loop) - 1, int(len(loop) * 0.95))]
base = statistics.median(hello)
print(f"loop guest, timeout 1000 ms, {len(loop)} requests: overshoot median {statistics.median(loop):.1f} ms, "
      f"p95 {p95:.1f} ms, max {loop[-1]:.1f} ms (target: max <= 100 ms)")
print(f"baseline, hello guest, {len(hello)} requests: median {base:.2f} ms")
print(f"overshoot median / hello median: {statistics.median(loop) / base:.1f}x; load average {sys.argv[3]}")
PY
