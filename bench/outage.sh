#!/usr/bin/env bash
# Requests/s of the hello guest with the event store running and stopped, alternating for a few rounds: mik on
# an external throw-away PostgreSQL (`[database] url`), wrk on loopback. Prints the median rate of each state, their
# ratio (target: stopped within 10% of running) and mik's CPU per request in each, which a busy neighbour on the
# machine disturbs far less than the rate. While the store is down a module is deployed, so its audit events go to
# the spool; at the end they must have reached PostgreSQL.
#   bench/outage.sh [duration_secs=10] [connections=32] [warmup_secs=20] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source bench/lib/bench-postgres.sh
duration=${1:-10}
connections=${2:-32}
warmup=${3:-20}
rounds=${4:-3}

ensure_dotnet
ensure_postgres
ensure_python
command -v wrk >/dev/null || apt_install wrk
command -v psql >/dev/null || apt_install postgresql-client

dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet

work=$(mktemp -d /tmp/mik-outage.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/modules"
cp examples/modules/hello.wasm "$work/modules/"
mik_pid=
cleanup() {
  if [ -n "$mik_pid" ]; then kill "$mik_pid" 2>/dev/null || true; wait "$mik_pid" 2>/dev/null || true; fi
  bench_pg_stop
  rm -rf "$work"
}
trap cleanup EXIT

bench_pg_start durable
cat >"$work/mik.toml" <<TOML
[server]
host = "127.0.0.1"
port = 3410
modules = "modules"
max_concurrent_requests = 64
[admin]
port = 9410
[database]
url = "$BENCH_PG_URL"
[state]
dir = "state"
TOML

artifacts/mik/mik serve --config "$work/mik.toml" >"$work/mik.log" 2>&1 &
mik_pid=$!

# Waits (up to 60 s) until /health says event_store is $1.
store_is() {
  for _ in $(seq 120); do
    [ "$(curl -sf http://127.0.0.1:3410/health | python3 -c 'import json,sys; print(json.load(sys.stdin).get("event_store"))' 2>/dev/null)" = "$1" ] && return 0
    sleep 0.5
  done
  echo "event_store never became $1" >&2
  exit 1
}
# mik's CPU ticks (user + system, 1/100 s).
ticks() { awk '{print $14 + $15}' "/proc/$mik_pid/stat"; }
# One measurement: "<req/s> <CPU µs per request>".
measure() {
  local before out
  before=$(ticks)
  out=$(wrk -t1 -c"$connections" -d"${duration}s" http://127.0.0.1:3410/run/hello/)
  python3 - "$before" "$(ticks)" "$out" <<'PY'
import re, sys
before, after, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
requests = int(re.search(r"(\d+) requests in", out).group(1))
print(f"{rate:.0f} {(after - before) * 1e4 / max(requests, 1):.0f}")
PY
}
sql() { psql "postgresql://postgres@127.0.0.1:$BENCH_PG_PORT/postgres" -Atc "$1" 2>/dev/null || true; }

store_is ok
# One wrk thread: the load generator takes one core, mik the other (as bench/run.sh).
wrk -t1 -c"$connections" -d"${warmup}s" http://127.0.0.1:3410/run/hello/ >/dev/null
running=()
stopped=()
for round in $(seq "$rounds"); do
  running+=("$(measure)")
  bench_pg_pause
  store_is degraded
  [ "$round" -eq 1 ] && cp examples/modules/hello.wasm "$work/modules/deployed_while_down.wasm"
  stopped+=("$(measure)")
  bench_pg_resume
  store_is ok
  echo "round $round: running ${running[-1]}, stopped ${stopped[-1]} (req/s, CPU µs/request)" >&2
done

# The spool is offered to the store every second once it answers; give it a few.
replayed=0
for _ in $(seq 30); do
  replayed=$(sql "select count(*) from mik.mt_events where stream_id in ('module:deployed_while_down', 'cache:deployed_while_down')")
  [ "${replayed:-0}" -ge 2 ] && break
  sleep 1
done

python3 - "$replayed" "${running[*]}" "${stopped[*]}" <<'PY'
import statistics, sys
def medians(text):
    words = iter(text.split())
    pairs = [(float(rate), float(cpu)) for rate, cpu in zip(words, words)]
    return statistics.median(r for r, _ in pairs), statistics.median(c for _, c in pairs)
up, up_cpu = medians(sys.argv[2])
down, down_cpu = medians(sys.argv[3])
print(f"store running: {up:.0f} req/s, {up_cpu:.0f} µs CPU/request (median of rounds)")
print(f"store stopped: {down:.0f} req/s, {down_cpu:.0f} µs CPU/request")
print(f"ratio stopped/running: {down / up:.2f} req/s (target >= 0.90), {down_cpu / up_cpu:.2f} CPU/request")
print(f"audit events of the module deployed while stopped, in PostgreSQL afterwards: {sys.argv[1]}")
PY
