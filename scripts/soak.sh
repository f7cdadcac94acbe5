#!/usr/bin/env bash
# A soak: mik on loopback with a private PostgreSQL for MINUTES under a steady mix of guests (hello, 1 MiB outputs,
# slow runs, traps) at a fixed rate, with a ~3 MB module deployed and removed through the admin API every 30 s.
# Every 10 s it records mik's RSS, managed heap, open file descriptors and threads into a CSV. After the warm-up
# (the first 40 % of the run: 4 of 10 minutes) it fails when one of them grew beyond its bound,
# and it fails when an audit event of a deploy or removal it made is missing from the store (events lost: 0) or when
# a request ended in a transport error. Bounds and method: docs/reliability.md, Overload and soak.
#   scripts/soak.sh [minutes=10]
#   SOAK_RATE=40 (requests/s), SOAK_OUT=DIR (keep the CSV, mik's log and the report there; default a temp dir),
#   MIK_BINARY=path (use this mik instead of publishing one)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source scripts/lib/test-postgres.sh
minutes=${1:-10}
rate=${SOAK_RATE:-40}
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -ge 2 ] || die "minutes must be a whole number, at least 2"

ensure_dotnet
ensure_postgres
ensure_python
command -v jq >/dev/null || apt_install jq
if [ -z "${MIK_BINARY:-}" ]; then
  dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet
  MIK_BINARY=$PWD/artifacts/mik/mik
fi

work=$(mktemp -d /tmp/mik-soak.XXXXXX)
chmod 755 "$work"
out=${SOAK_OUT:-$work/out}
mkdir -p "$work/modules" "$out"
for guest in hello bigout slow trap; do cp "tests/guests/wasm/$guest.wasm" "$work/modules/"; done
mik_pid=
bg_pids=()
cleanup() {
  for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$mik_pid" ]; then kill "$mik_pid" 2>/dev/null || true; wait "$mik_pid" 2>/dev/null || true; fi
  test_pg_stop
  rm -rf "$work/modules" "$work/state"
  [ -n "${SOAK_OUT:-}" ] && rm -rf "$work"
}
trap cleanup EXIT

test_pg_start >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
admin_port=$(free_port)
cat >"$work/mik.toml" <<TOML
[server]
host = "127.0.0.1"
port = $port
modules = "modules"
max_concurrent_requests = 16
[admin]
port = $admin_port
[state]
dir = "state"
[database]
url = "$MIK_TEST_DATABASE_URL"
schema = "soak"
TOML
base=http://127.0.0.1:$port
admin=http://127.0.0.1:$admin_port

(cd "$work" && exec "$MIK_BINARY" serve --config "$work/mik.toml" >"$out/mik.log" 2>&1) &
mik_pid=$!
for _ in $(seq 240); do
  [ "$(curl -s "$base/health" | jq -r .event_store 2>/dev/null)" = ok ] && break
  kill -0 "$mik_pid" 2>/dev/null || die "mik exited at start-up: $(tail -n 20 "$out/mik.log")"
  sleep 0.5
done
[ "$(curl -s "$base/health" | jq -r .event_store)" = ok ] || die "mik's event store never came up"
# The published mik is started through a subshell that execs it: the pid is mik's own.
echo "soak: mik (pid $mik_pid) on $base, admin $admin, $minutes min at $rate requests/s; output in $out"

seconds=$((minutes * 60))
python3 scripts/lib/loadgen.py --base "$base" --rate "$rate" --seconds "$seconds" --workers 48 \
  --path "10,/run/hello/,Hello" --path "2,/run/bigout?kb=1024,xxxxxxxx" --path "3,/run/slow?ms=50,slept 50 ms" \
  --path "2,/run/trap" >"$out/load.json" &
load_pid=$!
bg_pids+=("$load_pid")

# Deploys and removals: a few MB module (big.wasm with a custom section of its own each time, so every deploy has
# new bytes), deployed and 15 s later removed, every 30 s; each answer's status is recorded.
python3 - "$admin" "$seconds" tests/guests/wasm/big.wasm "$out/deploys.csv" <<'PY' &
import sys, time, urllib.request, os
admin, seconds, big, log = sys.argv[1], float(sys.argv[2]), open(sys.argv[3], "rb").read(), open(sys.argv[4], "w")
def leb(n):
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n: return bytes(out)
def call(method, path, body=None):
    req = urllib.request.Request(admin + path, data=body, method=method)
    try:
        with urllib.request.urlopen(req, timeout=120) as r: return r.status
    except urllib.error.HTTPError as e: return e.code
    except Exception as e: return type(e).__name__
end, i = time.monotonic() + seconds - 20, 0
while time.monotonic() < end:
    i += 1
    name = b"soak"
    payload = os.urandom(2 * 1024 * 1024)
    content = leb(len(name)) + name + payload
    module = big + b"\x00" + leb(len(content)) + content
    print(f"deploy,{i},{len(module)},{call('PUT', '/modules/soakbig', module)}", file=log, flush=True)
    time.sleep(15)
    print(f"remove,{i},0,{call('DELETE', '/modules/soakbig?reason=soak')}", file=log, flush=True)
    time.sleep(15)
PY
deploy_pid=$!
bg_pids+=("$deploy_pid")

# Every 10 s: seconds since start, RSS, managed heap (mik_memory_bytes{kind="managed_heap"}), fds, threads.
echo "t_s,rss_bytes,managed_heap_bytes,fds,threads" >"$out/samples.csv"
start=$(date +%s)
while kill -0 "$load_pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$mik_pid/status")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$mik_pid/status")
  fds=$(find "/proc/$mik_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
  heap=$(curl -s --max-time 10 "$base/metrics" | awk '/^mik_memory_bytes\{kind="managed_heap"\}/ {printf "%d", $2}')
  echo "$(($(date +%s) - start)),$rss,${heap:-},$fds,$threads" >>"$out/samples.csv"
  sleep 10
done
wait "$load_pid" || true
jq -e .sent "$out/load.json" >/dev/null 2>&1 || die "the load generator failed: $(cat "$out/load.json")"
wait "$deploy_pid" || true

python3 scripts/lib/soak-check.py "$out" "$admin" "$minutes"
