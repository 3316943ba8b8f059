"""Extraction on several cores, in input order: output identical to a single-worker run."""
from __future__ import annotations

import multiprocessing as mp
from itertools import islice
from typing import Iterable, Iterator, Optional

from rasad.model import Article, Event


def _work(batch: list[Article]) -> list[tuple[Article, Optional[list[Event]], Optional[str]]]:
    from rasad.pipeline import extract_article

    out = []
    for art in batch:
        try:
            out.append((art, extract_article(art), None))
        except Exception as exc:  # reported by the caller, the run goes on
            out.append((art, None, repr(exc)))
    return out


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while True:
        b = list(islice(it, size))
        if not b:
            return
        yield b


def extract_parallel(articles: Iterable[Article], workers: int,
                     chunk: int = 32) -> Iterator[tuple[Article, Optional[list[Event]], Optional[str]]]:
    """(article, events or None, error or None) for each article, in input order, streaming."""
    if workers <= 1:
        for b in _batches(articles, chunk):
            yield from _work(b)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    from rasad.mentions.matcher import default_matcher

    default_matcher()  # build once; forked workers share it
    with ctx.Pool(workers) as pool:
        for res in pool.imap(_work, _batches(articles, chunk), chunksize=1):
            yield from res
