#!/usr/bin/env bash
# Sustained events/s of the real audit pipeline (AuditQueue → AuditWriter → Marten) into a throw-away PostgreSQL,
# first with PostgreSQL's defaults (fsync on: the headline number), then with fsync off (as the tests run).
#   bench/audit.sh [events=200000] [batch=the writer's default]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source bench/lib/bench-postgres.sh
events=${1:-200000}
batch=${2:-}

ensure_dotnet
ensure_postgres
ensure_python
dotnet publish bench/AuditBench -c Release -o artifacts/auditbench --nologo -v quiet

trap bench_pg_stop EXIT
for mode in durable fast; do
  bench_pg_start "$mode"
  printf '%-8s ' "$mode"
  MIK_BENCH_PG_PID=$(head -n 1 "$BENCH_PG_DIR/data/postmaster.pid") \
    artifacts/auditbench/AuditBench "$BENCH_PG_URL" "$events" $batch | grep "^mode="  # $batch unquoted: absent unless given
  bench_pg_stop
done
