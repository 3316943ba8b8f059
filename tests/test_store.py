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
        c.execute(text("DELETE FROM schema_migrations WHERE version >= 3"))
    eng.dispose()
    s = Store.open(str(path))
    assert current_version(s.engine) == LATEST
    with s.engine.connect() as c:
        assert c.execute(select(schema.event_sources.c.admin1)).scalar_one() == "IQ-BB"
    ingest_articles(s, [IED_B])  # and dedupe goes on working on it
    assert s.count(EventQuery()) == 1


# -- the map layer and cached counts -----------------------------------------------------------

def test_map_points_carry_only_what_the_map_draws(store):
    from rasad.store.db import MapPoint

    ingest_articles(store, ALL)
    rows = {r["id"]: r for r in store.query_columns(EventQuery())}
    pts = store.map_points(EventQuery())
    assert [p.event_id for p in pts] == list(rows) and all(isinstance(p, MapPoint) for p in pts)
    for p in pts:
        r = rows[p.event_id]
        assert (p.longitude, p.latitude, p.event_type, p.sub_event_type, p.event_date, p.location, p.fatalities) == (
            r["longitude"], r["latitude"], r["event_type"], r["sub_event_type"], r["event_date"], r["location"],
            r["fatalities"])
    assert [p.event_id for p in store.map_points(EventQuery(event_type="Protests"))] == \
        [r["id"] for r in store.query_columns(EventQuery(event_type="Protests"))]
    qaim = next(p for p in pts if p.location == "Al-Qaim")
    box = (qaim.longitude - 0.1, qaim.latitude - 0.1, qaim.longitude + 0.1, qaim.latitude + 0.1)
    assert [p.event_id for p in store.map_points(EventQuery(bbox=box))] == [qaim.event_id]


def test_map_points_page_over_events_with_a_point(store):
    ingest_articles(store, ALL)
    ids = [r["id"] for r in store.query_columns(EventQuery(sort="fatalities", descending=False))]
    store.review(ids[0], "analyst", "edit", {"latitude": None, "longitude": None})
    located = [p.event_id for p in store.map_points(EventQuery(sort="fatalities", descending=False))]
    assert located == ids[1:]
    pages = [[p.event_id for p in store.map_points(EventQuery(sort="fatalities", descending=False, limit=2,
                                                               offset=o))] for o in (0, 2, 4)]
    assert pages == [ids[1:3], ids[3:5], []]


def _cached_answers(s: Store) -> tuple:
    q = EventQuery()
    return (s.count(q), s.count(EventQuery(admin1="IQ-BB")), s.counts_by_period(q, "week"), s.counts_by_admin1(q),
            s.countries())


def test_counts_are_cached_until_the_data_changes(store):
    ingest_articles(store, ALL)
    first = _cached_answers(store)
    hits = store.cache.info().hits
    assert _cached_answers(store) == first and store.cache.info().hits == hits + 5
    eid = _by_article(store)["a1"]
    store.review(eid, "analyst", "reject")
    now = _cached_answers(store)
    assert now[0] == first[0] - 1 and now[1] == first[1] - 1 and now != first
    assert sum(n for _d, _t, n in now[2]) == now[0] and sum(n for _c, _a, n, _f in now[3]) == now[0]


def test_writes_raise_the_data_version_and_reads_do_not(store):
    v0 = store.data_version()
    ingest_articles(store, [IED_A, PROTEST])
    v1 = store.data_version()
    assert v1 > v0
    _cached_answers(store)
    store.query(EventQuery())
    ingest_articles(store, [IED_A])                  # known: nothing written
    store.add_user("analyst", "pw")
    store.login("analyst", "pw")
    assert store.data_version() == v1
    store.review(_by_article(store)["a1"], "analyst", "confirm")
    assert store.data_version() > v1


def test_a_write_by_another_connection_is_seen(store):
    from sqlalchemy import create_engine, text

    ingest_articles(store, ALL)
    url = store.engine.url.render_as_string(hide_password=False)
    before = _cached_answers(store)
    other = Store(create_engine(url))                # another pool, another cache: as another process
    other.review(_by_article(store)["a1"], "analyst", "reject")
    other.close()
    after = _cached_answers(store)
    assert after[0] == before[0] - 1
    eng = create_engine(url)                         # plain SQL, not through the Store
    with eng.begin() as c:
        c.execute(text("UPDATE events SET country = 'SY' WHERE event_type = 'Protests'"))
    eng.dispose()
    assert _cached_answers(store)[4] == ["IQ", "SY"]
    assert _cached_answers(store)[3] != after[3]


def test_an_answer_computed_across_a_write_is_not_kept(store):
    ingest_articles(store, ALL)
    eid = _by_article(store)["a1"]
    calls: list[int] = []

    def compute(_conn) -> int:
        calls.append(1)
        if len(calls) == 1:  # a write lands while the first answer is being computed
            store.review(eid, "analyst", "reject")
        return len(calls)

    assert store._cached(("probe",), compute) == 1
    assert store._cached(("probe",), compute) == 2   # not served: the write came after its version was read
    assert store._cached(("probe",), compute) == 2   # now it is


def test_answer_cache_keeps_answers_by_version_and_cost():
    from rasad.store.db import AnswerCache

    c = AnswerCache(capacity=10, cost=len)
    c.put("a", 1, "xxxx")
    c.put("b", 1, "yyyy")
    assert c.get("a", 1) == (True, "xxxx")
    c.put("c", 1, "zzzz")                            # over 10: the least recently used ("b") goes
    assert c.get("b", 1) == (False, None) and c.get("a", 1)[0] and c.get("c", 1)[0]
    c.put("big", 1, "x" * 11)                        # larger than the whole cache: not kept
    assert c.get("big", 1) == (False, None)
    assert c.get("a", 2) == (False, None)            # a newer version: everything before it is gone
    assert c.get("a", 1) == (False, None)
    c.put("old", 1, "o")                             # computed at an older version: dropped
    assert c.get("old", 1) == (False, None) and c.info().size == 0
    off = AnswerCache(capacity=0)
    off.put("a", 1, 5)
    assert off.get("a", 1) == (False, None)


def test_a_version_3_database_gets_the_counter_and_indexes(store):
    from sqlalchemy import inspect, text

    ingest_articles(store, [IED_A, PROTEST])
    with store.engine.begin() as c:                  # back to v3: no counter, the old date indexes
        if store.dialect == "postgresql":
            c.execute(text("DROP TRIGGER events_data_version ON events"))
            c.execute(text("DROP TRIGGER events_truncate_data_version ON events"))
            c.execute(text("DROP FUNCTION rasad_events_changed()"))
        else:
            for op in ("insert", "update", "delete"):
                c.execute(text(f"DROP TRIGGER events_{op}_data_version"))
        c.execute(text("DROP TABLE data_version"))
        c.execute(text("DROP INDEX ix_events_date_stats"))
        c.execute(text("DROP INDEX ix_events_country_stats"))
        c.execute(text("CREATE INDEX ix_events_date ON events (event_date)"))
        c.execute(text("CREATE INDEX ix_events_country_date ON events (country, event_date)"))
        c.execute(text("DELETE FROM schema_migrations WHERE version > 3"))
    url = store.engine.url.render_as_string(hide_password=False)
    store.close()
    s = Store.open(url)
    try:
        assert current_version(s.engine) == LATEST
        names = {ix["name"] for ix in inspect(s.engine).get_indexes("events")}
        assert {"ix_events_date_stats", "ix_events_country_stats"} <= names
        assert not {"ix_events_date", "ix_events_country_date"} & names
        assert s.count(EventQuery()) == 2
        v = s.data_version()
        ingest_articles(s, [STRIKE])
        assert s.data_version() > v and s.count(EventQuery()) == 3
    finally:
        s.close()


def test_postgresql_a_writer_does_not_wait_for_another_writers_counter():
    # the counter is raised at commit: a review goes through while a long ingest's batch is still open
    import threading
    from sqlalchemy import create_engine, text

    url = fresh_pg_url()
    s = Store.open(url)
    try:
        ingest_articles(s, ALL)
        rows = s.query_columns(EventQuery())
        ids = [r["id"] for r in rows]
        toll = sum(f for *_, f in s.counts_by_admin1(EventQuery()))
        v = s.data_version()
        other = create_engine(s.engine.url)
        with other.connect() as open_batch:
            open_batch.execute(text("UPDATE events SET fatalities = 7 WHERE id = :i"), {"i": ids[0]})
            done = threading.Event()
            t = threading.Thread(target=lambda: (s.review(ids[1], "analyst", "confirm"), done.set()))
            t.start()
            t.join(timeout=60)
            assert done.is_set()
            assert s.data_version() == v + 1 and s.count(EventQuery(reviewed_only=True)) == 1
            open_batch.commit()
        other.dispose()
        assert s.data_version() == v + 2
        assert sum(f for *_, f in s.counts_by_admin1(EventQuery())) == toll - (rows[0]["fatalities"] or 0) + 7
    finally:
        s.close()


def _open_and_count(url: str) -> int:
    from rasad.store import Store

    s = Store.open(url)
    try:
        from rasad.store.migrations import current_version

        return current_version(s.engine)
    finally:
        s.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_eight_processes_open_a_new_database_together(backend, tmp_path):
    """A cron `watch` and a manual `ingest` starting together: the migrations run once, under a lock."""
    import multiprocessing as mp

    url = str(tmp_path / "race.db") if backend == "sqlite" else fresh_pg_url()
    ctx = mp.get_context("spawn")
    with ctx.Pool(8) as pool:
        versions = pool.map(_open_and_count, [url] * 8)
    assert versions == [LATEST] * 8
    s = Store.open(url)
    with s.engine.connect() as c:
        rows = c.execute(select(schema.schema_migrations.c.version)).scalars().all()
    s.close()
    assert sorted(rows) == list(range(1, LATEST + 1))  # each migration recorded once
