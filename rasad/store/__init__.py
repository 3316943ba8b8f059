"""The event database: schema and migrations, one interface over SQLite and PostgreSQL."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["BatchResult", "EventQuery", "Review", "Store", "StoredEvent", "StoreError", "db_url", "text_hash"]

if TYPE_CHECKING:
    from rasad.store.db import (BatchResult, EventQuery, Review, Store, StoredEvent, StoreError, db_url,
                                text_hash)


def __getattr__(name: str) -> Any:
    # SQLAlchemy takes 0.3 s to import: `rasad --help` and `rasad extract` never pay for it
    if name in __all__:
        from rasad.store import db

        return getattr(db, name)
    raise AttributeError(f"module 'rasad.store' has no attribute {name!r}")
