#!/usr/bin/env bash
# Validates everything under deploy/ and the root docker-compose.yml with the tools that own each format:
#   promtool check config / check rules / test rules   deploy/prometheus
#   docker-compose config                              docker-compose.yml (no Docker engine needed)
#   systemd-analyze verify                             deploy/systemd/mik.service, ExecStart pointed at MIK_BINARY
# Exits non-zero if any of them fails or complains. Installs nothing: scripts/test.sh (scripts/lib/deps.sh,
# ensure_prometheus and ensure_deploy_validators) does. Usage: scripts/check-deploy.sh [MIK_BINARY]
set -uo pipefail
cd "$(dirname "$0")/.."

binary="${1:-${MIK_BINARY:-$PWD/artifacts/mik/mik}}"
failures=0
scratch=$(mktemp -d /tmp/mik-check-deploy.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

# Runs one check: prints its name, and its output when it fails (non-zero exit).
check() {
  local name=$1; shift
  local output
  if output=$("$@" 2>&1); then
    echo "ok    $name"
  else
    echo "FAIL  $name"
    failures=$((failures + 1))
    [ -z "$output" ] || printf '%s\n' "$output" | sed 's/^/      /'
  fi
}

# systemd-analyze verify reports unknown keys and unparsable values as warnings with exit 0: any output fails.
verify_unit() {
  local unit="$scratch/mik.service" output
  [ -x "$binary" ] || { echo "$binary is not an executable file: publish mik first (scripts/test.sh does)"; return 1; }
  sed "s#^ExecStart=/opt/mik/mik #ExecStart=$binary #" deploy/systemd/mik.service >"$unit"
  grep -q "^ExecStart=$binary " "$unit" || { echo "mik.service has no ExecStart=/opt/mik/mik line to point at $binary"; return 1; }
  output=$(systemd-analyze verify "$unit" 2>&1) || { printf '%s\n' "$output"; return 1; }
  [ -z "$output" ] || { printf '%s\n' "$output"; return 1; }
}

# The variables the compose file requires (its secrets) get placeholder values: this checks the file, not a local .env.
compose_config() {
  : >"$scratch/empty.env"
  POSTGRES_PASSWORD=check MIK_API_KEY=check GRAFANA_ADMIN_PASSWORD=check \
    docker-compose --project-directory . --env-file "$scratch/empty.env" -f docker-compose.yml config --quiet
}

check "promtool check config deploy/prometheus/prometheus.yml" promtool check config deploy/prometheus/prometheus.yml
check "promtool check rules deploy/prometheus/rules/*.yml" promtool check rules deploy/prometheus/rules/*.yml
check "promtool test rules deploy/prometheus/tests/*.yml" promtool test rules deploy/prometheus/tests/*.yml
check "docker-compose config docker-compose.yml" compose_config
check "systemd-analyze verify deploy/systemd/mik.service" verify_unit

if [ "$failures" -ne 0 ]; then
  echo "check-deploy: $failures check(s) failed"
  exit 1
fi
echo "check-deploy: all checks passed"
