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


INPUT_FORMATS = ("jsonl", "telegram", "html", "feed", "warc", "text")
# A plain-text article far longer than any news report: named in a warning (probably not one article).
LONG_TEXT_BYTES = 100_000


def _sniff(path: Path) -> str:
    """The reader for a file from its first bytes: a first line that is a JSON object means JSON
    Lines (a Telegram export's object: the export), the WARC magic or gzip a WARC, a feed's root a
    feed, «<html»/«<!doctype» HTML; plain text otherwise."""
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
    except OSError:
        return "text"
    low = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if low.startswith(b"{"):
        if is_telegram_export(path):
            return "telegram"
        first = low.split(b"\n", 1)[0].strip()
        try:
            if isinstance(json.loads(first.decode("utf-8", "replace")), dict):
                return "jsonl"
        except ValueError:
            pass
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
    if kind == "text":
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        if size > LONG_TEXT_BYTES:
            stats.report(f"{path}: warning: {size:,} bytes of plain text read as ONE article "
                         "(far longer than a news report; give --input-format if it is another format)")
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


def read_any(path: Path, published: Optional[str] = None, stats: ReadStats | None = None,
             fmt: Optional[str] = None) -> Iterator[Article]:
    """Articles of a file, or of every readable file under a directory.

    `fmt` (one of INPUT_FORMATS) forces the reader. Otherwise: .jsonl/.ndjson/.json JSON Lines (a
    .json holding a Telegram export is read as one), .html/.htm, .warc/.warc.gz/.arc/.arc.gz,
    .xml/.rss/.atom feeds; a file named on its own that ends in .txt or anything else is read by
    its content (JSON Lines, Telegram export, WARC, feed, HTML, else plain text); inside a
    directory, files of other endings are counted skips. Hidden files and directories are passed
    over. `published` is the fallback date for text and HTML inputs that carry none.
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
    if fmt is not None:
        if fmt not in INPUT_FORMATS:
            raise ValueError(f"unknown input format {fmt!r} (one of {', '.join(INPUT_FORMATS)})")
        kind = fmt
    else:
        kind = _kind(path)
        if kind in (None, "text"):
            kind = _sniff(path)  # «posts.txt» holding JSON Lines is JSON Lines
    yield from _read(path, kind, published, stats)


def read_inputs(inputs, published: Optional[str] = None, stats: ReadStats | None = None,
                fmt: Optional[str] = None, stdin=None) -> Iterator[Article]:
    """Articles of every input in turn: paths, or «-» for standard input (`stdin`, bytes)."""
    for path in inputs:
        if str(path) == "-":
            import sys

            yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer, published, stats, fmt)
        else:
            yield from read_any(Path(path), published, stats, fmt)


def read_stdin(stream, published: Optional[str] = None, stats: ReadStats | None = None,
               fmt: Optional[str] = None) -> Iterator[Article]:
    """Articles of standard input (`rasad extract -`): spooled to a temporary file, then read by
    content like a file with no ending."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="rasad-stdin-") as tmp:
        path = Path(tmp) / "stdin"
        with open(path, "wb") as out:
            shutil.copyfileobj(stream, out)
        yield from read_any(path, published, stats, fmt)


__all__ = ["Article", "FeedError", "INPUT_FORMATS", "ReadStats", "article_from_html", "is_arabic",
           "is_telegram_export", "poll", "read_any", "read_inputs", "read_stdin", "read_feed", "read_html", "read_jsonl", "read_telegram_export", "read_text", "read_warc"]
