"""Ingest throughput into SQLite and PostgreSQL (articles/s): `python benchmarks/ingest_bench.py`.

For each backend it prints two lines, medians of --runs runs on a fresh database each time:
* store only: articles already extracted, written with cross-article dedupe (`Store.add_batch`);
* end to end: extraction + dedupe + store (`rasad ingest`'s loop, one worker).
PostgreSQL is the test server of scripts/ci.d/20-postgres.sh (or --pg URL); it is skipped
with a note when unreachable.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus as gen  # noqa: E402

from rasad.model import Article  # noqa: E402
from rasad.pipeline import extract_article  # noqa: E402
from rasad.store import Store  # noqa: E402
from rasad.store.commands import ingest_articles  # noqa: E402


def _articles(n: int) -> list[Article]:
    return [Article(id=d["id"], text=d["text"], published=d.get("published"), title=d.get("title"),
                    url=d.get("url"), source=d.get("source")) for d in gen.generate(n, seed=3)]


def _pg(url: str) -> str:
    from sqlalchemy import create_engine, text
    name = "b_" + uuid.uuid4().hex[:8]
    eng = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with eng.begin() as c:
        c.execute(text(f"CREATE SCHEMA {name}"))
    eng.dispose()
    return f"{url}?options=-csearch_path%3D{name}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=2000, help="articles per run")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:54329/rasad_test")
    ap.add_argument("--tmp", default="/tmp")
    a = ap.parse_args()
    arts = _articles(a.n)
    extracted = [(x, extract_article(x), None) for x in arts]
    n_events = sum(len(e) for _, e, _ in extracted)
    print(f"{a.n} generated articles, {n_events} extracted events, {a.runs} runs each (medians)")
    backends = [("sqlite", lambda: str(Path(a.tmp) / f"rasad-bench-{uuid.uuid4().hex[:8]}.db"))]
    try:
        _pg(a.pg)
        backends.append(("postgresql", lambda: _pg(a.pg)))
    except Exception as exc:  # noqa: BLE001
        print(f"postgresql: skipped ({exc.__class__.__name__}: not reachable at {a.pg})")
    for name, make in backends:
        store_only, end_to_end = [], []
        for _ in range(a.runs):
            s = Store.open(make())
            t = time.perf_counter()
            for i in range(0, len(extracted), 64):
                s.add_batch(extracted[i:i + 64])
            store_only.append(a.n / (time.perf_counter() - t))
            s.close()
            s = Store.open(make())
            t = time.perf_counter()
            ingest_articles(s, arts, workers=1, batch=64)
            end_to_end.append(a.n / (time.perf_counter() - t))
            s.close()
        print(f"{name:10s} store only (dedupe + write): {statistics.median(store_only):8.0f} articles/s")
        print(f"{name:10s} end to end (extract + dedupe + write, 1 worker): "
              f"{statistics.median(end_to_end):8.0f} articles/s")


if __name__ == "__main__":
    main()
