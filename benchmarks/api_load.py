"""The dashboard's common queries under load, one command:

    python benchmarks/api_load.py                 # build /tmp/rasad-load-100k.db if missing, 50 clients, 30 s
    python benchmarks/api_load.py --db my.db -c 50 -t 30 --workers 2
    python benchmarks/api_load.py --no-cache      # the server computes every count and map layer afresh

1. Database (built only when the --db file does not exist; an existing store is used as it is). A few hundred records come from
   `rasad.extract` over Arabic sentences written here (twelve kinds of event, each told in a couple
   of dozen places); each is cloned with its own event_date (two years), place (admin1, location,
   coordinates — real places: `rasad.mentions.places.geocode` over the Arabic town names below),
   fatalities, review state and unique event/article ids, and written in 5,000-row batches straight
   into the store's tables (articles, events, event_sources — the same columns `Store.add_batch`
   writes, via its own `_event_columns`). Not through `add_batch`: its cross-article dedupe reads
   every candidate cluster, so clones of one template at one place merge, and it runs at about 160
   records/s here (100,000 would take over ten minutes and give far fewer events). A clone's
   evidence sentence still names its template's place; coordinates and codes are the clone's.
2. `rasad serve --db … --port <free loopback port> --workers W` (with RASAD_CACHE=0 for --no-cache).
   The URL mix repeats (e.g. 24 distinct map URLs, 12 timelines), so with the caches on most
   counts and map layers after the first are cache hits; --no-cache measures the queries.
3. Load: `wrk` (Debian package `wrk`) with 50 connections, one per wrk thread, for -t seconds, and a
   Lua script that rotates through a mix of dashboard URLs and times each request per endpoint;
   without wrk, an asyncio + httpx client does the same (it shares the CPU with the server).
4. Prints requests/s, p50/p95/p99 latency per endpoint and overall, and errors (non-2xx, socket
   errors, timeouts), after single-request (unloaded) latencies per endpoint.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Twelve kinds of report; {p} is the place. Written for this benchmark.
SENTENCES = [
    "انفجرت عبوة ناسفة على دورية للشرطة في {p} ما أدى إلى مقتل شرطيين وإصابة ثلاثة آخرين.",
    "قصفت طائرة مسيرة موقعا لمسلحين في {p} فجر اليوم وقتلت أربعة منهم.",
    "اندلعت اشتباكات عنيفة بين قوات الجيش ومسلحين في {p} أسفرت عن مقتل خمسة مسلحين.",
    "تظاهر المئات في {p} اليوم للمطالبة بتحسين الخدمات وتوفير فرص العمل.",
    "سقطت ثلاثة صواريخ كاتيوشا على {p} مساء أمس دون أن تسفر عن إصابات.",
    "اغتال مسلحون مجهولون ناشطا مدنيا أمام منزله في {p} صباح اليوم.",
    "فجر انتحاري نفسه وسط سوق شعبي في {p} ما أدى إلى مقتل سبعة مدنيين.",
    "اختطف مسلحون مجهولون مهندسين اثنين على الطريق الرئيسي قرب {p}.",
    "قصفت المدفعية أحياء سكنية في {p} ما أسفر عن مقتل امرأة وطفلين.",
    "شنت طائرات حربية غارات على مواقع في {p} وقتلت ستة عناصر من الفصيل.",
    "أطلق مسلحون النار على حافلة تقل مدنيين في {p} فقتلوا ثلاثة من ركابها.",
    "اقتحم محتجون غاضبون مبنى المحافظة في {p} وأضرموا النار في مدخله.",
]
TEMPLATE_PLACES = [
    "مدينة الموصل", "مدينة كركوك", "مدينة البصرة", "قضاء المسيب شمالي بابل", "مدينة الرمادي", "مدينة تكريت",
    "مدينة بعقوبة", "مدينة الناصرية", "مدينة حلب", "مدينة إدلب", "مدينة دير الزور", "مدينة درعا",
    "بلدة الخيام جنوبي لبنان", "مدينة النبطية", "مدينة تعز", "مدينة مأرب", "مدينة الحديدة", "مدينة جنين",
    "مدينة نابلس", "مدينة بنغازي", "مدينة الفاشر", "مدينة سامراء", "مدينة الفلوجة", "مدينة أربيل",
]
# Places the clones are spread over (geocoded; names that do not resolve are left out and reported).
TOWNS = [
    "الموصل", "كركوك", "البصرة", "الرمادي", "الفلوجة", "تكريت", "سامراء", "بعقوبة", "الحلة", "النجف", "كربلاء",
    "الناصرية", "العمارة", "الكوت", "الديوانية", "السماوة", "أربيل", "السليمانية", "دهوك", "تلعفر", "سنجار",
    "القائم", "هيت", "حديثة", "الحويجة", "طوزخورماتو", "بيجي", "المقدادية", "خانقين", "المسيب",
    "حلب", "إدلب", "دير الزور", "الرقة", "الحسكة", "درعا", "حمص", "حماة", "اللاذقية", "القامشلي", "منبج",
    "البوكمال", "تدمر", "النبطية", "صور", "بنت جبيل", "بعلبك", "تعز", "مأرب", "الحديدة", "عدن", "صعدة",
    "جنين", "نابلس", "طولكرم", "خان يونس", "رفح", "بنغازي", "مصراتة", "سرت", "الفاشر", "نيالا",
]
REVIEW = ["pending"] * 90 + ["confirmed"] * 7 + ["edited"] * 2 + ["rejected"]
ENDPOINTS = ["events", "events_filtered", "events_q", "event", "timeline", "admin1", "geojson", "meta"]


# -- 1. the database ---------------------------------------------------------------------------

def places() -> list:
    """(Arabic name, Place) for every town name the gazetteer resolves to a point."""
    from rasad.mentions.places import geocode

    out, missing = [], []
    for name in TOWNS:
        hits = [p for _c, p in geocode(f"مدينة {name}") if p.lat is not None and p.country]
        (out.append((name, hits[0])) if hits else missing.append(name))
    if missing:
        print(f"not geocoded (left out): {' '.join(missing)}")
    return out


def templates() -> list:
    """(article text, extracted Event, its single-source merged record) for every sentence × place."""
    from rasad.dedupe.cluster import merge_cluster
    from rasad.pipeline import extract

    out = []
    for k, s in enumerate(SENTENCES):
        for j, p in enumerate(TEMPLATE_PLACES):
            text = s.format(p=p)
            for ev in extract(text, published="2025-01-15"):
                ev.article_id, ev.outlet = f"tpl-{k}-{j}", ["وكالة الرافدين", "قناة الجنوب", "صحيفة المدى"][j % 3]
                merged = merge_cluster([ev])
                merged.event_id = ev.event_id
                out.append((text, ev, merged))
    return out


def build(path: Path, n: int, seed: int = 7) -> None:
    """`n` events (with their articles and sources) in a new SQLite store at `path`."""
    from sqlalchemy import event as sa_event, insert

    from rasad.store import Store, schema, text_hash
    from rasad.store.db import _event_columns, _json, now

    t0 = time.perf_counter()
    tpl, where = templates(), places()
    print(f"{len(tpl)} template records from {len(SENTENCES)} sentences x {len(TEMPLATE_PLACES)} places; "
          f"{len(where)} geocoded towns ({time.perf_counter() - t0:.1f} s)")
    prepared = []
    for text, ev, merged in tpl:
        cols = _event_columns(merged, {})
        prepared.append((text, ev.to_dict(), merged.to_dict(), cols))

    tmp = path.with_name(path.name + ".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    store = Store.open(str(tmp))
    sa_event.listen(store.engine, "connect", lambda c, _r: c.execute("PRAGMA synchronous=OFF"))
    store.engine.dispose()
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    stamp = now()
    arts, evs, srcs = [], [], []

    def flush() -> None:
        with store.engine.begin() as c:
            c.execute(insert(schema.articles), arts)
            c.execute(insert(schema.events), evs)
            c.execute(insert(schema.event_sources), srcs)
        arts.clear(), evs.clear(), srcs.clear()

    for i in range(n):
        text, src, rec, base = rng.choice(prepared)
        name, pl = rng.choice(where)
        d = (start + timedelta(days=rng.randrange(731))).isoformat()
        eid, aid, url = f"L{i:07d}", f"load-{i:07d}", f"https://example.org/load/{i}"
        fat = rng.choice([None, 0, 0, 1, 1, 2, 2, 3, 4, 5, 7, 12, 25])
        place = dict(country=pl.country, admin1=pl.admin1, admin2=pl.admin2, location=pl.name_en,
                     location_ar=pl.name_ar, latitude=pl.lat, longitude=pl.lon, geo_precision=1)
        when = dict(event_date=d, fatalities=fat, published=d)
        s = {**src, **place, **when, "event_id": eid, "article_id": aid, "url": url}
        srec = {k: s[k] for k in rec["sources"][0]}
        r = {**rec, **place, **when, "event_id": eid, "article_id": aid, "url": url, "sources": [srec]}
        body = f"{text} (نشرة رقم {i})"
        arts.append(dict(id=aid, url=url, text_hash=text_hash(body), source=src["outlet"], title=None, published=d,
                         text=body, n_events=1, status="ok", error=None, ingested_at=stamp))
        state = rng.choice(REVIEW)
        evs.append({**base, **place, "event_date": d, "year": int(d[:4]), "fatalities": fat, "id": eid,
                    "n_sources": 1, "record": _json(r), "review_state": state, "overrides": None,
                    "reviewed_by": None if state == "pending" else "amal",
                    "reviewed_at": None if state == "pending" else stamp, "created_at": stamp, "updated_at": stamp})
        srcs.append(dict(id=eid, event_id=eid, article_id=aid, outlet=src["outlet"], url=url, published=d,
                         event_type=src["event_type"], event_date=d, country=pl.country, admin1=pl.admin1,
                         fatalities=fat, confidence=src["confidence"], record=_json(s), seq=i + 1))
        if len(evs) == 5000:
            flush()
    if evs:
        flush()
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    tmp.rename(path)
    size = path.stat().st_size / 1e6
    print(f"built {n:,} events in {path} ({size:.0f} MB) in {time.perf_counter() - t0:.1f} s")


def event_count(path: Path) -> int:
    try:
        c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return c.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


# -- 3. the query mix --------------------------------------------------------------------------

def url_mix(n_events: int, count: int = 4000, seed: int = 11) -> list[tuple[str, str]]:
    """(endpoint, path) pairs in the proportions a dashboard sends them."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        y = rng.choice(["2024", "2025"])
        m = rng.randrange(1, 13)
        since, until = f"{y}-{m:02d}-01", f"{y}-{m:02d}-28"
        cc = rng.choice(["IQ", "SY", "LB", "YE", "PS"])
        x = rng.random()
        if x < 0.20:    # the list as the dashboard opens it, and paging through it
            out.append(("events", f"/api/events?limit=50&offset={rng.choice([0, 0, 50, 100, 150])}"))
        elif x < 0.35:  # the list with the filter form filled in
            sort = rng.choice(["event_date", "fatalities"])
            out.append(("events_filtered", f"/api/events?since={since}&until={until}&country={cc}"
                                           f"&sort={sort}&limit=50&offset={rng.choice([0, 50])}"))
        elif x < 0.45:  # Arabic free text
            q = quote(rng.choice(["عبوة", "مسيرة", "اشتباكات", "صواريخ", "تظاهر"]))
            out.append(("events_q", f"/api/events?q={q}&country={cc}&limit=50"))
        elif x < 0.60:  # an event opened from the list or the map
            out.append(("event", f"/api/events/L{rng.randrange(n_events):07d}"))
        elif x < 0.72:
            out.append(("timeline", f"/api/stats/timeline?period=week&since={y}-01-01&until={y}-12-31"
                                    + (f"&country={cc}" if rng.random() < 0.5 else "")))
        elif x < 0.84:
            out.append(("admin1", f"/api/stats/admin1?since={since}&until={until}"))
        elif x < 0.95:  # the map: Iraq and Syria's box, one month, at most 2,000 points
            out.append(("geojson", f"/api/events.geojson?bbox=35.5,29,48.6,37.4&since={since}&until={until}"
                                   "&limit=2000"))
        else:
            out.append(("meta", "/api/meta"))
    return out


LUA = r"""
-- One connection per wrk thread: request() and response() alternate, so each response is timed
-- against its own request with a monotonic clock (LuaJIT FFI). Each thread writes its own lines
-- «endpoint microseconds status» (thread:get of nested tables crashes Debian's wrk 4.1).
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } rasad_ts; int clock_gettime(int, rasad_ts *); ]]
local ts = ffi.new("rasad_ts")
local function now_us() ffi.C.clock_gettime(1, ts); return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3 end

local urls = dofile(os.getenv("RASAD_LOAD_URLS"))
local out_prefix = os.getenv("RASAD_LOAD_OUT")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

local i, pending, started, f, n = 0, nil, 0, nil, 0

function init(args)
  i = (tid * 97) % #urls
  f = io.open(out_prefix .. "." .. tid, "w")
end

function request()
  i = i % #urls + 1
  pending = urls[i][1]
  started = now_us()
  return wrk.format("GET", urls[i][2])
end

function response(status, headers, body)
  f:write(pending, " ", string.format("%.0f", now_us() - started), " ", status, "\n")
  n = n + 1
  if n % 50 == 0 then f:flush() end
end

function done(summary, latency, requests)
  local o = io.open(out_prefix, "w")
  o:write(string.format("SUMMARY %d %d %d %d %d %d %d %d\n", summary.duration, summary.requests,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout, summary.bytes))
  o:close()
end
"""


def run_wrk(base: str, mix: list[tuple[str, str]], clients: int, seconds: float) -> dict:
    """Per-endpoint latencies (seconds), errors and duration from one wrk run."""
    with tempfile.TemporaryDirectory(prefix="rasad-wrk-") as d:
        urls_lua, script, out = Path(d) / "urls.lua", Path(d) / "mix.lua", Path(d) / "out"
        urls_lua.write_text("return {\n" + "".join(f'{{"{n}", "{p}"}},\n' for n, p in mix) + "}\n")
        script.write_text(LUA)
        env = dict(os.environ, RASAD_LOAD_URLS=str(urls_lua), RASAD_LOAD_OUT=str(out))
        cmd = ["wrk", "-t", str(clients), "-c", str(clients), "-d", f"{seconds:g}s", "--timeout", "30s",
               "-s", str(script), base]
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 120)
        if r.returncode != 0 or not out.exists():
            raise RuntimeError(f"wrk failed (exit {r.returncode}): {r.stderr or r.stdout}")
        f = [int(x) for x in out.read_text().split()[1:]]
        duration, socket_errors = f[0] / 1e6, f[2] + f[3] + f[4] + f[6]  # connect, read, write, timeout
        lat: dict[str, list[float]] = {}
        errors: dict[str, int] = {}
        for part in Path(d).glob("out.*"):
            for line in part.read_text().splitlines():
                name, us, status = line.split()
                lat.setdefault(name, []).append(int(us) / 1e6)
                if int(status) >= 400:
                    errors[name] = errors.get(name, 0) + 1
    return {"lat": lat, "errors": errors, "socket_errors": socket_errors, "duration": duration,
            "tool": f"wrk {clients} threads x 1 connection, Lua-timed per endpoint"}


def run_httpx(base: str, mix: list[tuple[str, str]], clients: int, seconds: float) -> dict:
    """The same with asyncio + httpx, for machines without wrk."""
    import httpx

    lat: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    socket_errors = 0

    async def client(k: int, stop: float) -> None:
        nonlocal socket_errors
        i = k * 97 % len(mix)
        async with httpx.AsyncClient(base_url=base, timeout=30) as c:
            while time.perf_counter() < stop:
                i = (i + 1) % len(mix)
                name, path = mix[i]
                t = time.perf_counter()
                try:
                    r = await c.get(path)
                except httpx.HTTPError:
                    socket_errors += 1
                    continue
                lat.setdefault(name, []).append(time.perf_counter() - t)
                if r.status_code >= 400:
                    errors[name] = errors.get(name, 0) + 1

    async def main() -> float:
        t0 = time.perf_counter()
        stop = t0 + seconds
        await asyncio.gather(*(client(k, stop) for k in range(clients)))
        return time.perf_counter() - t0

    duration = asyncio.run(main())
    return {"lat": lat, "errors": errors, "socket_errors": socket_errors, "duration": duration,
            "tool": "asyncio + httpx"}


# -- 2., 4. server and report ------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"rasad serve exited with {proc.returncode}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("rasad serve did not come up")


def unloaded(base: str, mix: list[tuple[str, str]], per: int = 5) -> dict[str, float]:
    """Median latency of `per` sequential requests per endpoint (also warms the server up)."""
    import httpx

    out = {}
    with httpx.Client(base_url=base, timeout=60) as c:
        for name in ENDPOINTS:
            paths = [p for n, p in mix if n == name][:per]
            ts = []
            for p in paths:
                t = time.perf_counter()
                c.get(p).raise_for_status()
                ts.append(time.perf_counter() - t)
            out[name] = statistics.median(ts) * 1000 if ts else float("nan")
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000 if xs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=100_000, help="events in the database it builds")
    ap.add_argument("-c", type=int, default=50, help="concurrent clients (connections)")
    ap.add_argument("-t", type=float, default=30, help="seconds of load")
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "rasad-load-100k.db",
                    help="SQLite store to load; built (-n events) only when the file does not exist")
    ap.add_argument("--workers", type=int, default=2, help="rasad serve --workers (default: 2, the cores here)")
    ap.add_argument("--httpx", action="store_true", help="use the Python client even when wrk is there")
    ap.add_argument("--no-cache", action="store_true",
                    help="serve with RASAD_CACHE=0: every count and map layer computed afresh")
    a = ap.parse_args()

    if a.db.exists():  # never overwritten: it may be a real store
        have = event_count(a.db)
        print(f"reusing {a.db} ({have:,} events)")
        if have == 0:
            sys.exit(f"{a.db} holds no events; remove it or pass another --db to build one")
    else:
        build(a.db, a.n)
        have = a.n
    mix = url_mix(have)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, RASAD_CACHE="0" if a.no_cache else os.environ.get("RASAD_CACHE", "1"))
    srv = subprocess.Popen([sys.executable, "-m", "rasad.cli", "serve", "--db", str(a.db), "--port", str(port),
                            "--workers", str(a.workers), "--log-level", "warning"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        wait_up(base, srv)
        cold = unloaded(base, mix)
        use_wrk = shutil.which("wrk") and not a.httpx
        res = (run_wrk if use_wrk else run_httpx)(base, mix, a.c, a.t)
    finally:
        srv.terminate()
        try:
            srv.wait(timeout=15)
        except subprocess.TimeoutExpired:
            srv.kill()
    lat, errors, dur = res["lat"], res["errors"], res["duration"]
    allx = [x for xs in lat.values() for x in xs]
    n_err = sum(errors.values()) + res["socket_errors"]
    cache = "caches off (RASAD_CACHE=0)" if env["RASAD_CACHE"] == "0" else "caches on"
    print(f"\n{have:,}-event SQLite store; rasad serve --workers {a.workers}, {cache}; {os.cpu_count()} cores "
          f"shared with the load generator")
    print(f"load: {res['tool']}; {a.c} clients for {dur:.1f} s")
    print(f"{len(allx):,} requests, {len(allx) / dur:.1f} req/s, errors: {n_err} "
          f"({sum(errors.values())} HTTP >= 400, {res['socket_errors']} socket/timeouts)")
    print(f"\n{'endpoint':16s} {'requests':>8s} {'req/s':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} "
          f"{'errors':>6s} {'alone ms':>9s}")
    for k in ENDPOINTS:
        xs = lat.get(k, [])
        print(f"{k:16s} {len(xs):8d} {len(xs) / dur:7.1f} {pct(xs, .5):8.0f} {pct(xs, .95):8.0f} "
              f"{pct(xs, .99):8.0f} {errors.get(k, 0):6d} {cold.get(k, float('nan')):9.0f}")
    print(f"{'overall':16s} {len(allx):8d} {len(allx) / dur:7.1f} {pct(allx, .5):8.0f} {pct(allx, .95):8.0f} "
          f"{pct(allx, .99):8.0f} {n_err:6d}")
    print("\n'alone ms': median of 5 sequential requests before the load (no concurrency)")


if __name__ == "__main__":
    main()
