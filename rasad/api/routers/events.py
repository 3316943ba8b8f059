"""Reading events: lists, the map layer, one event in full, and counts for the charts."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Query, Request
from fastapi.responses import Response

from rasad.api import schemas as S
from rasad.api.deps import OffsetParam, OrderParam, Reader, SortParam, StoreDep, event_filters, sorted_query
from rasad.api.views import GeoJSONResponse, cached_map_layer, detail, row_summary
from rasad.store import EventQuery

router = APIRouter(prefix="/api", dependencies=[Reader])


@router.get("/events", response_model=S.EventList, tags=["events"])
def list_events(store: StoreDep, f: Annotated[EventQuery, Depends(event_filters)], sort: SortParam = None,
                order: OrderParam = None, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: OffsetParam = 0) -> dict[str, Any]:
    """One page of matching events, stably sorted (the sort key, then id), and the total."""
    q = sorted_query(f, sort, order, limit, offset)
    total = store.count(q)
    items = [row_summary(r) for r in store.query_columns(q)] if offset < total else []
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/events.geojson", tags=["events"], response_model=S.MapLayer, response_class=GeoJSONResponse,
            responses={200: {"description": "the map layer: a GeoJSON FeatureCollection of the matching events, "
                                            "those known only by country or admin1 at its representative point"}})
def events_geojson(store: StoreDep, request: Request, f: Annotated[EventQuery, Depends(event_filters)],
                   sort: SortParam = None, order: OrderParam = None,
                   limit: Annotated[int, Query(ge=1, le=10_000)] = 5_000, offset: OffsetParam = 0) -> Response:
    """The map layer: every matching event with a point, each with the fields the map shows.

    An event placed only by country or admin1 stands at the unit's capital with `placed` false
    (ACLED's geo_precision 3). `limit` and `offset` count features. Full records: /api/export?format=geojson."""
    q = sorted_query(f, sort, order, limit, offset)
    body = cached_map_layer(store, request.app.state.map_cache, q)
    return Response(body, media_type=GeoJSONResponse.media_type)


@router.get("/events/{event_id}", response_model=S.EventDetail, tags=["events"],
            responses={404: {"description": "no such event"}})
def get_event(store: StoreDep, event_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    """One event in full: evidence, the rule behind each field, sources with their article text, reviews."""
    se = store.get(event_id)
    if se is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return detail(store, se)


@router.get("/stats/timeline", response_model=S.Timeline, tags=["stats"])
def timeline(store: StoreDep, f: Annotated[EventQuery, Depends(event_filters)],
             period: Annotated[S.Period, Query()] = "day") -> dict[str, Any]:
    """Matching events per day (or per week, starting Monday) and event type."""
    return {"period": period, "series": [{"date": d, "event_type": t, "count": n}
                                         for d, t, n in store.counts_by_period(f, period)]}


@router.get("/stats/admin1", response_model=S.Admin1Counts, tags=["stats"])
def by_admin1(store: StoreDep, f: Annotated[EventQuery, Depends(event_filters)]) -> dict[str, Any]:
    """Matching events and their fatalities per first-level unit, most events first."""
    return {"items": [{"country": c, "admin1": a, "events": n, "fatalities": k}
                      for c, a, n, k in store.counts_by_admin1(f)]}
