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
config=examples/mik.toml
# As root the embedded PostgreSQL runs as 'postgres', which must be able to walk down to examples/.state; mik never
# opens a folder it did not create for it (docs/operations.md). From a checkout under /root (0700) the state dir moves
# to /var/lib/mik-examples instead, with a copy of the config that names the modules by their absolute path.
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$PWD/examples"; then
  state=/var/lib/mik-examples
  mkdir -p "$state" && chmod 711 "$state"
  sed -e "s|^modules = .*|modules = \"$PWD/examples/modules\"|" -e "s|^dir = .*|dir = \"$state\"|" \
    examples/mik.toml >"$state/mik.toml"
  config=$state/mik.toml
  echo "run-examples: postgres cannot enter $PWD, so the state dir is $state" >&2
fi
exec artifacts/mik/mik serve --config "$config" "$@"
