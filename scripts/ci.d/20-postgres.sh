#!/usr/bin/env bash
# A real PostgreSQL server on 127.0.0.1:54329 for the store's tests (tests/test_store_pg.py).
# Installs Debian's postgresql when the machine has none; starts a throw-away cluster in
# /tmp/rasad-pg (trust auth on loopback only) unless one is already running there.
set -euo pipefail
PORT="${RASAD_PG_PORT:-54329}"
DATA=/tmp/rasad-pg
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(bindir)" ]; then
  echo "ci: installing PostgreSQL (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
BIN="$(bindir)"
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  echo "ci: PostgreSQL already up on $PORT"
else
  if [ ! -s "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"; mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres "$DATA"
    as_pg "'$BIN/initdb' -D '$DATA' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  fi
  as_pg "'$BIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"
  echo "ci: PostgreSQL started on $PORT"
fi
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='rasad_test'" | grep -q 1 \
  || "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres rasad_test
