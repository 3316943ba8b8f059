"""The store's tables, one definition for SQLite and PostgreSQL (SQLAlchemy Core).

articles       one row per ingested article (unique URL and text hash: re-ingesting changes nothing)
event_sources  one row per event extracted from an article (the full record as JSON)
events         one row per real event after cross-article dedupe, with its review state
reviews        every analyst action on an event: who, when, what changed
users          reviewers (password and token stored as hashes)
sessions       dashboard logins (token hash, user, expiry)
schema_migrations  which migrations have run
data_version   one counter that every write to events raises (database triggers, migration 4): readers
               cache answers against it
"""
from __future__ import annotations

from sqlalchemy import (BigInteger, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", String(300), primary_key=True),
    Column("url", Text, nullable=True),
    Column("text_hash", String(64), nullable=False),
    Column("source", Text), Column("title", Text), Column("published", String(40)),
    Column("text", Text, nullable=False),
    Column("n_events", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False, default="ok"),  # ok | failed
    Column("error", Text),
    Column("ingested_at", String(40), nullable=False),
    UniqueConstraint("text_hash", name="uq_articles_text_hash"),
    UniqueConstraint("url", name="uq_articles_url"),
)

events = Table(
    "events", metadata,
    Column("id", String(64), primary_key=True),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(80), nullable=False),
    Column("event_date", String(10)), Column("year", Integer), Column("time_precision", Integer),
    Column("country", String(2)), Column("admin1", String(10)), Column("admin2", Text),
    Column("location", Text), Column("location_ar", Text),
    Column("latitude", Float), Column("longitude", Float), Column("geo_precision", Integer),
    Column("actor1", Text), Column("actor2", Text),
    Column("fatalities", Integer), Column("injuries", Integer),
    Column("confidence", Float, nullable=False, default=0.0),
    Column("n_sources", Integer, nullable=False, default=1),
    Column("evidence", Text),          # the first source's evidence, for lists
    Column("search_text", Text),       # all sources' evidence, normalised, for free-text search
    Column("review_state", String(16), nullable=False, default="pending"),  # pending|confirmed|edited|rejected
    Column("reviewed_by", String(100)), Column("reviewed_at", String(40)),
    Column("overrides", Text),         # JSON {field: value} set by a reviewer; survive new sources
    Column("record", Text, nullable=False),  # the merged Event as JSON, sources included
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    # migration 5: the two date indexes carry the columns the stats group by, so a timeline or
    # a count per governorate reads only the index (ix_events_date, ix_events_country_date before)
    Index("ix_events_date_stats", "event_date", "event_type", "review_state", "country", "admin1", "fatalities"),
    Index("ix_events_country_stats", "country", "event_date", "event_type", "review_state", "admin1", "fatalities"),
    Index("ix_events_admin1", "admin1"),
    Index("ix_events_review", "review_state"),
    Index("ix_events_type", "event_type", "event_date"),
)

event_sources = Table(
    "event_sources", metadata,
    Column("id", String(64), primary_key=True),  # the extracted record's event_id
    Column("event_id", String(64), ForeignKey("events.id"), nullable=False),
    Column("article_id", String(300), ForeignKey("articles.id"), nullable=False),
    Column("outlet", Text), Column("url", Text), Column("published", String(40)),
    Column("event_type", String(64)), Column("event_date", String(10)), Column("country", String(2)),
    Column("admin1", String(10)),  # added by migration 3: narrows the dedupe candidates
    Column("fatalities", Integer), Column("confidence", Float),
    Column("record", Text, nullable=False),
    Column("seq", Integer, nullable=False),  # ingest order, so a cluster is rebuilt the same way
    Index("ix_sources_event", "event_id"),
    Index("ix_sources_article", "article_id"),
    Index("ix_sources_window", "country", "event_type", "event_date"),
    Index("ix_sources_admin1", "admin1", "event_date"),
)

reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), ForeignKey("events.id"), nullable=False),
    Column("user", String(100), nullable=False),
    Column("action", String(16), nullable=False),  # confirm | edit | reject
    Column("changes", Text),  # JSON {field: [old, new]}
    Column("comment", Text),
    Column("at", String(40), nullable=False),
    Index("ix_reviews_event", "event_id"),
)

users = Table(
    "users", metadata,
    Column("name", String(100), primary_key=True),
    Column("password_hash", Text),
    Column("token_hash", String(64)),
    Column("role", String(16), nullable=False, default="reviewer"),
    Column("created_at", String(40), nullable=False),
    Index("ix_users_token", "token_hash"),
)

sessions = Table(  # added by migration 2: dashboard logins
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user", String(100), ForeignKey("users.name"), nullable=False),
    Column("expires_at", String(40), nullable=False),
)

data_version = Table(  # added by migration 4: one row, raised by triggers on every write to events
    "data_version", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False, default=0),
)
