"""ACLED's columns for a stored event: actor categories, interaction code, notes, sources."""
from __future__ import annotations

import calendar
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

from rasad.export.records import _DISORDER, notes
from rasad.model import Event

# ACLED interaction digits by actor side (rasad/data/lexicons/actors.yaml «side»)
_SIDE_CODE = {"state": 1, "nonstate": 2, "unknown": 3, "protesters": 6, "civilian": 7}
_LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicons" / "actors.yaml"

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "actor2", "interaction", "country", "iso", "admin1", "admin2",
    "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "timestamp",
    # Rasad's own
    "injuries", "evidence", "confidence", "sources", "n_sources", "review_state", "event_id",
]


@lru_cache(maxsize=1)
def _sides() -> dict[str, str]:
    data = yaml.safe_load(_LEXICON.read_text(encoding="utf-8"))
    return {e["name_en"]: e.get("side", "unknown") for e in data.get("entries", []) if e.get("name_en")}


def actor_code(name: Optional[str], event_type: str) -> int:
    """ACLED's actor category digit: 1 state forces … 5 rioters, 6 protesters, 7 civilians."""
    if not name:  # ACLED codes an unnamed perpetrator as an unidentified armed group (3)
        return {"Protests": 6, "Riots": 5, "": 0}.get(event_type, 3)
    side = _sides().get(name)
    if side is None:
        return 3
    return _SIDE_CODE.get(side, 8)


def interaction(ev: Event) -> int:
    """ACLED's two-digit interaction code, lower actor code first (e.g. 17: state forces–civilians)."""
    a = actor_code(ev.actor1, ev.event_type)
    b = actor_code(ev.actor2, "") if ev.actor2 else 0
    if ev.event_type == "Protests" and not ev.actor1:
        a = 6
    lo, hi = sorted((a, b))
    return lo * 10 + hi if lo else hi * 10


def _timestamp(updated_at: Optional[str]) -> Optional[int]:
    if not updated_at:
        return None
    try:
        return calendar.timegm(datetime.fromisoformat(updated_at).utctimetuple())
    except ValueError:
        return None


def acled_row(ev: Event, review_state: str = "pending", updated_at: Optional[str] = None) -> dict[str, Any]:
    """One ACLED-compatible row (ACLED's columns, then Rasad's own)."""
    outlets = [s.outlet for s in ev.sources if s.outlet] or ([ev.outlet] if ev.outlet else [])
    attributed = [s.attributed_source for s in ev.sources if s.attributed_source] or (
        [ev.attributed_source] if ev.attributed_source else [])
    source = "; ".join(dict.fromkeys(outlets + attributed))
    return {
        "event_id_cnty": f"{ev.country or 'XX'}{ev.event_id[:10].upper()}",
        "event_date": ev.event_date, "year": int(ev.event_date[:4]) if ev.event_date else None,
        "time_precision": ev.time_precision,
        "disorder_type": _DISORDER.get(ev.event_type, "Political violence"),
        "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
        "actor1": ev.actor1, "actor2": ev.actor2, "interaction": interaction(ev),
        "country": ev.country, "iso": ev.country, "admin1": ev.admin1, "admin2": ev.admin2,
        "location": ev.location, "latitude": ev.latitude, "longitude": ev.longitude,
        "geo_precision": ev.geo_precision, "source": source, "notes": notes(ev),
        "fatalities": ev.fatalities if ev.fatalities is not None else 0,
        "timestamp": _timestamp(updated_at),
        "injuries": ev.injuries, "evidence": " | ".join(s.text for s in ev.evidence),
        "confidence": ev.confidence,
        "sources": "; ".join(f"{s.outlet or s.article_id}|{s.url or ''}|{s.published or ''}" for s in ev.sources),
        "n_sources": max(1, len(ev.sources)), "review_state": review_state, "event_id": ev.event_id,
    }
