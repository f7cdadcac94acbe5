# shellcheck shell=bash
# Installs what mik's scripts need on a Debian machine, only when it is missing. Sourced by scripts/*.sh.

die() { echo "error: $*" >&2; exit 1; }

apt_install() {
  [ "$(id -u)" -eq 0 ] || die "missing packages ($*); run this script as root, or install them: apt-get install $*"
  if [ -z "${MIK_APT_UPDATED:-}" ]; then
    apt-get update -qq
    export MIK_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian"
}

ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "installing PostgreSQL from Debian packages…"
    # Only our private clusters are wanted: no default 'main' cluster on 5432.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/mik-no-main-cluster.conf
    apt_install postgresql
  fi
}

ensure_python() {
  command -v python3 >/dev/null || apt_install python3
}

ensure_prometheus() {
  command -v promtool >/dev/null && command -v prometheus >/dev/null || apt_install prometheus
}

# The completion tests check the scripts of `mik completions` with each shell (`zsh -n`, `fish -n`).
ensure_shells() {
  local missing=()
  command -v zsh >/dev/null || missing+=(zsh)
  command -v fish >/dev/null || missing+=(fish)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# scripts/check-deploy.sh validates deploy/ and docker-compose.yml: `docker-compose config` parses the compose
# file (no Docker engine needed) and `systemd-analyze verify` the unit.
ensure_deploy_validators() {
  local missing=()
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v systemd-analyze >/dev/null || missing+=(systemd)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# scripts/runbook-check.sh runs docs/runbook.md's commands: jq, curl, ss, pgrep, file (and python3 for free ports).
ensure_runbook_tools() {
  local missing=()
  command -v jq >/dev/null || missing+=(jq)
  command -v curl >/dev/null || missing+=(curl)
  command -v ss >/dev/null || missing+=(iproute2)
  command -v pgrep >/dev/null || missing+=(procps)
  command -v file >/dev/null || missing+=(file)
  command -v python3 >/dev/null || missing+=(python3)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# The secret canary tests run mik under `strace -f -e trace=execve` to see the environment of every program it starts.
ensure_strace() {
  command -v strace >/dev/null || apt_install strace
}
