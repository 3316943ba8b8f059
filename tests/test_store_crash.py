"""A run killed with SIGKILL half way and started again ends with exactly the database of an
uninterrupted run — on SQLite and on the PostgreSQL test server. Also: SIGTERM stops cleanly."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from rasad.store import db_url, schema
from storekit import corpus, fresh_pg_url, dump

RASAD = [sys.executable, "-m", "rasad.cli"]


def _write(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for a in corpus(n):
            f.write(json.dumps({"id": a.id, "text": a.text, "published": a.published, "source": a.source,
                                "url": a.url}, ensure_ascii=False) + "\n")


def _count(url: str) -> int:
    eng = create_engine(db_url(url))
    try:
        with eng.connect() as c:
            return c.execute(select(func.count()).select_from(schema.articles)).scalar_one()
    except Exception:
        return 0
    finally:
        eng.dispose()


def _ingest(src: Path, url: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(RASAD + ["ingest", str(src), "--db", url, "--batch", "4", "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_mid_run_then_restart_equals_uninterrupted(tmp_path, backend):
    src = tmp_path / "in.jsonl"
    _write(src, 240)
    new = (lambda name: str(tmp_path / f"{name}.db")) if backend == "sqlite" else (lambda name: fresh_pg_url())
    whole, killed = new("whole"), new("killed")
    p = _ingest(src, whole)
    assert p.wait(timeout=300) == 0, p.stderr.read()

    p = _ingest(src, killed)
    deadline = time.monotonic() + 120
    while _count(killed) < 40 and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert p.poll() is None, "ingest ended before it could be killed; give it more articles"
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    part = _count(killed)
    assert 0 < part < 240
    p = _ingest(src, killed)
    out, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    assert f"{part} already known" in err
    assert dump(killed) == dump(whole)


def test_sigterm_stops_after_the_batch_in_hand(tmp_path):
    src = tmp_path / "in.jsonl"
    _write(src, 240)
    url = str(tmp_path / "t.db")
    p = _ingest(src, url)
    deadline = time.monotonic() + 120
    while _count(url) < 20 and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0 and "stopped by signal" in err
    n = _count(url)
    assert n % 4 == 0 and n < 240  # whole batches only
    p = _ingest(src, url)
    p.communicate(timeout=300)
    assert _count(url) == 240


def test_a_locked_database_is_a_clear_error_and_a_rerun_finishes(tmp_path):
    import sqlite3

    src = tmp_path / "in.jsonl"
    _write(src, 12)
    url = str(tmp_path / "l.db")
    p = _ingest(src, url)
    p.communicate(timeout=120)  # create the schema and store 12
    _write(src, 30)
    lock = sqlite3.connect(url, timeout=1)
    lock.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    env = dict(os.environ, RASAD_SQLITE_TIMEOUT="1")
    p = subprocess.Popen(RASAD + ["ingest", str(src), "--db", url, "--no-progress"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    out, err = p.communicate(timeout=120)
    lock.rollback()
    lock.close()
    assert p.returncode != 0 and "database error" in err and "run the same command again" in err
    assert "Traceback" not in err
    p = _ingest(src, url)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0 and _count(url) == 30
