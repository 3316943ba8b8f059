"""POST /api/events/{id}/review: an analyst confirms, edits, rejects or reopens an event."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Request

from rasad.api import schemas as S
from rasad.api.auth import require_user
from rasad.api.deps import StoreDep
from rasad.api.views import detail
from rasad.events.classify import SUBTYPE_TYPE

router = APIRouter(prefix="/api", tags=["review"])


@router.post("/events/{event_id}/review", response_model=S.EventDetail,
             responses={400: {"description": "a value the store refuses"}, 401: {"description": "no valid token"},
                        404: {"description": "no such event"}})
def review_event(store: StoreDep, request: Request, event_id: Annotated[str, PathParam(max_length=200)],
                 body: S.ReviewIn, user: str = Depends(require_user)) -> dict[str, Any]:
    """Confirm, edit, reject or reopen an event; the change is kept with who and when."""
    se = store.get(event_id)
    if se is None:
        raise HTTPException(404, f"no event {event_id!r}")
    changes = body.changes.given()
    if "event_type" in changes or "sub_event_type" in changes:
        typ = changes.get("event_type", se.event.event_type)
        sub = changes.get("sub_event_type", se.event.sub_event_type)
        if SUBTYPE_TYPE.get(sub) != typ:
            raise HTTPException(400, f"sub_event_type {sub!r} belongs to {SUBTYPE_TYPE.get(sub)!r}, "
                                     f"not {typ!r}: change both together")
    with request.app.state.write_lock:
        got = store.review(event_id, user, body.action, changes, body.comment)
    return detail(store, got)
