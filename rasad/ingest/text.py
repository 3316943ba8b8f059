"""Plain-text articles: one file, one article; publication date given by the caller."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional

from rasad.ingest.jsonl import ReadStats
from rasad.ingest.language import not_arabic_reason
from rasad.model import Article


def read_text(path: Path, published: Optional[str] = None, stats: ReadStats | None = None) -> Iterator[Article]:
    """The article in a UTF-8 .txt file (id = file stem); undecodable files are skipped."""
    stats = stats if stats is not None else ReadStats()
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        stats.skip(str(path), "binary file")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        stats.skip(str(path), "not UTF-8")
        return
    if not text.strip():
        stats.skip(str(path), "empty file")
        return
    problem = not_arabic_reason(text)
    if problem:
        stats.skip(str(path), problem)
        return
    stats.read += 1
    yield Article(id=path.stem, text=text, published=published, source=None)
