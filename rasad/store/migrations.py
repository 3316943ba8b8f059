"""Versioned schema migrations: each runs once, in order, recorded in schema_migrations.

Add a migration by appending `(version, name, function)` to MIGRATIONS; never edit one that
has shipped. Functions take an open SQLAlchemy connection inside a transaction.

Migrations run under a lock, so processes that open a new database together (a cron `watch`
and a manual `ingest`) wait for each other instead of racing: PostgreSQL's advisory lock, and
for SQLite an exclusive lock on a file beside the database («rasad.db.migrate-lock»).
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable, Iterator

import json

from sqlalchemy import Connection, Engine, inspect, select, text

from rasad.store import schema


def _v1_initial(conn: Connection) -> None:
    """Articles, events, event sources, reviews and users."""
    for t in (schema.articles, schema.events, schema.event_sources, schema.reviews, schema.users):
        t.create(conn, checkfirst=True)
    # tables are defined at their latest shape; later migrations add what databases made
    # before them lack, and do nothing where it is there already


def _v2_sessions(conn: Connection) -> None:
    """Dashboard logins: a password exchanged for an expiring session token."""
    schema.sessions.create(conn, checkfirst=True)


def _v3_source_admin1(conn: Connection) -> None:
    """event_sources.admin1, so dedupe reads only the governorate's recent records."""
    if any(c["name"] == "admin1" for c in inspect(conn).get_columns("event_sources")):
        return
    conn.execute(text("ALTER TABLE event_sources ADD COLUMN admin1 VARCHAR(10)"))
    rows = conn.execute(text("SELECT id, record FROM event_sources")).all()
    for sid, rec in rows:
        conn.execute(text("UPDATE event_sources SET admin1 = :a WHERE id = :i"),
                     {"a": json.loads(rec).get("admin1"), "i": sid})
    conn.execute(text("CREATE INDEX ix_sources_admin1 ON event_sources (admin1, event_date)"))


# SQLite: a trigger per kind of row change (SQLite has one writer at a time). PostgreSQL: a row
# trigger deferred to commit, so the counter's row is locked only while a writer commits (no
# writer waits on another's long batch, none deadlocks), and raised once per transaction (a flag
# local to it: one row updated thousands of times in a transaction gets slower with each update).
_SQLITE_TRIGGERS = [f"""CREATE TRIGGER IF NOT EXISTS events_{op.lower()}_data_version AFTER {op} ON events
BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END""" for op in ("INSERT", "UPDATE", "DELETE")]
_PG_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION rasad_events_changed() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
  IF coalesce(current_setting('rasad.events_changed', true), '') <> 'yes' THEN
    UPDATE data_version SET version = version + 1 WHERE id = 1;
    PERFORM set_config('rasad.events_changed', 'yes', true);
  END IF;
  RETURN NULL;
END $$""",
    "DROP TRIGGER IF EXISTS events_data_version ON events",
    """CREATE CONSTRAINT TRIGGER events_data_version AFTER INSERT OR UPDATE OR DELETE ON events
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE PROCEDURE rasad_events_changed()""",
    "DROP TRIGGER IF EXISTS events_truncate_data_version ON events",
    """CREATE TRIGGER events_truncate_data_version AFTER TRUNCATE ON events
FOR EACH STATEMENT EXECUTE PROCEDURE rasad_events_changed()""",
]


def _v4_data_version(conn: Connection) -> None:
    """data_version: a counter the database raises on every write to events, whoever writes."""
    schema.data_version.create(conn, checkfirst=True)
    if conn.execute(select(schema.data_version.c.id)).first() is None:
        conn.execute(schema.data_version.insert().values(id=1, version=0))
    for ddl in (_PG_TRIGGERS if conn.dialect.name == "postgresql" else _SQLITE_TRIGGERS):
        conn.execute(text(ddl))


def _v5_stats_indexes(conn: Connection) -> None:
    """Date indexes that carry the grouped columns: timelines and counts read the index alone."""
    for old in ("ix_events_date", "ix_events_country_date"):  # prefixes of the new ones
        conn.execute(text(f"DROP INDEX IF EXISTS {old}"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_date_stats ON events "
                      "(event_date, event_type, review_state, country, admin1, fatalities)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_country_stats ON events "
                      "(country, event_date, event_type, review_state, admin1, fatalities)"))


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema", _v1_initial),
    (2, "sessions", _v2_sessions),
    (3, "event_sources.admin1", _v3_source_admin1),
    (4, "data_version counter", _v4_data_version),
    (5, "covering date indexes for stats", _v5_stats_indexes),
]

LATEST = MIGRATIONS[-1][0]


def current_version(engine: Engine) -> int:
    """The highest migration applied to this database (0 for an empty one)."""
    if not inspect(engine).has_table("schema_migrations"):
        return 0
    with engine.connect() as conn:
        rows = conn.execute(select(schema.schema_migrations.c.version)).scalars().all()
    return max(rows, default=0)


_PG_LOCK_KEY = 7_271_823_100  # any constant: the advisory lock every Rasad process takes to migrate


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold the database's migration lock (blocking until another process releases it)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
        return
    db = engine.url.database if engine.dialect.name == "sqlite" else None
    if not db or db == ":memory:":
        yield
        return
    try:
        import fcntl

        fh = open(db + ".migrate-lock", "a+")
    except (ImportError, OSError):  # no fcntl, or a folder we cannot write: migrate unlocked
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def migrate(engine: Engine) -> list[int]:
    """Apply every migration this database lacks, under the migration lock; return the versions applied."""
    with migration_lock(engine):
        return _migrate(engine)


def _migrate(engine: Engine) -> list[int]:
    schema.schema_migrations.create(engine, checkfirst=True)
    done = current_version(engine)
    if done > LATEST:
        raise RuntimeError(f"database schema v{done} is newer than this Rasad (v{LATEST}); upgrade Rasad")
    applied = []
    for version, name, fn in MIGRATIONS:
        if version <= done:
            continue
        with engine.begin() as conn:
            fn(conn)
            conn.execute(schema.schema_migrations.insert().values(
                version=version, name=name, applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))
        applied.append(version)
    return applied
