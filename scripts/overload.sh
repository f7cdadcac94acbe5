#!/usr/bin/env bash
# Admitted latency and shed share at 1x and 8x capacity: mik on loopback with max_concurrent_requests = 2 and the
# slow guest running 100 ms, so capacity is 2 / 0.1 s = 20 requests/s; a fixed-rate client (scripts/lib/loadgen.py,
# open loop: latency counts from when a request was due) offers 1x and 8x that for SECONDS each. Prints, per load,
# the admitted requests' p50/p99/max latency, the share shed with 503 overloaded, and transport errors. Fails when a
# request ends in a transport error, a 200 has the wrong body or a 503 lacks Retry-After; the latency is reported,
# not judged (it depends on the machine). Figures: docs/reliability.md, Overload and soak.
#   scripts/overload.sh [seconds=30]
#   MIK_BINARY=path uses this mik instead of publishing one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
seconds=${1:-30}
slots=2
run_ms=100

ensure_dotnet
ensure_postgres
ensure_python
if [ -z "${MIK_BINARY:-}" ]; then
  dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet
  MIK_BINARY=$PWD/artifacts/mik/mik
fi

work=$(mktemp -d /tmp/mik-overload.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/modules"
cp tests/guests/wasm/slow.wasm "$work/modules/"
mik_pid=
cleanup() {
  if [ -n "$mik_pid" ]; then kill "$mik_pid" 2>/dev/null || true; wait "$mik_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
admin_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/mik.toml" <<TOML
[server]
host = "127.0.0.1"
port = $port
modules = "modules"
max_concurrent_requests = $slots
[admin]
port = $admin_port
[state]
dir = "state"
TOML
(cd "$work" && exec "$MIK_BINARY" serve --config "$work/mik.toml" >"$work/mik.log" 2>&1) &
mik_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 240); do
  curl -sf "$base/health" >/dev/null && break
  kill -0 "$mik_pid" 2>/dev/null || die "mik exited at start-up: $(tail -n 20 "$work/mik.log")"
  sleep 0.5
done
curl -sf "$base/health" >/dev/null || die "mik never became ready"
# Compile and warm the guest before measuring.
for _ in $(seq 5); do curl -sf "$base/run/slow?ms=1" >/dev/null; done

capacity=$((slots * 1000 / run_ms))
failed=0
for factor in 1 8; do
  rate=$((capacity * factor))
  report=$(python3 scripts/lib/loadgen.py --base "$base" --rate "$rate" --seconds "$seconds" --workers 256 \
    --path "1,/run/slow?ms=$run_ms,slept $run_ms ms")
  python3 - "$factor" "$report" <<'PY' || failed=1
import json, sys
factor, r = sys.argv[1], json.loads(sys.argv[2])
counts = next(iter(r["by_path"].values()))
admitted, shed = counts.get("200", 0), counts.get("503", 0)
other = {s: n for s, n in counts.items() if s not in ("200", "503")}
lat = r["latency_ms"].get("200", {})
print(f"{factor}x capacity ({r['rate']:.0f} requests/s for {r['seconds']:.0f} s): admitted {admitted}, "
      f"p50 {lat.get('p50')} ms, p99 {lat.get('p99')} ms, max {lat.get('max')} ms; "
      f"shed {shed} ({100 * shed / max(r['sent'], 1):.1f} %, p99 {r['latency_ms'].get('503', {}).get('p99')} ms); "
      f"other {other}; transport errors {r['errors']}; client lag max {r['sender_max_lag_ms']} ms")
sys.exit(1 if r["errors"] or r["bad_bodies"] or r["refusals_without_retry_after"] or other else 0)
PY
done
echo "shed counted by mik: $(curl -s "$base/metrics" | awk '/^mik_requests_rejected_total\{reason="overloaded"\}/ {print $2}')"
[ "$failed" = 0 ] || die "a request ended otherwise than 200 or 503 overloaded with Retry-After"
