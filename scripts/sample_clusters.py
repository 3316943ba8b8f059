"""Sample merged clusters (events of two or more reports) from an ingested store for blind coding.

Writes OUT.jsonl (per cluster: its reports' publication times and full texts, nothing of
Rasad's output) and OUT.key.jsonl (Rasad's merged record per cluster, kept from the coder).

    python scripts/sample_clusters.py rasad.db /work/clusters/after --n 50 --seed 15
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
from pathlib import Path


def main() -> None:
    """Sample clusters and write the blind file and its key."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("out", help="path without .jsonl")
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=15)
    a = ap.parse_args()
    con = sqlite3.connect(a.db)
    events = con.execute("SELECT id, record FROM events WHERE n_sources >= 2 ORDER BY id").fetchall()
    total = con.execute("SELECT count(*) FROM events").fetchone()[0]
    sample = random.Random(a.seed).sample(events, min(a.n, len(events)))
    with open(f"{a.out}.jsonl", "w", encoding="utf-8") as blind, \
            open(f"{a.out}.key.jsonl", "w", encoding="utf-8") as key:
        for n, (eid, rec) in enumerate(sample, 1):
            rows = con.execute(
                "SELECT a.published, a.text FROM event_sources s JOIN articles a ON a.id = s.article_id "
                "WHERE s.event_id = ? ORDER BY s.seq", (eid,)).fetchall()
            blind.write(json.dumps({"cluster": n, "reports": [{"published": p, "text": t} for p, t in rows]},
                                   ensure_ascii=False) + "\n")
            key.write(json.dumps({"cluster": n, "event_id": eid, "record": json.loads(rec)}, ensure_ascii=False) + "\n")
    print(f"{a.db}: {total} events, {len(events)} merged clusters (>=2 reports); sampled {len(sample)}")


if __name__ == "__main__":
    main()
