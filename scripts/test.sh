#!/usr/bin/env bash
# Runs every test of mik the way CI does. On a fresh Debian machine (as root) it first installs what is
# missing (PostgreSQL, Prometheus, zsh, fish and docker-compose from Debian packages), then starts a private PostgreSQL for the tests, builds, publishes
# the `mik` binary the end-to-end tests run, and runs all test projects. Ends with one line: N passed, N failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source scripts/lib/test-postgres.sh

ensure_dotnet
ensure_python
ensure_postgres
ensure_prometheus   # the metrics tests run promtool and a real Prometheus
ensure_shells       # the completion tests run zsh and fish
ensure_deploy_validators   # the deploy tests run scripts/check-deploy.sh (docker-compose config, systemd-analyze verify)
ensure_runbook_tools       # the deploy tests run scripts/runbook-check.sh (jq, curl, ss, pgrep, file)
ensure_strace              # the secret canary tests trace the environment of every program mik starts

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Mik.Durable.sln -c Release -warnaserror --nologo -v quiet
dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet
export MIK_BINARY="$PWD/artifacts/mik/mik"

trap test_pg_stop EXIT
test_pg_start

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
status=0
dotnet test --solution Mik.Durable.sln -c Release --no-build --results-directory "$results" 2>&1 | tee "$results/console.log" \
  || status=${PIPESTATUS[0]}

# The totals of the run, from the summary `dotnet test` prints after every test assembly has finished.
python3 - "$results/console.log" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
def last(name):
    found = re.findall(rf"^\s*{name}:\s*(\d+)\s*$", text, re.M)
    return int(found[-1]) if found else 0
passed, failed, skipped = last("succeeded"), last("failed"), last("skipped")
# The failures again, just above the totals: CI keeps only the tail of a long output, and a failure's name and message
# scroll out of it behind the logs of the tests that ran after it.
lines = text.splitlines()
shown = 0
for i, line in enumerate(lines):
    if re.match(r"^\s*failed \S", line) and shown < 10:
        if shown == 0: print("\nFailed tests (first lines of each):")
        print("\n".join(l[:300] for l in lines[i:i + 8]))
        shown += 1
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit $status
