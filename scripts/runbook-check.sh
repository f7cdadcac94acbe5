#!/usr/bin/env bash
# Checks docs/runbook.md against a real mik: starts the published binary (MIK_BINARY, default artifacts/mik/mik) in
# a temporary folder laid out like the systemd installation (etc/ = /etc/mik, lib/ = /var/lib/mik, log/ =
# /var/log/mik) with its own config on free ports, the shared test PostgreSQL (MIK_TEST_DATABASE_URL, a schema of
# its own) or else the embedded one; injects each failure the runbook describes, runs the runbook's diagnosis
# commands and checks that they show what the runbook says.
#
# Every command it runs must be a line of docs/runbook.md, character for character (leading blanks aside), so the
# page and this check cannot drift apart. Before running one it only maps /etc/mik, /var/lib/mik, /var/log/mik and
# the ports 3000 and 9919 to the temporary ones, and `journalctl -u mik -o cat` to mik's captured stdout (no
# systemd here). `mik` on PATH is the binary under test, MIK_CONFIG names the temporary config and MIK_API_KEY is
# exported, as the runbook asks of an operator.
#
# Prints one line per case (ok / FAIL / SKIP with the reason) and a total; exits 1 if any case failed.
# Stops its mik with SIGTERM (its pid only) and removes what it made, however it ends.
# Usage: scripts/runbook-check.sh [MIK_BINARY]
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_runbook_tools

repo=$PWD
runbook=$repo/docs/runbook.md
binary=${1:-${MIK_BINARY:-$repo/artifacts/mik/mik}}
[ -x "$binary" ] || die "$binary is not an executable file: publish mik first (scripts/test.sh does)"
[ -f "$runbook" ] || die "docs/runbook.md is missing"
guests=$repo/tests/guests/wasm

root=$(mktemp -d /tmp/mik-runbook.XXXXXX)
chmod 711 "$root" # as root the embedded PostgreSQL runs as 'postgres' and must pass through
mkdir -p "$root/etc" "$root/lib/modules" "$root/log" "$root/bin" "$root/spare"
mik_pid=
mounted=

cleanup() {
  if [ -n "$mik_pid" ] && kill -0 "$mik_pid" 2>/dev/null; then
    kill -TERM "$mik_pid"
    for _ in $(seq 120); do kill -0 "$mik_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$mik_pid" 2>/dev/null && kill -KILL "$mik_pid"
    wait "$mik_pid" 2>/dev/null
  fi
  # A mik that had to be killed leaves its embedded PostgreSQL running: stop that one (its pid file names it).
  local pg_pid
  pg_pid=$(head -1 "$root/lib/pg/data/postmaster.pid" 2>/dev/null)
  if [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null; then
    kill -INT "$pg_pid"
    for _ in $(seq 60); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  [ -z "$mounted" ] || umount "$root/lib/modules" 2>/dev/null || umount -l "$root/lib/modules"
  rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
admin=$(free_port)
while [ "$admin" = "$port" ]; do admin=$(free_port); done

# The disk case needs a small file system of its own for the modules folder: a tmpfs (needs root, and a container
# that allows mounts). Where that is not possible the case is reported as skipped with mount's reason.
disk_skip=
if [ "$(id -u)" -ne 0 ]; then
  disk_skip="mounting a tmpfs needs root (running as $(id -un))"
elif out=$(mount -t tmpfs -o size=300m,mode=755 mik-runbook "$root/lib/modules" 2>&1); then
  mounted=1
else
  disk_skip="cannot mount a tmpfs here: ${out:-mount failed}"
fi

cp "$guests/hello.wasm" "$guests/slow.wasm" "$root/lib/modules/"
cp "$guests/trap.wasm" "$root/lib/modules/flaky.wasm"   # traps on every request: opens its circuit
cp "$guests/echo.wasm" "$root/lib/modules/mymodule.wasm"
cp "$guests/echo.wasm" "$root/spare/mymodule.wasm"
ln -s "$binary" "$root/bin/mik"

key=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
{
  echo "MIK_API_KEY=$key"
  # Quoted: a connection string holds ';', and the file is read by the shell below as systemd reads it.
  [ -z "${MIK_TEST_DATABASE_URL:-}" ] || echo "MIK_DATABASE_URL=\"$MIK_TEST_DATABASE_URL\""
} >"$root/etc/mik.env"
schema=
[ -z "${MIK_TEST_DATABASE_URL:-}" ] || schema="schema = \"runbook_$(python3 -c 'import secrets; print(secrets.token_hex(5))')\""
cat >"$root/etc/mik.toml" <<EOF
[server]
host = "127.0.0.1"
port = $port
modules = "$root/lib/modules"
cache_size = 100
max_cache_mb = 256
max_concurrent_requests = 64

[admin]
host = "127.0.0.1"
port = $admin

[breaker]
failure_threshold = 2
recovery_timeout_secs = 600

[state]
dir = "$root/lib"

[logging]
file = "$root/log/mik.log"

[database]
$schema
EOF

export PATH="$root/bin:$PATH" MIK_CONFIG="$root/etc/mik.toml" MIK_API_KEY="$key"
unset MIK_DATABASE_URL HOST PORT
set -a; . "$root/etc/mik.env"; set +a
journal=$root/stdout.log
mik serve --config "$root/etc/mik.toml" >"$journal" 2>&1 &
mik_pid=$!
unset MIK_DATABASE_URL # the commands below are the operator's: they need the key only

for _ in $(seq 180); do
  curl -sf "localhost:$port/health" >/dev/null && break
  kill -0 "$mik_pid" 2>/dev/null || { cat "$journal" >&2; die "mik ended before it was ready"; }
  sleep 0.5
done
curl -sf "localhost:$port/health" >/dev/null || { tail -20 "$journal" >&2; die "mik was not ready within 90 s"; }

# ---------------------------------------------------------------------------------------------------------------
passed=0 failed=0 skipped=0 case_name= case_problems=() case_commands=0

translate() {
  local c=$1
  c=${c//journalctl -u mik -o cat/cat \"$journal\"}
  c=${c//\/etc\/mik/$root/etc}
  c=${c//\/var\/lib\/mik/$root/lib}
  c=${c//\/var\/log\/mik/$root/log}
  c=${c//3000/$port}
  c=${c//9919/$admin}
  printf '%s' "$c"
}

# A command is checked only if it is a line of docs/runbook.md, as written there.
in_doc() { grep -qxF -- "$1" < <(sed 's/^[[:space:]]*//' "$runbook"); }

# Runs a command of docs/runbook.md as the runbook has it, with the paths and ports mapped; prints its output.
run_doc() { timeout 120 bash -c "$(translate "$1")" 2>&1; }

problem() { case_problems+=("$1"); }

# shows 'command' 'ERE': the command's output matches, within 30 s of asking again (logs and events arrive a
# moment after what caused them).
shows() {
  local line=$1 pattern=$2 out
  case_commands=$((case_commands + 1))
  in_doc "$line" || { problem "\`$line\` is not a line of docs/runbook.md"; return; }
  for _ in $(seq 30); do
    out=$(run_doc "$line")
    grep -qE -- "$pattern" <<<"$out" && return
    sleep 1
  done
  problem "\`$line\` does not show /$pattern/; it printed:
$(head -c 1500 <<<"$out")"
}

# lacks 'command' 'ERE': the command's output does not match.
lacks() {
  local line=$1 pattern=$2 out
  case_commands=$((case_commands + 1))
  in_doc "$line" || { problem "\`$line\` is not a line of docs/runbook.md"; return; }
  out=$(run_doc "$line")
  grep -qE -- "$pattern" <<<"$out" || return
  problem "\`$line\` shows /$pattern/, which it should not; it printed:
$(head -c 1500 <<<"$out")"
}

# until_true 'what' cmd...: waits (60 s) for an injected failure to take effect.
until_true() {
  local what=$1; shift
  for _ in $(seq 120); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  problem "injection did not take effect: $what"
  return 1
}

status_of() { curl -s -o /dev/null -w '%{http_code}' "localhost:$port$1"; }
is_status() { [ "$(status_of "$1")" = "$2" ]; }

begin() { case_name=$1; case_problems=(); case_commands=0; }
end() {
  if [ ${#case_problems[@]} -eq 0 ]; then
    echo "ok    $case_name ($case_commands commands)"
    passed=$((passed + 1))
  else
    echo "FAIL  $case_name"
    printf '%s\n' "${case_problems[@]}" | sed 's/^/      /'
    failed=$((failed + 1))
  fi
}
skip() { echo "SKIP  $1: $2"; skipped=$((skipped + 1)); }

m=$root/lib/modules
# ---------------------------------------------------------------------------------------------------------------
begin "quick diagnostics: mik is up"
shows 'pgrep -a mik' "^$mik_pid .*mik serve"
shows 'ss -tlnp | grep mik' "127\.0\.0\.1:$port .*pid=$mik_pid"
shows 'curl -s http://localhost:3000/health | jq' '"status": "ready"'
shows 'curl -s http://localhost:3000/health | jq' '"event_store": "ok"'
shows 'curl -s http://localhost:3000/metrics | head -50' '^# (HELP|TYPE) '
shows 'mik doctor' "mik serve is running \(pid $mik_pid"
end

begin "circuit open (a trapping module)"
curl -s "localhost:$port/run/flaky/" >/dev/null
curl -s "localhost:$port/run/flaky/" >/dev/null
until_true "/run/flaky/ answers 503" is_status /run/flaky/ 503
shows 'curl -s http://localhost:3000/metrics | grep circuit' 'mik_circuit_breaker_state\{module="flaky"\} 1'
shows 'curl -s http://localhost:3000/metrics | grep circuit_breaker' 'mik_circuit_breaker_state\{module="flaky"\} 1'
shows 'mik circuits' '"module":"flaky","state":"open"'
shows 'mik doctor --check circuits.open' 'circuit open for flaky'
shows 'journalctl -u mik -o cat | grep -i "circuit\|failure" | tail -20' '"message":"circuit_opened","module":"flaky"'
shows "journalctl -u mik -o cat | jq 'select(.message == \"handler_failed\")'" '"error": "handler_trap"'
shows "curl -s http://localhost:3000/health | jq '{status, circuits_open}'" '"circuits_open": 1'
shows 'mik circuits reset flaky' '"module":"flaky","state":"closed"'
shows 'mik circuits' '"module":"flaky","state":"closed"'
end

begin "module missing"
mv "$m/mymodule.wasm" "$root/spare/moved.wasm"
until_true "/run/mymodule/ answers 404" is_status /run/mymodule/ 404
shows 'mik modules show mymodule' "no module named 'mymodule'"
shows 'ls -la /var/lib/mik/modules/*.wasm' 'hello\.wasm'
lacks 'ls -la /var/lib/mik/modules/*.wasm' 'mymodule\.wasm'
mv "$root/spare/moved.wasm" "$m/mymodule.wasm"
until_true "/run/mymodule/ answers 200 again" is_status /run/mymodule/ 200
end

begin "permission denied (mode 0000)"
chmod 000 "$m/mymodule.wasm"
shows 'stat /var/lib/mik/modules/mymodule.wasm' 'Access: \(0000/----------\)'
shows 'ls -la /var/lib/mik/modules/*.wasm' '^---------- .*mymodule\.wasm'
shows 'mik doctor --check modules.readable' 'mymodule\.wasm cannot be read by mik \(mode 0000'
if [ "$(id -u)" -eq 0 ] && ! is_status /run/mymodule/ 200; then
  problem "docs/runbook.md says a mik running as root still serves a mode-0000 module; /run/mymodule/ answered $(status_of /run/mymodule/)"
fi
chmod 644 "$m/mymodule.wasm"
end

begin "invalid wasm"
printf '<html>\n' >"$m/mymodule.wasm"
until_true "/run/mymodule/ answers 500" is_status /run/mymodule/ 500
shows 'file /var/lib/mik/modules/mymodule.wasm' 'HTML document'
shows 'mik doctor --check modules.valid' 'mymodule\.wasm: not a WebAssembly module'
shows 'mik modules show mymodule' 'not a WebAssembly module'
shows 'journalctl -u mik -o cat | grep -i "instantiate\|module\|wasm" | tail -20' 'Failed to instantiate module mymodule'
shows "journalctl -u mik -o cat | jq 'select(.level == \"ERROR\")'" 'Failed to instantiate module mymodule'
cp "$root/spare/mymodule.wasm" "$m/mymodule.wasm"
# The failed requests opened the module's circuit (failure_threshold = 2): the runbook's fix closes it.
shows 'mik modules show mymodule' '"problem":null'
shows 'mik circuits reset mymodule' '"module":"mymodule","state":"closed"'
until_true "/run/mymodule/ answers 200 again" is_status /run/mymodule/ 200
end

begin "stale AOT artifact"
until_true "mymodule.wasm.aot is written" test -s "$m/mymodule.wasm.aot"
cp "$m/hello.wasm.aot" "$m/mymodule.wasm.aot" # an artifact made from other bytes
shows 'ls -la /var/lib/mik/modules/*.wasm.aot' 'mymodule\.wasm\.aot'
shows 'mik cache list' '"module":"mymodule",[^}]*"state":"stale"'
shows 'mik doctor --check aot.artifacts' 'mymodule\.wasm\.aot is stale'
shows 'mik cache clean' '"module":"mymodule",[^}]*"state":"stale"'
lacks 'mik cache list' '"state":"stale"'
end

begin "bound to 127.0.0.1"
shows 'ss -tlnp | grep -E "3000|9919"' "127\.0\.0\.1:$port "
shows 'grep -E "host|port" /etc/mik/mik.toml' '^host = "127\.0\.0\.1"'
shows 'mik doctor --check ports.' 'runtime listener bound to 127\.0\.0\.1'
outside=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -v '^127\.' | grep -v ':' | head -1)
if [ -n "$outside" ] && curl -s -o /dev/null "http://$outside:$port/health"; then
  problem "the runbook says 127.0.0.1 is reachable from this machine only, but http://$outside:$port/health answered"
fi
end

begin "authentication failures"
shows "grep -c '^MIK_API_KEY=' /etc/mik/mik.env" '^1$'
shows 'mik doctor --check admin.key' 'admin listener on loopback'
shows "curl -s -o /dev/null -w '%{http_code}\\n' http://localhost:9919/instances" '^401$'
shows "curl -s -o /dev/null -w '%{http_code}\\n' -H \"X-API-Key: \$MIK_API_KEY\" http://localhost:9919/instances" '^200$'
MIK_API_KEY=wrong-key
shows "curl -s -o /dev/null -w '%{http_code}\\n' -H \"X-API-Key: \$MIK_API_KEY\" http://localhost:9919/instances" '^403$'
MIK_API_KEY=$key
shows "journalctl -u mik -o cat | jq 'select(.target == \"audit\" and .message == \"auth_failure\")'" '"reason": "missing_key"'
shows "journalctl -u mik -o cat | jq 'select(.target == \"audit\" and .message == \"auth_failure\")'" '"reason": "invalid_key"'
lacks "journalctl -u mik -o cat | jq 'select(.target == \"audit\" and .message == \"auth_failure\")'" "$key|wrong-key"
shows 'curl -s http://localhost:3000/metrics | grep mik_auth_failures_total' 'mik_auth_failures_total\{reason="invalid_key"\} [1-9]'
shows 'mik audit --type auth_failed --since 1h' '"reason":"missing_key"'
end

begin "slow handler and cold starts (high latency)"
curl -s "localhost:$port/run/slow/?ms=2500" >/dev/null
shows "journalctl -u mik -o cat | jq -c 'select(.duration_ms > 1000)' | tail -20" '"path":"/run/slow/"'
shows 'mik doctor --check logs.slow_handlers' '/run/slow/'
shows 'curl -s http://localhost:3000/metrics | grep -E "mik_cache_(hits|misses)_total"' '^mik_cache_misses_total [0-9]'
shows 'mik doctor --check cache.hit_ratio' 'cache\.hit_ratio'
end

begin "memory"
shows 'curl -s http://localhost:3000/metrics | grep -E "mik_memory_bytes|mik_cache_(bytes|capacity_bytes)"' '^mik_memory_bytes\{kind="rss"\} [1-9]'
shows 'curl -s http://localhost:3000/metrics | grep -E "mik_memory_bytes|mik_cache_(bytes|capacity_bytes)"' '^mik_cache_capacity_bytes 268435456$'
shows 'grep -E "cache_size|max_cache_mb|max_concurrent_requests" /etc/mik/mik.toml' '^max_concurrent_requests = 64$'
shows 'mik doctor --check memory.limits' 'RSS [0-9.]+ MiB'
end

begin "log analysis"
curl -s -H 'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' "localhost:$port/run/hello/" >/dev/null
shows "journalctl -u mik -o cat | jq 'select(.span.trace_id == \"4bf92f3577b34da6a3ce929d0e0e4736\")'" '"message": "request_completed"'
shows "journalctl -u mik -o cat | jq -r 'select(.message == \"request_completed\") | .module // \"-\"' | sort | uniq -c" '^ *[0-9]+ flaky$'
shows "journalctl -u mik -o cat | jq -r 'select(.message == \"request_completed\" and .status >= 500) | .path' | sort | uniq -c | sort -rn" '^ *[0-9]+ /run/flaky/$'
shows "journalctl -u mik -o cat | jq 'select(.module == \"flaky\" and (.level == \"WARN\" or .level == \"ERROR\"))'" '"message": "handler_failed"'
shows "journalctl -u mik -o cat | jq 'select(.duration_ms > 500 and .message == \"request_completed\")'" '"path": "/run/slow/"'
end

begin "recovery: caches, instances, derived state"
shows 'mik cache clear' '"scope":"all"'
shows 'mik instances' '"status":"running"'
shows 'mik instances prune' '"pruned":\[\]'
shows 'mik state rebuild' '"projections":\[\{"name":"modules"'
end

if [ -n "$disk_skip" ]; then
  skip "disk nearly full" "$disk_skip"
else
  begin "disk nearly full (tmpfs modules folder)"
  shows 'mik doctor --check disk.free' "modules folder $m: [0-9.]+ MiB free"
  lacks 'mik doctor --check disk.free' '"verdict": "fail"'
  avail=$(df -B1 --output=avail "$m" | tail -1)
  fill=$((avail - 10 * 1024 * 1024))
  fallocate -l "$fill" "$m/filler.bin" 2>/dev/null || head -c "$fill" /dev/zero >"$m/filler.bin"
  shows 'df -h /var/lib/mik /var/lib/mik/modules /var/log/mik' "^mik-runbook .* 9[0-9]% $m\$"
  shows 'mik doctor --check disk.free' '"verdict": "fail"'
  shows 'du -sh /var/lib/mik/modules/*' 'filler\.bin'
  shows 'du -sh /var/lib/mik/*' "$root/lib/modules\$"
  shows 'du -sh /var/log/mik/' "$root/log/\$"
  rm -f "$m/filler.bin"
  end
fi

begin "process not running"
kill -TERM "$mik_pid"
for _ in $(seq 120); do kill -0 "$mik_pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$mik_pid" 2>/dev/null; then problem "mik did not stop within 60 s of SIGTERM"; fi
lacks 'pgrep -a mik' "^$mik_pid "
shows 'mik doctor --check process.running' 'mik is not running for this config'
shows 'curl -sS http://localhost:3000/health' 'curl: \(7\) Failed to connect'
lacks 'ss -tlnp | grep -E "3000|9919"' ":$port "
end

echo "runbook-check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
