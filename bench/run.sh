#!/usr/bin/env bash
# Requests/s and CPU per request of the hello handler through mik, as a WAGI module and as a wasi:http component,
# next to a bare Kestrel endpoint answering the same bytes and, when npm can install it, the same component under
# `jco serve` (Node.js), all measured in the same run with wrk on loopback. Targets: mik's WAGI hello >= 0.5 of
# bare's requests/s; a component request <= 2x a WAGI request's CPU. The servers are measured in rounds, each round
# in a rotated order, and each figure is the median of its rounds' ratios: load from elsewhere on the machine drifts
# over a run, and a single pair measured a minute apart mostly measures that drift.
#   bench/run.sh [duration_secs=10] [connections=32] [warmup_secs=20] [rounds=5]
#   MIK_BENCH_JCO=0 skips `jco serve`; MIK_BENCH_COMPONENT=0 skips the component (and jco): mik's WAGI hello
#   against bare alone, so each round is shorter when only that ratio is wanted.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
duration=${1:-10}
connections=${2:-32}
warmup=${3:-20}
rounds=${4:-5}

ensure_dotnet
ensure_postgres
command -v wrk >/dev/null || apt_install wrk
jco=""
component=${MIK_BENCH_COMPONENT:-1}
if [ "${MIK_BENCH_JCO:-1}" != 0 ] && [ "$component" != 0 ]; then
  command -v npm >/dev/null || apt_install nodejs npm
  # jco serve transpiles the component to JavaScript and serves it on Node's http server (preview2-shim).
  if [ -x artifacts/jco/node_modules/.bin/jco ] || npm install --prefix artifacts/jco --no-audit --no-fund \
      @bytecodealliance/jco@1.35 >/dev/null 2>&1; then jco=artifacts/jco/node_modules/.bin/jco
  else echo "npm could not install @bytecodealliance/jco: jco serve is not measured" >&2; fi
fi

dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet
dotnet publish bench/BareKestrel -c Release -o artifacts/bare --nologo -v quiet

work=$(mktemp -d /tmp/mik-bench.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/modules"
cp examples/modules/hello.wasm "$work/modules/"
cp tests/guests/components/hello-http.wasm "$work/modules/"
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
mik_pid=$!
pids+=("$mik_pid")
artifacts/bare/BareKestrel --urls http://127.0.0.1:3401 >"$work/bare.log" 2>&1 &
bare_pid=$!
pids+=("$bare_pid")
names=(bare mik component)
urls=(http://127.0.0.1:3401/run/hello/ http://127.0.0.1:3400/run/hello/ http://127.0.0.1:3400/run/hello-http/)
server_pids=("$bare_pid" "$mik_pid" "$mik_pid")
if [ "$component" = 0 ]; then
  names=(bare mik); urls=("${urls[@]:0:2}"); server_pids=("$bare_pid" "$mik_pid")
fi
if [ -n "$jco" ]; then
  "$jco" serve --port 3402 --host 127.0.0.1 tests/guests/components/hello-http.wasm >"$work/jco.log" 2>&1 &
  pids+=("$!")
  names+=(jco); urls+=(http://127.0.0.1:3402/); server_pids+=("$!")
fi
for url in http://127.0.0.1:3400/health "${urls[@]}"; do
  for _ in $(seq 120); do curl -sf "$url" >/dev/null && break; sleep 0.5; done
done
for url in "${urls[@]}"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ] || { echo "$url does not answer 200" >&2; exit 1; }
done
# jco serve runs in a node process started by a shell wrapper: measure the process that listens.
if [ -n "$jco" ]; then
  jco_pid=$(ss -ltnpH 'sport = :3402' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  server_pids[3]=$jco_pid
fi

# One measurement of a server: "<req/s> <its CPU µs per request>" (CPU from /proc: user + system ticks of 1/100 s).
# One wrk thread: on a 2-core machine the load generator then takes one core and the server the other, the same for
# both servers.
measure() {
  local url=$1 pid=$2 before out
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(wrk -t1 -c"$connections" -d"${duration}s" "$url")
  python3 - "$before" "$(awk '{print $14 + $15}' "/proc/$pid/stat")" "$out" <<'PY'
import re, sys
before, after, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
requests = int(re.search(r"(\d+) requests in", out).group(1))
print(f"{rate:.0f} {(after - before) * 1e4 / max(requests, 1):.1f}")
PY
}

# Each gets a warm-up first so tiered JIT has settled: measured here, a few thousand methods are still being
# recompiled after 5 s of load, so the default is 20 s.
for url in "${urls[@]}"; do wrk -t1 -c"$connections" -d"${warmup}s" "$url" >/dev/null; done
results=()
count=${#names[@]}
for round in $(seq "$rounds"); do
  # Rotating which goes first keeps a steady drift in load from favouring one of them.
  declare -A got=()
  line="round $round:"
  for k in $(seq 0 $((count - 1))); do
    i=$(( (k + round) % count ))
    got[$i]=$(measure "${urls[$i]}" "${server_pids[$i]}")
  done
  row=""
  for i in $(seq 0 $((count - 1))); do
    row+="${got[$i]} "
    line+=" ${names[$i]} ${got[$i]% *} req/s (${got[$i]#* } µs CPU/request),"
  done
  results+=("$row")
  echo "${line%,}"
  unset got
done

python3 - "${names[*]}" "${results[@]}" <<'PY'
import statistics, sys
names = sys.argv[1].split()
rounds = [dict(zip(names, zip(*[iter(map(float, r.split()))] * 2))) for r in sys.argv[2:]]
med = lambda xs: statistics.median(list(xs))
for n in names:
    print(f"{n:>10}: {med(r[n][0] for r in rounds):.0f} req/s, {med(r[n][1] for r in rounds):.1f} µs CPU/request (medians)")
ratios = [r["mik"][0] / r["bare"][0] for r in rounds]
print("ratios mik/bare by round: " + ", ".join(f"{x:.2f}" for x in ratios))
print(f"ratio mik/bare: {med(ratios):.2f} (median of {len(ratios)} rounds; target >= 0.50)")
if "component" in names:
    cpu = [r["component"][1] / r["mik"][1] for r in rounds]
    print("CPU component/WAGI by round: " + ", ".join(f"{x:.2f}" for x in cpu))
    print(f"CPU per request, component/WAGI: {med(cpu):.2f} (median; target <= 2.00)")
if "jco" in names:
    rate = [r["component"][0] / r["jco"][0] for r in rounds]
    print(f"req/s, mik component / jco serve: {med(rate):.2f} (median; jco serve reuses one instance, mik makes a fresh one per request)")
PY
