"""Reviewed events of a store as coded texts: what analysts confirmed, corrected and rejected.

An article becomes a training text when every event drawn from it has been reviewed: its
gold is the confirmed and edited events (the reviewer's values), a rejected event is simply
absent (the proposal that made it becomes a negative example). Articles with an event still
pending are left out: half-reviewed articles would teach the gate that unreviewed events are
false.
"""
from __future__ import annotations

import json

from rasad.learn.corpus import CodedText
from rasad.model import Article

_GOLD_FIELDS = ("event_type", "sub_event_type", "event_date", "date_tolerance_days", "country", "admin1",
                "location", "fatalities", "injuries", "actor1", "actor2")


def review_texts(db: str) -> list[CodedText]:
    """Fully reviewed articles of the store at `db` (SQLite path or PostgreSQL URL) as coded texts."""
    from sqlalchemy import select

    from rasad.store import Store
    from rasad.store import schema

    e, s, a = schema.events, schema.event_sources, schema.articles
    with Store.open(db, create=False) as store, store.engine.connect() as c:
        rows = c.execute(select(s.c.article_id, s.c.record, e.c.review_state, e.c.overrides)
                         .select_from(s.join(e, s.c.event_id == e.c.id))).all()
        by_article: dict[str, list] = {}
        for art_id, record, state, overrides in rows:
            by_article.setdefault(art_id, []).append((json.loads(record), state, json.loads(overrides or "{}")))
        done = {k: v for k, v in by_article.items() if all(state != "pending" for _, state, _ in v)}
        arts = {r.id: r for r in c.execute(select(a).where(a.c.id.in_(list(done)))).all()} if done else {}
    out: list[CodedText] = []
    for art_id, evs in sorted(done.items()):
        r = arts.get(art_id)
        if r is None:
            continue
        gold = []
        for rec, state, overrides in evs:
            if state == "rejected":
                continue
            g = {k: rec.get(k) for k in _GOLD_FIELDS}
            g.update({k: v for k, v in overrides.items() if k in _GOLD_FIELDS})
            g["evidence"] = " ".join(sp.get("text", "") for sp in rec.get("evidence") or [])
            gold.append(g)
        month = (r.published or "")[:7]
        out.append(CodedText(art_id, "review", r.source or "review", month, False, "review", ["reviewer"], gold,
                             Article(id=art_id, text=r.text, published=r.published, title=r.title, url=r.url,
                                     source=r.source), origin="review"))
    return out
