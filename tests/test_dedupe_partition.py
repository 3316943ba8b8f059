"""Dedupe partitioned by (country, month), as the Spark job runs it: every report lands in exactly
one event, events at a month's edge are not lost or doubled, and the result matches one process."""
from __future__ import annotations

import json
from pathlib import Path

from rasad.dedupe import cluster_events
from rasad.dedupe.partition import dedupe_partitioned, home_key, keys
from rasad.model import Article, Event, FieldSource, Span
from rasad.pipeline import extract_article

DATA = Path(__file__).parent / "data" / "dedup" / "reports.jsonl"


def _events() -> list[Event]:
    rows = [json.loads(x) for x in DATA.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [e for r in rows for e in extract_article(
        Article(id=r["id"], text=r["text"], published=r["published"], source=r["source"]))]


def test_every_report_lands_in_exactly_one_event():
    evs = _events()
    merged = dedupe_partitioned(evs)
    ids = [s.event_id for m in merged for s in m.sources]
    assert sorted(ids) == sorted(e.event_id for e in evs)
    # as many events as one process finds, give or take the order clusters are built in
    assert abs(len(merged) - len(cluster_events(sorted(evs, key=lambda e: (e.published or "", e.article_id))))) <= 2


def _ev(aid: str, day: str, published: str) -> Event:
    text = "انفجرت عبوة ناسفة في قضاء المسيب"
    return Event(aid, "Explosions/Remote violence", "Remote explosive/landmine/IED", event_date=day, country="IQ",
                 admin1="IQ-BB", location="Al-Musayab", latitude=32.78, longitude=44.29, geo_precision=1,
                 published=published, evidence=[Span(0, len(text), text)], event_id=aid,
                 provenance=[FieldSource("event_date", day, "time:weekday")])


def test_an_event_at_the_month_edge_is_written_once():
    a = _ev("a", "2024-03-31", "2024-03-31")
    b = _ev("b", "2024-03-31", "2024-04-01")  # told the next day, in April's group too
    assert [k for k, copy in keys(a)] == [("IQ", "2024-03"), ("IQ", "2024-04")]
    merged = dedupe_partitioned([a, b])
    assert len(merged) == 1 and {s.article_id for s in merged[0].sources} == {"a", "b"}
    assert home_key(merged[0]) == ("IQ", "2024-03")


def test_undated_records_stay_in_their_own_group():
    e = _ev("u", None, "2024-03-31")
    e.event_date = None
    assert keys(e) == [(("IQ", "undated"), False)]
    assert len(dedupe_partitioned([e])) == 1
