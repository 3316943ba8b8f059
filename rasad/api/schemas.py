"""What crosses the HTTP edge: query-parameter types with clear errors, request and response models.

Every filter is checked here, before it reaches the store: a date is YYYY-MM-DD and a real day,
a country is two letters, a bbox is four finite numbers in range, an event type is one of
ACLED's. A blank value («country=») means «no filter», so a form can send every field.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from rasad.events.classify import SUBTYPE_TYPE
from rasad.store.db import EDITABLE, REVIEW_STATES, SORTABLE

EVENT_TYPES: tuple[str, ...] = tuple(dict.fromkeys(SUBTYPE_TYPE.values()))
SUB_EVENT_TYPES: tuple[str, ...] = tuple(SUBTYPE_TYPE)

# Literal types built from the lexicon's lists, so OpenAPI shows them as enums.
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
SubEventType = Literal[SUB_EVENT_TYPES]  # type: ignore[valid-type]
ReviewState = Literal[REVIEW_STATES]  # type: ignore[valid-type]
SortKey = Literal[SORTABLE]  # type: ignore[valid-type]
Order = Literal["asc", "desc"]
Period = Literal["day", "week"]
ExportFormat = Literal["acled-csv", "jsonl", "geojson"]
ReviewAction = Literal["confirm", "edit", "reject", "reopen"]

MAX_OFFSET = 1_000_000
MAX_TEXT = 200_000

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_ADMIN1 = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")


# -- validators (ValueError messages become the 422 message) ---------------------------------

def blank_to_none(v: Any) -> Any:
    """A blank form field means «not given»."""
    if isinstance(v, str) and not v.strip():
        return None
    return v


def iso_date(v: Any) -> Optional[str]:
    """YYYY-MM-DD and a real calendar day."""
    v = blank_to_none(v)
    if v is None:
        return None
    s = str(v).strip()
    if not _DATE.fullmatch(s):
        raise ValueError(f"{s[:40]!r} is not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(s).isoformat()
    except ValueError:
        raise ValueError(f"{s!r} is not a calendar day (YYYY-MM-DD)") from None


def country_code(v: Any) -> Optional[str]:
    """An ISO 3166-1 alpha-2 code (IQ, SY); lower case is accepted."""
    v = blank_to_none(v)
    if v is None:
        return None
    s = str(v).strip().upper()
    if not _COUNTRY.fullmatch(s):
        raise ValueError(f"{str(v)[:40]!r} is not a country code: two letters, ISO 3166-1 (e.g. IQ)")
    return s


def admin1_code(v: Any) -> Optional[str]:
    """An ISO 3166-2 first-level code (IQ-BG); lower case is accepted."""
    v = blank_to_none(v)
    if v is None:
        return None
    s = str(v).strip().upper()
    if not _ADMIN1.fullmatch(s):
        raise ValueError(f"{str(v)[:40]!r} is not an ISO 3166-2 code like IQ-BG")
    return s


def bbox_value(v: Any) -> Optional[tuple[float, float, float, float]]:
    """«min_lon,min_lat,max_lon,max_lat» as four finite numbers within the globe."""
    v = blank_to_none(v)
    if v is None:
        return None
    parts = str(v).split(",")
    if len(parts) != 4:
        raise ValueError("bbox is four numbers: min_lon,min_lat,max_lon,max_lat")
    try:
        x0, y0, x1, y1 = (float(p) for p in parts)
    except ValueError:
        raise ValueError("bbox is four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not all(math.isfinite(x) for x in (x0, y0, x1, y1)):
        raise ValueError("bbox numbers must be finite")
    if not (-180 <= x0 <= 180 and -180 <= x1 <= 180):
        raise ValueError("bbox longitudes must be between -180 and 180")
    if not (-90 <= y0 <= 90 and -90 <= y1 <= 90):
        raise ValueError("bbox latitudes must be between -90 and 90")
    if x0 > x1 or y0 > y1:
        raise ValueError("bbox minimum must not exceed maximum (min_lon,min_lat,max_lon,max_lat)")
    return (x0, y0, x1, y1)


def published_value(v: Any) -> Optional[str]:
    """YYYY-MM-DD, or an ISO date-time with an offset for time-stamped posts."""
    v = blank_to_none(v)
    if v is None:
        return None
    s = str(v).strip()
    if _DATE.fullmatch(s):
        return iso_date(s)
    try:
        datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{s[:40]!r} is not a date (YYYY-MM-DD) or an ISO date-time") from None
    if not _DATE.fullmatch(s[:10]):
        raise ValueError(f"{s[:40]!r} is not a date (YYYY-MM-DD) or an ISO date-time")
    return s


def short_text(v: Any) -> Optional[str]:
    """Free text up to 200 characters; blank is «not given»."""
    v = blank_to_none(v)
    if v is None:
        return None
    s = str(v).strip()
    if len(s) > 200:
        raise ValueError(f"at most 200 characters ({len(s)} given)")
    return s


Blank = BeforeValidator(blank_to_none)
TextParam = Annotated[Optional[str], BeforeValidator(short_text)]
DateParam = Annotated[Optional[str], BeforeValidator(iso_date)]
CountryParam = Annotated[Optional[str], BeforeValidator(country_code)]
Admin1Param = Annotated[Optional[str], BeforeValidator(admin1_code)]
BboxParam = Annotated[Optional[str], AfterValidator(bbox_value)]  # -> a 4-tuple


# -- events out ------------------------------------------------------------------------------

class SpanOut(BaseModel):
    """A stretch of text: [start, end) character offsets and the text itself."""

    start: int
    end: int
    text: str


class ProvenanceOut(BaseModel):
    """Why one field has its value: the rule or lexicon entry, and the span it read."""

    field: str
    value: Any = None
    rule: str = ""
    span: Optional[SpanOut] = None


class SourceOut(BaseModel):
    """One report behind an event; `evidence` offsets are into `article_text`."""

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
    evidence: list[SpanOut] = []
    article_text: Optional[str] = None


class ReviewOut(BaseModel):
    """One analyst action; `changes` is {field: [old, new]}."""

    user: str
    action: str
    changes: dict[str, Any] = {}
    comment: Optional[str] = None
    at: str


class EventCore(BaseModel):
    """Fields every event view has."""

    id: str
    event_type: str
    sub_event_type: str
    event_date: Optional[str] = None
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
    fatalities: Optional[int] = None
    injuries: Optional[int] = None
    confidence: float = 0.0
    n_sources: int = 1
    review_state: str = "pending"


class EventSummary(EventCore):
    """An event in a list: `evidence` is the first evidence sentence."""

    evidence: Optional[str] = None


class ExtractedEvent(EventCore):
    """An event with its evidence, the rule behind each field, and its sources."""

    time_precision: Optional[int] = None
    weapon: Optional[str] = None
    attributed_source: Optional[str] = None
    trigger: Optional[SpanOut] = None
    evidence: list[SpanOut] = []
    provenance: list[ProvenanceOut] = []
    sources: list[SourceOut] = []


class EventDetail(ExtractedEvent):
    """A stored event in full, with its review history."""

    reviews: list[ReviewOut] = []
    reviewed_by: Optional[str] = None
    reviewed_at: Optional[str] = None
    updated_at: Optional[str] = None
    overrides: dict[str, Any] = Field(default_factory=dict, description="fields a reviewer set")


class EventList(BaseModel):
    """One page of events and how many match in all."""

    total: int
    limit: int
    offset: int
    items: list[EventSummary]


class TimelinePoint(BaseModel):
    date: str
    event_type: str
    count: int


class Timeline(BaseModel):
    period: Period
    series: list[TimelinePoint]


class Admin1Count(BaseModel):
    country: Optional[str] = None
    admin1: Optional[str] = None
    events: int
    fatalities: int


class Admin1Counts(BaseModel):
    items: list[Admin1Count]


class Meta(BaseModel):
    """What the filters can take."""

    event_types: dict[str, list[str]]
    countries: list[str]
    admin1: dict[str, str]
    review_states: list[str]
    read_open: bool
    country_names: dict[str, str] = Field(default_factory=dict, description="English names of `countries`")
    sort: list[str] = list(SORTABLE)
    editable: list[str] = list(EDITABLE)


class Health(BaseModel):
    ok: bool
    events: Optional[int] = Field(None, description="stored events (null in private mode without a token)")


# -- requests --------------------------------------------------------------------------------

class _In(BaseModel):
    """A request body: unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore")


class _Strict(BaseModel):
    """A request body where an unknown field is an error (a reviewer's typo must not pass)."""

    model_config = ConfigDict(extra="forbid")


class ExtractIn(_In):
    """An article to extract events from."""

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="the article's Arabic text")
    published: Optional[str] = Field(None, description="publication date, YYYY-MM-DD (or ISO date-time)",
                                     examples=["2025-03-10"])
    title: Optional[str] = Field(None, max_length=2000)

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, v: Any) -> Optional[str]:
        return published_value(v)

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is empty")
        return v


class ArticleIn(ExtractIn):
    """An article to extract events from and store."""

    url: Optional[str] = Field(None, max_length=2000)
    source: Optional[str] = Field(None, max_length=300, description="the outlet")

    @field_validator("url", mode="before")
    @classmethod
    def _url(cls, v: Any) -> Optional[str]:
        v = blank_to_none(v)
        if v is None:
            return None
        s = str(v).strip()
        if not re.fullmatch(r"https?://[^\s]+", s):
            raise ValueError("url must be an http:// or https:// address")
        return s


class ExtractOut(BaseModel):
    events: list[ExtractedEvent]


class ArticleOut(BaseModel):
    article_id: str
    events: list[str] = Field(description="ids of the stored events the article's reports went to")
    known: bool = Field(description="true when the same URL or text was already stored (nothing changed)")


class LoginIn(_In):
    user: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class LoginOut(BaseModel):
    token: str
    user: str


class OkOut(BaseModel):
    ok: bool = True


_Text500 = Annotated[Optional[str], Field(max_length=500)]


class ReviewChanges(_Strict):
    """Fields a reviewer may set; a field left out keeps its value, null clears it."""

    event_type: Optional[EventType] = None  # type: ignore[valid-type]
    sub_event_type: Optional[SubEventType] = None  # type: ignore[valid-type]
    event_date: Annotated[Optional[str], BeforeValidator(iso_date)] = None
    country: Annotated[Optional[str], BeforeValidator(country_code)] = None
    admin1: Annotated[Optional[str], BeforeValidator(admin1_code)] = None
    admin2: _Text500 = None
    location: _Text500 = None
    latitude: Optional[float] = Field(None, ge=-90, le=90, allow_inf_nan=False)
    longitude: Optional[float] = Field(None, ge=-180, le=180, allow_inf_nan=False)
    geo_precision: Optional[Literal[1, 2, 3]] = None
    fatalities: Optional[int] = Field(None, ge=0, le=1_000_000)
    injuries: Optional[int] = Field(None, ge=0, le=1_000_000)
    actor1: _Text500 = None
    actor2: _Text500 = None

    @model_validator(mode="after")
    def _not_cleared(self) -> "ReviewChanges":
        for f in ("event_type", "sub_event_type"):
            if f in self.model_fields_set and getattr(self, f) is None:
                raise ValueError(f"{f} cannot be cleared")
        return self

    def given(self) -> dict[str, Any]:
        """Only the fields the request set."""
        return {k: getattr(self, k) for k in self.model_fields_set}


class ReviewIn(_Strict):
    action: ReviewAction
    changes: ReviewChanges = Field(default_factory=ReviewChanges)
    comment: Optional[str] = Field(None, max_length=2000)


# -- the map layer (GET /api/events.geojson) ------------------------------------------------

class PointGeometry(BaseModel):
    """A GeoJSON Point."""

    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2, description="[longitude, latitude]")


class MapProperties(BaseModel):
    """What the map's marker and popup show; the full record is in /api/events/{id}."""

    event_id: str
    event_type: str
    sub_event_type: str
    event_date: Optional[str] = Field(description="YYYY-MM-DD")
    location: Optional[str] = Field(description="the place's English name")
    fatalities: Optional[int] = Field(description="null when no report gives a toll")
    placed: bool = Field(description="false: placed only by country or admin1, drawn at the unit's "
                                           "representative point (its capital)")
    geo_precision: Optional[int] = Field(description="ACLED: 1 the place, 2 near it, 3 the unit only")


class MapFeature(BaseModel):
    """One event on the map; `id` is the event id."""

    type: Literal["Feature"]
    id: str
    geometry: PointGeometry
    properties: MapProperties


class MapLayer(BaseModel):
    """A GeoJSON FeatureCollection of the events, placed ones and (placed false) those known only by unit."""

    type: Literal["FeatureCollection"]
    features: list[MapFeature]
