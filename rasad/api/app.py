"""The HTTP API over the event store, ACLED's read API, and the dashboard's static files.

    app = create_app("rasad.db")            # one Store (one connection pool) for the app
    uvicorn.run(app)                        # or: rasad serve --db rasad.db

Everything is JSON under /api (see docs/api.md), ACLED's read API is at /acled-api, and the
dashboard (rasad/web/) is served at /. Reads are open unless the app is private; writes always
need «Authorization: Bearer <token>». The routes live in rasad/api/routers/, one module per
resource; shared dependencies in deps.py, JSON shapes in views.py, middleware in middleware.py.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import weakref
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Optional, Union

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError

from rasad import __version__
from rasad.api.auth import LoginThrottle
from rasad.api.extraction import Extractor, RateLimit
from rasad.api.middleware import BodyLimit, SecurityHeaders, db_down, store_error, validation_error
from rasad.api.routers import ACLED_ROUTER, ROUTERS
from rasad.store import Store, StoreError
from rasad.store.db import AnswerCache, cache_enabled

PACKAGE = Path(__file__).resolve().parent.parent
WEB_DIR = PACKAGE / "web"
EXTRACT_SLOTS = max(1, min(4, os.cpu_count() or 1))  # extraction is CPU-bound: a few worker processes
EXTRACT_SECONDS = 10.0  # the most one extraction request may use (env RASAD_EXTRACT_SECONDS)
ANON_EXTRACTS = 30  # extractions per client per minute without a token (env RASAD_ANON_EXTRACTS; 0: no limit)
MAP_CACHE_BYTES = 32 * 1024 * 1024  # map layers kept per process (the dashboard's default one is ~3 MB)

NO_DASHBOARD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rasad</title></head>
<body><h1>Rasad</h1><p>The dashboard is not installed here. The API is: see
<a href="/api/docs">/api/docs</a> (OpenAPI schema at <a href="/openapi.json">/openapi.json</a>).</p></body></html>
"""


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def rate_limit_file(store: Store) -> Path:
    """The SQLite file that counts anonymous extractions for every server process of this store."""
    where = os.environ.get("RASAD_RATE_DIR") or tempfile.gettempdir()
    tag = hashlib.sha256(str(store.engine.url).encode()).hexdigest()[:16]
    return Path(where) / f"rasad-ratelimit-{tag}.sqlite"


def _allowed_methods(path: str) -> set[str]:
    """The methods the API's routes take at `path` (for a 405 rather than a 404)."""
    methods: set[str] = set()
    for router in ROUTERS:
        for r in router.routes:
            rx = getattr(r, "path_regex", None)
            if rx is not None and rx.match(path):
                methods |= set(getattr(r, "methods", None) or ())
    return methods


def create_app(db: Union[str, Store, None] = None, read_open: bool = True, extract_seconds: Optional[float] = None,
               anon_extracts: Optional[int] = None) -> FastAPI:
    """The API (and dashboard) over the store at `db` (path, postgresql:// URL; default $RASAD_DB
    or ./rasad.db). With read_open False, or env RASAD_READ_OPEN=0, reading needs a token too."""
    own = not isinstance(db, Store)
    store = Store.open(db) if own else db  # type: ignore[arg-type]
    env = os.environ.get("RASAD_READ_OPEN", "1").strip().lower()
    read_open = bool(read_open) and env not in ("0", "false", "no", "off")
    budget = extract_seconds if extract_seconds is not None else _env_number("RASAD_EXTRACT_SECONDS", EXTRACT_SECONDS)
    per_minute = anon_extracts if anon_extracts is not None else int(_env_number("RASAD_ANON_EXTRACTS", ANON_EXTRACTS))
    extractor = Extractor(EXTRACT_SLOTS, budget)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        if own:
            store.close()

    app = FastAPI(title="Rasad", version=__version__, lifespan=lifespan,
                  description="Conflict events extracted from Arabic news, with the evidence behind every "
                              "field; review and export; ACLED's read API at /acled-api. See docs/api.md.",
                  docs_url="/api/docs", redoc_url=None, openapi_url="/openapi.json",
                  swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect")
    app.state.store = store
    app.state.read_open = read_open
    app.state.write_lock = threading.Lock()  # one writer at a time (SQLite would refuse a second)
    app.state.extractor = extractor
    # workers outlive one lifespan (a test client starts and stops it per request): they stop
    # when the app is collected or the interpreter exits
    weakref.finalize(app, extractor.close)
    app.state.extract_limit = RateLimit(rate_limit_file(store), per_minute)
    app.state.login_throttle = LoginThrottle()
    app.state.map_cache = AnswerCache(MAP_CACHE_BYTES if cache_enabled() else 0, cost=len)

    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, store_error)  # type: ignore[arg-type]
    app.add_exception_handler(OperationalError, db_down)  # type: ignore[arg-type]
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(ACLED_ROUTER)

    @app.api_route("/api/{rest:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    def api_not_found(request: Request, rest: str) -> JSONResponse:
        allowed = _allowed_methods(request.url.path)
        if allowed:
            return JSONResponse({"detail": "method not allowed"}, status_code=405,
                                headers={"Allow": ", ".join(sorted(allowed))})
        return JSONResponse({"detail": f"no API endpoint /api/{rest}"}, status_code=404)

    @app.get("/", include_in_schema=False)
    def index() -> Any:
        page = WEB_DIR / "index.html"
        if page.is_file():
            return FileResponse(page, media_type="text/html")
        return HTMLResponse(NO_DASHBOARD)

    if WEB_DIR.is_dir():  # the dashboard's files, after every API route
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True, check_dir=False), name="web")

    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    return app

