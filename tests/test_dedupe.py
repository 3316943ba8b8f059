"""Cross-article dedupe on tests/data/dedup/reports.jsonl: groups of differently worded Arabic
reports of one event, and look-alikes (same town next day, same day next town, another type).

Scored pairwise over reports: two reports are predicted to tell one event when they share a
stored event; gold says so when they are in one group. Reports the extractor finds no event
in are left out (their misses are the extractor's, listed in the data's README)."""
from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from rasad.dedupe import load_config, match_score
from rasad.dedupe.cluster import types_compatible
from rasad.model import Article, Event, Span
from rasad.store import Store, schema
from rasad.store.commands import ingest_articles

DATA = Path(__file__).parent / "data" / "dedup" / "reports.jsonl"


def _reports() -> list[dict]:
    rows = [json.loads(x) for x in DATA.read_text(encoding="utf-8").splitlines() if x.strip()]
    return sorted(rows, key=lambda r: (r["published"], r["id"]))


def _pairwise(pred: dict[str, set[str]], gold: dict[str, str]) -> tuple[float, float]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(pred), 2):
        same_gold = gold[a] == gold[b]
        same_pred = bool(pred[a] & pred[b])
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return tp / (tp + fp), tp / (tp + fn)


def test_the_set_is_big_enough():
    rows = _reports()
    groups = {r["group"] for r in rows}
    assert len(groups) >= 30 and len(rows) >= 80
    assert sum(1 for r in rows if (r.get("gold") or {}).get("lookalike_of")) >= 10


def test_pairwise_precision_and_recall_in_the_store(tmp_path):
    rows = _reports()
    store = Store.open(str(tmp_path / "d.db"))
    arts = [Article(id=r["id"], text=r["text"], published=r["published"], source=r["source"]) for r in rows]
    ingest_articles(store, arts)
    with store.engine.connect() as c:
        pairs = c.execute(select(schema.event_sources.c.article_id, schema.event_sources.c.event_id)).all()
    pred: dict[str, set[str]] = defaultdict(set)
    for aid, eid in pairs:
        pred[aid].add(eid)
    gold = {r["id"]: r["group"] for r in rows}
    assert len(pred) >= 0.8 * len(rows)  # the extractor finds an event in most reports
    p, r = _pairwise(pred, gold)
    print(f"dedupe pairwise over {len(pred)} reports: P {p:.3f} R {r:.3f}")
    assert p >= 0.9 and r >= 0.9
    # sources are kept, each with its own evidence
    multi = [e for e in (store.get(x) for x in {eid for _, eid in pairs}) if e.n_sources > 1]
    assert multi and all(len(e.event.sources) == e.n_sources and all(s.evidence for s in e.event.sources)
                         for e in multi)


# --- the rules, one at a time ------------------------------------------------------------

def _ev(aid: str, date: str, loc: str, lat: float, lon: float, published: str, sub="Remote explosive/landmine/IED",
        typ="Explosions/Remote violence", text="انفجرت عبوة ناسفة", stated=True, precision=1) -> Event:
    from rasad.model import FieldSource
    prov = [FieldSource("event_date", date, "time:weekday" if stated else "default:published")]
    return Event(aid, typ, sub, event_date=date, country="IQ", admin1="IQ-BB", location=loc, latitude=lat,
                 longitude=lon, geo_precision=precision, published=published, evidence=[Span(0, len(text), text)],
                 provenance=prov, event_id=aid)


def test_same_place_same_day_is_one_event():
    a = _ev("a", "2025-03-10", "Al-Musayab", 32.78, 44.29, "2025-03-10")
    b = _ev("b", "2025-03-10", "Al-Musayab", 32.78, 44.29, "2025-03-11", text="انفجار عبوة في المسيب امس")
    assert match_score(a, b) >= load_config().min_score


def test_two_stated_dates_a_day_apart_are_two_events():
    a = _ev("a", "2025-03-10", "Al-Musayab", 32.78, 44.29, "2025-03-10")
    b = _ev("b", "2025-03-11", "Al-Musayab", 32.78, 44.29, "2025-03-11")
    assert match_score(a, b) is None


def test_a_report_cannot_tell_of_a_later_event():
    a = _ev("a", "2025-03-12", "Al-Musayab", 32.78, 44.29, "2025-03-12")
    b = _ev("b", "2025-03-11", "Al-Musayab", 32.78, 44.29, "2025-03-11", stated=False)
    assert match_score(a, b) is None


def test_two_towns_neither_naming_the_other_are_two_events():
    a = _ev("a", "2025-03-10", "Al-Musayab", 32.78, 44.29, "2025-03-10", text="انفجرت عبوة في قضاء المسيب")
    b = _ev("b", "2025-03-10", "Al Ḩillah", 32.48, 44.42, "2025-03-10", text="انفجرت عبوة في مدينة الحلة")
    assert match_score(a, b) is None


def test_protest_and_strike_never_merge_but_attack_and_clash_may():
    assert not types_compatible("Protests", "Explosions/Remote violence")
    assert types_compatible("Violence against civilians", "Battles")
    assert not types_compatible("Violence against civilians", "Battles", "exact")


def test_config_overrides_and_rejects_unknown_keys(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text("min_score: 0.9\nweights: {text: 0.5}\n", encoding="utf-8")
    cfg = load_config(f)
    assert cfg.min_score == 0.9 and cfg.weights["text"] == 0.5 and cfg.weights["date"] == 0.25
    f.write_text("min_scor: 0.9\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_config(f)
