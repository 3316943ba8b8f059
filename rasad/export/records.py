"""Event records as JSON Lines (every field), and the English notes ACLED rows carry."""
from __future__ import annotations

import json
from typing import Optional

from rasad.model import Event

_DISORDER = {"Protests": "Demonstrations", "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}


def event_json(ev: Event) -> str:
    """One JSON Lines row for an event (UTF-8, Arabic kept as is)."""
    return json.dumps(ev.to_dict(), ensure_ascii=False)


def notes(ev: Event, actor1: Optional[str] = None) -> str:
    """A short English summary generated from the record (`actor1`: the doer as the row names it)."""
    who = actor1 or ev.actor1 or "Unidentified actor"
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
