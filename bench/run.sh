#!/usr/bin/env bash
# Requests/s of the hello guest through mik next to a bare Kestrel endpoint answering the same bytes, measured in
# the same run with wrk on loopback, reported as a ratio (target: mik >= 0.5 of bare). The two are measured in
# alternating rounds and the ratio of each round's pair is reported, with their median as the result: load from
# elsewhere on the machine drifts over a run, and a single pair measured a minute apart mostly measures that drift.
#   bench/run.sh [duration_secs=10] [connections=32] [warmup_secs=20] [rounds=5]
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
mik_pid=$!
pids+=("$mik_pid")
artifacts/bare/BareKestrel --urls http://127.0.0.1:3401 >"$work/bare.log" 2>&1 &
bare_pid=$!
pids+=("$bare_pid")
mik_url=http://127.0.0.1:3400/run/hello/
bare_url=http://127.0.0.1:3401/run/hello/
for url in http://127.0.0.1:3400/health "$bare_url"; do
  for _ in $(seq 120); do curl -sf "$url" >/dev/null && break; sleep 0.5; done
done
for url in "$mik_url" "$bare_url"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ] || { echo "$url does not answer 200" >&2; exit 1; }
done

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
wrk -t1 -c"$connections" -d"${warmup}s" "$bare_url" >/dev/null
wrk -t1 -c"$connections" -d"${warmup}s" "$mik_url" >/dev/null
results=()
for round in $(seq "$rounds"); do
  # Alternating which goes first keeps a steady drift in load from favouring one of them.
  if (( round % 2 )); then bare=$(measure "$bare_url" "$bare_pid"); mik=$(measure "$mik_url" "$mik_pid")
  else mik=$(measure "$mik_url" "$mik_pid"); bare=$(measure "$bare_url" "$bare_pid"); fi
  results+=("$bare $mik")
  echo "round $round: bare ${bare% *} req/s (${bare#* } µs CPU/request), mik ${mik% *} req/s (${mik#* } µs CPU/request)"
done

python3 - "${results[*]}" <<'PY'
import statistics, sys
words = [float(w) for w in sys.argv[1].split()]
rounds = [words[i:i + 4] for i in range(0, len(words), 4)]
ratios = [mik / bare for bare, _, mik, _ in rounds]
print("ratios by round: " + ", ".join(f"{r:.2f}" for r in ratios))
print(f"bare Kestrel: {statistics.median(r[0] for r in rounds):.0f} req/s, {statistics.median(r[1] for r in rounds):.1f} µs CPU/request (medians)")
print(f"mik hello:    {statistics.median(r[2] for r in rounds):.0f} req/s, {statistics.median(r[3] for r in rounds):.1f} µs CPU/request")
print(f"ratio mik/bare: {statistics.median(ratios):.2f} (median of {len(ratios)} rounds; target >= 0.50)")
PY
