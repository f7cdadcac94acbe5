#!/usr/bin/env bash
# Checks the README's run command the way its acceptance reads: ./scripts/run-examples.sh brings up `mik`,
# /health says "ready", the process is named mik and listens on 3000 and 9919, the logs parse with jq and
# every request_completed line has a numeric duration_ms; a config with port = "abc" stops start-up naming
# server.port. Needs ports 3000 and 9919 free. Prints "run command: ok" or exits non-zero with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
command -v jq >/dev/null || apt_install jq
command -v ss >/dev/null || apt_install iproute2
command -v pgrep >/dev/null || apt_install procps

log=$(mktemp /tmp/mik-run.XXXXXX.log)
./scripts/run-examples.sh >"$log" 2>&1 &
runner=$!
trap 'kill $runner 2>/dev/null; wait $runner 2>/dev/null; rm -f "$log"' EXIT

for _ in $(seq 300); do
  curl -sf localhost:3000/health >/dev/null && break
  kill -0 $runner 2>/dev/null || { cat "$log" >&2; die "run-examples.sh ended before mik was ready"; }
  sleep 1
done
[[ $(curl -s localhost:3000/health | jq -r .status) == ready ]] || die "/health is not ready"
pgrep -x mik >/dev/null || die "no process named mik"
listening=$(ss -tlnp | grep '"mik"')
grep -q ':3000 ' <<<"$listening" || die "mik does not listen on 3000"
grep -q ':9919 ' <<<"$listening" || die "mik does not listen on 9919"

curl -sf localhost:3000/run/hello/ >/dev/null || die "/run/hello/ failed"
sleep 1
durations=$(grep '^{' "$log" | jq 'select(.message == "request_completed") | .duration_ms')
[[ -n $durations ]] || die "no request_completed lines"
grep -qvE '^[0-9.]+$' <<<"$durations" && die "a duration_ms is not a number: $durations"

bad=$(mktemp /tmp/mik-bad.XXXXXX.toml)
printf '[server]\nport = "abc"\n' >"$bad"
if out=$(artifacts/mik/mik serve --config "$bad" 2>&1); then die "mik started with port = \"abc\""; fi
rm -f "$bad"
grep -q 'server.port' <<<"$out" || die "the error does not name server.port: $out"
echo "run command: ok"
