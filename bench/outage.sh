#!/usr/bin/env bash
# Requests/s of the hello guest while the event store is up, while it is stopped, and up again: mik on an
# external throw-away PostgreSQL (`[database] url`), wrk on loopback. Prints the rates and stopped / running
# (target: within 10%). While the store is down a module is deployed, so its audit events go to the spool;
# at the end they must reach PostgreSQL.
#   bench/outage.sh [duration_secs=10] [connections=32] [warmup_secs=20]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source bench/lib/bench-postgres.sh
duration=${1:-10}
connections=${2:-32}
warmup=${3:-20}

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
rps() { wrk -t1 -c"$connections" -d"${duration}s" http://127.0.0.1:3410/run/hello/ | awk '/Requests\/sec/ {print $2}'; }
sql() { psql "postgresql://postgres@127.0.0.1:$BENCH_PG_PORT/postgres" -Atc "$1" 2>/dev/null || true; }

store_is ok
# One wrk thread: the load generator takes one core, mik the other (as bench/run.sh).
wrk -t1 -c"$connections" -d"${warmup}s" http://127.0.0.1:3410/run/hello/ >/dev/null
up1=$(rps)

bench_pg_pause
store_is degraded
cp examples/modules/hello.wasm "$work/modules/deployed_while_down.wasm"
sleep 2
down=$(rps)

bench_pg_resume
store_is ok
up2=$(rps)

# The spool is offered to the store every second once it answers; give it a few.
replayed=0
for _ in $(seq 30); do
  replayed=$(sql "select count(*) from mik.mt_events where stream_id = 'module:deployed_while_down'")
  [ "${replayed:-0}" -gt 0 ] && break
  sleep 1
done

python3 - "$up1" "$down" "$up2" "$replayed" <<'PY'
import sys
up1, down, up2 = map(float, sys.argv[1:4])
up = (up1 + up2) / 2
print(f"store running:  {up1:.0f} req/s (before), {up2:.0f} req/s (after)")
print(f"store stopped:  {down:.0f} req/s")
print(f"ratio stopped/running: {down / up:.2f} (target >= 0.90)")
print(f"events recorded while stopped, in PostgreSQL after it came back: {sys.argv[4]}")
PY
