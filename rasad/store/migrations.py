"""Versioned schema migrations: each runs once, in order, recorded in schema_migrations.

Add a migration by appending `(version, name, function)` to MIGRATIONS; never edit one that
has shipped. Functions take an open SQLAlchemy connection inside a transaction.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import Connection, Engine, inspect, select

from rasad.store import schema


def _v1_initial(conn: Connection) -> None:
    """Articles, events, event sources, reviews and users."""
    for t in (schema.articles, schema.events, schema.event_sources, schema.reviews, schema.users):
        t.create(conn, checkfirst=True)


def _v2_sessions(conn: Connection) -> None:
    """Dashboard logins: a password exchanged for an expiring session token."""
    schema.sessions.create(conn, checkfirst=True)


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema", _v1_initial),
    (2, "sessions", _v2_sessions),
]

LATEST = MIGRATIONS[-1][0]


def current_version(engine: Engine) -> int:
    """The highest migration applied to this database (0 for an empty one)."""
    if not inspect(engine).has_table("schema_migrations"):
        return 0
    with engine.connect() as conn:
        rows = conn.execute(select(schema.schema_migrations.c.version)).scalars().all()
    return max(rows, default=0)


def migrate(engine: Engine) -> list[int]:
    """Apply every migration this database lacks; return the versions applied."""
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
