#!/usr/bin/env bash
# Runs every test of mik the way CI does. On a fresh Debian machine (as root) it first installs what is
# missing (PostgreSQL and Prometheus from Debian packages), then starts a private PostgreSQL for the tests, builds, publishes
# the `mik` binary the end-to-end tests run, and runs all test projects. Ends with one line: N passed, N failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source scripts/lib/test-postgres.sh

ensure_dotnet
ensure_python
ensure_postgres
ensure_prometheus   # the metrics tests run promtool and a real Prometheus

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Mik.Durable.sln -c Release -warnaserror --nologo -v quiet
dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet
export MIK_BINARY="$PWD/artifacts/mik/mik"

trap test_pg_stop EXIT
test_pg_start

results=artifacts/test-results
rm -rf "$results"
status=0
# One CTRF report per test assembly (default names are unique per run), summed below.
dotnet test --solution Mik.Durable.sln -c Release --no-build --results-directory "$results" --report-xunit-ctrf || status=$?

python3 - "$results" <<'PY'
import json, pathlib, sys
passed = failed = skipped = 0
for report in pathlib.Path(sys.argv[1]).rglob("*.ctrf"):
    summary = json.loads(report.read_text())["results"]["summary"]
    passed += summary.get("passed", 0)
    failed += summary.get("failed", 0)
    skipped += summary.get("skipped", 0) + summary.get("pending", 0)
line = f"{passed} passed, {failed} failed"
print(line + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
