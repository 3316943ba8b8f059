"""GET /api/health and /api/meta: is the server up, and the names the dashboard needs."""
from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Depends, Request

from rasad.api import schemas as S
from rasad.api.auth import current_user
from rasad.api.deps import StoreDep
from rasad.api.reference import admin1_names, country_names, event_types
from rasad.store import EventQuery
from rasad.store.db import REVIEW_STATES

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/health", response_model=S.Health)
def health(store: StoreDep, request: Request, user: Optional[str] = Depends(current_user)) -> dict[str, Any]:
    """The server is up and the database answers."""
    n = store.count(EventQuery(include_rejected=True))  # every stored event (the store's cached count)
    return {"ok": True, "events": n if request.app.state.read_open or user else None}


@router.get("/meta", response_model=S.Meta)
def meta(store: StoreDep, request: Request, user: Optional[str] = Depends(current_user)) -> dict[str, Any]:
    """Event types and sub-types, countries present, admin1 names, review states, whether reads are open.

    In private mode the countries present are listed only for a caller with a valid token."""
    read_open = request.app.state.read_open
    countries = store.countries() if read_open or user else []
    names = country_names()
    return {"event_types": event_types(), "countries": countries, "admin1": admin1_names(),
            "review_states": list(REVIEW_STATES), "read_open": read_open,
            "country_names": {c: names.get(c, c) for c in countries}}
