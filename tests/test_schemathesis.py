"""Schemathesis against the app's own OpenAPI schema: generated requests — valid and invalid, the
schema's examples, its boundary values (coverage phase) and random fuzzing — to every GET and POST
operation, none may end in a server error (5xx).

The app runs in-process (ASGI) over a temporary SQLite store holding a few Arabic reports written
for this file. Write operations are sent half the time with a real reviewer's token and event ids
are half the time ids that exist, so the handlers behind the 401 and the 404 run too. Keep it
about 20 s: max_examples bounds the fuzzing phase; the examples and coverage phases are small.
"""
from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.checks import not_a_server_error  # noqa: E402

from rasad.api.app import create_app  # noqa: E402
from rasad.model import Article  # noqa: E402
from rasad.store import EventQuery, Store  # noqa: E402
from rasad.store.commands import ingest_articles  # noqa: E402

REPORTS = [
    Article(id="st1", published="2025-05-09", source="وكالة السهل", url="https://example.net/st1",
            text="أطلق مسلحون مجهولون النار على سيارة مدنية قرب مدينة الفلوجة مساء الخميس، ما أدى إلى مقتل "
                 "سائقها وإصابة راكبين اثنين، وفق مصادر محلية."),
    Article(id="st2", published="2025-05-09", source="إذاعة النهرين", url="https://example.net/st2",
            text="قالت مصادر أمنية إن مسلحين أطلقوا النار أمس الخميس على سيارة قرب الفلوجة فقتلوا سائقها "
                 "وأصابوا اثنين من ركابها."),
    Article(id="st3", published="2025-05-10", source="وكالة السهل", url="https://example.net/st3",
            text="سقطت قذيفتا هاون على حي سكني في قضاء تلعفر غربي نينوى فجر الجمعة من دون أن تسفر عن خسائر بشرية."),
    Article(id="st4", published="2025-05-07", source="قناة ديالى اليوم", url="https://example.net/st4",
            text="نظم العشرات من طلبة الجامعات وقفة احتجاجية أمام مبنى مجلس محافظة ديالى في مدينة بعقوبة اليوم "
                 "الأربعاء للمطالبة بفرص عمل."),
]


# The schema is read at collection from an app over an empty store (cheap: nothing extracted);
# the module fixture fills that same store before the first generated request.
_DIR = Path(tempfile.mkdtemp(prefix="rasad-schemathesis-"))
_DB = str(_DIR / "s.db")
APP = create_app(_DB)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).include(method=["GET", "POST"])


@pytest.fixture(scope="module")
def api():
    store = Store.open(_DB)
    ingest_articles(store, REPORTS)
    token = store.add_user("rawiya", "عبارة مرور طويلة للاختبار")
    ids = [se.event.event_id for se in store.query(EventQuery(include_rejected=True))]
    store.close()
    assert len(ids) >= 3
    yield SimpleNamespace(token=token, ids=ids)
    APP.state.store.close()
    shutil.rmtree(_DIR, ignore_errors=True)


def test_the_schema_has_the_operations_the_dashboard_uses():
    ops = {(op.method.upper(), op.path) for op in (r.ok() for r in schema.get_all_operations())}
    for op in [("GET", "/api/events"), ("GET", "/api/events/{event_id}"), ("GET", "/api/events.geojson"),
               ("GET", "/api/stats/timeline"), ("GET", "/api/stats/admin1"), ("GET", "/api/meta"),
               ("GET", "/api/export"), ("POST", "/api/extract"), ("POST", "/api/articles"),
               ("POST", "/api/events/{event_id}/review"), ("POST", "/api/login"), ("POST", "/api/logout")]:
        assert op in ops


_calls = itertools.count()


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, api):
    n = next(_calls)  # alternate, so each operation runs with and without a token, real and made-up ids
    if "event_id" in (case.path_parameters or {}) and n % 2:
        case.path_parameters["event_id"] = api.ids[n // 2 % len(api.ids)]
    headers = {"Authorization": f"Bearer {api.token}"} if n % 4 < 2 else None
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
