"""ACLED's read API over the store, mounted at /acled-api, for code written against ACLED:

    ACLED_API_HOST=http://127.0.0.1:8000/acled-api python -c "from acled import AcledClient; \
        print(AcledClient(api_key=TOKEN, email='me@example.org').get_data(country='Iraq', limit=10))"

GET /acled-api/acled/read takes ACLED's query parameters (country, iso, year, event_date with
event_date_where, event_type, admin1, limit, page, fields) and answers in ACLED's envelope
({"status", "success", "count", "data", …}) with ACLED's 31 columns per event. Authentication is
ACLED's legacy one: `key` is the API token of a Rasad user (`rasad user add`), `email` any address."""
from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Annotated, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from rasad.api.deps import StoreDep
from rasad.api.schemas import EVENT_TYPES
from rasad.export.acled import ACLED_COLUMNS, ACLED_CORE, acled_row
from rasad.export.names import admin1_code, country_code, country_of_iso
from rasad.store import EventQuery, Store

router = APIRouter(prefix="/acled-api", tags=["acled"])

MAX_LIMIT = 5000  # ACLED's page size
WHERE = ("=", ">", "<", ">=", "<=", "BETWEEN")


class AcledError(Exception):
    """A request ACLED would refuse: its HTTP status and message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"status": status, "success": False, "error": [{"message": message}]}, status_code=status)


def _day(v: str) -> date:
    try:
        return date.fromisoformat(v.strip())
    except ValueError:
        raise AcledError(400, f"event_date {v[:40]!r} is not a date (YYYY-MM-DD)") from None


def date_span(event_date: Optional[str], where: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """ACLED's event_date filter as (since, until): «=», «>», «<», «>=», «<=», or BETWEEN a|b."""
    if not event_date:
        return None, None
    op = (where or "=").strip().upper()
    if op not in WHERE:
        raise AcledError(400, f"event_date_where must be one of {', '.join(WHERE)}")
    if op == "BETWEEN":
        parts = event_date.split("|")
        if len(parts) != 2:
            raise AcledError(400, "event_date_where=BETWEEN needs event_date=YYYY-MM-DD|YYYY-MM-DD")
        a, b = sorted((_day(parts[0]), _day(parts[1])))
        return a.isoformat(), b.isoformat()
    d = _day(event_date)
    one = timedelta(days=1)
    since, until = {"=": (d, d), ">": (d + one, None), ">=": (d, None), "<": (None, d - one), "<=": (None, d)}[op]
    return (since.isoformat() if since else None), (until.isoformat() if until else None)


def acled_query(country: Optional[str], iso: Optional[int], year: Optional[int], event_date: Optional[str],
                event_date_where: Optional[str], event_type: Optional[str], admin1: Optional[str]) -> EventQuery:
    """The store query for ACLED's filters (names as ACLED writes them)."""
    q = EventQuery()
    if country:
        q.country = country_code(country)
        if q.country is None:
            raise AcledError(400, f"no country named {country[:60]!r}")
    if iso is not None:
        code = country_of_iso(iso)
        if code is None or (q.country and code != q.country):
            raise AcledError(400, f"no country with ISO code {iso}") if code is None else AcledError(
                400, f"iso {iso} is not {country}")
        q.country = code
    if admin1:
        q.admin1 = admin1_code(admin1, q.country)
        if q.admin1 is None:
            raise AcledError(400, f"no admin1 named {admin1[:60]!r}" + (f" in {country}" if country else ""))
    if event_type:
        match = [t for t in EVENT_TYPES if t.casefold() == event_type.strip().casefold()]
        if not match:
            raise AcledError(400, f"event_type must be one of {', '.join(EVENT_TYPES)}")
        q.event_type = match[0]
    q.since, q.until = date_span(event_date, event_date_where)
    if year is not None:
        lo, hi = f"{year:04d}-01-01", f"{year:04d}-12-31"
        q.since, q.until = max(filter(None, (q.since, lo))), min(filter(None, (q.until, hi)))
    return q


def _user(store: Store, key: Optional[str], email: Optional[str]) -> str:
    if not key or not email:
        raise AcledError(403, "key and email are required (key: the API token of a Rasad user)")
    user = store.user_for_token(key)
    if user is None:
        raise AcledError(403, "the key is not a valid API token")
    return user


@router.get("/acled/read", responses={400: {"description": "a filter ACLED would refuse"},
                                       403: {"description": "no valid key and email"}})
def read(request: Request, store: StoreDep,
         key: Annotated[Optional[str], Query(max_length=200, description="a Rasad user's API token")] = None,
         email: Annotated[Optional[str], Query(max_length=320)] = None,
         country: Annotated[Optional[str], Query(max_length=100, description="as ACLED names it: Iraq")] = None,
         iso: Annotated[Optional[int], Query(ge=0, le=999, description="ISO 3166-1 numeric: 368")] = None,
         year: Annotated[Optional[int], Query(ge=1, le=9999)] = None,
         event_date: Annotated[Optional[str], Query(max_length=30, description="YYYY-MM-DD, or a|b")] = None,
         event_date_where: Annotated[Optional[str],
                                     Query(max_length=10, description="=, >, <, >=, <=, BETWEEN")] = None,
         event_type: Annotated[Optional[str], Query(max_length=100)] = None,
         admin1: Annotated[Optional[str], Query(max_length=100, description="as ACLED names it: Ninewa")] = None,
         limit: Annotated[int, Query(ge=0, le=1_000_000, description="events per page (at most 5000)")] = MAX_LIMIT,
         page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
         fields: Annotated[Optional[str], Query(max_length=2000, description="pipe-separated columns")] = None,
         format_: Annotated[Optional[str], Query(alias="_format", max_length=10)] = None) -> JSONResponse:
    """ACLED's /acled/read: matching events in ACLED's columns and envelope, newest first."""
    try:
        _user(store, key, email)
        if format_ and format_.lower() != "json":
            raise AcledError(400, "only _format=json is served")
        q = acled_query(country, iso, year, event_date, event_date_where, event_type, admin1)
        cols = ACLED_CORE
        if fields:
            cols = [f for f in fields.split("|") if f]
            unknown = [f for f in cols if f not in ACLED_COLUMNS]
            if unknown:
                raise AcledError(400, f"unknown fields: {', '.join(unknown)[:200]}")
    except AcledError as exc:
        return _error(exc.status, exc.message)
    size = min(limit or MAX_LIMIT, MAX_LIMIT)
    q.sort, q.descending, q.limit, q.offset = "event_date", True, size, (page - 1) * size
    data = []
    for se in store.iter_query(q):
        row = acled_row(se.event, se.review_state, se.updated_at, se.n_sources)
        data.append({c: "" if row[c] is None else row[c] for c in cols})
    return JSONResponse({"status": 200, "success": True, "last_update": int(time.time()) // 3600,
                         "count": len(data), "messages": [], "data": data,
                         "filename": f"{date.today().isoformat()}.csv"})
