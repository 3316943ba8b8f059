"""Extraction on several cores, in input order: output identical to a single-worker run.

`extract_parallel(articles, workers)` yields one `(article, events, error)` triple per
input article, in input order, whatever the number of workers:

* `events` is the list `extract_article` returned, or None when it raised; then `error`
  says why (``repr`` of the exception, or that the worker process died). One bad article
  never ends the run.
* Articles travel to the workers in chunks of `chunk`; at most `2 × workers` chunks are in
  flight, so memory stays bounded however long the input is (the input iterator is read
  only as fast as results are consumed).
* Lexicons and the gazetteer are loaded once per worker process: with the ``fork`` start
  method (Linux) they are built once in the parent and shared copy-on-write; elsewhere
  each worker builds them once in its initializer.
* A worker that dies (killed, out of memory, a crash in C code) loses the chunks in flight;
  they are run again in a fresh pool, and a chunk that kills its worker a second time is
  run one article at a time, so only the article that kills a worker is reported failed.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Iterable, Iterator, Optional

from rasad.model import Article, Event

Result = tuple[Article, Optional[list[Event]], Optional[str]]
Outcome = tuple[Optional[list[Event]], Optional[str]]


def warm_up() -> None:
    """Build everything `extract_article` loads lazily (lexicons, gazetteer, patterns), once."""
    from rasad.pipeline import extract

    # one throw-away article touches every lazily built table: matcher + gazetteer,
    # time-expression patterns, number words, casualty nouns, ISO admin1 codes
    extract("قتل شخصان وأصيب ثلاثة آخرون في قصف على بغداد أمس.", "2024-01-02")
    from rasad.learn.models import shipped

    shipped()  # the trained layer's weights, read once


def _extract_one(art: Article, learned: Optional[bool] = None) -> Outcome:
    from rasad.pipeline import extract_article

    try:
        return (extract_article(art) if learned is None else extract_article(art, learned=learned)), None
    except Exception as exc:  # reported by the caller, the run goes on
        return None, repr(exc)


def _work(batch: list[Article], learned: Optional[bool] = None) -> list[Outcome]:
    """Worker side: the events (or error) of each article of a chunk, in order."""
    return [_extract_one(a, learned) for a in batch]


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while True:
        b = list(islice(it, size))
        if not b:
            return
        yield b


def _context() -> mp.context.BaseContext:
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _init_worker() -> None:
    warm_up()  # a no-op after fork: the parent built the tables already
    gc.freeze()  # the collector leaves the shared tables alone, so their pages stay shared


def _pool(workers: int) -> ProcessPoolExecutor:
    ctx = _context()
    if ctx.get_start_method() == "fork":
        warm_up()  # built once here, shared copy-on-write by every forked worker
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)


def _died(exc: BaseException) -> str:
    return f"worker process died: {exc!r}"


def _rerun(batch: list[Article], learned: Optional[bool] = None) -> list[Outcome]:
    """A chunk lost with a dead worker, again in a fresh pool; article by article if it kills again."""
    pool = _pool(1)
    try:
        return pool.submit(_work, batch, learned).result()
    except BrokenProcessPool:
        pass
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    out: list[Outcome] = []
    pool = _pool(1)
    try:
        for art in batch:
            try:
                out.append(pool.submit(_work, [art], learned).result()[0])
            except BrokenProcessPool as exc:
                out.append((None, _died(exc)))
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(1)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return out


def extract_parallel(articles: Iterable[Article], workers: int, chunk: int = 32,
                     learned: Optional[bool] = None) -> Iterator[Result]:
    """(article, events or None, error or None) for each article, in input order, streaming
    (`learned=False`: the rules alone)."""
    chunk = max(1, chunk)
    batches = _batches(articles, chunk)
    first = next(batches, None)
    second = next(batches, None) if first is not None and workers > 1 else None
    if second is None:  # one worker, or too little input to be worth a pool
        for b in ([first] if first is not None else []):
            for art in b:
                yield (art, *_extract_one(art, learned))
        for b in batches:  # workers <= 1: the rest, in this process
            for art in b:
                yield (art, *_extract_one(art, learned))
        return

    def all_batches() -> Iterator[list[Article]]:
        yield first
        yield second
        yield from batches

    todo = all_batches()
    pending: deque[tuple[list[Article], Future]] = deque()
    pool = _pool(workers)
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * workers:
                b = next(todo, None)
                if b is None:
                    exhausted = True
                    break
                pending.append((b, pool.submit(_work, b, learned)))
            if not pending:
                return
            b, fut = pending.popleft()
            try:
                res = fut.result()
            except BrokenProcessPool:
                # a worker died: every chunk in flight is lost. Run them again, in order, in
                # fresh pools; then go on with a fresh pool for the rest of the input.
                pool.shutdown(wait=True, cancel_futures=True)
                lost = [b] + [pb for pb, _ in pending]
                pending.clear()
                for rb in lost:
                    for art, outcome in zip(rb, _rerun(rb, learned)):
                        yield (art, *outcome)
                pool = _pool(workers)
                continue
            for art, (evs, err) in zip(b, res):
                yield art, evs, err
    finally:
        for _, fut in pending:
            fut.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
