"""Event records as flat rows: JSON Lines (every field) and ACLED-style CSV columns."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, TextIO

from rasad.events.classify import SUBTYPE_TYPE
from rasad.model import Event

# ACLED's column names where Rasad has the field, then Rasad's own.
CSV_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "actor2", "country", "iso", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "injuries",
    "article_id", "url", "confidence", "evidence",
]
_DISORDER = {"Protests": "Demonstrations", "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}


def event_json(ev: Event) -> str:
    """One JSON Lines row for an event (UTF-8, Arabic kept as is)."""
    return json.dumps(ev.to_dict(), ensure_ascii=False)


def notes(ev: Event) -> str:
    """A short English summary generated from the record."""
    who = ev.actor1 or "Unidentified actor"
    what = ev.sub_event_type.lower()
    where = ev.location or ev.country or "an unnamed place"
    s = f"On {ev.event_date or 'an unknown date'}, {who}: {what} in {where}"
    if ev.actor2:
        s += f" against {ev.actor2}"
    cas = []
    if ev.fatalities is not None:
        cas.append(f"{ev.fatalities} killed")
    if ev.injuries is not None:
        cas.append(f"{ev.injuries} injured")
    return s + (f" ({', '.join(cas)})." if cas else ".")


def csv_row(ev: Event) -> dict[str, Any]:
    """ACLED-style CSV row for an event."""
    return {
        "event_id_cnty": f"{ev.country or 'XX'}{ev.event_id[:8]}",
        "event_date": ev.event_date, "year": (ev.event_date or "")[:4],
        "time_precision": ev.time_precision,
        "disorder_type": _DISORDER.get(ev.event_type, "Political violence"),
        "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
        "actor1": ev.actor1, "actor2": ev.actor2, "country": ev.country, "iso": ev.country,
        "admin1": ev.admin1, "admin2": ev.admin2, "location": ev.location,
        "latitude": ev.latitude, "longitude": ev.longitude, "geo_precision": ev.geo_precision,
        "source": "; ".join(x for x in (ev.outlet, ev.attributed_source) if x),
        "notes": notes(ev), "fatalities": ev.fatalities, "injuries": ev.injuries,
        "article_id": ev.article_id, "url": ev.url, "confidence": ev.confidence,
        "evidence": " | ".join(s.text for s in ev.evidence),
    }


def csv_writer(out: TextIO) -> csv.DictWriter:
    """A CSV writer with the header written."""
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    w.writeheader()
    return w
