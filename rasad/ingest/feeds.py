"""RSS and Atom feeds (feedparser): one Article per entry, and `poll` for new entries of a feed URL.

Entry text is the entry's content, else its summary, with the HTML stripped; the title, link and
publication time (as the feed wrote it, offset kept) go with it. The id is the entry's own id
(RSS guid, Atom id), else its link, else a sha1 of the text.
"""
from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from os import PathLike
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional
from urllib.parse import urlsplit

from rasad.ingest.html import fragment_to_text, text_id
from rasad.ingest.jsonl import ReadStats
from rasad.ingest.language import document_problem
from rasad.model import Article

MAX_FEED_BYTES = 20_000_000
USER_AGENT = "rasad/0.1 (+feed reader)"


class FeedError(Exception):
    """A feed could not be fetched or is not a feed; the message says which and why."""


def _iso(raw: Optional[str], parsed: Any) -> Optional[str]:
    """A feed date as ISO 8601 with the feed's own UTC offset; feedparser's UTC tuple as fallback."""
    if raw:
        raw = raw.strip()
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
        try:
            return parsedate_to_datetime(raw).isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    if parsed:
        try:
            return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()
        except (TypeError, ValueError):
            pass
    return None


def _detail_text(detail: Any) -> str:
    value = (detail or {}).get("value") or ""
    kind = ((detail or {}).get("type") or "").lower()
    return value.strip() if kind == "text/plain" else fragment_to_text(value)


def entry_text(entry: Any) -> str:
    """The longest of an entry's content blocks, else its summary, as plain text."""
    texts = [_detail_text(c) for c in entry.get("content") or []]
    texts = [t for t in texts if t]
    if texts:
        return max(texts, key=len)
    if entry.get("summary_detail"):
        return _detail_text(entry["summary_detail"])
    return fragment_to_text(entry.get("summary") or "")


def entry_keys(entry: Any) -> list[str]:
    """What identifies an entry for `seen`: its id and its link."""
    return [k for k in (entry.get("id"), entry.get("link")) if isinstance(k, str) and k]


def article_from_entry(entry: Any, source: Optional[str] = None) -> Article:
    """An Article from one feedparser entry; raises ValueError with the skip reason."""
    text = entry_text(entry)
    problem = document_problem(text)
    if problem:
        raise ValueError(problem)
    title = fragment_to_text(entry.get("title") or "") or None
    link = entry.get("link") or None
    keys = entry_keys(entry)
    pub = _iso(entry.get("published"), entry.get("published_parsed")) or _iso(entry.get("updated"),
                                                                              entry.get("updated_parsed"))
    return Article(id=keys[0] if keys else text_id(text), text=text, published=pub, title=title,
                   url=link, source=source)


def _parse(data: bytes, name: str, content_type: Optional[str] = None) -> Any:
    import feedparser

    headers = {"content-type": content_type} if content_type else None
    try:
        d = feedparser.parse(data, response_headers=headers)
    except Exception as exc:  # feedparser is lenient; anything it still raises is a bad feed
        raise FeedError(f"{name}: not an RSS/Atom feed ({type(exc).__name__}: {exc})") from None
    if not d.get("version"):
        why = d.get("bozo_exception")
        raise FeedError(f"{name}: not an RSS/Atom feed" + (f" ({why})" if why else ""))
    return d


def _articles(d: Any, name: str, stats: ReadStats, seen: Optional[set[str]] = None) -> Iterator[Article]:
    source = fragment_to_text(d.feed.get("title") or "") or None
    for n, entry in enumerate(d.entries, start=1):
        keys = entry_keys(entry) or [text_id(entry_text(entry))]
        if seen is not None:
            if any(k in seen for k in keys):
                continue
            seen.update(keys)
        where = f"{name}#entry{n}" + (f" ({keys[0]})" if keys else "")
        try:
            art = article_from_entry(entry, source)
        except ValueError as exc:
            stats.skip(where, str(exc))
            continue
        stats.read += 1
        yield art


def _looks_like_document(s: str) -> bool:
    return s.lstrip().startswith("<") or "\n" in s


def read_feed(source: str | bytes | PathLike, stats: ReadStats | None = None) -> Iterator[Article]:
    """Articles of an RSS or Atom feed given as a file path, the feed's bytes or its text.

    Nothing is fetched here (use `poll` for URLs). A file that is not a feed is one counted skip.
    """
    stats = stats if stats is not None else ReadStats()
    if isinstance(source, bytes):
        name, data = "<feed>", source
    elif isinstance(source, str) and _looks_like_document(source):
        name, data = "<feed>", source.encode("utf-8")
    else:
        path = Path(source)
        name = str(path)
        try:
            size = path.stat().st_size
            if size > MAX_FEED_BYTES:
                stats.skip(name, f"feed too large ({size} bytes > {MAX_FEED_BYTES})")
                return
            data = path.read_bytes()
        except OSError as exc:
            stats.skip(name, f"unreadable file ({exc.strerror or exc})")
            return
    try:
        d = _parse(data, name)
    except FeedError as exc:
        stats.skip(name, str(exc).removeprefix(f"{name}: "))
        return
    yield from _articles(d, name, stats)


def fetch(url: str, timeout: float = 10.0, max_bytes: int = MAX_FEED_BYTES) -> tuple[bytes, Optional[str]]:
    """The body and Content-Type of `url`; FeedError on timeout, HTTP error, or a body too large."""
    scheme = urlsplit(url).scheme.lower() if isinstance(url, str) else ""
    if scheme not in ("http", "https", "file"):
        raise FeedError(f"{url}: cannot fetch (not an http, https or file URL)")
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": (
        "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")})
    try:
        deadline = time.monotonic() + timeout
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            ctype = resp.headers.get("Content-Type")
            chunks: list[bytes] = []
            got = 0
            while got <= max_bytes:  # a server that trickles bytes must not hold the caller forever
                chunk = resp.read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
                if time.monotonic() > deadline:
                    raise TimeoutError
            data = b"".join(chunks)
    except urllib.error.HTTPError as exc:
        raise FeedError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (socket.timeout, TimeoutError):
        raise FeedError(f"{url}: timed out after {timeout:g} s") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (socket.timeout, TimeoutError)):
            raise FeedError(f"{url}: timed out after {timeout:g} s") from None
        raise FeedError(f"{url}: cannot fetch ({exc.reason})") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # refused, reset, bad URL, broken HTTP
        raise FeedError(f"{url}: cannot fetch ({type(exc).__name__}: {exc})") from None
    if len(data) > max_bytes:
        raise FeedError(f"{url}: feed larger than {max_bytes} bytes")
    return data, ctype


def poll(url: str, seen: set[str], timeout: float = 10.0, stats: ReadStats | None = None) -> list[Article]:
    """The Arabic articles of the feed at `url` whose id or link is not in `seen`.

    `seen` is updated with the id and link of every entry looked at (skipped ones too, so a
    non-Arabic entry is reported once, not at every poll). Raises FeedError — never anything
    else for network or content trouble — when the feed cannot be fetched in `timeout` seconds,
    the server answers with an error, or the body is not RSS/Atom; a watch loop catches it and
    polls again later.
    """
    stats = stats if stats is not None else ReadStats()
    data, ctype = fetch(url, timeout)
    d = _parse(data, url, ctype)
    return list(_articles(d, url, stats, seen))


def poll_many(urls: Iterable[str], seen: set[str], timeout: float = 10.0,
              stats: ReadStats | None = None) -> tuple[list[Article], dict[str, str]]:
    """`poll` over several feeds: the new articles of all, and {url: error} for those that failed."""
    out: list[Article] = []
    errors: dict[str, str] = {}
    for url in urls:
        try:
            out.extend(poll(url, seen, timeout, stats))
        except FeedError as exc:
            errors[url] = str(exc)
    return out, errors
