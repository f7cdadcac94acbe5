#!/usr/bin/env bash
# How precisely mik stops a handler at its timeout: figure 10 of docs/benchmarks.md on its own
# (bench/figures/85_timeout.py: an endless-loop guest under request_timeout_secs = 1, one request at a time,
# alternating with the hello guest, durations by mik's own request_completed duration_ms). Target: the loop is
# answered within the timeout + 100 ms.
#   bench/timeout.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh

ensure_dotnet
ensure_postgres
ensure_python

dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet
out=$(mktemp /tmp/mik-timeout.XXXXXX)
trap 'rm -f "$out"' EXIT
MIK_BINARY=$PWD/artifacts/mik/mik python3 bench/figures/85_timeout.py --out "$out"
