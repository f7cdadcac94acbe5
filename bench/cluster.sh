#!/usr/bin/env bash
# Per-instance cost figures of the cluster (docs/operations.md, What a cluster costs PostgreSQL) from bench/ClusterBench against a throw-away
# PostgreSQL with its defaults (fsync on): module bytes in a bytea table vs a Marten document (1, 5, 20 MB),
# LISTEN/NOTIFY latency from a committing append to another connection's wake-up, and the catch-up read by event
# sequence on a table of 100,000 events.
#   bench/cluster.sh [rounds=5] [notifies=200] [events=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source bench/lib/bench-postgres.sh

ensure_dotnet
ensure_postgres
ensure_python
dotnet publish bench/ClusterBench -c Release -o artifacts/clusterbench --nologo -v quiet

trap bench_pg_stop EXIT
bench_pg_start durable
artifacts/clusterbench/ClusterBench "$BENCH_PG_URL" "${1:-5}" "${2:-200}" "${3:-100000}"
