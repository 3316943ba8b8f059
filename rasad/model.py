"""The records every stage passes on: Article in, Event out, and what lies between."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Optional


@dataclass(frozen=True)
class Span:
    """A stretch of the article's original text: [start, end) character offsets."""

    start: int
    end: int
    text: str


@dataclass
class Article:
    """One news article or channel post, as ingested."""

    id: str
    text: str
    published: Optional[str] = None  # ISO date or datetime, as written by the source
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None

    @property
    def published_date(self) -> Optional[date]:
        """Calendar date of publication in the source's own UTC offset (GUIDELINES §4)."""
        return parse_published(self.published)[0]

    @property
    def published_has_time(self) -> bool:
        """True when `published` carries a time of day (a wire or channel post)."""
        return parse_published(self.published)[1]


def parse_published(value: Optional[str]) -> tuple[Optional[date], bool]:
    """Parse an ISO date/datetime into (calendar date as written, has time of day)."""
    d, has_time = _parse_published(value)
    if d is not None and not (MIN_YEAR <= d.year <= MAX_YEAR):
        return None, False  # «0001-01-01», «9999-12-31»: a placeholder, not a publication date
    return d, has_time


MIN_YEAR, MAX_YEAR = 1800, 2200  # publication years Rasad resolves dates against


def _parse_published(value: Optional[str]) -> tuple[Optional[date], bool]:
    if not value or not isinstance(value, str):
        return None, False
    v = value.strip()
    try:
        if len(v) <= 10:
            return date.fromisoformat(v), False
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
        return dt.date(), True
    except ValueError:
        try:
            return date.fromisoformat(v[:10]), len(v) > 10
        except ValueError:
            return None, False


@dataclass(frozen=True)
class TimeMention:
    """A resolved time expression: the day it points to and how sure that day is."""

    span: Span
    value: Optional[date]
    precision: str = "day"  # day | week | month | year
    tolerance_days: int = 0
    rule: str = ""
    anchor: bool = True  # False for vague anchors («قبل ساعات»), which only nudge


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a named place with its codes and coordinates."""

    id: str
    name_en: str
    name_ar: str
    kind: str
    country: Optional[str]
    admin1: Optional[str]
    admin2: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    population: int = 0


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text, resolved to a gazetteer entry."""

    span: Span
    place: Place
    relation: str = ""  # "", near, north, south, east, west, between
    geo_precision: int = 1  # ACLED: 1 the named place, 2 near it / part of region, 3 admin1 only
    candidates: int = 1


@dataclass
class FieldSource:
    """Why one field of an event has its value: the span and the rule or lexicon entry."""

    field: str
    value: Any
    rule: str
    span: Optional[Span] = None


@dataclass
class EventSource:
    """One report behind a deduplicated event: what that outlet said, with its evidence."""

    event_id: str
    article_id: str
    outlet: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    event_date: Optional[str] = None
    location: Optional[str] = None
    fatalities: Optional[int] = None
    injuries: Optional[int] = None
    attributed_source: Optional[str] = None
    confidence: float = 0.0
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Event:
    """One political-violence or protest event, coded ACLED-style, with its evidence."""

    article_id: str
    event_type: str
    sub_event_type: str
    event_date: Optional[str] = None
    time_precision: int = 1  # ACLED: 1 day, 2 week, 3 month
    date_tolerance_days: int = 0
    country: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    location: Optional[str] = None
    location_ar: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    weapon: Optional[str] = None
    fatalities: Optional[int] = None
    injuries: Optional[int] = None
    attributed_source: Optional[str] = None
    outlet: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    modality: str = "real"
    confidence: float = 0.0
    trigger: Optional[Span] = None
    evidence: list[Span] = field(default_factory=list)
    provenance: list[FieldSource] = field(default_factory=list)
    event_id: str = ""
    sources: list[EventSource] = field(default_factory=list)  # filled by cross-article dedupe

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (spans as {start, end, text})."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        """The record `to_dict` wrote (unknown keys ignored)."""
        def span(x: Any) -> Optional[Span]:
            return Span(int(x["start"]), int(x["end"]), x["text"]) if isinstance(x, dict) else None

        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        known["trigger"] = span(d.get("trigger"))
        known["evidence"] = [s for s in map(span, d.get("evidence") or []) if s]
        known["provenance"] = [FieldSource(p["field"], p.get("value"), p.get("rule", ""), span(p.get("span")))
                               for p in d.get("provenance") or []]
        known["sources"] = [EventSource(**{**{k: v for k, v in s.items() if k in EventSource.__dataclass_fields__},
                                           "evidence": [e for e in map(span, s.get("evidence") or []) if e]})
                            for s in d.get("sources") or []]
        return cls(**known)
