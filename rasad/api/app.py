"""The HTTP API over the event store, and the dashboard's static files.

    app = create_app("rasad.db")            # one Store (one connection pool) for the app
    uvicorn.run(app)                        # or: rasad serve --db rasad.db

Everything is JSON under /api (see docs/api.md); the dashboard (rasad/web/) is served at /.
Reads are open unless the app is private; writes always need «Authorization: Bearer <token>».
"""
from __future__ import annotations

import csv
import io
import json
import logging
import os
import threading
from contextlib import asynccontextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Iterable, Iterator, Optional, Union

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.staticfiles import StaticFiles
from pydantic import BeforeValidator
from sqlalchemy import or_, select
from sqlalchemy.exc import OperationalError

from rasad import __version__
from rasad.api import schemas as S
from rasad.api.auth import LoginThrottle, bearer, current_user, require_reader, require_user, token_of
from rasad.events.classify import SUBTYPE_TYPE
from rasad.export.acled import ACLED_COLUMNS, acled_row
from rasad.export.writers import feature, write_jsonl
from rasad.model import Article, Event
from rasad.store import EventQuery, Store, StoredEvent, StoreError, schema, text_hash
from rasad.store.db import REVIEW_STATES, AnswerCache, MapPoint, cache_enabled, query_key

log = logging.getLogger("rasad.api")

PACKAGE = Path(__file__).resolve().parent.parent
WEB_DIR = PACKAGE / "web"
MAX_BODY = 4 * 1024 * 1024  # 200,000 characters of JSON-escaped Arabic fit with room to spare
EXTRACT_SLOTS = max(1, min(4, os.cpu_count() or 1))  # extraction is CPU-bound: a few at a time
EXTRACT_WAIT = 60.0  # seconds a request waits for a free slot before a 503
MAP_CACHE_BYTES = 32 * 1024 * 1024  # map layers kept per process (the dashboard's default one is ~3 MB)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https://tile.openstreetmap.org https://*.tile.openstreetmap.org; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
# Swagger UI (/api/docs) loads its script and style from a CDN and starts with an inline script.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: "
            "https://fastapi.tiangolo.com; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            "frame-ancestors 'none'")

NO_DASHBOARD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rasad</title></head>
<body><h1>Rasad</h1><p>The dashboard is not installed here. The API is: see
<a href="/api/docs">/api/docs</a> (OpenAPI schema at <a href="/openapi.json">/openapi.json</a>).</p></body></html>
"""


# -- reference data -------------------------------------------------------------------------

def _tsv(path: Path) -> Iterator[list[str]]:
    if not path.exists():
        return
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


@lru_cache(maxsize=1)
def admin1_names() -> dict[str, str]:
    """ISO 3166-2 code → English name: the gazetteer's plain names, ISO's for the rest."""
    names: dict[str, str] = {}
    for row in _tsv(PACKAGE / "data" / "iso3166_2.tsv"):
        if len(row) >= 3 and row[1]:
            names[row[1]] = row[2]
    rows = _tsv(PACKAGE / "data" / "gazetteer" / "admin1.tsv")
    header = next(rows, None)
    if header:
        i_code, i_name = header.index("admin1"), header.index("name_en")
        for row in rows:
            if len(row) > max(i_code, i_name) and row[i_code] and row[i_name]:
                names[row[i_code]] = row[i_name]
    return dict(sorted(names.items()))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → English name (the gazetteer's countries)."""
    rows = _tsv(PACKAGE / "data" / "gazetteer" / "countries.tsv")
    header = next(rows, None)
    out: dict[str, str] = {}
    if header:
        i_code, i_name = header.index("country"), header.index("name_en")
        for row in rows:
            if len(row) > max(i_code, i_name) and row[i_code]:
                out[row[i_code]] = row[i_name]
    return out


def event_types() -> dict[str, list[str]]:
    """ACLED event type → its sub-event types."""
    out: dict[str, list[str]] = {}
    for sub, typ in SUBTYPE_TYPE.items():
        out.setdefault(typ, []).append(sub)
    return out


# -- store helpers the Store does not have (SQLAlchemy Core over rasad.store.schema) ----------

def _n_events(store: Store) -> int:
    """Every stored event, rejected ones too (the store's cached count)."""
    return store.count(EventQuery(include_rejected=True))


def _existing_article(store: Store, art: Article) -> Optional[str]:
    a = schema.articles
    cond = a.c.text_hash == text_hash(art.text)
    if art.url:
        cond = or_(cond, a.c.url == art.url)
    with store.engine.connect() as c:
        return c.execute(select(a.c.id).where(cond).order_by(a.c.ingested_at).limit(1)).scalar()


def _article_event_ids(store: Store, article_id: str) -> list[str]:
    s = schema.event_sources
    with store.engine.connect() as c:
        ids = c.execute(select(s.c.event_id).where(s.c.article_id == article_id).order_by(s.c.seq)).scalars()
        return list(dict.fromkeys(ids))


# -- events as JSON ------------------------------------------------------------------------

def _span(s: Any) -> Optional[dict[str, Any]]:
    return {"start": s.start, "end": s.end, "text": s.text} if s is not None else None


def _core(ev: Event, review_state: str, n_sources: int) -> dict[str, Any]:
    return dict(id=ev.event_id, event_type=ev.event_type, sub_event_type=ev.sub_event_type,
                event_date=ev.event_date, country=ev.country, admin1=ev.admin1, admin2=ev.admin2,
                location=ev.location, location_ar=ev.location_ar, latitude=ev.latitude, longitude=ev.longitude,
                geo_precision=ev.geo_precision, actor1=ev.actor1, actor2=ev.actor2, fatalities=ev.fatalities,
                injuries=ev.injuries, confidence=ev.confidence, n_sources=n_sources, review_state=review_state)


def summary(se: StoredEvent) -> dict[str, Any]:
    """An event for lists: the first evidence sentence only."""
    ev = se.event
    d = _core(ev, se.review_state, se.n_sources)
    d["evidence"] = ev.evidence[0].text if ev.evidence else None
    return d


_SUMMARY_COLUMNS = ("event_type", "sub_event_type", "event_date", "country", "admin1", "admin2", "location",
                    "location_ar", "latitude", "longitude", "geo_precision", "actor1", "actor2", "fatalities",
                    "injuries", "confidence", "n_sources", "review_state")


def row_summary(row: dict[str, Any]) -> dict[str, Any]:
    """`summary` from the events table's columns, without parsing the stored record."""
    d = {"id": row["id"], **{k: row[k] for k in _SUMMARY_COLUMNS}}
    d["evidence"] = (row.get("evidence") or "").split(" | ")[0] or None
    return d


def map_feature(p: MapPoint) -> dict[str, Any]:
    """A map layer's GeoJSON Feature: the point, and what the map's marker and popup show."""
    return {"type": "Feature", "id": p.event_id,
            "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
            "properties": {"event_id": p.event_id, "event_type": p.event_type, "sub_event_type": p.sub_event_type,
                           "event_date": p.event_date, "location": p.location, "fatalities": p.fatalities}}


def map_layer(points: Iterable[MapPoint]) -> bytes:
    """A FeatureCollection of map features as UTF-8 JSON."""
    fc = {"type": "FeatureCollection", "features": [map_feature(p) for p in points]}
    return json.dumps(fc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def cached_map_layer(store: Store, cache: AnswerCache, q: EventQuery) -> bytes:
    """`map_layer` for a query, kept until the next write to events (by any process)."""
    version = store.data_version()  # before the layer is built: a kept layer is never older than its version
    key = query_key(q)
    hit, body = cache.get(key, version)
    if not hit:
        body = map_layer(store.map_points(q))
        cache.put(key, version, body)
    return body


class GeoJSONResponse(JSONResponse):
    """A JSON body sent as application/geo+json."""

    media_type = "application/geo+json"


def _full(ev: Event, review_state: str, n_sources: int, article_text: Any) -> dict[str, Any]:
    d = _core(ev, review_state, n_sources)
    d.update(time_precision=ev.time_precision, weapon=ev.weapon, attributed_source=ev.attributed_source,
             trigger=_span(ev.trigger), evidence=[_span(s) for s in ev.evidence],
             provenance=[dict(field=p.field, value=jsonable_encoder(p.value), rule=p.rule, span=_span(p.span))
                         for p in ev.provenance],
             sources=[dict(event_id=s.event_id, article_id=s.article_id, outlet=s.outlet, url=s.url,
                           published=s.published, event_date=s.event_date, location=s.location,
                           fatalities=s.fatalities, injuries=s.injuries, attributed_source=s.attributed_source,
                           confidence=s.confidence, evidence=[_span(x) for x in s.evidence],
                           article_text=article_text(s.article_id))
                      for s in ev.sources])
    return d


def detail(store: Store, se: StoredEvent) -> dict[str, Any]:
    """A stored event in full: sources with their articles' text, and its reviews."""
    texts: dict[str, Optional[str]] = {}

    def article_text(aid: str) -> Optional[str]:
        if aid not in texts:
            row = store.article(aid)
            texts[aid] = row["text"] if row else None
        return texts[aid]

    d = _full(se.event, se.review_state, se.n_sources, article_text)
    d.update(reviews=[dict(user=r.user, action=r.action, changes=r.changes, comment=r.comment, at=r.at)
                      for r in store.reviews(se.event.event_id)],
             reviewed_by=se.reviewed_by, reviewed_at=se.reviewed_at, updated_at=se.updated_at,
             overrides=se.overrides)
    return d


# -- query parameters -----------------------------------------------------------------------

Blank = BeforeValidator(S.blank_to_none)


def _blank_false(v: Any) -> Any:
    return False if isinstance(v, str) and not v.strip() else v


def event_filters(
    since: Annotated[S.DateParam, Query(description="first event date, YYYY-MM-DD")] = None,
    until: Annotated[S.DateParam, Query(description="last event date, YYYY-MM-DD")] = None,
    country: Annotated[S.CountryParam, Query(description="ISO 3166-1 alpha-2, e.g. IQ")] = None,
    admin1: Annotated[S.Admin1Param, Query(description="ISO 3166-2, e.g. IQ-BG")] = None,
    event_type: Annotated[Optional[S.EventType], Blank, Query(description="ACLED event type")] = None,  # type: ignore[valid-type]
    sub_event_type: Annotated[Optional[S.SubEventType], Blank,  # type: ignore[valid-type]
                              Query(description="ACLED sub-event type")] = None,
    actor: Annotated[S.TextParam, Query(description="part of actor1 or actor2 (≤ 200 characters)")] = None,
    q: Annotated[S.TextParam, Query(description="free text over the Arabic evidence (≤ 200 characters)")] = None,
    bbox: Annotated[S.BboxParam, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    review_state: Annotated[Optional[S.ReviewState], Blank, Query()] = None,  # type: ignore[valid-type]
    reviewed_only: Annotated[bool, BeforeValidator(_blank_false),
                             Query(description="only events an analyst confirmed or edited")] = False,
    include_rejected: Annotated[bool, BeforeValidator(_blank_false),
                                Query(description="also events an analyst rejected (hidden by default)")] = False,
) -> EventQuery:
    """The filters every read endpoint takes."""
    if since and until and since > until:
        raise RequestValidationError([{"type": "value_error", "loc": ("query", "until"),
                                       "msg": f"until ({until}) is before since ({since})", "input": until}])
    return EventQuery(since=since, until=until, country=country, admin1=admin1, event_type=event_type,
                      sub_event_type=sub_event_type, actor=actor, q=q, bbox=bbox,  # type: ignore[arg-type]
                      review_state=review_state, reviewed_only=reviewed_only, include_rejected=include_rejected)


SortParam = Annotated[Optional[S.SortKey], Blank, Query(description="sort key (default event_date)")]  # type: ignore[valid-type]
OrderParam = Annotated[Optional[S.Order], Blank, Query(description="asc or desc (default desc)")]
OffsetParam = Annotated[int, Query(ge=0, le=S.MAX_OFFSET)]


def _sorted(q: EventQuery, sort: Optional[str], order: Optional[str], limit: Optional[int],
            offset: int) -> EventQuery:
    q.sort = sort or "event_date"
    q.descending = (order or "desc") == "desc"
    q.limit = limit
    q.offset = offset
    return q


# -- streaming -------------------------------------------------------------------------------

def _chunked(pieces: Iterable[str], size: int = 64 * 1024) -> Iterator[bytes]:
    buf: list[str] = []
    n = 0
    for p in pieces:
        buf.append(p)
        n += len(p)
        if n >= size:
            yield "".join(buf).encode("utf-8")
            buf, n = [], 0
    if buf:
        yield "".join(buf).encode("utf-8")


def csv_pieces(rows: Iterable[StoredEvent]) -> Iterator[str]:
    """ACLED's columns then Rasad's, as `rasad export --format acled-csv` writes them."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow(acled_row(r.event, r.review_state, r.updated_at))
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def jsonl_pieces(rows: Iterable[StoredEvent]) -> Iterator[str]:
    """Every field, one JSON object a line, as `rasad export --format jsonl` writes them."""
    buf = io.StringIO()
    for r in rows:
        write_jsonl([r], buf)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()


def geojson_pieces(rows: Iterable[StoredEvent]) -> Iterator[str]:
    """A FeatureCollection of the events with coordinates, full records (`rasad export --format geojson`)."""
    yield '{"type": "FeatureCollection", "features": [\n'
    n = 0
    for r in rows:
        f = feature(r)
        if f is None:
            continue
        yield (",\n" if n else "") + json.dumps(f, ensure_ascii=False)
        n += 1
    yield "\n]}\n"


EXPORTS = {"acled-csv": (csv_pieces, "text/csv; charset=utf-8", "csv"),
           "jsonl": (jsonl_pieces, "application/x-ndjson; charset=utf-8", "jsonl"),
           "geojson": (geojson_pieces, "application/geo+json", "geojson")}


# -- routes --------------------------------------------------------------------------------

def _store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(_store)]
Reader = Depends(require_reader)

api = APIRouter(prefix="/api")


@api.get("/health", response_model=S.Health, tags=["meta"])
def health(store: StoreDep, request: Request, user: Optional[str] = Depends(current_user)) -> dict[str, Any]:
    """The server is up and the database answers."""
    n = _n_events(store)
    return {"ok": True, "events": n if request.app.state.read_open or user else None}


@api.get("/meta", response_model=S.Meta, tags=["meta"])
def meta(store: StoreDep, request: Request, user: Optional[str] = Depends(current_user)) -> dict[str, Any]:
    """Event types and sub-types, countries present, admin1 names, review states, whether reads are open.

    In private mode the countries present are listed only for a caller with a valid token."""
    read_open = request.app.state.read_open
    countries = store.countries() if read_open or user else []
    names = country_names()
    return {"event_types": event_types(), "countries": countries, "admin1": admin1_names(),
            "review_states": list(REVIEW_STATES), "read_open": read_open,
            "country_names": {c: names.get(c, c) for c in countries}}


@api.get("/events", response_model=S.EventList, tags=["events"], dependencies=[Reader])
def list_events(store: StoreDep, f: Annotated[EventQuery, Depends(event_filters)], sort: SortParam = None,
                order: OrderParam = None, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: OffsetParam = 0) -> dict[str, Any]:
    """One page of matching events, stably sorted (the sort key, then id), and the total."""
    q = _sorted(f, sort, order, limit, offset)
    total = store.count(q)
    items = [row_summary(r) for r in store.query_columns(q)] if offset < total else []
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@api.get("/events.geojson", tags=["events"], dependencies=[Reader], response_model=S.MapLayer,
         response_class=GeoJSONResponse,
         responses={200: {"description": "the map layer: a GeoJSON FeatureCollection of the matching events "
                                         "that have coordinates"}})
def events_geojson(store: StoreDep, request: Request, f: Annotated[EventQuery, Depends(event_filters)],
                   sort: SortParam = None, order: OrderParam = None,
                   limit: Annotated[int, Query(ge=1, le=10_000)] = 5_000, offset: OffsetParam = 0) -> Response:
    """The map layer: matching events that have coordinates, each with the fields the map shows.

    `limit` and `offset` count features. Full records: /api/export?format=geojson."""
    q = _sorted(f, sort, order, limit, offset)
    body = cached_map_layer(store, request.app.state.map_cache, q)
    return Response(body, media_type=GeoJSONResponse.media_type)


@api.get("/events/{event_id}", response_model=S.EventDetail, tags=["events"], dependencies=[Reader],
         responses={404: {"description": "no such event"}})
def get_event(store: StoreDep, event_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    """One event in full: evidence, the rule behind each field, sources with their article text, reviews."""
    se = store.get(event_id)
    if se is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return detail(store, se)


@api.post("/events/{event_id}/review", response_model=S.EventDetail, tags=["review"],
          responses={400: {"description": "a value the store refuses"}, 401: {"description": "no valid token"},
                     404: {"description": "no such event"}})
def review_event(store: StoreDep, request: Request, event_id: Annotated[str, PathParam(max_length=200)],
                 body: S.ReviewIn, user: str = Depends(require_user)) -> dict[str, Any]:
    """Confirm, edit, reject or reopen an event; the change is kept with who and when."""
    se = store.get(event_id)
    if se is None:
        raise HTTPException(404, f"no event {event_id!r}")
    changes = body.changes.given()
    if "event_type" in changes or "sub_event_type" in changes:
        typ = changes.get("event_type", se.event.event_type)
        sub = changes.get("sub_event_type", se.event.sub_event_type)
        if SUBTYPE_TYPE.get(sub) != typ:
            raise HTTPException(400, f"sub_event_type {sub!r} belongs to {SUBTYPE_TYPE.get(sub)!r}, "
                                     f"not {typ!r}: change both together")
    with request.app.state.write_lock:
        got = store.review(event_id, user, body.action, changes, body.comment)
    return detail(store, got)


@api.get("/stats/timeline", response_model=S.Timeline, tags=["stats"], dependencies=[Reader])
def timeline(store: StoreDep, f: Annotated[EventQuery, Depends(event_filters)],
             period: Annotated[S.Period, Query()] = "day") -> dict[str, Any]:
    """Matching events per day (or per week, starting Monday) and event type."""
    return {"period": period, "series": [{"date": d, "event_type": t, "count": n}
                                         for d, t, n in store.counts_by_period(f, period)]}


@api.get("/stats/admin1", response_model=S.Admin1Counts, tags=["stats"], dependencies=[Reader])
def by_admin1(store: StoreDep, f: Annotated[EventQuery, Depends(event_filters)]) -> dict[str, Any]:
    """Matching events and their fatalities per first-level unit, most events first."""
    return {"items": [{"country": c, "admin1": a, "events": n, "fatalities": k}
                      for c, a, n, k in store.counts_by_admin1(f)]}


@api.get("/export", tags=["events"], dependencies=[Reader], response_class=StreamingResponse,
         responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}, "application/geo+json": {}},
                          "description": "the file, streamed"}})
def export(store: StoreDep, f: Annotated[EventQuery, Depends(event_filters)],
           format: Annotated[S.ExportFormat, Query(description="acled-csv, jsonl or geojson")] = "acled-csv",
           ) -> StreamingResponse:
    """Every matching event as a file: ACLED-style CSV, JSON Lines or GeoJSON (oldest first)."""
    pieces, media, ext = EXPORTS[format]
    q = _sorted(f, "event_date", "asc", None, 0)
    name = f"rasad-events-{date.today().isoformat()}.{ext}"
    return StreamingResponse(_chunked(pieces(store.iter_query(q))), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _extract(request: Request, art: Article) -> list[Event]:
    from rasad.pipeline import extract_article

    slots: threading.BoundedSemaphore = request.app.state.extract_slots
    if not slots.acquire(timeout=EXTRACT_WAIT):
        raise HTTPException(503, "the extractor is busy; try again shortly", headers={"Retry-After": "10"})
    try:
        return extract_article(art)
    except Exception:
        log.exception("extraction failed for a posted article")
        raise HTTPException(500, "extraction failed on this text") from None
    finally:
        slots.release()


@api.post("/extract", response_model=S.ExtractOut, tags=["extract"], dependencies=[Reader])
def extract(request: Request, body: S.ExtractIn) -> dict[str, Any]:
    """Events in a posted text, with evidence and the rule behind each field; nothing is stored.

    Span offsets are into the posted text."""
    art = Article(id="posted", text=body.text, published=body.published, title=body.title)
    return {"events": [_full(ev, "pending", 1, lambda _aid: None) for ev in _extract(request, art)]}


@api.post("/articles", response_model=S.ArticleOut, tags=["extract"],
          responses={401: {"description": "no valid token"}})
def add_article(store: StoreDep, request: Request, body: S.ArticleIn,
                user: str = Depends(require_user)) -> dict[str, Any]:
    """Extract events from a posted article and store them (deduplicated against stored events).

    An article already stored (same URL or same text) changes nothing: `known` is true."""
    art = Article(id="api-" + text_hash(body.text)[:16], text=body.text, published=body.published,
                  title=body.title, url=body.url, source=body.source)
    events = None if store.known(art) else _extract(request, art)
    with request.app.state.write_lock:
        if store.known(art):
            aid = _existing_article(store, art) or art.id
            return {"article_id": aid, "events": _article_event_ids(store, aid), "known": True}
        named = store.unique_id(art)
        if named.id != art.id or events is None:
            art = named
            events = _extract(request, art)
        store.add_batch([(art, events, None)])
    log.info("user %s stored article %s (%d events)", user, art.id, len(events))
    return {"article_id": art.id, "events": _article_event_ids(store, art.id), "known": False}


@api.post("/login", response_model=S.LoginOut, tags=["auth"], responses={401: {"description": "wrong password"}})
def login(store: StoreDep, request: Request, body: S.LoginIn) -> dict[str, Any]:
    """A session token (valid 12 hours) for a user name and password."""
    throttle: LoginThrottle = request.app.state.login_throttle
    client = request.client.host if request.client else "?"
    wait = throttle.retry_after(client, body.user)
    if wait:
        raise HTTPException(429, "too many failed logins; try again later", headers={"Retry-After": str(wait)})
    with request.app.state.write_lock:
        token = store.login(body.user, body.password)
    if token is None:
        throttle.failed(client, body.user)
        raise HTTPException(401, "wrong user name or password", headers={"WWW-Authenticate": "Bearer"})
    throttle.succeeded(client, body.user)
    return {"token": token, "user": body.user}


@api.post("/logout", response_model=S.OkOut, tags=["auth"], responses={401: {"description": "no valid token"}})
def logout(store: StoreDep, request: Request, user: str = Depends(require_user),
           creds: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> dict[str, Any]:
    """End the session the token belongs to (an API token stays valid)."""
    token = token_of(creds)
    if token:
        with request.app.state.write_lock:
            store.logout(token)
    return {"ok": True}


# -- the app -------------------------------------------------------------------------------

class SecurityHeaders:
    """Pure ASGI middleware: security headers on every response, no-store on the API's."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        csp = DOCS_CSP if path.startswith("/api/docs") else CSP

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                extra = [(b"content-security-policy", csp.encode()),
                         (b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"no-referrer"),
                         (b"x-frame-options", b"DENY")]
                if path.startswith("/api/") and b"cache-control" not in have:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers + [h for h in extra if h[0] not in have]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Pure ASGI middleware: 413 for a request body over `limit` bytes (declared or sent)."""

    def __init__(self, app: Any, limit: int = MAX_BODY):
        self.app = app
        self.limit = limit

    async def _too_large(self, send: Any) -> None:
        body = json.dumps({"detail": f"request body over {self.limit} bytes"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    if int(v) > self.limit:
                        await self._too_large(send)
                        return
                except ValueError:
                    pass
        chunks: list[bytes] = []
        size = 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not msg.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _where(loc: Any) -> str:
    parts = [str(p) for p in (loc or ()) if p not in ("query", "body", "path", "header")]
    return ".".join(parts) or "request"


def _clean(err: dict) -> dict[str, Any]:
    msg = str(err.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    out: dict[str, Any] = {"type": err.get("type", "value_error"), "loc": list(err.get("loc", ())), "msg": msg}
    v = err.get("input")
    if isinstance(v, (str, int, float, bool)) or v is None:
        out["input"] = v[:200] if isinstance(v, str) else v
    return out


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [_clean(e) for e in exc.errors()]
    message = "; ".join(f"{_where(e['loc'])}: {e['msg']}" for e in errors)
    return JSONResponse({"detail": jsonable_encoder(errors), "message": message}, status_code=422)


async def _store_error(_request: Request, exc: StoreError) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=400)


async def _db_down(_request: Request, exc: OperationalError) -> JSONResponse:
    log.error("database error: %s", exc)
    return JSONResponse({"detail": "the database is unavailable or busy; try again"}, status_code=503)


def _allowed_methods(path: str) -> set[str]:
    """The methods the API's routes take at `path` (for a 405 rather than a 404)."""
    methods: set[str] = set()
    for r in api.routes:
        rx = getattr(r, "path_regex", None)
        if rx is not None and rx.match(path):
            methods |= set(getattr(r, "methods", None) or ())
    return methods


def create_app(db: Union[str, Store, None] = None, read_open: bool = True) -> FastAPI:
    """The API (and dashboard) over the store at `db` (path, postgresql:// URL; default $RASAD_DB
    or ./rasad.db). With read_open False, or env RASAD_READ_OPEN=0, reading needs a token too."""
    own = not isinstance(db, Store)
    store = Store.open(db) if own else db  # type: ignore[arg-type]
    env = os.environ.get("RASAD_READ_OPEN", "1").strip().lower()
    read_open = bool(read_open) and env not in ("0", "false", "no", "off")

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        if own:
            store.close()

    app = FastAPI(title="Rasad", version=__version__, lifespan=lifespan,
                  description="Conflict events extracted from Arabic news, with the evidence behind every "
                              "field; review and export. See docs/api.md.",
                  docs_url="/api/docs", redoc_url=None, openapi_url="/openapi.json",
                  swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect")
    app.state.store = store
    app.state.read_open = read_open
    app.state.write_lock = threading.Lock()  # one writer at a time (SQLite would refuse a second)
    app.state.extract_slots = threading.BoundedSemaphore(EXTRACT_SLOTS)
    app.state.login_throttle = LoginThrottle()
    app.state.map_cache = AnswerCache(MAP_CACHE_BYTES if cache_enabled() else 0, cost=len)

    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, _store_error)  # type: ignore[arg-type]
    app.add_exception_handler(OperationalError, _db_down)  # type: ignore[arg-type]
    app.include_router(api)

    @app.api_route("/api/{rest:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    def api_not_found(request: Request, rest: str) -> JSONResponse:
        allowed = _allowed_methods(request.url.path)
        if allowed:
            return JSONResponse({"detail": "method not allowed"}, status_code=405,
                                headers={"Allow": ", ".join(sorted(allowed))})
        return JSONResponse({"detail": f"no API endpoint /api/{rest}"}, status_code=404)

    @app.get("/", include_in_schema=False)
    def index() -> Any:
        page = WEB_DIR / "index.html"
        if page.is_file():
            return FileResponse(page, media_type="text/html")
        return HTMLResponse(NO_DASHBOARD)

    if WEB_DIR.is_dir():  # the dashboard's files, after every API route
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True, check_dir=False), name="web")

    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    return app
