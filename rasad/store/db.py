"""The event store: one interface over a SQLite file (default) or a PostgreSQL server.

    store = Store.open("rasad.db")              # or "postgresql://user@host/db", or $RASAD_DB
    store.add_batch([(article, events, None)])  # one transaction; known articles change nothing
    store.query(EventQuery(country="IQ", since="2025-01-01"))

Cross-article dedupe runs inside `add_batch`: each new record joins the event it matches
(rasad.dedupe) or starts one, and the event's merged record is rebuilt from its sources in
ingest order, so the same articles in the same order always give the same database.

Counts (`count`, `counts_by_period`, `counts_by_admin1`, `countries`) are cached in the process
against the `data_version` counter, which database triggers raise on every write to events —
by this process, another one, or plain SQL — so a cached answer is never one from before a write.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator, Optional, Sequence, TypeVar

from sqlalchemy import (Engine, and_, bindparam, create_engine, event as sa_event, false, func, or_, select, text,
                        update)
from sqlalchemy.engine import Connection

from rasad.store.records import StoredEvent  # noqa: F401  (re-exported: rasad.store.db.StoredEvent)
from rasad.dedupe.cluster import DedupeConfig, assign, compatible_types, default_config, merge_cluster
from rasad.model import Article, Event
from rasad.store import schema
from rasad.store.migrations import migrate
from rasad.text.normalize import normalize

DEFAULT_DB = "rasad.db"
REVIEW_STATES = ("pending", "confirmed", "edited", "rejected")
EDITABLE = ("event_type", "sub_event_type", "event_date", "country", "admin1", "admin2", "location",
            "latitude", "longitude", "geo_precision", "fatalities", "injuries", "actor1", "actor2")
SORTABLE = ("event_date", "fatalities", "confidence", "n_sources", "updated_at", "admin1", "event_type")
CACHE_SIZE = 2048  # cached answers per process (each a count or a short list)
T = TypeVar("T")


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def text_hash(text: str) -> str:
    """Hash of an article's text with whitespace folded: the same story re-sent is known."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def db_url(target: Optional[str] = None) -> str:
    """SQLAlchemy URL for a path or URL (default: $RASAD_DB, then ./rasad.db)."""
    target = target or os.environ.get("RASAD_DB") or DEFAULT_DB
    if target.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return "postgresql+psycopg://" + target.split("://", 1)[1]
    if target.startswith("sqlite:"):
        return target
    return f"sqlite:///{Path(target).expanduser()}"


@dataclass
class EventQuery:
    """Filters over stored events; every field optional. Dates are ISO (YYYY-MM-DD)."""

    since: Optional[str] = None
    until: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    actor: Optional[str] = None
    q: Optional[str] = None  # free text over the Arabic evidence (normalised)
    bbox: Optional[tuple[float, float, float, float]] = None  # min_lon, min_lat, max_lon, max_lat
    review_state: Optional[str] = None
    reviewed_only: bool = False  # confirmed or edited
    include_rejected: bool = False
    sort: str = "event_date"
    descending: bool = True
    limit: Optional[int] = None
    offset: int = 0


@dataclass(frozen=True)
class Review:
    """One analyst action on an event."""

    event_id: str
    user: str
    action: str
    changes: dict[str, Any]
    comment: Optional[str]
    at: str


@dataclass(frozen=True)
class MapPoint:
    """An event as a map draws it: its point, what and when, and the fields of its popup."""

    event_id: str
    longitude: Optional[float]  # None: a country- or region-level event (map_points(placed_only=False))
    latitude: Optional[float]
    event_type: str
    sub_event_type: str
    event_date: Optional[str]
    location: Optional[str]
    fatalities: Optional[int]
    country: Optional[str] = None
    admin1: Optional[str] = None
    geo_precision: Optional[int] = None


MAP_FIELDS = ("event_id", "longitude", "latitude", "event_type", "sub_event_type", "event_date", "location",
              "fatalities", "country", "admin1", "geo_precision")


@dataclass(frozen=True)
class CacheInfo:
    """How an AnswerCache has done since it was made."""

    hits: int
    misses: int
    size: int
    version: Optional[int]  # the newest data version seen


@dataclass
class BatchResult:
    """What `add_batch` did."""

    added: int = 0          # new articles stored
    known: int = 0          # articles already in the store (same URL or same text)
    failed: int = 0         # articles stored as failed (extraction raised)
    sources: int = 0        # extracted records stored
    new_events: int = 0     # records that started a new event
    merged: int = 0         # records that joined an existing event


# statements built once, executed with parameters (SQLAlchemy caches their compiled form)
_INSERT_ARTICLE = schema.articles.insert()
_BY_HASH = select(schema.articles.c.id).where(schema.articles.c.text_hash == bindparam("h")).limit(1)
_BY_URL = select(schema.articles.c.id).where(schema.articles.c.url == bindparam("u")).limit(1)
_INSERT_SOURCE = schema.event_sources.insert()
_INSERT_EVENT = schema.events.insert()
_SOURCE_ID = select(schema.event_sources.c.id).where(schema.event_sources.c.id == bindparam("i"))
_EVENT_ID = select(schema.events.c.id).where(schema.events.c.id == bindparam("i"))
_OVERRIDES = select(schema.events.c.overrides).where(schema.events.c.id == bindparam("i"))
_DATA_VERSION = select(schema.data_version.c.version).where(schema.data_version.c.id == 1)
_MEMBERS = (select(schema.event_sources.c.id, schema.event_sources.c.record)
            .where(schema.event_sources.c.event_id == bindparam("c"))
            .order_by(schema.event_sources.c.seq, schema.event_sources.c.id))


class StoreError(Exception):
    """A store operation that cannot be done (unknown event, bad value, locked database...)."""


class AnswerCache:
    """Answers each computed at one data version, served only while the version is unchanged.

    Least recently used answers go first once their costs (1 each unless `cost` says otherwise)
    pass `capacity`; capacity 0 keeps nothing."""

    def __init__(self, capacity: int = CACHE_SIZE, cost: Callable[[Any], int] = lambda _answer: 1):
        self.capacity = capacity
        self.cost = cost
        self._items: OrderedDict[Hashable, tuple[int, Any, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()
        self._newest: Optional[int] = None
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, version: int) -> tuple[bool, Any]:
        """(True, answer) when `key` was answered at `version`, else (False, None)."""
        with self._lock:
            self._see(version)
            got = self._items.get(key)
            if got is None or got[0] != version:
                self.misses += 1
                return False, None
            self._items.move_to_end(key)
            self.hits += 1
            return True, got[1]

    def put(self, key: Hashable, version: int, answer: Any) -> None:
        """Keep an answer computed at `version` (one from an older version, or too large, is dropped)."""
        cost = self.cost(answer)
        with self._lock:
            self._see(version)
            if version != self._newest or cost > self.capacity:
                return
            old = self._items.pop(key, None)
            self._total += cost - (old[2] if old else 0)
            self._items[key] = (version, answer, cost)
            while self._total > self.capacity:
                _k, (_v, _a, c) = self._items.popitem(last=False)
                self._total -= c

    def info(self) -> CacheInfo:
        """Hits, misses, size and the newest version seen."""
        with self._lock:
            return CacheInfo(self.hits, self.misses, len(self._items), self._newest)

    def _see(self, version: int) -> None:
        if self._newest is None or version > self._newest:
            self._newest = version
            self._items.clear()  # every answer from before the write is stale
            self._total = 0


def cache_enabled() -> bool:
    """False when $RASAD_CACHE is 0/false/no/off (every count and map layer is then computed afresh)."""
    return os.environ.get("RASAD_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _search_text(ev: Event) -> str:
    return " ".join(normalize(" ".join(s.text for s in ev.evidence)).text.split())


class Store:
    """Articles, events with their sources, reviews and users in one database."""

    def __init__(self, engine: Engine, dedupe: Optional[DedupeConfig] = None):
        self.engine = engine
        self.dedupe = dedupe or default_config()
        self._records: dict[str, Event] = {}
        self.cache = AnswerCache(CACHE_SIZE if cache_enabled() else 0)

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, target: Optional[str] = None, dedupe: Optional[DedupeConfig] = None,
             create: bool = True) -> "Store":
        """Open (and migrate) the store at a path or postgresql:// URL."""
        url = db_url(target)
        if url.startswith("sqlite"):
            wait = float(os.environ.get("RASAD_SQLITE_TIMEOUT", "30"))  # seconds to wait for another writer
            engine = create_engine(url, connect_args={"timeout": wait})
            sa_event.listen(engine, "connect", _sqlite_pragmas)
            path = url.split(":///", 1)[-1]
            if not create and path != ":memory:" and not Path(path).exists():
                raise StoreError(f"no database at {path}")
        else:
            engine = create_engine(url, pool_pre_ping=True)
        store = cls(engine, dedupe)
        migrate(engine)
        return store

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        """sqlite or postgresql."""
        return self.engine.dialect.name

    # -- ingest -------------------------------------------------------------------------
    def known(self, article: Article, conn: Optional[Connection] = None) -> bool:
        """True when an article with the same URL or the same text is already stored."""
        if conn is None:
            with self.engine.connect() as c:
                return self.known(article, c)
        if conn.execute(_BY_HASH, {"h": text_hash(article.text)}).first() is not None:
            return True
        return bool(article.url) and conn.execute(_BY_URL, {"u": article.url}).first() is not None

    def unique_id(self, article: Article) -> Article:
        """The article, renamed «id#hash» when another article already holds its id."""
        with self.engine.connect() as c:
            if c.execute(select(schema.articles.c.id).where(schema.articles.c.id == article.id)).first() is None:
                return article
        return replace(article, id=f"{article.id}#{text_hash(article.text)[:10]}")

    def add_batch(self, batch: Sequence[tuple[Article, Optional[list[Event]], Optional[str]]]) -> BatchResult:
        """Store articles with their extracted events in one transaction, deduplicating events."""
        res = BatchResult()
        with self.engine.begin() as conn:
            # one writer at a time from here, so seq (ingest order) never repeats: PostgreSQL takes a
            # transaction lock; SQLite takes its write lock with a write that changes nothing
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(72771)"))
            else:
                conn.execute(text("DELETE FROM schema_migrations WHERE version = -1"))
            seq = conn.execute(select(func.coalesce(func.max(schema.event_sources.c.seq), 0))).scalar_one()
            for art, events, error in batch:
                if self.known(art, conn):
                    res.known += 1
                    continue
                if conn.execute(select(schema.articles.c.id).where(schema.articles.c.id == art.id)).first():
                    raise StoreError(f"article id {art.id!r} is taken by another text; call unique_id() first")
                conn.execute(_INSERT_ARTICLE, dict(
                    id=art.id, url=art.url, text_hash=text_hash(art.text), source=art.source, title=art.title,
                    published=art.published, text=art.text, n_events=len(events or []),
                    status="failed" if events is None else "ok", error=error, ingested_at=now()))
                if events is None:
                    res.failed += 1
                    continue
                res.added += 1
                for ev in events:
                    seq += 1
                    joined = self._add_source(conn, ev, seq)
                    res.sources += 1
                    res.merged += joined
                    res.new_events += not joined
        return res

    def _candidates(self, conn: Connection, ev: Event) -> list[tuple[str, list[Event]]]:
        if not ev.event_date:
            return []
        cfg = self.dedupe
        d = date.fromisoformat(ev.event_date)
        span = cfg.date_window_days + ev.date_tolerance_days + 15  # members' own tolerance is checked by the scorer
        s = schema.event_sources
        cond = [s.c.event_date >= (d - timedelta(days=span)).isoformat(),
                s.c.event_date <= (d + timedelta(days=span)).isoformat()]
        types = compatible_types(ev.event_type, cfg.event_types)
        if types is not None:
            cond.append(s.c.event_type.in_(sorted(types)))
        if ev.country:
            cond.append(or_(s.c.country == ev.country, s.c.country.is_(None)))
        if ev.admin1:
            cond.append(or_(s.c.admin1 == ev.admin1, s.c.admin1.is_(None)))
        rows = conn.execute(select(s.c.event_id).where(and_(*cond)).distinct()).scalars().all()
        out = []
        for cid in sorted(rows):
            members = self._members(conn, cid)
            if any(m.article_id == ev.article_id for m in members):
                continue
            out.append((cid, members))
        return out

    def _members(self, conn: Connection, cid: str) -> list[Event]:
        s = schema.event_sources
        rows = conn.execute(_MEMBERS, {"c": cid}).all()
        out = []
        for sid, rec in rows:
            ev = self._records.get(sid)
            if ev is None:
                ev = Event.from_dict(json.loads(rec))
                if len(self._records) > 50_000:
                    self._records.clear()
                self._records[sid] = ev
            out.append(ev)
        return out

    def _add_source(self, conn: Connection, ev: Event, seq: int) -> bool:
        cid = assign(ev, self._candidates(conn, ev), self.dedupe)
        s = schema.event_sources
        joined = cid is not None
        if cid is None:
            cid = ev.event_id
            if conn.execute(_EVENT_ID, {"i": cid}).first():
                cid = f"{ev.event_id}-{seq}"
        rec = _json(ev.to_dict())
        if not joined:
            self._write_event(conn, cid, [ev], create=True)
        conn.execute(_INSERT_SOURCE, dict(
            id=ev.event_id if not conn.execute(_SOURCE_ID, {"i": ev.event_id}).first()
            else f"{ev.event_id}-{seq}",
            event_id=cid, article_id=ev.article_id, outlet=ev.outlet, url=ev.url, published=ev.published,
            event_type=ev.event_type, event_date=ev.event_date, country=ev.country, admin1=ev.admin1,
            fatalities=ev.fatalities, confidence=ev.confidence, record=rec, seq=seq))
        if joined:
            self._write_event(conn, cid, self._members(conn, cid), create=False)
        return joined

    def _write_event(self, conn: Connection, cid: str, members: list[Event], create: bool) -> None:
        merged = merge_cluster(members)
        merged.event_id = cid
        e = schema.events
        overrides: dict[str, Any] = {}
        if not create:
            row = conn.execute(_OVERRIDES, {"i": cid}).first()
            overrides = json.loads(row[0]) if row and row[0] else {}
        cols = _event_columns(merged, overrides)
        cols.update(n_sources=len(members), record=_json(merged.to_dict()), updated_at=now())
        if create:
            conn.execute(_INSERT_EVENT, dict(id=cid, review_state="pending", created_at=cols["updated_at"], **cols))
        else:
            conn.execute(update(e).where(e.c.id == bindparam("b_id")), dict(b_id=cid, **cols))

    # -- reading ------------------------------------------------------------------------
    def _where(self, q: EventQuery) -> list[Any]:
        e = schema.events
        cond: list[Any] = []
        if q.since:
            cond.append(e.c.event_date >= q.since)
        if q.until:
            cond.append(e.c.event_date <= q.until)
        for col, val in (("country", q.country), ("admin1", q.admin1), ("event_type", q.event_type),
                         ("sub_event_type", q.sub_event_type), ("review_state", q.review_state)):
            if val:
                cond.append(e.c[col] == val)
        if q.reviewed_only:
            cond.append(e.c.review_state.in_(("confirmed", "edited")))
        elif not q.include_rejected and q.review_state != "rejected":
            cond.append(e.c.review_state != "rejected")
        if q.actor:
            pat = f"%{_escape_like(q.actor.lower())}%"
            cond.append(or_(func.lower(e.c.actor1).like(pat, escape="\\"),
                            func.lower(e.c.actor2).like(pat, escape="\\")))
        if q.q and q.q.strip():
            needle = " ".join(normalize(q.q).text.split())
            # text that normalises to nothing (punctuation, tatweel) matches nothing, not everything
            cond.append(e.c.search_text.like(f"%{_escape_like(needle)}%", escape="\\") if needle else false())
        if q.bbox:
            x0, y0, x1, y1 = q.bbox
            cond += [e.c.longitude >= x0, e.c.longitude <= x1, e.c.latitude >= y0, e.c.latitude <= y1]
        return cond

    def data_version(self) -> int:
        """A number the database raises on every write to events (by any process): a change marker."""
        with self.engine.connect() as c:
            return int(c.execute(_DATA_VERSION).scalar_one())

    def _cached(self, key: Hashable, compute: Callable[[Connection], T]) -> T:
        """`compute`'s answer, from the cache while no event was written since it was computed."""
        with self.engine.connect() as c:
            # the version is read before the answer is computed: an answer is never older than its version
            version = int(c.execute(_DATA_VERSION).scalar_one())
            hit, answer = self.cache.get(key, version)
            if hit:
                return answer
            answer = compute(c)
        self.cache.put(key, version, answer)
        return answer

    def count(self, q: EventQuery) -> int:
        """How many stored events match (cached until the next write)."""
        def compute(c: Connection) -> int:
            stmt = select(func.count()).select_from(schema.events).where(and_(True, *self._where(q)))
            return int(c.execute(stmt).scalar_one())

        return self._cached(("count", _filter_key(q)), compute)

    def countries(self) -> list[str]:
        """The countries stored events are in, sorted (cached until the next write)."""
        e = schema.events
        stmt = select(e.c.country).where(e.c.country.is_not(None)).distinct().order_by(e.c.country)
        return list(self._cached(("countries",), lambda c: tuple(c.execute(stmt).scalars())))

    def query(self, q: EventQuery) -> list[StoredEvent]:
        """Matching events, stably sorted (the sort key, then id), paginated."""
        return list(self.iter_query(q))

    def _select(self, q: EventQuery, cols: Sequence[Any], extra: Sequence[Any] = ()) -> Any:
        """SELECT `cols` of the matching events, stably sorted (the sort key, then id), paginated."""
        e = schema.events
        if q.sort not in SORTABLE:
            raise StoreError(f"cannot sort by {q.sort!r}; one of {', '.join(SORTABLE)}")
        key = e.c[q.sort]
        order = [key.desc().nulls_last() if q.descending else key.asc().nulls_last(), e.c.id.asc()]
        stmt = select(*cols).where(and_(True, *self._where(q), *extra)).order_by(*order).offset(q.offset)
        return stmt.limit(q.limit) if q.limit is not None else stmt

    def iter_query(self, q: EventQuery) -> Iterator[StoredEvent]:
        """Matching events, streamed (exports of any size)."""
        stmt = self._select(q, [schema.events])
        with self.engine.connect() as c:
            for row in c.execution_options(stream_results=True, yield_per=500).execute(stmt).mappings():
                yield _stored(row)

    def query_columns(self, q: EventQuery) -> list[dict[str, Any]]:
        """Matching events as their stored columns only (no record parsed): fast lists."""
        cols = [c for c in schema.events.c if c.name not in ("record", "search_text", "overrides")]
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(self._select(q, cols)).mappings()]

    def map_points(self, q: EventQuery, placed_only: bool = True) -> list[MapPoint]:
        """Matching events that have coordinates (or also those placed only by country or admin1,
        without them), with only what a map draws; paging counts these."""
        e = schema.events
        cols = [e.c.id, *(e.c[f] for f in MAP_FIELDS[1:])]  # MapPoint's fields, in order
        located = [e.c.latitude.is_not(None), e.c.longitude.is_not(None)]
        if not placed_only:
            located = [or_(and_(*located), e.c.country.is_not(None), e.c.admin1.is_not(None))]
        with self.engine.connect() as c:
            return [MapPoint(*r) for r in c.execute(self._select(q, cols, located))]

    def get(self, event_id: str) -> Optional[StoredEvent]:
        """One event with its sources, or None."""
        e = schema.events
        with self.engine.connect() as c:
            row = c.execute(select(e).where(e.c.id == event_id)).mappings().first()
        return _stored(row) if row else None

    def reviews(self, event_id: str) -> list[Review]:
        """Every analyst action on an event, oldest first."""
        r = schema.reviews
        with self.engine.connect() as c:
            rows = c.execute(select(r).where(r.c.event_id == event_id).order_by(r.c.id)).mappings().all()
        return [Review(x["event_id"], x["user"], x["action"], json.loads(x["changes"] or "{}"), x["comment"], x["at"])
                for x in rows]

    def counts_by_period(self, q: EventQuery, period: str = "day") -> list[tuple[str, str, int]]:
        """(period start, event type, count) for matching events; period is day or week (cached)."""
        if period not in ("day", "week"):
            raise StoreError("period must be day or week")
        def compute(c: Connection) -> tuple[tuple[str, str, int], ...]:
            e = schema.events
            stmt = (select(e.c.event_date, e.c.event_type, func.count()).where(and_(True, *self._where(q)))
                    .where(e.c.event_date.is_not(None)).group_by(e.c.event_date, e.c.event_type))
            agg: dict[tuple[str, str], int] = {}
            for d, t, n in c.execute(stmt):
                k = d
                if period == "week":
                    day = date.fromisoformat(d)
                    k = (day - timedelta(days=day.weekday())).isoformat()
                agg[(k, t)] = agg.get((k, t), 0) + n
            return tuple(sorted((k, t, n) for (k, t), n in agg.items()))

        return list(self._cached(("period", period, _filter_key(q)), compute))

    def counts_by_admin1(self, q: EventQuery) -> list[tuple[Optional[str], Optional[str], int, int]]:
        """(country, admin1, events, fatalities) for matching events, most events first (cached)."""
        def compute(c: Connection) -> tuple[tuple[Optional[str], Optional[str], int, int], ...]:
            e = schema.events
            stmt = (select(e.c.country, e.c.admin1, func.count(), func.coalesce(func.sum(e.c.fatalities), 0))
                    .where(and_(True, *self._where(q))).group_by(e.c.country, e.c.admin1))
            rows = [(a, b, int(n), int(f)) for a, b, n, f in c.execute(stmt)]
            return tuple(sorted(rows, key=lambda r: (-r[2], r[0] or "", r[1] or "")))

        return list(self._cached(("admin1", _filter_key(q)), compute))

    def article(self, article_id: str) -> Optional[dict[str, Any]]:
        """A stored article's fields, or None."""
        a = schema.articles
        with self.engine.connect() as c:
            row = c.execute(select(a).where(a.c.id == article_id)).mappings().first()
        return dict(row) if row else None

    def totals(self) -> dict[str, int]:
        """Rows per table."""
        with self.engine.connect() as c:
            return {t.name: c.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in (schema.articles, schema.events, schema.event_sources, schema.reviews, schema.users,
                              schema.sessions)}

    # -- review -------------------------------------------------------------------------
    def review(self, event_id: str, user: str, action: str, changes: Optional[dict[str, Any]] = None,
               comment: Optional[str] = None) -> StoredEvent:
        """Confirm, edit or reject an event; the change is kept with who and when."""
        if action not in ("confirm", "edit", "reject", "reopen"):
            raise StoreError(f"unknown review action {action!r}")
        changes = dict(changes or {})
        bad = set(changes) - set(EDITABLE)
        if bad:
            raise StoreError(f"fields cannot be edited: {', '.join(sorted(bad))}")
        if action == "edit" and not changes:
            raise StoreError("an edit needs at least one changed field")
        changes = {k: _check_value(k, v) for k, v in changes.items()}
        e = schema.events
        at = now()
        with self.engine.begin() as conn:
            row = conn.execute(select(e).where(e.c.id == event_id)).mappings().first()
            if row is None:
                raise StoreError(f"no event {event_id!r}")
            overrides = json.loads(row["overrides"] or "{}")
            diff = {k: [row[k], v] for k, v in changes.items() if row[k] != v}
            overrides.update(changes)
            state = {"confirm": "confirmed", "edit": "edited", "reject": "rejected", "reopen": "pending"}[action]
            if action == "confirm" and row["review_state"] == "edited":
                state = "edited"
            vals: dict[str, Any] = dict(review_state=state, reviewed_by=user, reviewed_at=at, updated_at=at)
            if changes:
                vals["overrides"] = _json(overrides)
                vals.update(changes)
                if "event_date" in changes:
                    vals["year"] = int(changes["event_date"][:4]) if changes["event_date"] else None
            conn.execute(update(e).where(e.c.id == event_id).values(**vals))
            conn.execute(schema.reviews.insert().values(event_id=event_id, user=user, action=action,
                                                        changes=_json(diff), comment=comment, at=at))
        got = self.get(event_id)
        assert got is not None
        return got

    # -- users --------------------------------------------------------------------------
    def add_user(self, name: str, password: Optional[str] = None, role: str = "reviewer") -> str:
        """Create or reset a reviewer; returns a new API token (shown once, stored hashed)."""
        if not name or len(name) > 100:
            raise StoreError("a user name is 1 to 100 characters")
        token = secrets.token_urlsafe(32)
        vals = dict(password_hash=hash_password(password) if password else None,
                    token_hash=_token_hash(token), role=role)
        u = schema.users
        with self.engine.begin() as conn:
            if conn.execute(select(u.c.name).where(u.c.name == name)).first():
                conn.execute(update(u).where(u.c.name == name).values(**vals))
            else:
                conn.execute(u.insert().values(name=name, created_at=now(), **vals))
        return token

    def user_for_token(self, token: str) -> Optional[str]:
        """The user an API token or a live session token belongs to, or None."""
        if not token or len(token) > 200:
            return None
        u, s = schema.users, schema.sessions
        h = _token_hash(token)
        with self.engine.connect() as c:
            row = c.execute(select(u.c.name).where(u.c.token_hash == h)).first()
            if row is None:
                row = c.execute(select(s.c.user).where(s.c.token_hash == h, s.c.expires_at > now())).first()
        return row[0] if row else None

    def login(self, name: str, password: str, hours: int = 12) -> Optional[str]:
        """A session token for a right password (None for a wrong one); expires after `hours`."""
        if not self.check_password(name, password):
            return None
        token = secrets.token_urlsafe(32)
        expires = (datetime.now(timezone.utc) + timedelta(hours=hours)).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            conn.execute(schema.sessions.delete().where(schema.sessions.c.expires_at <= now()))
            conn.execute(schema.sessions.insert().values(token_hash=_token_hash(token), user=name, expires_at=expires))
        return token

    def logout(self, token: str) -> None:
        """End a session."""
        with self.engine.begin() as conn:
            conn.execute(schema.sessions.delete().where(schema.sessions.c.token_hash == _token_hash(token)))

    def check_password(self, name: str, password: str) -> bool:
        """True when the user exists and the password is theirs."""
        u = schema.users
        with self.engine.connect() as c:
            row = c.execute(select(u.c.password_hash).where(u.c.name == name)).first()
        return bool(row and row[0] and verify_password(password, row[0]))


# -- helpers ---------------------------------------------------------------------------------

def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(float(os.environ.get('RASAD_SQLITE_TIMEOUT', '30')) * 1000)}")
    cur.close()


def _filter_key(q: EventQuery) -> tuple[Any, ...]:
    """The filters of a query as a cache key: sort and paging left out, free text as it is searched."""
    needle = " ".join(normalize(q.q).text.split()) if q.q else None
    return (q.since, q.until, q.country, q.admin1, q.event_type, q.sub_event_type,
            q.actor.lower() if q.actor else None, needle, tuple(q.bbox) if q.bbox else None,
            q.review_state, q.reviewed_only, q.include_rejected)


def query_key(q: EventQuery) -> tuple[Any, ...]:
    """A query as a cache key: its filters, sort and page."""
    return (*_filter_key(q), q.sort, q.descending, q.limit, q.offset)


def _escape_like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _event_columns(ev: Event, overrides: dict[str, Any]) -> dict[str, Any]:
    cols = {k: getattr(ev, k) for k in EDITABLE}
    cols.update(location_ar=ev.location_ar, time_precision=ev.time_precision, confidence=ev.confidence,
                evidence=" | ".join(s.text for s in ev.sources[0].evidence) if ev.sources else
                " | ".join(s.text for s in ev.evidence),
                search_text=_search_text(ev))
    cols.update(overrides)
    cols["year"] = int(cols["event_date"][:4]) if cols.get("event_date") else None
    return cols


def _stored(row: Any) -> StoredEvent:
    ev = Event.from_dict(json.loads(row["record"]))
    overrides = json.loads(row["overrides"] or "{}")
    for k, v in overrides.items():
        setattr(ev, k, v)
    return StoredEvent(event=ev, review_state=row["review_state"], reviewed_by=row["reviewed_by"],
                       reviewed_at=row["reviewed_at"], n_sources=row["n_sources"], overrides=overrides,
                       updated_at=row["updated_at"])


def _check_value(name: str, v: Any) -> Any:
    """Validate one edited field's value; raises StoreError with a clear message."""
    if v is None:
        return None
    try:
        if name == "event_date":
            return date.fromisoformat(str(v)).isoformat()
        if name in ("fatalities", "injuries", "geo_precision"):
            n = int(v)
            if n < 0 or (name == "geo_precision" and n not in (1, 2, 3)) or n > 1_000_000:
                raise ValueError
            return n
        if name in ("latitude", "longitude"):
            x = float(v)
            if not (-90 <= x <= 90 if name == "latitude" else -180 <= x <= 180):
                raise ValueError
            return x
    except (TypeError, ValueError):
        raise StoreError(f"bad value for {name}: {v!r}") from None
    if not isinstance(v, str) or len(v) > 500:
        raise StoreError(f"bad value for {name}: {v!r}")
    if name == "event_type":
        from rasad.events.classify import SUBTYPE_TYPE
        if v not in set(SUBTYPE_TYPE.values()):
            raise StoreError(f"unknown event type {v!r}")
    if name == "sub_event_type":
        from rasad.events.classify import SUBTYPE_TYPE
        if v not in SUBTYPE_TYPE:
            raise StoreError(f"unknown sub-event type {v!r}")
    return v


def hash_password(password: str) -> str:
    """A salted scrypt hash of a password (stdlib hashlib)."""
    salt = secrets.token_bytes(16)
    h = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2 ** 14, r=8, p=1)
    return f"scrypt${salt.hex()}${h.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` hashes to `stored`."""
    try:
        kind, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    h = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=2 ** 14, r=8, p=1)
    return hmac.compare_digest(h.hex(), digest)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
