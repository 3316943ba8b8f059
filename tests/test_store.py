"""The store on SQLite and on a real PostgreSQL server: ingest, known articles, dedupe,
review, users, migrations and exports."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from rasad.export.writers import write
from rasad.store import EventQuery, Store, StoreError
from rasad.store import schema
from rasad.store.commands import ingest_articles
from rasad.store.migrations import LATEST, current_version, migrate
from storekit import ALL, IED_A, IED_B, IED_NEXT, PROTEST, STRIKE, fresh_pg_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = str(tmp_path / "t.db") if request.param == "sqlite" else fresh_pg_url()
    s = Store.open(url)
    yield s
    s.close()


def _by_article(s: Store) -> dict[str, str]:
    with s.engine.connect() as c:
        return dict(c.execute(select(schema.event_sources.c.article_id, schema.event_sources.c.event_id)).all())


def test_two_outlets_one_event_next_day_another(store):
    res = ingest_articles(store, ALL)
    assert res.added == 5 and res.merged == 1
    ev_of = _by_article(store)
    assert ev_of["a1"] == ev_of["b1"]          # «صباح اليوم الاثنين» and «أمس الاثنين»: one IED
    assert ev_of["c1"] != ev_of["a1"]          # Tuesday's IED in the same district is another event
    one = store.get(ev_of["a1"])
    assert one.n_sources == 2 and len(one.event.sources) == 2
    assert {s.outlet for s in one.event.sources} == {"وكالة الرافدين", "صحيفة الفرات"}
    assert one.event.event_date == "2025-03-10"
    assert one.event.fatalities == 3           # the later report's toll
    assert {s.fatalities for s in one.event.sources} == {2, 3}
    assert store.get(ev_of["c1"]).event.fatalities == 0


def test_reingest_changes_nothing(store):
    ingest_articles(store, ALL)
    before = store.totals()
    res = ingest_articles(store, ALL)
    assert res.added == 0 and res.known == 5
    # same text under another id, and same URL with new text: both already known
    res = ingest_articles(store, [replace(IED_A, id="zz", url=None),
                                  replace(PROTEST, id="yy", text=PROTEST.text + " وتجمع المحتجون مجددا.")])
    assert res.known == 2 and store.totals() == before


def test_taken_id_gets_a_suffix(store):
    ingest_articles(store, [IED_A])
    other = replace(STRIKE, id="a1")
    ingest_articles(store, [other])
    ids = {r.event.article_id for r in store.query(EventQuery())}
    assert "a1" in ids and any(i.startswith("a1#") for i in ids)


def test_filters_and_search(store):
    ingest_articles(store, ALL)
    assert store.count(EventQuery()) == 4
    assert {r.event.event_type for r in store.query(EventQuery(event_type="Protests"))} == {"Protests"}
    assert store.count(EventQuery(admin1="IQ-BB")) == 2
    assert store.count(EventQuery(since="2025-03-10", until="2025-03-10")) == 1
    assert store.count(EventQuery(q="مسيرة")) == 1            # free text over the Arabic evidence
    assert store.count(EventQuery(q="مسيره")) == 1            # normalised: ة and ه alike
    assert store.count(EventQuery(q="' OR 1=1 --")) == 0      # bound parameters, not SQL
    assert store.count(EventQuery(country="IQ' OR '1'='1")) == 0
    page1 = store.query(EventQuery(limit=2, offset=0))
    page2 = store.query(EventQuery(limit=2, offset=2))
    assert len(page1) == 2 and len(page2) == 2
    assert not {r.event.event_id for r in page1} & {r.event.event_id for r in page2}
    by_week = store.counts_by_period(EventQuery(), "week")
    assert sum(n for _, _, n in by_week) == 4
    assert store.counts_by_admin1(EventQuery())[0][:3] == ("IQ", "IQ-BB", 2)
    with pytest.raises(StoreError):
        store.query(EventQuery(sort="id; DROP TABLE events"))


def test_review_is_kept_and_survives_new_sources(store):
    ingest_articles(store, [IED_A])
    eid = store.query(EventQuery())[0].event.event_id
    store.add_user("analyst", "pw")
    got = store.review(eid, "analyst", "edit", {"fatalities": 5, "actor1": "Islamic State (Iraq)"}, "corrected")
    assert got.review_state == "edited" and got.event.fatalities == 5
    ingest_articles(store, [IED_B])                       # a second source joins the event
    again = store.get(eid)
    assert again.n_sources == 2 and again.event.fatalities == 5 and again.review_state == "edited"
    hist = store.reviews(eid)
    assert hist[0].user == "analyst" and hist[0].changes["fatalities"] == [2, 5]
    with pytest.raises(StoreError):
        store.review(eid, "analyst", "edit", {"event_date": "2025-02-30"})
    with pytest.raises(StoreError):
        store.review(eid, "analyst", "edit", {"text": "x"})
    with pytest.raises(StoreError):
        store.review("nope", "analyst", "confirm")
    store.review(eid, "analyst", "reject")
    assert store.count(EventQuery()) == 0 and store.count(EventQuery(include_rejected=True)) == 1


def test_users_tokens_and_sessions(store):
    token = store.add_user("analyst", "s3cret")
    assert store.user_for_token(token) == "analyst"
    assert store.user_for_token("wrong") is None and store.user_for_token("") is None
    assert store.login("analyst", "nope") is None
    sess = store.login("analyst", "s3cret")
    assert store.user_for_token(sess) == "analyst"
    store.logout(sess)
    assert store.user_for_token(sess) is None
    with store.engine.connect() as c:
        stored = c.execute(select(schema.users.c.password_hash, schema.users.c.token_hash)).first()
    assert "s3cret" not in stored[0] and token not in stored[1]


def test_migrations_are_versioned_and_idempotent(store):
    assert current_version(store.engine) == LATEST
    assert migrate(store.engine) == []


def test_exports(store, tmp_path):
    ingest_articles(store, ALL)
    eid = _by_article(store)["a1"]
    store.review(eid, "analyst", "confirm")
    buf = io.StringIO()
    assert write(store.iter_query(EventQuery(sort="event_date", descending=False)), "acled-csv", None, buf) == 4
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows[0]["event_date"] <= rows[-1]["event_date"]
    for col in ("event_id_cnty", "interaction", "iso", "geo_precision", "notes", "timestamp", "evidence", "sources"):
        assert col in rows[0]
    ied = next(r for r in rows if r["event_id"] == eid)
    assert ied["n_sources"] == "2" and "صحيفة الفرات" in ied["source"] and ied["notes"].startswith("On 2025-03-10")
    buf = io.StringIO()
    write(store.iter_query(EventQuery(reviewed_only=True)), "jsonl", None, buf)
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert [x["event_id"] for x in lines] == [eid] and lines[0]["review_state"] == "confirmed"
    buf = io.StringIO()
    n = write(store.iter_query(EventQuery()), "geojson", None, buf)
    gj = json.loads(buf.getvalue())
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == n >= 1
    lon, lat = gj["features"][0]["geometry"]["coordinates"]
    assert 35 < lon < 50 and 29 < lat < 38
    out = tmp_path / "e.parquet"
    write(store.iter_query(EventQuery(event_type="Protests")), "parquet", out)
    t = pq.read_table(out)
    assert t.num_rows == 1 and t.column("event_type").to_pylist() == ["Protests"]


def test_a_version_2_database_is_migrated_with_its_data(tmp_path):
    # build a v2 database by hand (event_sources without admin1), then open it with this Rasad
    from sqlalchemy import create_engine, text
    from rasad.store.db import db_url
    path = tmp_path / "old.db"
    s = Store.open(str(path))
    ingest_articles(s, [IED_A])
    s.close()
    eng = create_engine(db_url(str(path)))
    with eng.begin() as c:
        c.execute(text("DROP INDEX ix_sources_admin1"))
        c.execute(text("ALTER TABLE event_sources DROP COLUMN admin1"))
        c.execute(text("DELETE FROM schema_migrations WHERE version = 3"))
    eng.dispose()
    s = Store.open(str(path))
    assert current_version(s.engine) == LATEST
    with s.engine.connect() as c:
        assert c.execute(select(schema.event_sources.c.admin1)).scalar_one() == "IQ-BB"
    ingest_articles(s, [IED_B])  # and dedupe goes on working on it
    assert s.count(EventQuery()) == 1
