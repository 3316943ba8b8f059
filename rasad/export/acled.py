"""ACLED's columns for an event, with ACLED's conventions: country and admin names in ACLED's
English spelling, numeric ISO codes, ACLED's regions, actor-type codes (inter1/inter2), the
interaction code, civilian targeting, and a representative point for events without a place."""
from __future__ import annotations

import calendar
import hashlib
import time
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

from rasad.export.names import Country, admin1_name, ascii_name, country, representative_point
from rasad.export.records import _DISORDER, notes
from rasad.model import Event

_LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicons" / "actors.yaml"

# ACLED's 31 columns, in ACLED's order
ACLED_CORE = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
# then Rasad's own
RASAD_COLUMNS = ["injuries", "evidence", "confidence", "sources", "n_sources", "review_state", "admin1_code",
                 "country_code", "event_id", "article_id"]
ACLED_COLUMNS = ACLED_CORE + RASAD_COLUMNS

# ACLED's actor types (inter codes)
STATE, REBEL, POLITICAL_MILITIA, IDENTITY_MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = range(1, 9)
# who acts when the report names nobody, by event type; anything else: an unidentified armed group
_UNNAMED = {"Protests": ("Protesters", PROTESTERS), "Riots": ("Rioters", RIOTERS)}
_UNIDENTIFIED = ("Unidentified Armed Group", POLITICAL_MILITIA)



@lru_cache(maxsize=1)
def _actors() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(_LEXICON.read_text(encoding="utf-8"))
    return {e["name_en"]: e for e in data.get("entries", []) if e.get("name_en")}


def actor_type(name: Optional[str]) -> int:
    """ACLED's actor-type code of an actor Rasad names (1 state forces … 8 external/other forces);
    an actor the lexicon does not type is an unidentified armed group (3)."""
    entry = _actors().get(name or "")
    return int(entry.get("inter") or POLITICAL_MILITIA) if entry else POLITICAL_MILITIA


def acled_actor(name: Optional[str], cty: Optional[Country]) -> str:
    """The actor as ACLED names it: generic actors carry their country, «Civilians (Iraq)»."""
    entry = _actors().get(name or "") or {}
    if name and cty and (entry.get("qualify") == "country" or name == _UNIDENTIFIED[0]):
        return f"{name} ({cty.name})"
    return name or ""


def actors(ev: Event, cty: Optional[Country]) -> tuple[str, int, str, int]:
    """(actor1, inter1, actor2, inter2) as ACLED codes them; inter2 is 0 without a second actor."""
    if ev.actor1:
        a1, i1 = ev.actor1, actor_type(ev.actor1)
    else:
        a1, i1 = _UNNAMED.get(ev.event_type, _UNIDENTIFIED)
    if a1 in ("Protesters",) and ev.event_type == "Riots":
        i1 = RIOTERS  # protesters who turned violent are rioters to ACLED
    a2, i2 = (ev.actor2, actor_type(ev.actor2)) if ev.actor2 else ("", 0)
    return acled_actor(a1, cty), i1, acled_actor(a2, cty), i2


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's interaction: the two actor types, lower first (17 state forces–civilians); one actor alone: 10×."""
    if not inter2:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def civilian_targeting(ev: Event, inter2: int) -> str:
    """«Civilian targeting» when civilians are the target (ACLED fills it so, else leaves it empty)."""
    if ev.event_type == "Violence against civilians" or (inter2 == CIVILIANS and ev.event_type in (
            "Violence against civilians", "Explosions/Remote violence", "Battles")):
        return "Civilian targeting"
    return ""


def source_scale(ev: Event) -> str:
    """ACLED's source scale: «New media» for Telegram posts, «National» for outlets' reports."""
    urls = [s.url or "" for s in ev.sources] or [ev.url or ""]
    kinds = {"New media" if ("t.me/" in u or "telegram" in u) else "National" for u in urls}
    return "-".join(k for k in ("New media", "National") if k in kinds)


def event_id_cnty(ev: Event, cty: Optional[Country]) -> str:
    """ACLED's event id: the country's alpha-3 code and a number (stable for a Rasad event id)."""
    num = int(hashlib.sha1(ev.event_id.encode("utf-8")).hexdigest()[:8], 16) % 10**8
    return f"{cty.alpha3 if cty else 'XXX'}{num}"


def _timestamp(updated_at: Optional[str]) -> int:
    if updated_at:
        try:
            return calendar.timegm(datetime.fromisoformat(updated_at).utctimetuple())
        except ValueError:
            pass
    return int(time.time())  # not stored yet: the record is made now


def acled_row(ev: Event, review_state: str = "pending", updated_at: Optional[str] = None,
              n_sources: Optional[int] = None) -> dict[str, Any]:
    """One ACLED row (ACLED's 31 columns, then Rasad's own) for an event."""
    cty = country(ev.country)
    a1, i1, a2, i2 = actors(ev, cty)
    outlets = [s.outlet for s in ev.sources if s.outlet] or ([ev.outlet] if ev.outlet else [])
    attributed = [s.attributed_source for s in ev.sources if s.attributed_source] or (
        [ev.attributed_source] if ev.attributed_source else [])
    lat, lon, precision = ev.latitude, ev.longitude, ev.geo_precision
    if lat is None or lon is None:  # country or region only: ACLED's representative point
        point = representative_point(ev.country, ev.admin1)
        lat, lon = point if point else (None, None)
        precision = 3
    admin1 = admin1_name(ev.admin1) or ""
    return {
        "event_id_cnty": event_id_cnty(ev, cty),
        "event_date": ev.event_date, "year": int(ev.event_date[:4]) if ev.event_date else None,
        "time_precision": ev.time_precision,
        "disorder_type": _DISORDER.get(ev.event_type, "Political violence"),
        "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
        "actor1": a1, "assoc_actor_1": "", "inter1": i1, "actor2": a2, "assoc_actor_2": "", "inter2": i2,
        "interaction": interaction_code(i1, i2), "civilian_targeting": civilian_targeting(ev, i2),
        "iso": cty.iso if cty else None, "region": (cty.region or "") if cty else "",
        "country": cty.name if cty else (ev.country or ""),
        "admin1": admin1, "admin2": ascii_name(ev.admin2 or ""), "admin3": "",
        "location": ascii_name(ev.location or "") or admin1 or (cty.name if cty else ""),
        "latitude": lat, "longitude": lon, "geo_precision": precision,
        "source": "; ".join(dict.fromkeys(outlets + attributed)), "source_scale": source_scale(ev),
        "notes": notes(ev, a1), "fatalities": ev.fatalities if ev.fatalities is not None else 0,
        "tags": "crowd size=no report" if ev.event_type in ("Protests", "Riots") else "",
        "timestamp": _timestamp(updated_at),
        "injuries": ev.injuries, "evidence": " | ".join(s.text for s in ev.evidence),
        "confidence": ev.confidence,
        "sources": "; ".join(f"{s.outlet or s.article_id}|{s.url or ''}|{s.published or ''}" for s in ev.sources)
                   or f"{ev.outlet or ev.article_id}|{ev.url or ''}|{ev.published or ''}",
        "n_sources": n_sources or max(1, len(ev.sources)), "review_state": review_state,
        "admin1_code": ev.admin1 or "", "country_code": ev.country or "", "event_id": ev.event_id,
        "article_id": ev.article_id,
    }
