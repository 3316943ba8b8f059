"""Dependencies every router shares: the store, the reader check, the event filters, paging."""
from __future__ import annotations

from typing import Annotated, Any, Optional

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator

from rasad.api import schemas as S
from rasad.api.auth import require_reader
from rasad.store import EventQuery, Store


def _store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(_store)]
Reader = Depends(require_reader)

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


def sorted_query(q: EventQuery, sort: Optional[str], order: Optional[str], limit: Optional[int],
            offset: int) -> EventQuery:
    q.sort = sort or "event_date"
    q.descending = (order or "desc") == "desc"
    q.limit = limit
    q.offset = offset
    return q

