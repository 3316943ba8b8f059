"""Web archives (.warc, .warc.gz, .arc, .arc.gz) with warcio: each archived HTML page becomes an Article.

Streaming, one record at a time. Only `response` records (ARC records count as responses) with
an HTML Content-Type and a 2xx status are pages; other responses (images, scripts, redirects,
errors) are counted skips. `request`, `warcinfo`, `metadata`, `revisit`, `resource` and
`conversion` records hold no page of their own and are passed over without a count.

A gzip-compressed archive is gunzipped here (zlib), so per-record members and a whole file
gzipped at once both work, and a truncated or corrupt member ends the reading with
one counted skip — the pages read before it are kept. No record body is read past
MAX_RECORD_BYTES (after HTTP content-decoding), so a decompression bomb costs time, not memory.
"""
from __future__ import annotations

import io
import logging
import re
import zlib
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Optional

from rasad.ingest.html import HTMLSkip, article_from_html, charset_from_content_type
from rasad.ingest.jsonl import ReadStats
from rasad.model import Article

log = logging.getLogger(__name__)

MAX_RECORD_BYTES = 10_000_000
_DRAIN = 1 << 16
_PAGE_RECORDS = ("response",)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class _Corrupt(Exception):
    """The archive cannot be read past this point."""


class _GzipMembers(io.RawIOBase):
    """Gunzip a stream of one or more gzip members, a little at a time.

    Unlike gzip.GzipFile, it hands out every byte it could decompress before it raises, and it
    raises _Corrupt — not EOFError, which warcio takes for a clean end of the archive — when the
    data stops in the middle of a member or is not gzip. Output per call is capped, so a
    member that inflates a thousandfold does not inflate all at once in memory.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._d = zlib.decompressobj(31)
        self._pending = b""
        self._in_member = False

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()

    def readinto(self, b: Any) -> int:
        out = self._read(len(b))
        b[: len(out)] = out
        return len(out)

    def _more(self) -> bytes:
        data, self._pending = self._pending, b""
        return data or self._raw.read(1 << 16)

    def _read(self, n: int) -> bytes:
        while True:
            if self._in_member and self._d.unconsumed_tail:
                data = self._d.unconsumed_tail
            else:
                data = self._more()
                if not data:
                    if self._in_member:
                        raise _Corrupt("gzip data ends in the middle of a record")
                    return b""
            if not self._in_member:
                data = data.lstrip(b"\x00")  # zero padding between or after members
                while len(data) < 2:
                    more = self._raw.read(1 << 16)
                    if not more:
                        break
                    data = (data + more).lstrip(b"\x00")
                if not data:
                    return b""
                if not data.startswith(b"\x1f\x8b"):
                    raise _Corrupt("data after a gzip member is not gzip")
                self._d = zlib.decompressobj(31)
                self._in_member = True
            try:
                out = self._d.decompress(data, n)
            except zlib.error as exc:
                raise _Corrupt(f"corrupt gzip data ({exc})") from None
            if self._d.eof:
                self._pending = self._d.unused_data + self._pending
                self._in_member = False
            if out:
                return out


def _open(path: Path) -> BinaryIO:
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    if magic == b"\x1f\x8b":
        # unbuffered on purpose: a short read hands warcio the last good bytes before the error
        return _GzipMembers(f)  # type: ignore[return-value]
    return f


_ARC_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9+.-]*://\S+ ")


def _corrupt_reason(exc: BaseException) -> str:
    why = str(exc) if isinstance(exc, _Corrupt) else f"{type(exc).__name__}: {exc}"
    return f"corrupt or truncated archive ({why})"


def _looks_like_archive(head: bytes) -> bool:
    head = head.lstrip(b"\r\n")
    return head.startswith((b"WARC/", b"filedesc://")) or bool(_ARC_LINE.match(head))


def _drain(record: Any) -> None:
    """Read what is left of a record; a record shorter than its Content-Length is a truncated file."""
    raw = record.raw_stream
    while raw.read(_DRAIN):
        pass
    left = getattr(raw, "limit", 0)
    if isinstance(left, int) and left > 0:
        raise _Corrupt(f"record ends {left} bytes short of its Content-Length")


def _sniff_html(head: bytes) -> bool:
    return b"<html" in head[:1024].lower()


def _page(record: Any) -> tuple[Optional[Article], Optional[str]]:
    """(article, None) or (None, skip reason) for one response record; raises on a broken archive."""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    date = record.rec_headers.get_header("WARC-Date")
    http = record.http_headers
    status = http.get_statuscode() if http is not None else None
    if status and not str(status).startswith("2"):
        _drain(record)
        return None, f"HTTP status {status}"
    ctype = (http.get_header("Content-Type") if http is not None else None) or ""
    mime = ctype.split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES:  # an image or a script: not read at all
        _drain(record)
        return None, f"not HTML ({mime})"
    body = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if not mime and not _sniff_html(body):
        _drain(record)
        return None, "not HTML (no Content-Type)"
    if len(body) > MAX_RECORD_BYTES:
        _drain(record)
        return None, f"record too large (over {MAX_RECORD_BYTES} bytes)"
    _drain(record)  # before parsing: a truncated page is not an article
    try:
        return article_from_html(body, url=uri, published=date, encoding=charset_from_content_type(ctype)), None
    except HTMLSkip as exc:
        return None, str(exc)


def read_warc(path: Path, stats: ReadStats | None = None) -> Iterator[Article]:
    """Articles of the HTML pages archived in a WARC/ARC file, plain or gzipped, streaming."""
    from warcio.archiveiterator import ArchiveIterator

    stats = stats if stats is not None else ReadStats()
    path = Path(path)
    # warcio raises many kinds of error on a broken archive (ArchiveLoadFailed,
    # StatusAndHeadersParserException, zlib and EOF errors, and plain ValueError/IndexError on
    # mangled headers): any of them ends the reading with one counted skip, never a crash.
    errors = Exception
    try:
        with _open(path) as probe:
            head = probe.read(256)
    except _Corrupt as exc:
        stats.skip(str(path), f"corrupt or truncated archive ({exc})")
        return
    except OSError as exc:
        stats.skip(str(path), f"unreadable file ({exc.strerror or exc})")
        return
    if not head:
        stats.skip(str(path), "empty file")
        return
    if not _looks_like_archive(head):
        stats.skip(str(path), "not a WARC or ARC file")
        return
    class _Iterator(ArchiveIterator):  # type: ignore[misc, valid-type]
        INC_RECORD = ""  # warcio prints this to stderr itself; it goes to the log below instead

    stream = _open(path)
    with stream:
        archive = _Iterator(stream, arc2warc=True)
        records = iter(archive)
        n = 0
        while True:
            n += 1
            where = f"{path}#record{n}"
            before = archive.err_count
            try:
                record = next(records)
            except StopIteration:
                break
            except errors as exc:
                stats.skip(where, _corrupt_reason(exc))
                break
            if archive.err_count > before:
                log.warning("%s: the record before this one is longer than its Content-Length says", where)
            try:
                if record.rec_type is None:
                    raise _Corrupt("record without a WARC type")
                if record.rec_type not in _PAGE_RECORDS:
                    _drain(record)
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if uri:
                    where = f"{where} ({uri})"
                art, reason = _page(record)
            except errors as exc:
                stats.skip(where, _corrupt_reason(exc))
                break
            if art is None:
                stats.skip(where, reason or "no article")
                continue
            stats.read += 1
            yield art
