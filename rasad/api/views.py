"""What events look like in the API's JSON: list rows, full records, map features."""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from rasad.export.names import representative_point
from rasad.model import Event
from rasad.store import EventQuery, Store, StoredEvent
from rasad.store.db import AnswerCache, MapPoint, query_key


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


def map_feature(p: MapPoint) -> Optional[dict[str, Any]]:
    """A map layer's GeoJSON Feature: the point, and what the map's marker and popup show. An event
    placed only by country or admin1 stands at its representative point (the unit's capital) with
    `placed` false and geo_precision 3, as ACLED codes it; None when no point stands for it."""
    lon, lat, placed = p.longitude, p.latitude, True
    if lon is None or lat is None:
        point = representative_point(p.country, p.admin1)
        if point is None:
            return None
        (lat, lon), placed = point, False
    return {"type": "Feature", "id": p.event_id,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"event_id": p.event_id, "event_type": p.event_type, "sub_event_type": p.sub_event_type,
                           "event_date": p.event_date, "location": p.location, "fatalities": p.fatalities,
                           "placed": placed, "geo_precision": p.geo_precision if placed else 3}}


def map_layer(points: Iterable[MapPoint]) -> bytes:
    """A FeatureCollection of map features as UTF-8 JSON."""
    feats = [f for f in map(map_feature, points) if f is not None]
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def cached_map_layer(store: Store, cache: AnswerCache, q: EventQuery) -> bytes:
    """`map_layer` of every matching event with a point (its own or its unit's), kept until the
    next write to events (by any process)."""
    version = store.data_version()  # before the layer is built: a kept layer is never older than its version
    key = (*query_key(q), "all-points")
    hit, body = cache.get(key, version)
    if not hit:
        body = map_layer(store.map_points(q, placed_only=False))
        cache.put(key, version, body)
    return body


class GeoJSONResponse(JSONResponse):
    """A JSON body sent as application/geo+json."""

    media_type = "application/geo+json"


def full(ev: Event, review_state: str, n_sources: int, article_text: Any) -> dict[str, Any]:
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

    d = full(se.event, se.review_state, se.n_sources, article_text)
    d.update(reviews=[dict(user=r.user, action=r.action, changes=r.changes, comment=r.comment, at=r.at)
                      for r in store.reviews(se.event.event_id)],
             reviewed_by=se.reviewed_by, reviewed_at=se.reviewed_at, updated_at=se.updated_at,
             overrides=se.overrides)
    return d

