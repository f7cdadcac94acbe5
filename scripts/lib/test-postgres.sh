# shellcheck shell=bash
# A throw-away PostgreSQL cluster for the tests: started under /tmp (the postgres user must reach it),
# on a free port, fsync off; exports MIK_TEST_DATABASE_URL. Sourced by scripts/test.sh.

test_pg_start() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  TEST_PG_DIR=$(mktemp -d /tmp/mik-test-pg.XXXXXX)
  chmod 755 "$TEST_PG_DIR"
  local as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$TEST_PG_DIR"
    as_pg=(runuser -u postgres --)
  fi
  TEST_PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd / && "${as_pg[@]}" "$bin/initdb" -D "$TEST_PG_DIR/data" -U postgres -E UTF8 --no-locale --auth=trust >/dev/null)
  cat >>"$TEST_PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $TEST_PG_PORT
unix_socket_directories = ''
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  (cd / && "${as_pg[@]}" "$bin/pg_ctl" -D "$TEST_PG_DIR/data" -l "$TEST_PG_DIR/postgres.log" -w -t 60 -s start)
  TEST_PG_BIN=$bin
  TEST_PG_AS=("${as_pg[@]}")
  export MIK_TEST_DATABASE_URL="Host=127.0.0.1;Port=$TEST_PG_PORT;Username=postgres;Database=postgres"
  echo "test PostgreSQL on 127.0.0.1:$TEST_PG_PORT ($TEST_PG_DIR)"
}

test_pg_stop() {
  [ -n "${TEST_PG_DIR:-}" ] || return 0
  (cd / && "${TEST_PG_AS[@]}" "$TEST_PG_BIN/pg_ctl" -D "$TEST_PG_DIR/data" -m immediate -w -s stop) || true
  rm -rf "$TEST_PG_DIR"
}
