"""Rasad speaks ACLED: the CSV loads with the `acled` client's own model (columns and types) and
keeps ACLED's conventions, and the `acled` client from the package index reads /acled-api of a
live server with legacy key/email authentication."""
from __future__ import annotations

import csv
import io
import socket
import threading
import time
import typing
from datetime import date, datetime

import pycountry
import pytest

from rasad.model import Article
from rasad.store import EventQuery, Store
from rasad.store.commands import ingest_articles

acled_models = pytest.importorskip("acled.models")
pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from rasad.api.app import create_app  # noqa: E402
from rasad.export.writers import write  # noqa: E402

# Reports written for this file: Iraq (a governorate, a district, the country only), Lebanon, Yemen.
REPORTS = [
    ("tal", "2025-06-11", "انفجرت عبوة ناسفة على دورية للجيش العراقي في قضاء تلعفر غربي نينوى صباح الثلاثاء، ما "
                          "أسفر عن مقتل جنديين وإصابة ثلاثة آخرين."),
    ("khiam", "2025-06-12", "شن الطيران الإسرائيلي غارة على بلدة الخيام في جنوب لبنان مساء الأربعاء، ما أدى إلى مقتل "
                            "مدنيين اثنين بينهم طفل."),
    ("basra", "2025-06-10", "تظاهر المئات من الخريجين أمام مبنى محافظة البصرة اليوم الثلاثاء للمطالبة بفرص عمل."),
    ("anbar", "2025-06-13", "أعلنت قيادة العمليات المشتركة أن قواتها اشتبكت مع عناصر من داعش في صحراء الأنبار فجر "
                            "الجمعة وقتلت أربعة منهم."),
    ("hud", "2025-06-09", "أطلق مسلحون مجهولون النار على صحفي في مدينة الحديدة غربي اليمن مساء الأحد فأردوه قتيلا."),
    ("pkk", "2025-06-14", "قصفت طائرة مسيرة تركية موقعا لحزب العمال الكردستاني في العراق يوم السبت دون أن ترد "
                          "أنباء عن خسائر."),
]
ACLED_31 = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
            "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
            "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
            "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store holding the reports' events, and a user's API token."""
    path = str(tmp_path_factory.mktemp("acled") / "acled.db")
    with Store.open(path) as s:
        ingest_articles(s, [Article(id=a, text=t, published=p, source="وكالة الاختبار",
                                    url=f"https://example.net/{a}") for a, p, t in REPORTS])
        token = s.add_user("analyst", "عبارة مرور طويلة للاختبار")
    return path, token


def _model() -> dict[str, typing.Any]:
    return typing.get_type_hints(acled_models.AcledEvent)


def _typed(value: str, hint: typing.Any, column: str) -> typing.Any:
    """A CSV cell as the client's model types it; a blank is allowed only where the model says Optional."""
    args = typing.get_args(hint)
    optional = type(None) in args
    base = next(a for a in args if a is not type(None)) if optional else hint
    if value == "":
        assert optional or base is str, f"{column} is blank but the model does not allow it"
        return None
    if base is datetime:  # ACLED's timestamp: Unix seconds
        return datetime.fromtimestamp(int(value))
    if base is date:
        return date.fromisoformat(value)
    return base(value)


def _rows(path: str) -> tuple[list[str], list[dict[str, typing.Any]]]:
    buf = io.StringIO()
    with Store.open(path) as s:
        write(s.iter_query(EventQuery(sort="event_date", descending=False)), "acled-csv", None, buf)
    reader = csv.reader(io.StringIO(buf.getvalue()))
    header = next(reader)
    hints = _model()
    rows = []
    for cells in reader:
        raw = dict(zip(header, cells))
        rows.append({**raw, **{c: _typed(raw[c], hints[c], c) for c in hints}})
    return header, rows


def test_the_csv_loads_with_the_client_model_and_keeps_acleds_conventions(built):
    header, rows = _rows(built[0])
    assert list(_model()) == ACLED_31  # the client's model is ACLED's column list …
    assert header[:31] == ACLED_31  # … and the CSV starts with it, in its order
    assert {"injuries", "evidence", "confidence", "sources", "review_state", "admin1_code"} <= set(header[31:])
    by = {r["article_id"]: r for r in rows}
    assert set(by) == {a for a, _, _ in REPORTS}
    for r in rows:
        c = pycountry.countries.get(alpha_2=r["country_code"])
        assert r["iso"] == int(c.numeric)  # numeric ISO 3166-1, not the alpha-2 code
        assert r["region"] == "Middle East"
        assert 1 <= r["inter1"] <= 8 and 0 <= r["inter2"] <= 8
        lo, hi = sorted((r["inter1"], r["inter2"]))
        assert r["interaction"] == (lo * 10 + hi if lo else hi * 10)
        assert r["year"] == r["event_date"].year and r["geo_precision"] in (1, 2, 3)
        assert r["location"].isascii() and r["admin1"] is None or r["admin1"].isascii()
        assert r["latitude"] is not None and r["longitude"] is not None  # every event on a map
    # country names in ACLED's English spelling, admin1 by its name, not its ISO 3166-2 code
    named = ("tal", "khiam", "basra", "anbar", "hud")
    assert [(by[a]["country"], by[a]["admin1"], by[a]["admin1_code"]) for a in named] == [
        ("Iraq", "Ninewa", "IQ-NI"), ("Lebanon", "Nabatieh", "LB-NA"), ("Iraq", "Basrah", "IQ-BA"),
        ("Iraq", "Al Anbar", "IQ-AN"), ("Yemen", "Al Hudaydah", "YE-HU")]
    assert by["tal"]["iso"] == 368 and by["khiam"]["iso"] == 422 and by["hud"]["iso"] == 887
    # actor types: state forces 1, rebels 2, unidentified armed group 3, protesters 6, civilians 7
    assert (by["khiam"]["actor1"], by["khiam"]["inter1"], by["khiam"]["actor2"], by["khiam"]["inter2"]) == (
        "Military Forces of Israel", 1, "Civilians (Lebanon)", 7)
    assert by["khiam"]["interaction"] == 17 and by["khiam"]["civilian_targeting"] == "Civilian targeting"
    assert (by["anbar"]["inter1"], by["anbar"]["inter2"], by["anbar"]["interaction"]) == (1, 2, 12)
    assert (by["basra"]["actor1"], by["basra"]["inter1"], by["basra"]["interaction"]) == ("Protesters (Iraq)", 6, 60)
    assert by["basra"]["disorder_type"] == "Demonstrations" and by["basra"]["civilian_targeting"] is None
    assert by["hud"]["actor1"] == "Unidentified Armed Group (Yemen)" and by["hud"]["interaction"] == 37
    assert by["tal"]["event_id_cnty"].startswith("IRQ") and by["tal"]["event_id_cnty"][3:].isdigit()
    # a country-level event stands at the capital with geo_precision 3
    pkk = by["pkk"]
    assert (pkk["country"], pkk["admin1"], pkk["geo_precision"]) == ("Iraq", None, 3)
    assert (round(pkk["latitude"], 1), round(pkk["longitude"], 1)) == (33.3, 44.4)  # Baghdad
    assert (pkk["actor1"], pkk["inter1"], pkk["actor2"], pkk["inter2"]) == ("Military Forces of Turkey", 1, "PKK", 2)


# -- the acled client against a live server --------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(built):
    """`rasad serve`'s app on a free port, run by uvicorn in a thread: its base URL."""
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(built[0]), host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(10)


@pytest.fixture()
def client_for(server, monkeypatch):
    """An `acled.AcledClient` pointed at the server by ACLED_API_HOST, with legacy key/email auth."""
    monkeypatch.setenv("ACLED_API_HOST", f"{server}/acled-api")
    monkeypatch.setenv("ACLED_MAX_RETRIES", "0")
    import acled
    from acled.clients.base_http_client import BaseHttpClient

    # the client reads the variables when it is first imported: as ACLED_API_HOST says, for any order of tests
    monkeypatch.setattr(BaseHttpClient, "BASE_URL", f"{server}/acled-api")
    monkeypatch.setattr(BaseHttpClient, "MAX_RETRIES", 0)

    def make(key: str) -> typing.Any:
        with pytest.warns(DeprecationWarning):  # ACLED calls key/email «legacy»; Rasad serves it
            return acled.AcledClient(api_key=key, email="analyst@example.org")
    return make


def test_the_acled_client_reads_events(built, client_for):
    c = client_for(built[1])
    iraq = c.get_data(country="Iraq", limit=100)
    assert {e["article_id"] if "article_id" in e else None for e in iraq} == {None}  # ACLED's columns only
    assert len(iraq) == 4 and all(set(e) == set(ACLED_31) for e in iraq)
    assert all(e["country"] == "Iraq" and e["iso"] == 368 and isinstance(e["event_date"], date) for e in iraq)
    assert all(isinstance(e["timestamp"], datetime) and isinstance(e["fatalities"], int) for e in iraq)
    assert [e["event_date"] for e in iraq] == sorted((e["event_date"] for e in iraq), reverse=True)  # newest first
    assert [e["admin1"] for e in c.get_data(country="Iraq", admin1="Ninewa")] == ["Ninewa"]
    assert {e["event_type"] for e in c.get_data(event_type="Protests")} == {"Protests"}
    days = sorted(e["event_date"] for e in c.get_data())
    a, b = days[1], days[3]
    span = c.get_data(event_date=f"{a}|{b}", query_params={"event_date_where": "BETWEEN"})
    assert sorted(e["event_date"] for e in span) == [d for d in days if a <= d <= b] and len(span) >= 3
    after = c.get_data(event_date=str(b), query_params={"event_date_where": ">"})
    assert sorted(e["event_date"] for e in after) == [d for d in days if d > b] != []
    slim = c.get_data(country="Lebanon", fields="event_id_cnty|country|fatalities")
    assert [set(e) for e in slim] == [{"event_id_cnty", "country", "fatalities"}] and slim[0]["fatalities"] == 2
    pages = [c.get_data(limit=2, page=p) for p in (1, 2, 3, 4)]
    ids = [e["event_id_cnty"] for page in pages for e in page]
    assert [len(p) for p in pages] == [2, 2, 2, 0] and len(set(ids)) == 6


def test_the_acled_client_is_refused_without_a_users_key(built, client_for):
    from acled.exceptions import ApiError, ClientError

    with pytest.raises(ApiError):  # 403, once more after the client's refresh, then it gives up
        client_for("not-a-token").get_data(country="Iraq")
    with pytest.raises(ClientError, match="400"):  # ACLED's answer to a filter it does not know
        client_for(built[1]).get_data(country="Atlantis")
