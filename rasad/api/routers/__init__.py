"""The API's routers, one per resource; `ROUTERS` is the order the app includes them in."""
from __future__ import annotations

from rasad.api.routers import acled, events, export, extract, meta, reviews, session

ROUTERS = [meta.router, events.router, reviews.router, export.router, extract.router, session.router]
ACLED_ROUTER = acled.router
