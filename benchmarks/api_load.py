"""The dashboard's common queries under load: `python benchmarks/api_load.py [-n 100000] [-c 50] [-t 30]`.

Builds (or reuses, --db) a database of N events — a few hundred records extracted from Arabic
sentences written here, cloned over two years and thirty places, written straight into the
events table — starts `rasad serve` on a free loopback port, and drives it with C concurrent
clients (asyncio + httpx) for T seconds over the dashboard's queries. Prints requests/s and
p50/p95/p99 latency per endpoint and overall, and the error count.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCES = [
    "انفجرت عبوة ناسفة على دورية للشرطة في {p} ما أدى إلى مقتل شخصين وإصابة ثلاثة.",
    "قصفت طائرة مسيرة موقعا لمسلحين في {p} فجر اليوم.",
    "اندلعت اشتباكات بين قوات الأمن ومسلحين في {p} أسفرت عن مقتل ثلاثة.",
    "تظاهر المئات في {p} للمطالبة بتحسين الخدمات.",
    "سقطت ثلاثة صواريخ كاتيوشا على {p} دون إصابات.",
    "اغتال مسلحون مجهولون ناشطا أمام منزله في {p}.",
]
PLACES = ["قضاء المسيب شمالي بابل", "مدينة كركوك", "مدينة الموصل", "مدينة البصرة", "قضاء القائم غربي الأنبار",
          "مدينة الرمادي", "مدينة تكريت", "مدينة بعقوبة", "مدينة الناصرية", "مدينة العمارة", "مدينة النجف",
          "مدينة حلب", "مدينة إدلب", "مدينة دير الزور", "مدينة درعا", "بلدة الخيام جنوبي لبنان",
          "مدينة النبطية", "مدينة صور", "مدينة تعز", "مدينة مأرب", "مدينة الحديدة", "مدينة طرابلس الليبية",
          "مدينة الفاشر", "مدينة جنين", "مدينة نابلس", "مدينة أربيل", "مدينة السليمانية", "مدينة دهوك",
          "مدينة الحلة", "مدينة سامراء"]


def build(db: Path, n: int) -> None:
    """N events in the store: templates extracted once, cloned with new dates, ids and tolls."""
    from sqlalchemy import insert

    from rasad.pipeline import extract
    from rasad.store import Store, schema
    from rasad.store.db import _event_columns, _json, now

    base = [e for s in SENTENCES for p in PLACES for e in extract(s.format(p=p), published="2025-01-15")]
    store = Store.open(str(db))
    rng = random.Random(5)
    start = date(2024, 1, 1)
    rows = []
    stamp = now()
    with store.engine.begin() as c:
        for i in range(n):
            ev = rng.choice(base)
            d = (start + timedelta(days=rng.randrange(730))).isoformat()
            ev.event_date, ev.event_id, ev.fatalities = d, f"L{i:07d}", rng.choice([None, 0, 1, 2, 3, 5, 12])
            cols = _event_columns(ev, {})
            cols.update(id=ev.event_id, n_sources=1, record=_json(ev.to_dict()), review_state="pending",
                        created_at=stamp, updated_at=stamp)
            rows.append(cols)
            if len(rows) == 5000:
                c.execute(insert(schema.events), rows)
                rows = []
        if rows:
            c.execute(insert(schema.events), rows)
    store.close()


def urls(rng: random.Random) -> tuple[str, str]:
    """One dashboard query: (endpoint name, path)."""
    y = rng.choice(["2024", "2025"])
    m = rng.randrange(1, 13)
    since, until = f"{y}-{m:02d}-01", f"{y}-{m:02d}-28"
    cc = rng.choice(["IQ", "SY", "LB", "YE", ""])
    pick = rng.random()
    if pick < 0.35:
        return "events", f"/api/events?since={since}&until={until}&country={cc}&limit=50&offset={rng.choice([0, 50, 100])}"
    if pick < 0.5:
        return "events_q", f"/api/events?q=%D8%B9%D8%A8%D9%88%D8%A9&country={cc}&limit=50"
    if pick < 0.65:
        return "timeline", f"/api/stats/timeline?period=week&since={y}-01-01&until={y}-12-31&country={cc}"
    if pick < 0.75:
        return "admin1", f"/api/stats/admin1?since={since}&until={until}"
    if pick < 0.85:
        return "geojson", f"/api/events.geojson?bbox=38,29,49,38&since={since}&until={until}&limit=2000"
    if pick < 0.95:
        return "event", f"/api/events/L{rng.randrange(100000):07d}"
    return "meta", "/api/meta"


async def drive(base: str, clients: int, seconds: float) -> dict[str, list[float]]:
    lat: dict[str, list[float]] = {}
    errors = 0
    stop = time.perf_counter() + seconds

    async def client(k: int) -> None:
        nonlocal errors
        rng = random.Random(k)
        async with httpx.AsyncClient(base_url=base, timeout=30) as c:
            while time.perf_counter() < stop:
                name, path = urls(rng)
                t = time.perf_counter()
                r = await c.get(path)
                dt = time.perf_counter() - t
                if r.status_code >= 500 or (r.status_code >= 400 and name != "event"):
                    errors += 1
                lat.setdefault(name, []).append(dt)

    await asyncio.gather(*(client(k) for k in range(clients)))
    lat["_errors"] = [errors]
    return lat


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=100_000)
    ap.add_argument("-c", type=int, default=50, help="concurrent clients")
    ap.add_argument("-t", type=float, default=30, help="seconds")
    ap.add_argument("--db", type=Path, default=Path("/tmp/rasad-load.db"))
    ap.add_argument("--workers", type=int, default=2, help="rasad serve --workers")
    a = ap.parse_args()
    if not a.db.exists():
        t = time.perf_counter()
        build(a.db, a.n)
        print(f"built {a.n:,} events in {a.db} in {time.perf_counter() - t:.1f} s")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = subprocess.Popen([sys.executable, "-m", "rasad.cli", "serve", "--db", str(a.db), "--port", str(port),
                            "--workers", str(a.workers), "--log-level", "warning"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        lat = asyncio.run(drive(base, a.c, a.t))
    finally:
        srv.terminate()
        srv.wait(timeout=10)
    errors = lat.pop("_errors")[0]
    allx = [x for xs in lat.values() for x in xs]
    print(f"{a.n:,}-event SQLite store, rasad serve --workers {a.workers}")
    print(f"{a.c} clients, {a.t:.0f} s, {len(allx):,} requests, {len(allx) / a.t:.0f} req/s, {errors} errors")
    print(f"{'endpoint':10s} {'n':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s}")
    for k in sorted(lat):
        xs = lat[k]
        print(f"{k:10s} {len(xs):7d} {pct(xs, .5):8.0f} {pct(xs, .95):8.0f} {pct(xs, .99):8.0f}")
    print(f"{'overall':10s} {len(allx):7d} {pct(allx, .5):8.0f} {pct(allx, .95):8.0f} {pct(allx, .99):8.0f}")


if __name__ == "__main__":
    main()
