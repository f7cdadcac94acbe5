#!/usr/bin/env bash
# Requests/s of the hello guest with the event store running and stopped, alternating for a few rounds, with mik's
# CPU per request in each and their ratios (target: stopped within 10% of running); a module deployed while the
# store is down must have its audit events in PostgreSQL afterwards. The measurement is figure 5's second part,
# bench/figures/51_outage.py (docs/benchmarks.md); this runs it on its own with the durations given.
#   bench/outage.sh [duration_secs=10] [connections=32] [warmup_secs=20] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh

ensure_dotnet
ensure_postgres
ensure_python
command -v wrk >/dev/null || apt_install wrk

dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet
out=$(mktemp /tmp/mik-outage.XXXXXX)
trap 'rm -f "$out"' EXIT
MIK_BINARY=$PWD/artifacts/mik/mik python3 bench/figures/51_outage.py --out "$out" \
  --duration "${1:-10}" --connections "${2:-32}" --warmup "${3:-20}" --rounds "${4:-3}"
python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["notes"]))' "$out"
