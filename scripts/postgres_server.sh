#!/usr/bin/env bash
# A local PostgreSQL server for tests and development: start | stop | status.
#
# start (idempotent): when nothing answers on 127.0.0.1:$CX_PG_PORT, create the cluster in
# data/postgres/pgdata if it is missing (trust authentication, superuser "postgres", no
# password), start it listening on 127.0.0.1 only with its unix socket in data/postgres/run,
# and create the database $CX_PG_DATABASE. initdb and postgres refuse to run as root, so as
# root the server runs as the user "postgres" (created with useradd when missing) and owns
# data/postgres. Without PostgreSQL binaries (CX_PG_BIN) start only warns, except when CI=true.
# Durability is off (fsync, synchronous_commit): this server holds test data only.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${CX_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT="${CX_PG_PORT:-55432}"
PG_DATABASE="${CX_PG_DATABASE:-cx_warehouse}"
PG_SUPERUSER="postgres"
SERVER_USER="${CX_PG_SERVER_USER:-postgres}"
DATA_ROOT="${CX_PG_DATA_ROOT:-$REPO_ROOT/data/postgres}"
PGDATA_DIR="$DATA_ROOT/pgdata"
SOCKET_DIR="$DATA_ROOT/run"
LOG_FILE="$DATA_ROOT/server.log"

as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$SERVER_USER" -- "$@"
    else
        "$@"
    fi
}

answers() {
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
}

ensure_server_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    if ! id -u "$SERVER_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$SERVER_USER"
    fi
    chown -R "$SERVER_USER" "$DATA_ROOT"
    if ! runuser -u "$SERVER_USER" -- test -w "$DATA_ROOT"; then
        # A parent of the clone is not searchable by the server user (a clone under /root,
        # say): keep the server's files in the temporary directory instead.
        local fallback="${TMPDIR:-/tmp}/cx_warehouse_postgres_$PG_PORT"
        if [ -n "${CX_PG_DATA_ROOT:-}" ]; then
            echo "postgres_server: user $SERVER_USER cannot reach $DATA_ROOT (a parent" \
                "directory is not searchable); set CX_PG_DATA_ROOT to a directory it can use" >&2
            exit 1
        fi
        echo "postgres_server: user $SERVER_USER cannot reach $DATA_ROOT; using $fallback"
        DATA_ROOT="$fallback"
        PGDATA_DIR="$DATA_ROOT/pgdata"
        SOCKET_DIR="$DATA_ROOT/run"
        LOG_FILE="$DATA_ROOT/server.log"
        mkdir -p "$DATA_ROOT" "$SOCKET_DIR"
        chown -R "$SERVER_USER" "$DATA_ROOT"
    fi
}

ensure_database() {
    local found
    found="$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -tAc \
        "select 1 from pg_database where datname = '$PG_DATABASE'")"
    if [ "$found" != "1" ]; then
        "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" "$PG_DATABASE"
        echo "postgres_server: created database $PG_DATABASE"
    fi
}

start() {
    case "${CX_PG_HOST:-127.0.0.1}" in
        127.0.0.1 | localhost) ;;
        *)
            echo "postgres_server: CX_PG_HOST=$CX_PG_HOST is not this machine; nothing to start"
            return 0
            ;;
    esac
    if [ ! -x "$PG_BIN/pg_ctl" ]; then
        # Without PostgreSQL the postgres tests skip, except in CI where they must run.
        echo "postgres_server: no PostgreSQL binaries in $PG_BIN (set CX_PG_BIN)" >&2
        [ "${CI:-}" = "true" ] && exit 1
        return 0
    fi
    if answers; then
        ensure_database
        echo "postgres_server: a server answers on 127.0.0.1:$PG_PORT"
        return 0
    fi
    mkdir -p "$DATA_ROOT" "$SOCKET_DIR"
    ensure_server_user
    if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
        as_server_user "$PG_BIN/initdb" --pgdata="$PGDATA_DIR" --username="$PG_SUPERUSER" \
            --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DATA_ROOT/initdb.log"
    fi
    as_server_user "$PG_BIN/pg_ctl" --pgdata="$PGDATA_DIR" --log="$LOG_FILE" --wait \
        --timeout=60 -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $SOCKET_DIR \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
        -c timezone=UTC -c max_connections=50" start >/dev/null
    ensure_database
    echo "postgres_server: started on 127.0.0.1:$PG_PORT (data $PGDATA_DIR, log $LOG_FILE)"
}

stop() {
    local fallback="${TMPDIR:-/tmp}/cx_warehouse_postgres_$PG_PORT"
    if [ ! -f "$PGDATA_DIR/postmaster.pid" ] && [ -f "$fallback/pgdata/postmaster.pid" ]; then
        PGDATA_DIR="$fallback/pgdata"
    fi
    if [ -f "$PGDATA_DIR/postmaster.pid" ]; then
        as_server_user "$PG_BIN/pg_ctl" --pgdata="$PGDATA_DIR" --mode=fast --wait stop >/dev/null
        echo "postgres_server: stopped"
    else
        echo "postgres_server: not running from $PGDATA_DIR"
    fi
}

status() {
    if answers; then
        echo "postgres_server: a server answers on 127.0.0.1:$PG_PORT"
    else
        echo "postgres_server: nothing answers on 127.0.0.1:$PG_PORT"
        return 3
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *)
        echo "usage: $0 start|stop|status" >&2
        exit 2
        ;;
esac
