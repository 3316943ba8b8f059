"""Schemathesis against the app's own OpenAPI schema: generated requests to every operation,
none may end in a server error (5xx)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

from rasad.api.app import create_app  # noqa: E402
from rasad.store import Store  # noqa: E402
from rasad.store.commands import ingest_articles  # noqa: E402
from storekit import ALL  # noqa: E402

_DIR = Path(tempfile.mkdtemp(prefix="rasad-schema-"))
_store = Store.open(str(_DIR / "s.db"))
ingest_articles(_store, ALL)
_store.close()
app = create_app(str(_DIR / "s.db"))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    from schemathesis.checks import not_a_server_error

    case.call_and_validate(checks=[not_a_server_error])
