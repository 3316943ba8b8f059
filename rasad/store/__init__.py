"""The event database: schema and migrations, one interface over SQLite and PostgreSQL."""
from rasad.store.db import (BatchResult, EventQuery, Review, Store, StoredEvent, StoreError, db_url,
                            text_hash)

__all__ = ["BatchResult", "EventQuery", "Review", "Store", "StoredEvent", "StoreError", "db_url", "text_hash"]
