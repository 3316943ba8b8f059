"""Readers: files in, Article records out; bad records reported and counted, never fatal."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional

from rasad.ingest.jsonl import ReadStats, read_jsonl
from rasad.ingest.text import read_text
from rasad.model import Article


def read_any(path: Path, published: Optional[str] = None, stats: ReadStats | None = None) -> Iterator[Article]:
    """Articles from a .jsonl/.json file or a .txt file, chosen by the file's ending."""
    stats = stats if stats is not None else ReadStats()
    if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        yield from read_jsonl(path, stats)
    else:
        yield from read_text(path, published, stats)


__all__ = ["ReadStats", "read_any", "read_jsonl", "read_text"]
