#!/usr/bin/env bash
# Regenerates a schema migration from the code's Marten configuration (src/Api/EventStore/MikStoreOptions.cs):
#
#   scripts/db-patch.sh                                    # rewrite migrations/0001_initial.sql (before the first release)
#   scripts/db-patch.sh migrations/0003_event_archive.sql  # after a release: a new file with only what changed
#
# Marten compares the code with a scratch schema holding the migrations that sort before the file (none for
# 0001) and writes the difference; the scratch schema is dropped afterwards. Database: MIK_DATABASE_URL, else
# MIK_TEST_DATABASE_URL, else a throw-away PostgreSQL started like scripts/test.sh does. See docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source scripts/lib/test-postgres.sh

file=${1:-migrations/0001_initial.sql}
[[ "$file" =~ ^migrations/[0-9]{4}_[a-z0-9_]+\.sql$ ]] || die "usage: scripts/db-patch.sh [migrations/NNNN_name.sql]"

ensure_dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# An empty config, so that no ./mik.toml or /etc/mik/mik.toml decides which database gets the scratch schema.
config=$(mktemp --suffix=.toml)
cleanup() { rm -f "$config"; test_pg_stop; }
trap cleanup EXIT
if [ -z "${MIK_DATABASE_URL:-}" ]; then
  if [ -z "${MIK_TEST_DATABASE_URL:-}" ]; then
    ensure_postgres
    test_pg_start
  fi
  export MIK_DATABASE_URL=$MIK_TEST_DATABASE_URL
fi

dotnet run --project src/Api -c Release -v quiet -- db patch "$PWD/$file" --config "$config"
