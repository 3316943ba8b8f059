"""HTML pages: the article's main text, title, date and URL, with trafilatura doing the boilerplate removal.

`article_from_html` is the one place HTML turns into an Article; the WARC reader calls it for
every archived page. Decoding is done here, before trafilatura sees the page: a byte-order mark,
then valid UTF-8, then the charset the HTTP header or the page declares, then charset_normalizer's
guess — so a Windows-1256 page reads as Arabic, not as mojibake.
"""
from __future__ import annotations

import codecs
import hashlib
import logging
import re
from datetime import datetime
from pathlib import Path
from typing import Iterator, Optional
from urllib.parse import urlsplit

from rasad.ingest.jsonl import ReadStats
from rasad.ingest.language import document_problem
from rasad.model import Article

log = logging.getLogger(__name__)

MAX_HTML_BYTES = 5_000_000


class HTMLSkip(ValueError):
    """A page that gives no article; the message is the skip reason."""


def text_id(text: str, prefix: str = "sha1") -> str:
    """A short, stable id for a document that has none of its own: sha1 of its text."""
    return f"{prefix}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}"


# --- decoding ---------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _codec(name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("'\"")).name
    except LookupError:
        return None


def charset_from_content_type(content_type: Optional[str]) -> Optional[str]:
    """The charset of an HTTP Content-Type header («text/html; charset=windows-1256»), if any."""
    m = _HEADER_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def decode_html(data: bytes, encoding: Optional[str] = None) -> str:
    """Bytes of a page to text: BOM, valid UTF-8, declared charset (HTTP, then <meta>), detection."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:8192])
    declared = [_codec(encoding), _codec(m.group(1).decode("ascii", "ignore") if m else None)]
    for name in declared:
        if name and name not in ("utf-8", "utf-16", "utf-32"):
            try:
                return data.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace")
    except Exception as exc:  # detection is a best effort; never lose the page over it
        log.debug("charset detection failed: %s", exc)
    return data.decode("utf-8", errors="replace")


# --- metadata trafilatura does not give as written ---------------------------------------------

_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_PUB_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
             "publish-date", "dc.date.issued", "dcterms.issued", "parsely-pub-date", "sailthru.date")
_JSONLD_PUB = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_TIME_TAG = re.compile(r"<time\b[^>]*(?:itemprop\s*=\s*[\"']?datePublished|pubdate)[^>]*>", re.IGNORECASE)


def _iso_datetime(value: str) -> Optional[str]:
    """An ISO 8601 timestamp with a time of day, as the page wrote it (offset kept), else None."""
    v = value.strip()
    if len(v) <= 10:
        return None
    try:
        dt = datetime.fromisoformat(v.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if not (1990 <= dt.year <= 2100):
        return None
    return dt.isoformat()


def published_time(html: str) -> Optional[str]:
    """The publication timestamp a page declares (meta tags, JSON-LD, <time pubdate>), if it has a time."""
    head = html[:300_000]
    for tag in _META_TAG.findall(head):
        attrs = {k.lower(): (a or b or c) for k, a, b, c in _ATTR.findall(tag)}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in _PUB_KEYS and attrs.get("content"):
            got = _iso_datetime(attrs["content"])
            if got:
                return got
    m = _JSONLD_PUB.search(html[:1_000_000])
    if m and (got := _iso_datetime(m.group(1))):
        return got
    for tag in _TIME_TAG.findall(head):
        attrs = {k.lower(): (a or b or c) for k, a, b, c in _ATTR.findall(tag)}
        if attrs.get("datetime") and (got := _iso_datetime(attrs["datetime"])):
            return got
    return None


# --- HTML fragments (feed entries) --------------------------------------------------------------

_BLOCK = re.compile(r"(?i)<\s*(?:br|/?p|/?div|/?li|/?h[1-6]|/?tr|/?blockquote|/?section|/?article)\b")
_SCRIPT = re.compile(r"(?is)<(script|style|noscript)\b.*?</\1\s*>")


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed entry's content): tags gone, entities decoded, blocks on lines."""
    if not fragment or "<" not in fragment and "&" not in fragment:
        return (fragment or "").strip()
    import lxml.html

    marked = _BLOCK.sub(lambda m: "\n" + m.group(0), _SCRIPT.sub(" ", fragment))
    try:
        root = lxml.html.fragment_fromstring(marked, create_parent="div")
        for bad in root.xpath("//script|//style|//noscript"):
            bad.drop_tree()
        text = root.text_content()
    except Exception:  # not parseable: drop anything tag-like
        import html as _html

        text = _html.unescape(re.sub(r"<[^>]*>", " ", marked))
    lines = (re.sub(r"[ \t\u00a0\r\f\v]+", " ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


# --- pages --------------------------------------------------------------------------------------

def _drop_leading_title(text: str, title: Optional[str]) -> str:
    if not title:
        return text
    first, sep, rest = text.partition("\n")
    if sep and " ".join(first.split()) == " ".join(title.split()):
        return rest.lstrip("\n")
    return text


def _quiet_extractor_logs() -> None:
    """trafilatura and friends log each page they drop; the reader reports it as a skip instead."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        lg = logging.getLogger(name)
        if lg.level == logging.NOTSET:  # leave a level someone chose alone
            lg.setLevel(logging.CRITICAL)


def article_from_html(html: str | bytes, url: Optional[str] = None, fallback_id: Optional[str] = None,
                      published: Optional[str] = None, encoding: Optional[str] = None,
                      source: Optional[str] = None) -> Article:
    """The Article in one HTML page; raises HTMLSkip (a ValueError) with the reason when there is none.

    id: `url` if given, else the page's canonical URL, else `fallback_id`, else a sha1 of the text.
    published: the page's own publication timestamp or date; `published` is the fallback
    (the WARC reader passes the capture date). `encoding` is the HTTP header's charset, if known.
    """
    import trafilatura
    from trafilatura.settings import DEFAULT_CONFIG

    _quiet_extractor_logs()
    size = len(html.encode("utf-8") if isinstance(html, str) else html)
    if size > MAX_HTML_BYTES:
        raise HTMLSkip(f"page too large ({size} bytes > {MAX_HTML_BYTES})")
    doc = decode_html(html, encoding) if isinstance(html, bytes) else html
    doc = _XML_DECL.sub("", doc, count=1)  # lxml refuses str input with an encoding declaration
    if not doc.strip():
        raise HTMLSkip("empty page")
    try:
        res = trafilatura.bare_extraction(
            doc, url=url, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": datetime.now().strftime("%Y-%m-%d")},
            config=DEFAULT_CONFIG)
    except RecursionError:
        raise HTMLSkip("HTML nested too deeply") from None
    except Exception as exc:  # trafilatura/lxml on hostile input: a skip, never a crash
        raise HTMLSkip(f"unparsable HTML ({type(exc).__name__}: {exc})") from None
    if res is None or not (res.text or "").strip():
        raise HTMLSkip("no main text found")
    title = (res.title or "").strip() or None
    text = _drop_leading_title(res.text.strip(), title)
    problem = document_problem(text)
    if problem:
        raise HTMLSkip(problem)
    page_url = url or res.url or None
    aid = url or res.url or fallback_id or text_id(text)
    pub = published_time(doc) or res.date or published
    site = source or res.sitename or (urlsplit(page_url).hostname if page_url else None) or None
    return Article(id=aid, text=text, published=pub, title=title, url=page_url, source=site)


def read_html(path: Path, stats: ReadStats | None = None, url: Optional[str] = None,
              published: Optional[str] = None) -> Iterator[Article]:
    """The article of one saved HTML page (at most one); a page without one is a counted skip."""
    stats = stats if stats is not None else ReadStats()
    path = Path(path)
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_HTML_BYTES:
            stats.skip(where, f"page too large ({size} bytes > {MAX_HTML_BYTES})")
            return
        data = path.read_bytes()
    except OSError as exc:
        stats.skip(where, f"unreadable file ({exc.strerror or exc})")
        return
    try:
        art = article_from_html(data, url=url, published=published)
    except HTMLSkip as exc:
        stats.skip(where, str(exc))
        return
    stats.read += 1
    yield art
