"""Extraction for the API, bounded: worker processes off the event loop, a time budget per
request, and a rate limit for anonymous callers that every server process shares.

    ex = Extractor(slots=2, budget=10.0)
    events = ex.run(article)      # blocks this thread; ExtractionTooLong past the budget
    ex.close()

Each slot is one worker process (spawned, low CPU priority, models loaded before its first
request). A request that outlives the budget has its worker killed and replaced, so a text that
costs minutes holds nothing after the budget."""
from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import sqlite3
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Optional

from rasad.model import Article, Event

log = logging.getLogger("rasad.api")

WARM_TEXT = "انفجرت عبوة ناسفة في بغداد"


class ExtractionBusy(Exception):
    """No worker came free in time."""


class ExtractionTooLong(Exception):
    """The text was not read within the budget (its worker was replaced)."""


class ExtractionFailed(Exception):
    """The extractor raised on this text."""


def _watch_parent(parent: int, every: float = 1.0) -> None:
    """End this worker when the server that started it is gone (killed, or exited without closing
    its workers): a worker never outlives its server."""
    while True:
        time.sleep(every)
        if os.getppid() != parent:
            os._exit(0)


def _start_worker() -> None:
    """In a new worker: lower its CPU priority below the server's, load the pipeline and models."""
    threading.Thread(target=_watch_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()
    try:
        os.nice(10)  # reads and the event loop come first when the cores are busy
    except OSError:
        pass
    _extract_rendered(Article(id="warm", text=WARM_TEXT, published="2025-01-01"))  # tables, models, encoder


def _extract(art: Article) -> list[Event]:
    from rasad.pipeline import extract_article
    return extract_article(art)


def _extract_rendered(art: Article) -> bytes:
    """The events of `art` as the API's JSON answer, rendered in the worker: the server passes the
    bytes on, and never holds its interpreter for the seconds thousands of events take to encode."""
    import json

    from fastapi.encoders import jsonable_encoder

    from rasad.api.views import full
    out = {"events": [full(ev, "pending", 1, lambda _aid: None) for ev in _extract(art)]}
    return json.dumps(jsonable_encoder(out), ensure_ascii=False).encode("utf-8")


class _Slot:
    """One worker process (a one-process pool), warmed up before it takes a request."""

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker)
        self.ready: Future = self.pool.submit(int)  # starts the process and its initializer

    def kill(self) -> None:
        """Stop the worker now, whatever it is doing."""
        for p in list(getattr(self.pool, "_processes", {}).values()):
            try:
                p.kill()
            except Exception:  # already gone
                pass
        self.pool.shutdown(wait=False, cancel_futures=True)


class Extractor:
    """`slots` worker processes; `run` gives each request at most `budget` seconds of one."""

    def __init__(self, slots: int, budget: float, wait: float = 60.0):
        self.budget = budget
        self.wait = wait
        self.size = slots
        self._free: "queue.Queue[_Slot]" = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._generation = 0  # close() ends one; the next request starts the workers again

    def _start(self) -> None:
        with self._lock:
            if not self._started:
                for _ in range(self.size):
                    self._free.put(_Slot(self._generation))
                self._started = True

    def run(self, art: Article, rendered: bool = False):
        """The events of one article, read by a worker within the budget (`rendered`: as the API's
        JSON answer, bytes)."""
        self._start()
        try:
            slot = self._free.get(timeout=self.wait)
        except queue.Empty:
            log.warning("no extraction worker came free in %g s", self.wait)
            raise ExtractionBusy() from None
        replace = False
        try:
            slot.ready.result(timeout=self.wait)  # a fresh worker loads its models first
            fut = slot.pool.submit(_extract_rendered if rendered else _extract, art)
            try:
                return fut.result(timeout=self.budget)
            except FutureTimeout:
                replace = True
                log.warning("extraction of %d characters passed the %g s budget: worker replaced",
                            len(art.text), self.budget)
                raise ExtractionTooLong() from None
            except BrokenProcessPool:
                replace = True
                raise ExtractionFailed("the worker died") from None
            except Exception as exc:
                raise ExtractionFailed(str(exc)) from exc
        except (FutureTimeout, BrokenProcessPool) as exc:  # the worker never came up
            replace = True
            log.error("an extraction worker did not start: %r", exc)
            raise ExtractionBusy() from None
        finally:
            if slot.generation != self._generation:  # closed meanwhile
                slot.kill()
            elif replace:
                slot.kill()
                self._free.put(_Slot(slot.generation))
            else:
                self._free.put(slot)

    def close(self) -> None:
        """Stop every worker (a later request starts them again)."""
        with self._lock:
            self._generation += 1
            self._started = False
        while True:
            try:
                self._free.get_nowait().kill()
            except queue.Empty:
                return


class RateLimit:
    """At most `limit` requests per client in `window` seconds, counted in a SQLite file that
    every server process on the machine opens, so `rasad serve --workers N` shares one count."""

    def __init__(self, path: Path, limit: int, window: float = 60.0):
        self.path = path
        self.limit = limit
        self.window = window
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as c:
            c.execute("CREATE TABLE IF NOT EXISTS hits (client TEXT NOT NULL, at REAL NOT NULL)")
            c.execute("CREATE INDEX IF NOT EXISTS hits_client ON hits (client, at)")

    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10.0, isolation_level=None)

    def take(self, client: str) -> Optional[int]:
        """Count one request by `client`; None when allowed, else the seconds to wait."""
        if self.limit <= 0:
            return None
        now = time.time()
        c = self._db()
        try:
            c.execute("BEGIN IMMEDIATE")  # one process at a time between the count and the insert
            c.execute("DELETE FROM hits WHERE at <= ?", (now - self.window,))
            n, first = c.execute("SELECT count(*), min(at) FROM hits WHERE client = ?", (client,)).fetchone()
            if n >= self.limit:
                c.execute("COMMIT")
                return max(1, int(first + self.window - now) + 1)
            c.execute("INSERT INTO hits VALUES (?, ?)", (client, now))
            c.execute("COMMIT")
            return None
        finally:
            c.close()
