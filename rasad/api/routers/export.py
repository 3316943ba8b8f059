"""GET /api/export: matching events as a file, written by rasad.export.writers (as `rasad export`)."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from rasad.api import schemas as S
from rasad.api.deps import Reader, StoreDep, event_filters, sorted_query
from rasad.export.writers import TEXT_FORMATS, stream
from rasad.store import EventQuery

router = APIRouter(prefix="/api", tags=["events"], dependencies=[Reader])


@router.get("/export", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}, "application/geo+json": {}},
                             "description": "the file, streamed"}})
def export(store: StoreDep, f: Annotated[EventQuery, Depends(event_filters)],
           format: Annotated[S.ExportFormat, Query(description="acled-csv, jsonl or geojson")] = "acled-csv",
           ) -> StreamingResponse:
    """Every matching event as a file: ACLED's CSV, JSON Lines or GeoJSON (oldest first)."""
    fmt = TEXT_FORMATS[format]
    q = sorted_query(f, "event_date", "asc", None, 0)
    name = f"rasad-events-{date.today().isoformat()}.{fmt.extension}"
    return StreamingResponse(stream(store.iter_query(q), format), media_type=fmt.media_type,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
