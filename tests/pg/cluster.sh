# Sourced by the PostGIS checks: a throwaway PostgreSQL 15 + PostGIS 3 cluster in a temporary folder,
# run by an unprivileged user, on a free port of 127.0.0.1, password authentication over TCP.
#   pg_cluster_start   sets PG_DIR, PGHOST, PGPORT, PG_USER, PG_PASSWORD and installs pg_cluster_stop on EXIT
# Needs Debian's postgresql-15 and postgresql-15-postgis-3 (scripts/setup.sh); pg_cluster_available says.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

pg_cluster_available() {
  [ -x "$PG_BIN/initdb" ] && [ -f /usr/share/postgresql/15/extension/postgis.control ]
}

# Runs a command as the cluster's owner: root hands the cluster to `nobody`, anyone else keeps it.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; else "$@"; fi
}

pg_cluster_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}

pg_cluster_start() {
  PG_DIR=$(mktemp -d /tmp/lc-pg.XXXXXX)
  trap pg_cluster_stop EXIT
  chmod 755 "$PG_DIR"
  PG_USER=planner
  PG_PASSWORD="pw-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$PG_PASSWORD" > "$PG_DIR/pwfile"
  mkdir "$PG_DIR/data" "$PG_DIR/sock" "$PG_DIR/log"
  [ "$(id -u)" -ne 0 ] || chown nobody:nogroup "$PG_DIR/data" "$PG_DIR/sock" "$PG_DIR/log" "$PG_DIR/pwfile"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_USER" --pwfile="$PG_DIR/pwfile" -A scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 --no-sync > "$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; return 1; }
  rm -f "$PG_DIR/pwfile"
  PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log/server.log" -w -t 60 start \
    -o "-p $PGPORT -k $PG_DIR/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    > /dev/null || { cat "$PG_DIR/log/server.log"; return 1; }
  export PGHOST=127.0.0.1 PGPORT
}
