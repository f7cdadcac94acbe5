# shellcheck shell=bash
# A throw-away PostgreSQL cluster for the benchmarks, like scripts/lib/test-postgres.sh but with PostgreSQL's own
# defaults (fsync on, synchronous commit) unless asked for `fast` (fsync off, as the tests run).
#   bench_pg_start [durable|fast]   exports BENCH_PG_URL (Npgsql form) and BENCH_PG_PORT
#   bench_pg_pause / bench_pg_resume  stop and start the same cluster (an outage)
#   bench_pg_stop                   stop it and delete it

bench_pg_start() {
  local mode=${1:-durable}
  BENCH_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  BENCH_PG_DIR=$(mktemp -d /tmp/mik-bench-pg.XXXXXX)
  chmod 755 "$BENCH_PG_DIR"
  BENCH_PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$BENCH_PG_DIR"
    BENCH_PG_AS=(runuser -u postgres --)
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd / && "${BENCH_PG_AS[@]}" "$BENCH_PG_BIN/initdb" -D "$BENCH_PG_DIR/data" -U postgres -E UTF8 --no-locale --auth=trust >/dev/null)
  cat >>"$BENCH_PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 300
CONF
  if [ "$mode" = fast ]; then
    printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$BENCH_PG_DIR/data/postgresql.conf"
  fi
  bench_pg_resume
  export BENCH_PG_PORT=$port
  export BENCH_PG_URL="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

bench_pg_pause() {
  (cd / && "${BENCH_PG_AS[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$BENCH_PG_DIR/data" -m fast -w -s stop)
}

bench_pg_resume() {
  (cd / && "${BENCH_PG_AS[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$BENCH_PG_DIR/data" -l "$BENCH_PG_DIR/postgres.log" -w -t 60 -s start)
}

bench_pg_stop() {
  [ -n "${BENCH_PG_DIR:-}" ] || return 0
  (cd / && "${BENCH_PG_AS[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$BENCH_PG_DIR/data" -m immediate -w -s stop) 2>/dev/null || true
  rm -rf "$BENCH_PG_DIR"
  BENCH_PG_DIR=
}
