#!/usr/bin/env bash
# Builds mik and serves examples/modules on :3000 (admin API on 127.0.0.1:9919) with the embedded
# PostgreSQL under examples/.state. On a fresh Debian machine run it as root: it installs PostgreSQL
# from Debian packages when missing. Extra arguments go to `mik serve` (e.g. --config other.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh

ensure_dotnet
ensure_postgres

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet
exec artifacts/mik/mik serve --config examples/mik.toml "$@"
