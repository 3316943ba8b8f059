"""Faults caused for real, not mocked, while `rasad ingest` or `rasad watch` runs as a subprocess:

(a) another process holds SQLite's write lock (BEGIN IMMEDIATE and a write in a second connection);
(b) the disk fills up (SQLite's max_page_count through a connect hook; a real full tmpfs as root);
(c) the PostgreSQL test server is restarted mid-run (pg_ctl restart -m fast; left running);
(d) feeds that time out, return garbage or fail, next to one that works;
(e) SIGTERM to `rasad watch`, between rounds and in the middle of one.

After each fault the run either finishes or stops with a clear error (exit ≠ 0, no traceback), the
database holds whole batches only, and running the same command again ends with exactly the
database of an uninterrupted run. The Arabic reports are written for this file.
"""
from __future__ import annotations

import glob
import json
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import pytest
from sqlalchemy import create_engine, func, select as sa_select, text

from rasad.store import db_url, schema
from storekit import PG_URL, fresh_pg_url, dump

RASAD = [sys.executable, "-m", "rasad.cli"]
N = 240      # reports per ingest run (about 2.5 s on SQLite)
BATCH = 4    # --batch: small, so a fault lands between and inside batches

TOWNS = ["مدينة الفلوجة", "قضاء تلعفر غربي نينوى", "مدينة بعقوبة", "قضاء الحويجة جنوب غربي كركوك",
         "ناحية جرف الصخر شمالي بابل", "مدينة سامراء", "قضاء هيت غربي الأنبار", "مدينة الكوت"]
KINDS = ["سقطت قذيفة هاون على حي سكني في {t} وأدت إلى مقتل {k} مدنيين",
         "هاجم مسلحون نقطة تفتيش للجيش في {t} فقتلوا {k} جنود",
         "استهدفت غارة جوية مخبأ لمسلحين في {t} وقتلت {k} منهم",
         "خرج المئات في مسيرة سلمية في {t} احتجاجا على شح المياه"]


def reports(n: int, tag: str = "f") -> list[dict]:
    """`n` distinct short Arabic reports, a few a day across Iraq in May 2025."""
    out = []
    for i in range(n):
        day = 1 + (i // 5) % 28
        body = KINDS[(i // 2) % len(KINDS)].format(t=TOWNS[i % len(TOWNS)], k=2 + i % 6)
        out.append({"id": f"{tag}{i:04d}", "published": f"2025-05-{day:02d}", "source": f"مراسل {i % 3}",
                    "url": f"https://example.net/{tag}/{i}",
                    "text": f"{body} يوم {day} أيار 2025، وفق ما ذكره مراسلنا. (نشرة {tag} رقم {i})"})
    return out


def _write(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for r in reports(n):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def _count(url: str) -> int:
    eng = create_engine(db_url(url))
    try:
        with eng.connect() as c:
            return c.execute(sa_select(func.count()).select_from(schema.articles)).scalar_one()
    except Exception:  # not created yet, locked, server restarting
        return -1
    finally:
        eng.dispose()


def _assert_whole(url: str) -> int:
    """No half-stored article or event: each article has its n_events sources, each event its
    n_sources. Returns the number of articles."""
    eng = create_engine(db_url(url))
    a, s, e = schema.articles, schema.event_sources, schema.events
    with eng.connect() as c:
        per_article = dict(c.execute(sa_select(s.c.article_id, func.count()).group_by(s.c.article_id)).all())
        per_event = dict(c.execute(sa_select(s.c.event_id, func.count()).group_by(s.c.event_id)).all())
        arts = c.execute(sa_select(a.c.id, a.c.n_events, a.c.status)).all()
        evs = c.execute(sa_select(e.c.id, e.c.n_sources)).all()
    eng.dispose()
    for aid, n, status in arts:
        assert per_article.get(aid, 0) == (n if status == "ok" else 0), aid
    assert set(per_article) <= {aid for aid, _, _ in arts}
    for eid, n in evs:
        assert per_event.get(eid) == n, eid
    assert set(per_event) == {eid for eid, _ in evs}
    return len(arts)


def _ingest(src: Path, url: str, *, cmd: list[str] = RASAD, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(cmd + ["ingest", str(src), "--db", url, "--batch", str(BATCH), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def _run(args: list[str], timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kw)


def _wait_for(pred, timeout: float, what: str, poll: float = 0.03) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(poll)


def _clean_failure(p: subprocess.CompletedProcess | tuple[int, str], needle: str) -> None:
    rc, err = (p.returncode, p.stderr) if isinstance(p, subprocess.CompletedProcess) else p
    assert rc != 0, err
    assert needle in err, err
    assert "run the same command again" in err and "Traceback" not in err, err


@pytest.fixture(scope="module")
def sqlite_ref(tmp_path_factory):
    """The corpus and the database of one uninterrupted SQLite run over it."""
    d = tmp_path_factory.mktemp("faults-ref")
    src = _write(d / "in.jsonl", N)
    url = str(d / "ref.db")
    p = _run(RASAD + ["ingest", str(src), "--db", url, "--batch", str(BATCH), "--no-progress"])
    assert p.returncode == 0, p.stderr
    return src, url, dump(url)


# -- (a) a SQLite database locked by another process ------------------------------------------

HOLDER = r"""
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
c.execute("BEGIN IMMEDIATE")  # the write lock: other writers wait for it
c.execute("INSERT OR REPLACE INTO users (name, role, created_at) VALUES ('lock-holder', 'reviewer', '2025-05-01')")
print("locked", flush=True)
sys.stdin.readline() if sys.argv[2] == "stdin" else time.sleep(float(sys.argv[2]))
c.execute("COMMIT")
print("released", flush=True)
"""


def _hold(path: str, how: str) -> subprocess.Popen:
    """Another process that takes the write lock (waiting for it if need be), writes, and holds it."""
    p = subprocess.Popen([sys.executable, "-c", HOLDER, path, how], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    ready, _, _ = select.select([p.stdout], [], [], 30)
    assert ready and p.stdout.readline().strip() == "locked", p.stderr.read()
    return p


def test_a_lock_held_for_a_while_makes_ingest_wait_and_finish(tmp_path, sqlite_ref):
    src, _, ref = sqlite_ref
    url = str(tmp_path / "w.db")
    assert _run(RASAD + ["db", "migrate", "--db", url]).returncode == 0
    holder = _hold(url, "2.0")  # commits a write after 2 s
    t0 = time.monotonic()
    p = _ingest(src, url, env={"RASAD_SQLITE_TIMEOUT": "20"})
    out, err = p.communicate(timeout=120)
    waited = time.monotonic() - t0
    holder.communicate(timeout=30)
    assert p.returncode == 0, err
    assert waited >= 1.5  # it waited for the lock rather than failing
    assert dump(url) == ref


def test_a_lock_held_too_long_is_a_clear_error_and_a_rerun_stores_each_article_once(tmp_path, sqlite_ref):
    src, _, ref = sqlite_ref
    url = str(tmp_path / "l.db")
    p = _ingest(src, url, env={"RASAD_SQLITE_TIMEOUT": "1"})
    _wait_for(lambda: _count(url) >= 40 or p.poll() is not None, 60, "the first batches")
    assert p.poll() is None, "ingest ended before the lock was taken; give it more articles"
    holder = _hold(url, "stdin")  # taken between two batches, held until we say
    out, err = p.communicate(timeout=60)
    holder.communicate("go\n", timeout=30)
    _clean_failure((p.returncode, err), "database is locked")
    n = _assert_whole(url)
    assert 40 <= n < N and n % BATCH == 0  # whole batches only
    p = _run(RASAD + ["ingest", str(src), "--db", url, "--batch", str(BATCH), "--no-progress"])
    assert p.returncode == 0, p.stderr
    assert f"{n} already known" in p.stderr
    assert dump(url) == ref


def _ingest_all(srcs: list[Path], url: str) -> list[tuple[int, str]]:
    ps = [_ingest(s, url, env={"RASAD_SQLITE_TIMEOUT": "30"}) for s in srcs]
    errs = [p.communicate(timeout=120)[1] for p in ps]
    return [(p.returncode, err) for p, err in zip(ps, errs)]


def test_two_ingests_of_the_same_file_at_once_store_each_article_once(tmp_path, sqlite_ref):
    """Another writer storing the same articles: each is stored once; an ingest that loses the race
    for an article stops with a clear error (the batch in hand rolled back) and a rerun finishes."""
    src, _, _ = sqlite_ref
    url = str(tmp_path / "two.db")
    assert _run(RASAD + ["db", "migrate", "--db", url]).returncode == 0
    for rc, err in _ingest_all([src, src], url):
        if rc != 0:
            _clean_failure((rc, err), "UNIQUE constraint failed")
    p = _run(RASAD + ["ingest", str(src), "--db", url, "--batch", str(BATCH), "--no-progress"])
    assert p.returncode == 0 and f"{N} already known" in p.stderr, p.stderr
    assert _assert_whole(url) == N
    eng = create_engine(db_url(url))
    with eng.connect() as c:
        assert c.execute(text("SELECT COUNT(DISTINCT text_hash) FROM articles")).scalar_one() == N
    eng.dispose()


def test_two_ingests_at_once_number_their_sources_uniquely(tmp_path):
    rows = reports(16, "q")
    srcs = []
    for k in range(2):
        srcs.append(tmp_path / f"part{k}.jsonl")
        srcs[-1].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[k::2]), encoding="utf-8")
    url = str(tmp_path / "seq.db")
    assert _run(RASAD + ["db", "migrate", "--db", url]).returncode == 0
    holder = _hold(url, "4.0")  # both runs reach their first write while a third writer holds the lock
    results = _ingest_all(srcs, url)
    holder.communicate(timeout=30)
    assert all(rc == 0 for rc, _ in results), results
    c = sqlite3.connect(url)
    n, distinct = c.execute("SELECT COUNT(*), COUNT(DISTINCT seq) FROM event_sources").fetchone()
    c.close()
    assert n == 16
    assert distinct == n, f"{n - distinct} repeated seq values"


# -- (b) the disk fills up --------------------------------------------------------------------

CAPPED = r"""
import os, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

@event.listens_for(Engine, "connect")  # every SQLite connection the run opens: a small «disk»
def _cap(dbapi_conn, _record):
    dbapi_conn.execute("PRAGMA max_page_count = %d" % int(os.environ["FAULT_MAX_PAGES"]))

from rasad.cli import main
sys.argv[0] = "rasad"
main()
"""


def _pages(path: str) -> int:
    c = sqlite3.connect(path)
    try:
        return c.execute("PRAGMA page_count").fetchone()[0]
    finally:
        c.close()


def test_max_page_count_does_not_persist(tmp_path):
    """Why (b) sets it through a connect hook: the pragma lasts as long as the connection."""
    path = str(tmp_path / "p.db")
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE t (x)")
    c.execute("PRAGMA max_page_count = 5")
    c.close()
    c = sqlite3.connect(path)
    assert c.execute("PRAGMA max_page_count").fetchone()[0] > 1_000_000
    c.close()


def test_disk_full_is_a_clear_error_no_partial_batch_and_a_rerun_finishes(tmp_path, sqlite_ref):
    src, ref_url, ref = sqlite_ref
    url = str(tmp_path / "full.db")
    assert _run(RASAD + ["db", "migrate", "--db", url]).returncode == 0
    empty = _pages(url)
    room = (_pages(ref_url) - empty) // 3  # the disk fills about a third of the way through
    p = _ingest(src, url, cmd=[sys.executable, "-c", CAPPED], env={"FAULT_MAX_PAGES": str(empty + room)})
    out, err = p.communicate(timeout=120)
    _clean_failure((p.returncode, err), "database or disk is full")
    n = _assert_whole(url)
    assert 0 < n < N and n % BATCH == 0
    p = _run(RASAD + ["ingest", str(src), "--db", url, "--batch", str(BATCH), "--no-progress"])  # space freed
    assert p.returncode == 0, p.stderr
    assert f"{n} already known" in p.stderr
    assert dump(url) == ref


@pytest.fixture
def small_tmpfs(tmp_path):
    """A real filesystem (tmpfs) this process may resize, when it may mount one (root)."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_a_really_full_filesystem_is_a_clear_error_and_a_rerun_after_freeing_finishes(small_tmpfs, sqlite_ref):
    src, _, ref = sqlite_ref
    url = str(small_tmpfs / "full.db")
    assert _run(RASAD + ["db", "migrate", "--db", url]).returncode == 0
    st = os.statvfs(small_tmpfs)
    used = (st.f_blocks - st.f_bfree) * st.f_frsize
    r = subprocess.run(["mount", "-o", f"remount,size={used // 1024 + 256}k", str(small_tmpfs)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr  # the schema and 256 KiB to spare
    p = _ingest(src, url)
    out, err = p.communicate(timeout=120)
    _clean_failure((p.returncode, err), "database or disk is full")
    n = _assert_whole(url)
    assert 0 < n < N and n % BATCH == 0
    r = subprocess.run(["mount", "-o", "remount,size=64m", str(small_tmpfs)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr  # space freed
    p = _run(RASAD + ["ingest", str(src), "--db", url, "--batch", str(BATCH), "--no-progress"])
    assert p.returncode == 0, p.stderr
    assert f"{n} already known" in p.stderr
    assert dump(url) == ref


# -- (c) PostgreSQL restarted mid-run ---------------------------------------------------------

def _pg_admin_url() -> str:
    return PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)


def _pg_server() -> tuple[str, str]:
    """(bin directory, data directory) of the running test server, asked of the server itself."""
    eng = create_engine(_pg_admin_url())
    try:
        with eng.connect() as c:
            data = c.execute(text("SHOW data_directory")).scalar_one()
            major = int(c.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    finally:
        eng.dispose()
    bindir = f"/usr/lib/postgresql/{major}/bin"
    if not os.path.isdir(bindir):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
        bindir = found[-1] if found else os.path.dirname(shutil.which("pg_ctl") or "/usr/bin/pg_ctl")
    return bindir, data


def _as_postgres(cmd: str) -> subprocess.CompletedProcess:
    argv = ["su", "postgres", "-s", "/bin/sh", "-c", cmd] if os.geteuid() == 0 else ["sh", "-c", cmd]
    return subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, timeout=120)


def _pg_up() -> bool:
    eng = create_engine(_pg_admin_url())
    try:
        with eng.connect() as c:
            return c.execute(text("SELECT 1")).scalar_one() == 1
    except Exception:
        return False
    finally:
        eng.dispose()


@pytest.fixture
def pg_server():
    """The test server's directories; whatever the test does, the server is up again afterwards."""
    fresh_pg_url()  # fails clearly when the CI hook has not started it
    bindir, data = _pg_server()
    if os.geteuid() != 0 and not os.access(data, os.W_OK):
        pytest.skip("restarting the PostgreSQL test server needs root or its owner")
    yield bindir, data
    if not _pg_up():
        _as_postgres(f"'{bindir}/pg_ctl' -D '{data}' -l '{data}/server.log' -w start")
    if not _pg_up():
        subprocess.run(["bash", str(Path(__file__).resolve().parent.parent / "scripts/ci.d/20-postgres.sh")],
                       capture_output=True, timeout=300)
    assert _pg_up(), "the PostgreSQL test server is down after the restart test"


def test_postgres_restarted_mid_run_then_a_rerun_equals_an_uninterrupted_run(tmp_path, pg_server):
    bindir, data = pg_server
    src = _write(tmp_path / "in.jsonl", 300)
    whole, hit = fresh_pg_url(), fresh_pg_url()
    p = _run(RASAD + ["ingest", str(src), "--db", whole, "--batch", str(BATCH), "--no-progress"])
    assert p.returncode == 0, p.stderr

    p = _ingest(src, hit)
    _wait_for(lambda: _count(hit) >= 60 or p.poll() is not None, 120, "the first batches")
    assert p.poll() is None, "ingest ended before the restart; give it more articles"
    r = _as_postgres(f"'{bindir}/pg_ctl' -D '{data}' -l '{data}/server.log' restart -m fast -w")
    assert r.returncode == 0, r.stderr
    out, err = p.communicate(timeout=120)
    if p.returncode != 0:  # the server went away under a statement: a clean, explained stop
        _clean_failure((p.returncode, err), "database error")
    n = _assert_whole(hit)
    assert n >= 60 and (n == 300 or n % BATCH == 0)
    p = _run(RASAD + ["ingest", str(src), "--db", hit, "--batch", str(BATCH), "--no-progress"])
    assert p.returncode == 0, p.stderr
    assert f"{n} already known" in p.stderr
    assert dump(hit) == dump(whole)
    assert _pg_up()


# -- (d), (e) feeds for `rasad watch` ---------------------------------------------------------

def _rss(tag: str, n: int) -> bytes:
    items = []
    for r in reports(n, tag):
        day = int(r["published"][-2:])
        pub = format_datetime(datetime(2025, 5, day, 9, 0, tzinfo=timezone.utc))
        items.append(f"<item><title>{escape(r['text'][:40])}</title><link>{r['url']}</link>"
                     f"<guid>{r['url']}</guid><pubDate>{pub}</pubDate>"
                     f"<description>{escape(r['text'])}</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>نشرة {tag}</title><link>https://example.net/{tag}</link><description>أخبار</description>"
            + "".join(items) + "</channel></rss>").encode("utf-8")


class _Feeds(BaseHTTPRequestHandler):
    """/rss?tag=T&n=N a good feed; /slow?s=S answers after S seconds; /garbage bytes that are no
    feed; /html a web page; /error an HTTP 500."""

    seen: list = []  # the paths asked for, in order (a test may wait for its first request)

    def do_GET(self) -> None:
        _Feeds.seen.append(self.path)
        u = urlsplit(self.path)
        qs = {k: v[0] for k, v in parse_qs(u.query).items()}
        status, ctype, body = 200, "application/rss+xml; charset=utf-8", b""
        if u.path == "/rss":
            body = _rss(qs.get("tag", "w"), int(qs.get("n", "10")))
        elif u.path == "/slow":
            time.sleep(float(qs.get("s", "5")))
            body = _rss("slow", 3)
        elif u.path == "/garbage":
            body = bytes((i * 131 + 7) % 256 for i in range(4096))
        elif u.path == "/html":
            ctype, body = "text/html; charset=utf-8", "<html><body><p>الصفحة غير موجودة</p></body></html>".encode()
        else:
            status, ctype, body = 500, "text/plain", b"internal error"
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (timeout): nothing to do
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def feeds():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Feeds)
    srv.daemon_threads = True
    srv.block_on_close = False
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _watch(url: str, feeds: list[str], *extra: str) -> subprocess.Popen:
    return subprocess.Popen(RASAD + ["watch", *feeds, "--db", url, *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_watch_once_reports_slow_and_garbage_feeds_and_ingests_the_others(tmp_path, feeds):
    url = str(tmp_path / "w.db")
    bad = [f"{feeds}/slow?s=6", f"{feeds}/garbage", f"{feeds}/html", f"{feeds}/error"]
    t0 = time.monotonic()
    p = _run(RASAD + ["watch", *bad[:2], f"{feeds}/rss?tag=a&n=12", *bad[2:], f"{feeds}/rss?tag=b&n=5",
                      "--db", url, "--once", "--timeout", "1"], timeout=60)
    assert p.returncode == 0, p.stderr
    assert time.monotonic() - t0 < 20  # the slow feed cost its timeout, not its 6 s
    err = p.stderr
    assert "slow?s=6: timed out after 1 s" in err
    assert "/garbage: not an RSS/Atom feed" in err and "/html: not an RSS/Atom feed" in err
    assert "/error: HTTP 500" in err
    assert "17 stored" in err and "4 feeds failed" in err and "Traceback" not in err
    assert _assert_whole(url) == 17
    ids = {r[0] for r in dump(url)["articles"]}
    assert ids == {f"https://example.net/a/{i}" for i in range(12)} | {f"https://example.net/b/{i}" for i in range(5)}


def test_sigterm_between_rounds_exits_0_promptly_and_loses_nothing(tmp_path, feeds):
    url = str(tmp_path / "t.db")
    p = _watch(url, [f"{feeds}/rss?tag=c&n=20"], "--interval", "3600")
    _wait_for(lambda: _count(url) == 20 or p.poll() is not None, 60, "the first round")
    time.sleep(0.3)  # into the hour-long wait
    t0 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    assert time.monotonic() - t0 < 2.0
    assert "round 1: 20 new entries, 20 stored" in err
    assert _assert_whole(url) == 20


def test_sigterm_in_the_middle_of_a_round_keeps_whole_batches_and_a_restart_completes(tmp_path, feeds):
    feed = f"{feeds}/rss?tag=d&n=400"
    ref = str(tmp_path / "ref.db")
    r = _run(RASAD + ["watch", feed, "--db", ref, "--once"])
    assert r.returncode == 0, r.stderr
    url = str(tmp_path / "t.db")
    p = _watch(url, [feed], "--interval", "3600")
    _wait_for(lambda: _count(url) > 0 or p.poll() is not None, 60, "the first batch")
    assert p.poll() is None
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    n = _assert_whole(url)
    assert 0 < n < 400 and n % 64 == 0, (n, err)  # watch commits 64 articles a batch
    r = _run(RASAD + ["watch", feed, "--db", url, "--once"])
    assert r.returncode == 0, r.stderr
    assert f"{400 - n} stored" in r.stderr
    assert dump(url) == dump(ref)


def test_sigterm_while_polling_slow_feeds_stops_within_one_timeout(tmp_path, feeds):
    url = str(tmp_path / "s.db")
    slow = [f"{feeds}/slow?s=8&k={k}&t=sigterm" for k in range(3)]
    p = _watch(url, slow, "--interval", "3600", "--timeout", "2")
    # wait until the first feed is being fetched (python started, handlers set), however busy the machine
    deadline = time.monotonic() + 60
    while not any("t=sigterm" in q for q in _Feeds.seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any("t=sigterm" in q for q in _Feeds.seen), "the watcher never asked for a feed"
    t0 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    took = time.monotonic() - t0
    assert p.returncode == 0, err
    assert took < 2 + 1.5, f"stopped {took:.1f} s after SIGTERM"


# -- (f) `rasad serve --workers N`: keep-alive responses are not held back ---------------------

def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("workers", [1, 2])
def test_keep_alive_requests_are_answered_without_a_40_ms_stall(tmp_path, workers):
    import http.client

    url = str(tmp_path / "s.db")
    assert _run(RASAD + ["db", "migrate", "--db", url]).returncode == 0
    port = _free_port()
    srv = subprocess.Popen(RASAD + ["serve", "--db", url, "--port", str(port), "--workers", str(workers),
                                    "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

        def get() -> float:
            t = time.perf_counter()
            conn.request("GET", "/api/meta")
            r = conn.getresponse()
            r.read()
            assert r.status == 200
            return time.perf_counter() - t

        def up() -> bool:
            try:
                get()
                return True
            except (OSError, http.client.HTTPException):
                conn.close()
                return False

        _wait_for(up, 60, "rasad serve", poll=0.2)
        took = sorted(get() for _ in range(9))  # one connection, kept alive
        conn.close()
    finally:
        srv.terminate()
        srv.wait(timeout=20)
    assert took[4] < 0.025, f"median {took[4] * 1000:.0f} ms per keep-alive request"


def test_the_served_protocol_turns_nagle_off_on_each_connection():
    import socket

    from rasad.api.server import NoDelayHTTPProtocol

    from uvicorn.config import Config
    from uvicorn.server import ServerState

    class Transport:  # what uvicorn asks of asyncio's transport when a connection is made
        def __init__(self, sock):
            self.sock = sock

        def get_extra_info(self, name, default=None):
            return {"socket": self.sock, "sockname": self.sock.getsockname(),
                    "peername": self.sock.getpeername()}.get(name, default)

        def is_closing(self):
            return False

    config = Config(app=lambda scope, receive, send: None, log_level="warning")
    config.load()
    with socket.socket() as listener:  # protocol 0, as uvicorn's worker processes bind it
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()):
            conn, _ = listener.accept()
            with conn:
                assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
                proto = NoDelayHTTPProtocol(config=config, server_state=ServerState(), app_state={})
                proto.connection_made(Transport(conn))
                assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
