"""Readers: files in, Article records out; bad records reported and counted, never fatal.

Every reader is a generator of `rasad.model.Article` taking an optional `ReadStats`, and skips
documents that are empty or not Arabic with a counted reason. `read_any` picks the reader by
the file's ending (docs/ingest.md lists them) and walks directories.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator, Optional

from rasad.ingest.feeds import FeedError, poll, read_feed
from rasad.ingest.html import article_from_html, read_html
from rasad.ingest.jsonl import ReadStats, read_jsonl
from rasad.ingest.language import is_arabic
from rasad.ingest.telegram import read_telegram_export
from rasad.ingest.text import read_text
from rasad.ingest.warc import read_warc
from rasad.model import Article

JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
TEXT_SUFFIXES = (".txt",)

_TG_KEYS = re.compile(rb'"(?:messages|chats)"\s*:')


def is_telegram_export(path: Path) -> bool:
    """True for a .json file holding one JSON object with "messages" (or "chats"): a Telegram export."""
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return False
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not body.startswith(b"{"):
        return False
    first = body.split(b"\n", 1)[0]
    try:
        obj = json.loads(first)
    except ValueError:  # an object spread over lines (pretty-printed), or one longer than the head
        return bool(_TG_KEYS.search(head))
    return isinstance(obj, dict) and ("messages" in obj or "chats" in obj) and "text" not in obj


def _kind(path: Path) -> Optional[str]:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".json":
        return "telegram" if is_telegram_export(path) else "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _sniff(path: Path) -> str:
    """The reader for a file with an unknown ending, from its first bytes (plain text by default)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return "text"
    low = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if low.startswith((b"warc/", b"filedesc://")):
        return "warc"
    if low.startswith(b"\x1f\x8b"):
        return "warc"  # gzip: the only compressed input Rasad reads
    if low.startswith(b"<") and re.search(rb"<(?:rss|feed|rdf:rdf)\b", low):
        return "feed"
    if low.startswith(b"<") and re.search(rb"<(?:!doctype html|html)\b", low):
        return "html"
    return "text"


def _read(path: Path, kind: str, published: Optional[str], stats: ReadStats) -> Iterator[Article]:
    if kind == "jsonl":
        yield from read_jsonl(path, stats)
    elif kind == "telegram":
        yield from read_telegram_export(path, stats)
    elif kind == "html":
        yield from read_html(path, stats, published=published)
    elif kind == "feed":
        yield from read_feed(path, stats)
    elif kind == "warc":
        yield from read_warc(path, stats)
    else:
        yield from read_text(path, published, stats)


def read_any(path: Path, published: Optional[str] = None, stats: ReadStats | None = None) -> Iterator[Article]:
    """Articles of a file, chosen by its ending, or of every readable file under a directory.

    .jsonl/.ndjson/.json JSON Lines (a .json holding a Telegram export is read as one),
    .html/.htm, .warc/.warc.gz/.arc/.arc.gz, .xml/.rss/.atom feeds, .txt. A file named on its
    own with another ending is sniffed (WARC, feed, HTML) and otherwise read as text; inside a
    directory such files are counted skips. Hidden files and directories are passed over.
    `published` is the fallback date for .txt and .html inputs that carry none.
    """
    stats = stats if stats is not None else ReadStats()
    path = Path(path)
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            rel = child.relative_to(path)
            if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                continue
            kind = _kind(child)
            if kind is None:
                stats.skip(str(child), f"unsupported file type ({child.suffix or 'no extension'})")
                continue
            yield from _read(child, kind, published, stats)
        return
    if not path.exists():
        stats.skip(str(path), "no such file")
        return
    yield from _read(path, _kind(path) or _sniff(path), published, stats)


__all__ = ["Article", "FeedError", "ReadStats", "article_from_html", "is_arabic", "is_telegram_export", "poll",
           "read_any", "read_feed", "read_html", "read_jsonl", "read_telegram_export", "read_text", "read_warc"]
