"""The HTTP API (rasad.api.app) over a small store built from Arabic reports written for these tests:
every endpoint, its filters and pagination, bad input, authentication, review and export."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.model import Article
from rasad.store import Store
from rasad.store.commands import ingest_articles

with warnings.catch_warnings():  # starlette's TestClient warns about its httpx dependency
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rasad.api import schemas as S  # noqa: E402
from rasad.api.app import create_app  # noqa: E402


def _art(aid: str, text: str, published: str, outlet: str) -> Article:
    return Article(id=aid, text=text, published=published, source=outlet, url=f"https://news.test/{aid}")


# The first two tell one IED (Monday 10 March 2025, Musayyib, Babil) from two outlets.
REPORTS = [
    _art("r1", "انفجرت عبوة ناسفة صباح اليوم الاثنين على رتل للجيش في قضاء المسيب شمالي محافظة بابل، ما أدى "
               "إلى مقتل جنديين وإصابة أربعة آخرين، وفق مصدر أمني.", "2025-03-10T10:30:00+03:00", "شبكة دجلة"),
    _art("r2", "أفاد مصدر عسكري بأن عبوة ناسفة انفجرت أمس الاثنين على رتل عسكري في قضاء المسيب، وأسفر الانفجار "
               "عن مقتل ثلاثة جنود وإصابة اثنين.", "2025-03-11T09:00:00+03:00", "جريدة النهرين"),
    _art("r3", "خرج مئات المتظاهرين اليوم الخميس في مدينة الناصرية احتجاجا على انقطاع التيار الكهربائي وطالبوا "
               "بمحاسبة المسؤولين.", "2025-03-06T15:00:00+03:00", "إذاعة الجنوب"),
    _art("r4", "استهدفت طائرة مسيرة مجهولة فجر اليوم الأربعاء سيارة تقل مسلحين في قضاء القائم غربي الأنبار، ما "
               "أسفر عن مقتل خمسة منهم.", "2025-03-05T08:00:00+03:00", "شبكة دجلة"),
    _art("r5", "اندلعت اشتباكات مسلحة مساء اليوم الجمعة بين قوات الأمن ومسلحين من تنظيم داعش في قضاء الطارمية "
               "شمالي بغداد، قتل خلالها مسلحان.", "2025-03-07T21:00:00+03:00", "وكالة الأفق"),
    _art("r6", "قصفت قوات النظام بالمدفعية الثقيلة صباح اليوم السبت قرية في ريف إدلب الجنوبي، ما أدى إلى إصابة "
               "ثلاثة مدنيين بجروح.", "2025-03-08T11:00:00+03:00", "مرصد الشمال"),
    _art("r7", "اختطف مسلحون مجهولون مساء اليوم الأحد مهندسا في مدينة كركوك واقتادوه إلى جهة مجهولة.",
         "2025-03-09T20:00:00+03:00", "وكالة الأفق"),
    _art("r8", "انفجرت عبوة لاصقة مثبتة أسفل سيارة مدنية ظهر اليوم الثلاثاء في حي الكرادة وسط بغداد دون أن "
               "تسفر عن إصابات.", "2025-03-11T13:00:00+03:00", "جريدة النهرين"),
]
N_EVENTS = 7  # eight reports, the first two of one event
PASSWORD = "كلمة-سر-طويلة-42"
BAGHDAD_BBOX = "43.9,33.0,44.8,33.9"


def _build(path: str) -> tuple[str, str]:
    store = Store.open(path)
    res = ingest_articles(store, REPORTS)
    assert res.added == len(REPORTS) and res.merged == 1
    token = store.add_user("amal", PASSWORD)
    store.close()
    return path, token


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store the read-only tests share, and an API token."""
    return _build(str(tmp_path_factory.mktemp("api") / "read.db"))


@pytest.fixture(scope="module")
def client(built):
    with TestClient(create_app(built[0])) as c:
        yield c


@pytest.fixture
def fresh(tmp_path):
    """A store of its own for tests that write: (client, API token, db path)."""
    path, token = _build(str(tmp_path / "write.db"))
    with TestClient(create_app(path)) as c:
        yield c, token, path


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _ids(c, **params) -> list[str]:
    r = c.get("/api/events", params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    return [x["id"] for x in r.json()["items"]]


def _two_source_event(c) -> dict:
    items = c.get("/api/events", params={"admin1": "IQ-BB"}).json()["items"]
    assert len(items) == 1 and items[0]["n_sources"] == 2
    return items[0]


# -- reading -----------------------------------------------------------------------------------

def test_health_and_meta(client):
    assert client.get("/api/health").json() == {"ok": True, "events": N_EVENTS}
    m = client.get("/api/meta").json()
    assert m["countries"] == ["IQ", "SY"]
    assert "Remote explosive/landmine/IED" in m["event_types"]["Explosions/Remote violence"]
    assert m["admin1"]["IQ-BG"] == "Baghdad" and m["admin1"]["IQ-BB"] == "Babil"
    assert m["review_states"] == ["pending", "confirmed", "edited", "rejected"]
    assert m["read_open"] is True


def test_list_shape_and_summary(client):
    r = client.get("/api/events")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == N_EVENTS and body["limit"] == 50 and body["offset"] == 0
    assert len(body["items"]) == N_EVENTS
    keys = {"id", "event_type", "sub_event_type", "event_date", "country", "admin1", "admin2", "location",
            "location_ar", "latitude", "longitude", "geo_precision", "actor1", "actor2", "fatalities", "injuries",
            "confidence", "n_sources", "review_state", "evidence"}
    assert all(set(x) == keys for x in body["items"])
    dates = [x["event_date"] for x in body["items"]]
    assert dates == sorted(dates, reverse=True)  # newest first by default
    assert all(isinstance(x["evidence"], str) and x["evidence"] for x in body["items"])


def test_detail_of_an_event_with_two_sources(client):
    ev = _two_source_event(client)
    r = client.get(f"/api/events/{ev['id']}")
    assert r.status_code == 200
    d = r.json()
    assert d["id"] == ev["id"] and d["event_date"] == "2025-03-10" and d["admin1"] == "IQ-BB"
    assert d["sub_event_type"] == "Remote explosive/landmine/IED"
    assert {s["outlet"] for s in d["sources"]} == {"شبكة دجلة", "جريدة النهرين"}
    assert {s["fatalities"] for s in d["sources"]} == {2, 3}
    for s in d["sources"]:  # evidence offsets point into the stored article's text
        assert s["article_text"] and s["evidence"]
        for sp in s["evidence"]:
            assert s["article_text"][sp["start"]:sp["end"]] == sp["text"]
    assert d["trigger"]["text"] == "انفجرت"
    assert any(p["field"] == "event_date" and p["rule"] for p in d["provenance"])
    assert d["reviews"] == [] and d["reviewed_by"] is None and d["review_state"] == "pending"
    for k in ("time_precision", "weapon", "attributed_source", "reviewed_at"):
        assert k in d


def test_filters(client):
    assert len(_ids(client, country="SY")) == 1
    assert len(_ids(client, country="iq")) == N_EVENTS - 1          # lower case is accepted
    assert len(_ids(client, admin1="IQ-BG")) == 2                    # Tarmiyah and Karrada
    assert len(_ids(client, since="2025-03-10")) == 2
    assert len(_ids(client, since="2025-03-06", until="2025-03-08")) == 3
    assert len(_ids(client, q="عبوة")) == 2                         # free text over the Arabic evidence
    assert len(_ids(client, q="عبوه")) == 2                         # normalised: ة and ه alike
    assert len(_ids(client, q="الناصرية")) == 1
    assert len(_ids(client, event_type="Protests")) == 1
    assert len(_ids(client, sub_event_type="Air/drone strike")) == 1
    assert len(_ids(client, review_state="pending")) == N_EVENTS
    assert _ids(client, review_state="confirmed") == []
    assert _ids(client, reviewed_only="true") == []
    in_bbox = client.get("/api/events", params={"bbox": BAGHDAD_BBOX}).json()["items"]
    assert {x["admin1"] for x in in_bbox} == {"IQ-BG"} and len(in_bbox) == 2
    both = _ids(client, country="IQ", admin1="IQ-BG", q="عبوة", since="2025-03-11", until="2025-03-11")
    assert len(both) == 1
    # blank fields mean «no filter», as a form sends them
    assert len(_ids(client, country="", admin1="", event_type="", q="", bbox="", review_state="")) == N_EVENTS


@pytest.mark.parametrize("sort", ["event_date", "fatalities", "confidence", "n_sources", "updated_at", "admin1",
                                  "event_type"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_pagination_is_stable(client, sort, order):
    seen: list[str] = []
    for offset in range(0, N_EVENTS + 3, 3):
        body = client.get("/api/events", params={"sort": sort, "order": order, "limit": 3, "offset": offset}).json()
        assert body["total"] == N_EVENTS and body["offset"] == offset
        seen += [x["id"] for x in body["items"]]
    assert len(seen) == len(set(seen)) == N_EVENTS                  # no overlap, nothing missed
    assert seen == _ids(client, sort=sort, order=order)             # pages are the whole list cut up


def test_sort_orders(client):
    fat = [x["fatalities"] for x in client.get("/api/events", params={"sort": "fatalities", "order": "desc"})
           .json()["items"] if x["fatalities"] is not None]
    assert fat == sorted(fat, reverse=True)
    dates = [x["event_date"] for x in client.get("/api/events", params={"order": "asc"}).json()["items"]]
    assert dates == sorted(dates)


def test_not_found(client, built):
    r = client.get("/api/events/no-such-event")
    assert r.status_code == 404 and "no-such-event" in r.json()["detail"]
    assert client.get("/api/no-such-endpoint").status_code == 404
    assert client.get("/api/no-such-endpoint").json()["detail"]
    r = client.post("/api/events/no-such-event/review", json={"action": "confirm"}, headers=_auth(built[1]))
    assert r.status_code == 404
    r = client.post("/api/events")
    assert r.status_code == 405 and "GET" in r.headers["allow"]


@pytest.mark.parametrize("path,params,field", [
    ("/api/events", {"since": "2025-13-01"}, "since"),
    ("/api/events", {"since": "yesterday"}, "since"),
    ("/api/events", {"until": "2025-02-30"}, "until"),
    ("/api/events", {"since": "20250301"}, "since"),
    ("/api/events", {"since": "2025-03-10", "until": "2025-03-01"}, "until"),
    ("/api/events", {"country": "IRQ"}, "country"),
    ("/api/events", {"country": "I1"}, "country"),
    ("/api/events", {"admin1": "Baghdad"}, "admin1"),
    ("/api/events", {"limit": "100000"}, "limit"),
    ("/api/events", {"limit": "0"}, "limit"),
    ("/api/events", {"limit": "ten"}, "limit"),
    ("/api/events", {"offset": "-1"}, "offset"),
    ("/api/events", {"offset": "2000000"}, "offset"),
    ("/api/events", {"bbox": "garbage"}, "bbox"),
    ("/api/events", {"bbox": "1,2,3"}, "bbox"),
    ("/api/events", {"bbox": "1,2,3,4,5"}, "bbox"),
    ("/api/events", {"bbox": "200,0,210,10"}, "bbox"),
    ("/api/events", {"bbox": "40,95,45,99"}, "bbox"),
    ("/api/events", {"bbox": "45,30,40,35"}, "bbox"),
    ("/api/events", {"bbox": "nan,30,45,35"}, "bbox"),
    ("/api/events", {"sort": "id"}, "sort"),
    ("/api/events", {"sort": "event_date; DROP TABLE events"}, "sort"),
    ("/api/events", {"order": "sideways"}, "order"),
    ("/api/events", {"event_type": "Bombings"}, "event_type"),
    ("/api/events", {"sub_event_type": "Car bomb"}, "sub_event_type"),
    ("/api/events", {"review_state": "approved"}, "review_state"),
    ("/api/events", {"reviewed_only": "perhaps"}, "reviewed_only"),
    ("/api/events", {"q": "ع" * 500}, "q"),
    ("/api/events.geojson", {"limit": "10001"}, "limit"),
    ("/api/stats/timeline", {"period": "month"}, "period"),
    ("/api/stats/admin1", {"country": "12"}, "country"),
    ("/api/export", {"format": "xlsx"}, "format"),
    ("/api/export", {"since": "1.3.2025"}, "since"),
])
def test_bad_query_parameters_are_422(client, path, params, field):
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text
    body = r.json()
    assert any(e["loc"][-1] == field for e in body["detail"])
    assert body["message"].startswith(field) or f"{field}:" in body["message"]


def test_injection_attempts_are_harmless(client):
    for params in ({"country": "IQ' OR 1=1 --"}, {"admin1": "IQ-BG' OR '1'='1"}, {"since": "2025-01-01' OR 1=1"},
                   {"event_type": "Battles' OR 1=1 --"}, {"bbox": "1,2,3,4); DROP TABLE events; --"}):
        assert client.get("/api/events", params=params).status_code == 422
    for params in ({"q": "' OR 1=1 --"}, {"q": "%"}, {"q": "_"}, {"actor": "%' OR '1'='1"},
                   {"q": "عبوة'; DROP TABLE events; --"}):
        r = client.get("/api/events", params=params)
        assert r.status_code == 200 and r.json()["total"] == 0, params
    assert client.get("/api/events/x' OR '1'='1").status_code == 404
    assert client.get("/api/health").json()["events"] == N_EVENTS  # nothing was dropped


MAP_PROPERTIES = {"event_id", "event_type", "sub_event_type", "event_date", "location", "fatalities", "placed",
                  "geo_precision"}


def _features(c, **params) -> list[dict]:
    r = c.get("/api/events.geojson", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    return fc["features"]


def test_geojson_is_the_slim_map_layer(client):
    r = client.get("/api/events.geojson")
    S.MapLayer.model_validate(r.json())  # the response model the OpenAPI schema documents
    feats = r.json()["features"]
    items = {x["id"]: x for x in client.get("/api/events").json()["items"]}
    assert [f["id"] for f in feats] == list(items)  # every event here has a point; the list's order
    for f in feats:
        x = items[f["id"]]
        assert set(f) == {"type", "id", "geometry", "properties"} and f["type"] == "Feature"
        assert f["geometry"] == {"type": "Point", "coordinates": [x["longitude"], x["latitude"]]}
        assert f["properties"] == {"event_id": x["id"], "event_type": x["event_type"],
                                   "sub_event_type": x["sub_event_type"], "event_date": x["event_date"],
                                   "location": x["location"], "fatalities": x["fatalities"], "placed": True,
                                   "geo_precision": x["geo_precision"]}
    # a toll no report gives is null on the map (the ACLED export writes 0)
    assert {f["properties"]["fatalities"] for f in feats} >= {None, 3, 5}


def test_geojson_openapi_schema_is_the_map_layer(client):
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/api/events.geojson"]["get"]["responses"]["200"]
    assert ok["content"] == {"application/geo+json": {"schema": {"$ref": "#/components/schemas/MapLayer"}}}
    props = spec["components"]["schemas"]["MapProperties"]
    assert set(props["properties"]) == set(props["required"]) == MAP_PROPERTIES


@pytest.mark.parametrize("params", [
    {"country": "SY"}, {"country": "iq", "since": "2025-03-07"}, {"admin1": "IQ-BG"},
    {"event_type": "Explosions/Remote violence"}, {"sub_event_type": "Air/drone strike"},
    {"since": "2025-03-06", "until": "2025-03-08"}, {"q": "عبوة"}, {"actor": "no such actor"},
    {"bbox": BAGHDAD_BBOX}, {"review_state": "pending"}, {"reviewed_only": "true"},
    {"country": "", "q": "", "bbox": ""},
])
def test_geojson_takes_the_list_filters(client, params):
    assert [f["id"] for f in _features(client, **params)] == _ids(client, **params)


def test_geojson_bbox_keeps_only_points_inside(client):
    x0, y0, x1, y1 = (float(v) for v in BAGHDAD_BBOX.split(","))
    inside = _features(client, bbox=BAGHDAD_BBOX)
    assert len(inside) == 2
    assert all(x0 <= f["geometry"]["coordinates"][0] <= x1 and y0 <= f["geometry"]["coordinates"][1] <= y1
               for f in inside)
    assert _features(client, bbox="0,0,1,1") == []


@pytest.mark.parametrize("sort,order", [("event_date", "desc"), ("fatalities", "asc"), ("admin1", "desc")])
def test_geojson_pages_are_stable(client, sort, order):
    whole = [f["id"] for f in _features(client, sort=sort, order=order)]
    pages = [[f["id"] for f in _features(client, sort=sort, order=order, limit=3, offset=o)] for o in (0, 3, 6, 9)]
    assert [len(p) for p in pages] == [3, 3, 1, 0]
    assert sum(pages, []) == whole == _ids(client, sort=sort, order=order)


def test_an_event_without_coordinates_stands_at_its_units_point(fresh):
    from rasad.export.names import representative_point

    c, token, _ = fresh
    ev = _two_source_event(c)
    r = c.post(f"/api/events/{ev['id']}/review", headers=_auth(token),
               json={"action": "edit", "changes": {"latitude": None, "longitude": None}})
    assert r.status_code == 200, r.text
    assert c.get("/api/events").json()["total"] == N_EVENTS  # still listed
    feats = _features(c)
    ids = [f["id"] for f in feats]
    assert len(ids) == N_EVENTS and ev["id"] in ids  # and still on the map: at its unit's capital
    f = feats[ids.index(ev["id"])]
    lat, lon = representative_point(ev["country"], ev["admin1"])
    assert f["geometry"]["coordinates"] == [lon, lat]
    assert f["properties"]["placed"] is False and f["properties"]["geo_precision"] == 3
    assert sum(not g["properties"]["placed"] for g in feats) == 1
    assert [f["id"] for f in _features(c, limit=3, offset=3)] == ids[3:6]
    assert [f["id"] for f in _features(c, limit=3, offset=6)] == ids[6:]


def test_export_geojson_keeps_full_records(client, built):
    from rasad.export.writers import write
    from rasad.store import EventQuery

    r = client.get("/api/export", params={"format": "geojson"})
    buf = io.StringIO()
    with Store.open(built[0]) as store:  # what `rasad export --format geojson` writes, oldest first
        write(store.iter_query(EventQuery(sort="event_date", descending=False)), "geojson", None, buf)
    assert r.json() == json.loads(buf.getvalue())
    props = r.json()["features"][0]["properties"]
    assert {"event_id_cnty", "notes", "evidence", "sources", "source", "review_state", "interaction"} <= set(props)


def test_stats(client):
    r = client.get("/api/stats/timeline")
    assert r.status_code == 200
    body = r.json()
    assert body["period"] == "day" and sum(p["count"] for p in body["series"]) == N_EVENTS
    assert {"date", "event_type", "count"} == set(body["series"][0])
    week = client.get("/api/stats/timeline", params={"period": "week"}).json()["series"]
    assert {p["date"] for p in week} == {"2025-03-03", "2025-03-10"}  # Mondays
    assert sum(p["count"] for p in week) == N_EVENTS
    iq = client.get("/api/stats/timeline", params={"country": "IQ", "event_type": "Protests"}).json()["series"]
    assert iq == [{"date": "2025-03-06", "event_type": "Protests", "count": 1}]
    items = client.get("/api/stats/admin1").json()["items"]
    assert sum(i["events"] for i in items) == N_EVENTS
    by = {i["admin1"]: i for i in items}
    assert by["IQ-BG"]["events"] == 2 and by["IQ-BB"]["fatalities"] == 3 and by["SY-ID"]["country"] == "SY"
    assert items[0]["admin1"] == "IQ-BG"  # most events first


def test_export_formats(client):
    r = client.get("/api/export", params={"format": "acled-csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"] and ".csv" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == N_EVENTS and {"event_id_cnty", "event_date", "evidence", "review_state"} <= set(rows[0])
    assert [x["event_date"] for x in rows] == sorted(x["event_date"] for x in rows)  # oldest first
    r = client.get("/api/export", params={"format": "jsonl", "country": "SY"})
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == 1 and lines[0]["admin1"] == "SY-ID" and lines[0]["review_state"] == "pending"
    r = client.get("/api/export", params={"format": "geojson"})
    assert r.json()["type"] == "FeatureCollection" and ".geojson" in r.headers["content-disposition"]
    assert client.get("/api/export").headers["content-type"].startswith("text/csv")  # the default


def test_extract_stores_nothing(client):
    text = "أعلنت الشرطة أن عبوة ناسفة انفجرت أمس في مدينة الرمادي وأدت إلى مقتل مدني."
    r = client.post("/api/extract", json={"text": text, "published": "2025-04-02", "title": "انفجار في الرمادي"})
    assert r.status_code == 200, r.text
    events = r.json()["events"]
    assert len(events) == 1
    ev = events[0]
    assert ev["sub_event_type"] == "Remote explosive/landmine/IED" and ev["event_date"] == "2025-04-01"
    assert ev["admin1"] == "IQ-AN" and "reviews" not in ev
    for sp in ev["evidence"] + [ev["trigger"]]:
        assert text[sp["start"]:sp["end"]] == sp["text"]
    assert client.get("/api/health").json()["events"] == N_EVENTS
    assert client.post("/api/extract", json={"text": "لا شيء هنا يذكر."}).json() == {"events": []}


@pytest.mark.parametrize("body", [
    {"text": ""}, {"text": "   "}, {"text": "ع" * 200_001}, {"text": "نص", "published": "أمس"},
    {"text": "نص", "published": "2025-02-30"}, {}, {"text": 5}, {"text": ["نص"]}, {"text": "نص", "title": 7},
])
def test_extract_bad_bodies(client, body):
    r = client.post("/api/extract", json=body)
    assert r.status_code == 422 and r.json()["message"]


def test_body_limit(client):
    r = client.post("/api/extract", content=b'{"text": "' + b"a" * (5 * 1024 * 1024) + b'"}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_openapi_and_docs(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    for p in ("/api/events", "/api/events/{event_id}", "/api/events.geojson", "/api/stats/timeline",
              "/api/stats/admin1", "/api/meta", "/api/extract", "/api/articles", "/api/login", "/api/logout",
              "/api/events/{event_id}/review", "/api/export", "/api/health"):
        assert p in spec["paths"], p
    names = {x["name"] for x in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"since", "until", "country", "admin1", "event_type", "sub_event_type", "actor", "q", "bbox",
            "review_state", "reviewed_only", "sort", "order", "limit", "offset"} <= names
    assert "EventDetail" in spec["components"]["schemas"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_security_headers_and_index(client):
    from rasad.api.app import WEB_DIR

    for path in ("/api/events", "/api/events/nope", "/", "/api/health"):
        h = client.get(path).headers
        assert "default-src 'self'" in h["content-security-policy"]
        assert "style-src 'self' 'unsafe-inline'" in h["content-security-policy"]
        assert "script-src 'self';" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["referrer-policy"]
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    index = WEB_DIR / "index.html"
    if index.is_file():
        assert r.content == index.read_bytes()
    else:
        assert "/api/docs" in r.text


def test_one_store_per_app(built, monkeypatch):
    calls = []
    real = Store.open.__func__

    def counting(cls, *a, **k):
        calls.append(a)
        return real(cls, *a, **k)

    monkeypatch.setattr(Store, "open", classmethod(counting))
    with TestClient(create_app(built[0])) as c:
        for _ in range(3):
            assert c.get("/api/events").status_code == 200
            assert c.get("/api/meta").status_code == 200
    assert len(calls) == 1


# -- writing -----------------------------------------------------------------------------------

def test_writes_need_a_valid_token(fresh):
    c, token, _ = fresh
    ev = _two_source_event(c)
    url = f"/api/events/{ev['id']}/review"
    body = {"action": "confirm"}
    for headers in ({}, _auth("not-a-token"), _auth(token + "x"), {"Authorization": f"Basic {token}"},
                    {"Authorization": token}, _auth("x" * 300)):
        r = c.post(url, json=body, headers=headers)
        assert r.status_code == 401, headers
        assert r.headers["www-authenticate"] == "Bearer" and r.json()["detail"]
    assert c.post("/api/articles", json={"text": "نص"}).status_code == 401
    assert c.post("/api/logout").status_code == 401
    assert c.get(f"/api/events/{ev['id']}").json()["review_state"] == "pending"  # nothing changed
    assert c.post(url, json=body, headers=_auth(token)).json()["review_state"] == "confirmed"


def test_login_and_logout(fresh):
    c, _, _ = fresh
    assert c.post("/api/login", json={"user": "amal", "password": "wrong"}).status_code == 401
    assert c.post("/api/login", json={"user": "nobody", "password": PASSWORD}).status_code == 401
    assert c.post("/api/login", json={"user": "amal"}).status_code == 422
    r = c.post("/api/login", json={"user": "amal", "password": PASSWORD})
    assert r.status_code == 200 and r.json()["user"] == "amal"
    session = r.json()["token"]
    ev = _two_source_event(c)
    r = c.post(f"/api/events/{ev['id']}/review", json={"action": "confirm", "comment": "تأكدت من مصدرين"},
               headers=_auth(session))
    assert r.status_code == 200 and r.json()["reviewed_by"] == "amal"
    assert c.post("/api/logout", headers=_auth(session)).json() == {"ok": True}
    r = c.post(f"/api/events/{ev['id']}/review", json={"action": "reopen"}, headers=_auth(session))
    assert r.status_code == 401


def test_failed_logins_are_throttled(fresh):
    c, _, _ = fresh
    for _ in range(10):
        assert c.post("/api/login", json={"user": "amal", "password": "guess"}).status_code == 401
    r = c.post("/api/login", json={"user": "amal", "password": PASSWORD})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_review_edit_is_visible_in_detail_list_and_export(fresh):
    c, token, _ = fresh
    ev = _two_source_event(c)
    changes = {"fatalities": 4, "admin2": "Al-Musayab", "latitude": 32.78, "longitude": 44.29, "geo_precision": 1}
    r = c.post(f"/api/events/{ev['id']}/review", headers=_auth(token),
               json={"action": "edit", "changes": changes, "comment": "حصيلة محدثة من مصدر ثالث"})
    assert r.status_code == 200, r.text
    d = c.get(f"/api/events/{ev['id']}").json()
    assert d["review_state"] == "edited" and d["reviewed_by"] == "amal" and d["reviewed_at"]
    assert d["fatalities"] == 4 and d["latitude"] == 32.78 and d["overrides"]["fatalities"] == 4
    assert len(d["reviews"]) == 1
    rv = d["reviews"][0]
    assert rv["user"] == "amal" and rv["action"] == "edit" and rv["comment"] == "حصيلة محدثة من مصدر ثالث"
    assert rv["changes"]["fatalities"] == [3, 4]
    assert _ids(c, review_state="edited") == [ev["id"]]
    assert _ids(c, reviewed_only="true") == [ev["id"]]
    assert ev["id"] in _ids(c, bbox="44,32.5,44.5,33")                     # the new coordinates count
    r = c.get("/api/export", params={"format": "jsonl", "reviewed_only": "true"})
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert len(lines) == 1 and lines[0]["event_id"] == ev["id"]
    assert lines[0]["fatalities"] == 4 and lines[0]["review_state"] == "edited" and lines[0]["reviewed_by"] == "amal"
    assert len(c.get("/api/export", params={"format": "jsonl"}).text.splitlines()) == N_EVENTS


def test_reject_hides_and_reopen_restores(fresh):
    c, token, _ = fresh
    ev = _two_source_event(c)
    url = f"/api/events/{ev['id']}/review"
    assert c.post(url, json={"action": "reject", "comment": "تقرير مكرر"}, headers=_auth(token)).status_code == 200
    assert ev["id"] not in _ids(c) and c.get("/api/events").json()["total"] == N_EVENTS - 1
    assert _ids(c, review_state="rejected") == [ev["id"]]
    assert len(_ids(c, include_rejected="true")) == N_EVENTS
    assert c.post(url, json={"action": "reopen"}, headers=_auth(token)).json()["review_state"] == "pending"
    assert ev["id"] in _ids(c)
    assert [r["action"] for r in c.get(f"/api/events/{ev['id']}").json()["reviews"]] == ["reject", "reopen"]


@pytest.mark.parametrize("body,status", [
    ({"action": "approve"}, 422),
    ({"action": "edit", "changes": {"fatalities": -1}}, 422),
    ({"action": "edit", "changes": {"fatalities": "many"}}, 422),
    ({"action": "edit", "changes": {"latitude": 100}}, 422),
    ({"action": "edit", "changes": {"longitude": -181.5}}, 422),
    ({"action": "edit", "changes": {"geo_precision": 4}}, 422),
    ({"action": "edit", "changes": {"event_date": "2025-02-30"}}, 422),
    ({"action": "edit", "changes": {"country": "Iraq"}}, 422),
    ({"action": "edit", "changes": {"admin1": "بغداد"}}, 422),
    ({"action": "edit", "changes": {"event_type": "Bombings"}}, 422),
    ({"action": "edit", "changes": {"event_type": None}}, 422),
    ({"action": "edit", "changes": {"review_state": "confirmed"}}, 422),
    ({"action": "edit", "changes": {"location": "x" * 501}}, 422),
    ({"action": "confirm", "comment": "ت" * 2001}, 422),
    ({"action": "edit", "changes": {"sub_event_type": "Peaceful protest"}}, 400),  # a Protests sub-type
    ({"action": "edit", "changes": {}}, 400),                                      # the store: nothing changed
])
def test_review_bad_values(client, built, body, status):
    c, token = client, built[1]
    ev = _two_source_event(c)
    r = c.post(f"/api/events/{ev['id']}/review", json=body, headers=_auth(token))
    assert r.status_code == status, r.text
    assert r.json()["detail"]
    assert c.get(f"/api/events/{ev['id']}").json()["review_state"] == "pending"


def test_review_type_change_together(fresh):
    c, token, _ = fresh
    ev = _two_source_event(c)
    r = c.post(f"/api/events/{ev['id']}/review", headers=_auth(token), json={
        "action": "edit", "changes": {"event_type": "Battles", "sub_event_type": "Armed clash", "actor2": None}})
    assert r.status_code == 200 and r.json()["event_type"] == "Battles" and r.json()["actor2"] is None
    assert _ids(c, event_type="Battles", admin1="IQ-BB") == [ev["id"]]


def test_post_article_extracts_stores_and_dedupes(fresh):
    c, token, _ = fresh
    ev = _two_source_event(c)
    third = {"text": "ذكرت مصادر محلية أن عبوة ناسفة انفجرت يوم الاثنين على رتل للجيش في قضاء المسيب شمال بابل "
                     "وقتل فيها ثلاثة جنود.", "published": "2025-03-11", "url": "https://news.test/third",
             "source": "موقع الفرات اليوم"}
    r = c.post("/api/articles", json=third, headers=_auth(token))
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["known"] is False and out["article_id"] and out["events"] == [ev["id"]]  # joins the known event
    d = c.get(f"/api/events/{ev['id']}").json()
    assert d["n_sources"] == 3 and "موقع الفرات اليوم" in {s["outlet"] for s in d["sources"]}
    again = c.post("/api/articles", json={**third, "url": None}, headers=_auth(token)).json()
    assert again == {**out, "known": True}                                           # the same text: nothing new
    new = c.post("/api/articles", headers=_auth(token), json={
        "text": "تظاهر العشرات من الطلبة صباح اليوم أمام جامعة البصرة للمطالبة بتعيين الخريجين.",
        "published": "2025-03-12"}).json()
    assert new["known"] is False and len(new["events"]) == 1
    assert c.get(f"/api/events/{new['events'][0]}").json()["admin1"] == "IQ-BA"
    assert c.get("/api/health").json()["events"] == N_EVENTS + 1
    bad = c.post("/api/articles", headers=_auth(token), json={"text": "نص", "url": "javascript:alert(1)"})
    assert bad.status_code == 422


def test_postgresql(tmp_path):
    """The same API over a PostgreSQL store (the CI hook starts the server)."""
    from storekit import fresh_pg_url

    url = fresh_pg_url()
    store = Store.open(url)
    ingest_articles(store, REPORTS)
    token = store.add_user("amal", PASSWORD)
    store.close()
    with TestClient(create_app(url)) as c:
        assert c.get("/api/health").json()["events"] == N_EVENTS
        assert c.get("/api/meta").json()["countries"] == ["IQ", "SY"]
        assert len(_ids(c, q="عبوة")) == 2 and len(_ids(c, bbox=BAGHDAD_BBOX)) == 2
        assert c.get("/api/events", params={"q": "' OR 1=1 --"}).json()["total"] == 0
        ev = _two_source_event(c)
        assert len(c.get(f"/api/events/{ev['id']}").json()["sources"]) == 2
        r = c.post(f"/api/events/{ev['id']}/review", headers=_auth(token),
                   json={"action": "edit", "changes": {"fatalities": 4}})
        assert r.status_code == 200 and r.json()["review_state"] == "edited"
        lines = c.get("/api/export", params={"format": "jsonl", "reviewed_only": "true"}).text.splitlines()
        assert [json.loads(x)["fatalities"] for x in lines] == [4]
        out = c.post("/api/articles", headers=_auth(token), json={
            "text": "تظاهر العشرات من الطلبة صباح اليوم أمام جامعة البصرة للمطالبة بتعيين الخريجين.",
            "published": "2025-03-12"}).json()
        assert out["known"] is False and len(out["events"]) == 1
        assert c.post("/api/login", json={"user": "amal", "password": PASSWORD}).status_code == 200


# -- cached counts and map layers ----------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
LEBANON = ("قصفت طائرة مسيرة منزلا في بلدة الخيام جنوبي لبنان فجر اليوم الثلاثاء ما أدى إلى مقتل شخصين.",
           "2025-03-11")


@pytest.fixture(params=["sqlite", "postgresql"])
def live(request, tmp_path):
    """A store of its own on each backend and the API over it: (client, token, url)."""
    from storekit import fresh_pg_url

    url, token = _build(str(tmp_path / "live.db") if request.param == "sqlite" else fresh_pg_url())
    with TestClient(create_app(url)) as c:
        yield c, token, url


def _dashboard(c) -> dict:
    """Every answer the API caches, read as the dashboard reads them."""
    return {"total": c.get("/api/events").json()["total"],
            "all_events": c.get("/api/health").json()["events"],
            "countries": c.get("/api/meta").json()["countries"],
            "timeline": c.get("/api/stats/timeline", params={"period": "week"}).json()["series"],
            "admin1": c.get("/api/stats/admin1").json()["items"],
            "map": [f["id"] for f in c.get("/api/events.geojson").json()["features"] if f["properties"]["placed"]],
            "baghdad": c.get("/api/events", params={"bbox": BAGHDAD_BBOX}).json()["total"]}


def _uncached(url: str, monkeypatch) -> dict:
    """The same answers from an app that caches nothing (computed from the database now)."""
    with monkeypatch.context() as m:
        m.setenv("RASAD_CACHE", "0")
        with TestClient(create_app(url)) as c:
            assert c.app.state.store.cache.capacity == 0 and c.app.state.map_cache.capacity == 0
            return _dashboard(c)


def _hits(c) -> tuple[int, int]:
    return c.app.state.store.cache.info().hits, c.app.state.map_cache.info().hits


def _in_another_process(code: str, *args: str) -> None:
    """Run Python `code` (argv: the args) in a process of its own: its own connections, no shared cache."""
    r = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr


def _event_at(c, location: str) -> str:
    return next(x["id"] for x in c.get("/api/events", params={"limit": 500}).json()["items"]
                if x["location"] == location)


def test_cached_answers_are_served_until_a_write(live, monkeypatch):
    c, _, url = live
    first = _dashboard(c)
    hits = _hits(c)
    assert _dashboard(c) == first == _uncached(url, monkeypatch)
    after = _hits(c)
    assert after[0] >= hits[0] + 6 and after[1] == hits[1] + 1  # the repeat came from the caches


def test_cached_answers_follow_writes_through_the_api(live, monkeypatch):
    c, token, url = live
    before = _dashboard(c)
    assert _dashboard(c) == before  # cached now
    karrada = _event_at(c, "Karrada")
    r = c.post(f"/api/events/{karrada}/review", json={"action": "reject"}, headers=_auth(token))
    assert r.status_code == 200
    now = _dashboard(c)
    assert now["total"] == before["total"] - 1 and now["baghdad"] == 1 and karrada not in now["map"]
    assert now["all_events"] == N_EVENTS  # rejected events still count there
    assert now == _uncached(url, monkeypatch)

    ev = _two_source_event(c)
    r = c.post(f"/api/events/{ev['id']}/review", json={"action": "edit", "changes": {"fatalities": 9}},
               headers=_auth(token))
    assert r.status_code == 200
    now = _dashboard(c)
    assert {x["admin1"]: x["fatalities"] for x in now["admin1"]}["IQ-BB"] == 9
    assert now == _uncached(url, monkeypatch)

    text, published = LEBANON
    r = c.post("/api/articles", json={"text": text, "published": published}, headers=_auth(token))
    assert r.status_code == 200 and r.json()["known"] is False
    now = _dashboard(c)
    assert now["countries"] == ["IQ", "LB", "SY"] and r.json()["events"][0] in now["map"]
    assert now["total"] == before["total"] and now["all_events"] == N_EVENTS + 1
    assert now == _uncached(url, monkeypatch)

    assert c.post(f"/api/events/{karrada}/review", json={"action": "reopen"}, headers=_auth(token)).status_code == 200
    assert _dashboard(c)["total"] == before["total"] + 1


def test_cached_answers_follow_writes_by_another_process(live, monkeypatch):
    c, _, url = live
    before = _dashboard(c)
    assert _dashboard(c) == before  # cached now
    karrada, kirkuk = _event_at(c, "Karrada"), _event_at(c, "Kirkuk")
    assert kirkuk in before["map"]

    _in_another_process("import sys\nfrom rasad.store import Store\n"
                        "with Store.open(sys.argv[1]) as s:\n    s.review(sys.argv[2], 'nadia', 'reject')\n",
                        url, karrada)
    now = _dashboard(c)
    assert now["total"] == before["total"] - 1 and karrada not in now["map"]
    assert now == _uncached(url, monkeypatch)

    _in_another_process("import sys\nfrom rasad.model import Article\nfrom rasad.store import Store\n"
                        "from rasad.store.commands import ingest_articles\n"
                        "with Store.open(sys.argv[1]) as s:\n"
                        "    ingest_articles(s, [Article(id='lb1', text=sys.argv[2], published=sys.argv[3])])\n",
                        url, *LEBANON)
    now = _dashboard(c)
    assert now["countries"] == ["IQ", "LB", "SY"] and now["all_events"] == N_EVENTS + 1
    assert now == _uncached(url, monkeypatch)

    # plain SQL from another program: the database's triggers mark the change all the same
    _in_another_process("import sys\nfrom sqlalchemy import create_engine, text\nfrom rasad.store import db_url\n"
                        "e = create_engine(db_url(sys.argv[1]))\n"
                        "with e.begin() as c:\n"
                        "    c.execute(text(\"UPDATE events SET event_date = '2025-02-04', latitude = NULL \"\n"
                        "                   \"WHERE location = 'Kirkuk'\"))\n"
                        "e.dispose()\n", url)
    now = _dashboard(c)
    assert "2025-02-03" in {p["date"] for p in now["timeline"]} and kirkuk not in now["map"]
    assert now == _uncached(url, monkeypatch)


# -- private mode ------------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["argument", "environment"])
def test_private_mode(built, monkeypatch, how):
    path, token = built
    if how == "environment":
        monkeypatch.setenv("RASAD_READ_OPEN", "0")
        app = create_app(path)
    else:
        app = create_app(path, read_open=False)
    with TestClient(app) as c:
        reads = [("get", "/api/events", {}), ("get", "/api/events.geojson", {}), ("get", "/api/stats/timeline", {}),
                 ("get", "/api/stats/admin1", {}), ("get", "/api/export", {}),
                 ("post", "/api/extract", {"json": {"text": "انفجرت عبوة ناسفة في بغداد"}})]
        for method, url, kw in reads:
            assert getattr(c, method)(url, **kw).status_code == 401, url
            assert getattr(c, method)(url, headers=_auth("wrong"), **kw).status_code == 401, url
            assert getattr(c, method)(url, headers=_auth(token), **kw).status_code == 200, url
        first = c.get("/api/events", headers=_auth(token)).json()["items"][0]["id"]
        assert c.get(f"/api/events/{first}").status_code == 401
        assert c.get(f"/api/events/{first}", headers=_auth(token)).status_code == 200
        m = c.get("/api/meta").json()
        assert m["read_open"] is False and m["countries"] == [] and m["event_types"]
        assert c.get("/api/meta", headers=_auth(token)).json()["countries"] == ["IQ", "SY"]
        assert c.get("/api/health").json() == {"ok": True, "events": None}
        session = c.post("/api/login", json={"user": "amal", "password": PASSWORD}).json()["token"]
        assert c.get("/api/events", headers=_auth(session)).json()["total"] == N_EVENTS
        assert c.get("/openapi.json").status_code == 200


def test_env_cannot_open_a_private_app(built, monkeypatch):
    monkeypatch.setenv("RASAD_READ_OPEN", "1")
    with TestClient(create_app(built[0], read_open=False)) as c:
        assert c.get("/api/events").status_code == 401


# -- the command -------------------------------------------------------------------------------

def test_serve_help():
    from rasad.cli import main

    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0, r.output
    for opt in ("--db", "--host", "--port", "--private"):
        assert opt in r.output


def test_serve_runs_uvicorn_with_the_app(built, monkeypatch):
    import uvicorn

    from rasad.cli import main

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    r = CliRunner().invoke(main, ["serve", "--db", built[0], "--port", "8123", "--private"])
    assert r.exit_code == 0, r.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123 and seen["app"].state.read_open is False
