"""POST /api/extract (read a text, store nothing) and POST /api/articles (read and store).

Extraction runs in worker processes (rasad.api.extraction), never on the event loop; one request
has a time budget, and anonymous callers a rate limit that all server processes share."""
from __future__ import annotations

import logging
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from sqlalchemy import or_, select

from rasad.api import schemas as S
from rasad.api.auth import current_user, require_reader, require_user
from rasad.api.deps import StoreDep
from rasad.api.extraction import ExtractionBusy, ExtractionFailed, ExtractionTooLong, Extractor, RateLimit
from rasad.model import Article
from rasad.store import Store, schema, text_hash

log = logging.getLogger("rasad.api")

router = APIRouter(prefix="/api", tags=["extract"])

BUSY = {503: {"description": "every extraction worker is busy; Retry-After says when to try again"}}
TOO_LONG = {413: {"description": "the text could not be read within the time budget; send it in parts"}}


def run_extraction(request: Request, art: Article, rendered: bool = False):
    """The events of `art` by a worker (`rendered`: as the JSON answer), or the HTTP error that says why not."""
    ex: Extractor = request.app.state.extractor
    try:
        return ex.run(art, rendered)
    except ExtractionBusy:
        raise HTTPException(503, "the extractor is busy; try again shortly", headers={"Retry-After": "10"}) from None
    except ExtractionTooLong:
        raise HTTPException(413, f"this text of {len(art.text):,} characters took longer than the "
                                 f"{ex.budget:g} s one request may use; send it in shorter parts") from None
    except ExtractionFailed as exc:
        log.error("extraction failed for a posted article: %s", exc)
        raise HTTPException(500, "extraction failed on this text") from None


def anonymous_limit(request: Request, user: Optional[str] = Depends(current_user)) -> None:
    """429 when an anonymous client has extracted too often (callers with a token are not limited)."""
    if user is not None:
        return
    limit: RateLimit = request.app.state.extract_limit
    client = request.client.host if request.client else "?"
    wait = limit.take(client)
    if wait:
        raise HTTPException(429, f"at most {limit.limit} extractions in {limit.window:g} s without a token; "
                                 "try again later or send «Authorization: Bearer <token>»",
                            headers={"Retry-After": str(wait)})


@router.post("/extract", response_model=S.ExtractOut, dependencies=[Depends(require_reader), Depends(anonymous_limit)],
             responses={**TOO_LONG, **BUSY, 429: {"description": "too many extractions without a token"}})
def extract(request: Request, body: S.ExtractIn) -> Response:
    """Events in a posted text, with evidence and the rule behind each field; nothing is stored.

    Span offsets are into the posted text."""
    art = Article(id="posted", text=body.text, published=body.published, title=body.title)
    # rendered by the extraction worker (the schema is ExtractOut's all the same): thousands of events
    # encoded in the server would hold its other requests
    return Response(run_extraction(request, art, rendered=True), media_type="application/json")


def _existing_article(store: Store, art: Article) -> Optional[str]:
    a = schema.articles
    cond = a.c.text_hash == text_hash(art.text)
    if art.url:
        cond = or_(cond, a.c.url == art.url)
    with store.engine.connect() as c:
        return c.execute(select(a.c.id).where(cond).order_by(a.c.ingested_at).limit(1)).scalar()


def _article_event_ids(store: Store, article_id: str) -> list[str]:
    s = schema.event_sources
    with store.engine.connect() as c:
        ids = c.execute(select(s.c.event_id).where(s.c.article_id == article_id).order_by(s.c.seq)).scalars()
        return list(dict.fromkeys(ids))


@router.post("/articles", response_model=S.ArticleOut,
             responses={401: {"description": "no valid token"}, **TOO_LONG, **BUSY})
def add_article(store: StoreDep, request: Request, body: S.ArticleIn,
                user: str = Depends(require_user)) -> dict[str, Any]:
    """Extract events from a posted article and store them (deduplicated against stored events).

    An article already stored (same URL or same text) changes nothing: `known` is true."""
    art = Article(id="api-" + text_hash(body.text)[:16], text=body.text, published=body.published,
                  title=body.title, url=body.url, source=body.source)
    events = None if store.known(art) else run_extraction(request, art)
    with request.app.state.write_lock:
        if store.known(art):
            aid = _existing_article(store, art) or art.id
            return {"article_id": aid, "events": _article_event_ids(store, aid), "known": True}
        named = store.unique_id(art)
        if named.id != art.id or events is None:
            art = named
            events = run_extraction(request, art)
        store.add_batch([(art, events, None)])
    log.info("user %s stored article %s (%d events)", user, art.id, len(events))
    return {"article_id": art.id, "events": _article_event_ids(store, art.id), "known": False}
