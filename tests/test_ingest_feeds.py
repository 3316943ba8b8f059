"""RSS and Atom feeds: entries to Articles; `poll` against a local HTTP server (new entries, timeouts, garbage)."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rasad.ingest import FeedError, ReadStats, poll, read_any, read_feed
from rasad.ingest.feeds import poll_many

T1 = "سقطت قذيفة هاون على حي سكني في مدينة الموصل مساء أمس ما أدى إلى إصابة ثلاثة مدنيين."
T2 = "نظم العشرات من الخريجين وقفة احتجاجية أمام مبنى محافظة البصرة للمطالبة بفرص عمل."
T3 = "اندلعت اشتباكات مسلحة بين عشيرتين في ناحية الفهود بمحافظة ذي قار استخدمت فيها أسلحة متوسطة."
EN = "Police said the protest ended peacefully after two hours and no arrests were made."


def item(n, text, title="خبر", pub="Mon, 11 Mar 2024 09:30:00 +0300", guid=True):
    g = f"<guid>https://example.org/a/{n}</guid>" if guid else ""
    return (f"<item><title>{title} {n}</title><link>https://example.org/a/{n}</link>{g}"
            f"<pubDate>{pub}</pubDate><description><![CDATA[{text}]]></description></item>")


def rss(*items, encoding="utf-8"):
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
            f"<title>أخبار الرصد</title><link>https://example.org/</link><description>آخر الأخبار</description>"
            + "".join(items) + "</channel></rss>").encode(encoding)


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>وكالة الأنباء</title><id>urn:uuid:feed-1</id><updated>2024-03-11T10:00:00+03:00</updated>
  <entry>
    <title>اشتباكات في ذي قار</title>
    <id>tag:example.org,2024:entry-1</id>
    <link rel="alternate" href="https://example.org/b/1"/>
    <published>2024-03-11T08:00:00+03:00</published><updated>2024-03-11T09:45:00+03:00</updated>
    <summary>ملخص قصير</summary>
    <content type="html">&lt;p&gt;{T3}&lt;/p&gt;&lt;p&gt;ولم ترد أنباء عن إصابات.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Protest</title><id>tag:example.org,2024:entry-2</id><link href="https://example.org/b/2"/>
    <updated>2024-03-11T09:00:00Z</updated>
    <content type="text">{EN}</content>
  </entry>
  <entry>
    <title>بلا معرف</title><link href="https://example.org/b/3"/><updated>2024-03-11T07:00:00Z</updated>
    <content type="text">{T2}</content>
  </entry>
</feed>""".encode("utf-8")


def quiet():
    return ReadStats(report=lambda m: None)


def test_rss_entries_in_windows_1256(tmp_path):
    p = tmp_path / "feed.rss"
    p.write_bytes(rss(item(1, f"<p>{T1}</p><script>alert(1)</script><p>وفتحت الشرطة تحقيقا.</p>"),
                      item(2, EN, title="Protest"),
                      item(3, "", title="صورة اليوم"),
                      item(4, f"<div>{T2}</div>", pub="Mon, 11 Mar 2024 06:00:00 GMT", guid=False),
                      encoding="windows-1256"))
    msgs = []
    stats = ReadStats(report=msgs.append)
    arts = list(read_feed(p, stats))
    assert [a.id for a in arts] == ["https://example.org/a/1", "https://example.org/a/4"]
    a = arts[0]
    assert a.text == T1 + "\nوفتحت الشرطة تحقيقا."
    assert (a.title, a.url, a.source) == ("خبر 1", "https://example.org/a/1", "أخبار الرصد")
    assert a.published == "2024-03-11T09:30:00+03:00" and a.published_date.isoformat() == "2024-03-11"
    assert arts[1].published == "2024-03-11T06:00:00+00:00" and arts[1].text == T2
    assert stats.read == 2 and stats.reasons == {"not Arabic": 1, "empty text": 1}
    assert any(m.startswith(f"{p}#entry2 (https://example.org/a/2): skipped: not Arabic") for m in msgs)


def test_atom_content_over_summary_and_ids():
    stats = quiet()
    arts = list(read_feed(ATOM, stats))
    assert [a.id for a in arts] == ["tag:example.org,2024:entry-1", "https://example.org/b/3"]
    a = arts[0]
    assert a.text == T3 + "\nولم ترد أنباء عن إصابات."
    assert (a.title, a.url, a.source) == ("اشتباكات في ذي قار", "https://example.org/b/1", "وكالة الأنباء")
    assert a.published == "2024-03-11T08:00:00+03:00"  # published, not updated
    assert arts[1].published == "2024-03-11T07:00:00+00:00"  # only updated: that one
    assert stats.reasons == {"not Arabic": 1}


def test_sources_path_str_bytes_give_same_articles(tmp_path):
    p = tmp_path / "feed.atom"
    p.write_bytes(ATOM)
    ids = [a.id for a in read_feed(p, quiet())]
    assert ids == [a.id for a in read_feed(str(p), quiet())]
    assert ids == [a.id for a in read_feed(ATOM.decode("utf-8"), quiet())]
    assert ids == [a.id for a in read_feed(ATOM, quiet())]


@pytest.mark.parametrize("data", [b"\x00\xff\xfe garbage", "<html><body><p>ليست خلاصة</p></body></html>".encode(), b"",
                                  b'{"id": 1}'])
def test_not_a_feed_is_one_counted_skip(tmp_path, data):
    p = tmp_path / "bad.xml"
    p.write_bytes(data)
    msgs = []
    stats = ReadStats(report=msgs.append)
    assert list(read_feed(p, stats)) == []
    assert stats.skipped == 1 and stats.reasons == {"not an RSS/Atom feed": 1}
    assert msgs[0].startswith(f"{p}: skipped: not an RSS/Atom feed")


def test_read_any_dispatches_feed_endings(tmp_path):
    for name in ("a.xml", "b.rss", "c.atom", "d.feed"):
        (tmp_path / name).write_bytes(ATOM)
    stats = quiet()
    for name in ("a.xml", "b.rss", "c.atom", "d.feed"):
        assert len(list(read_any(tmp_path / name, stats=stats))) == 2


def test_stable_ids_without_guid_or_link():
    feed = rss(f"<item><title>بلا رابط</title><description>{T1}</description></item>")
    a1 = list(read_feed(feed, quiet()))
    a2 = list(read_feed(feed, quiet()))
    assert a1[0].id == a2[0].id and a1[0].id.startswith("sha1:")


# --- poll() against a local server ---

class _Server:
    """routes: path -> (status, body bytes, delay seconds)."""

    def __init__(self):
        self.routes = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, body, delay = routes.get(self.path, (404, b"not found", 0))
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch):
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    s = _Server()
    yield s
    s.close()


def test_poll_returns_only_new_entries(server):
    server.routes["/feed"] = (200, rss(item(1, T1), item(2, EN)), 0)
    seen: set[str] = set()
    stats = quiet()
    first = poll(server.base + "/feed", seen, timeout=5, stats=stats)
    assert [a.id for a in first] == ["https://example.org/a/1"]
    assert stats.reasons == {"not Arabic": 1}
    assert poll(server.base + "/feed", seen, timeout=5, stats=stats) == []
    assert stats.reasons == {"not Arabic": 1}  # the English entry is reported once, not at every poll
    server.routes["/feed"] = (200, rss(item(3, T3), item(1, T1), item(2, EN)), 0)
    assert [a.id for a in poll(server.base + "/feed", seen, timeout=5)] == ["https://example.org/a/3"]
    assert {"https://example.org/a/1", "https://example.org/a/2", "https://example.org/a/3"} <= seen


def test_poll_seen_by_link_or_id(server):
    server.routes["/atom"] = (200, ATOM, 0)
    seen = {"https://example.org/b/1"}  # known by its link, though its id is a tag: URI
    assert [a.id for a in poll(server.base + "/atom", seen, timeout=5)] == ["https://example.org/b/3"]


def test_poll_timeout_is_a_feed_error(server):
    server.routes["/slow"] = (200, rss(item(1, T1)), 3)
    t0 = time.monotonic()
    with pytest.raises(FeedError, match="timed out after 0.5 s"):
        poll(server.base + "/slow", set(), timeout=0.5)
    assert time.monotonic() - t0 < 2.5


@pytest.mark.parametrize("status,body,match", [
    (200, b"\x89PNG\r\n\x1a\n\x00\x00garbage", "not an RSS/Atom feed"),
    (200, b"<html><body>maintenance</body></html>", "not an RSS/Atom feed"),
    (500, b"oops", "HTTP 500"),
])
def test_poll_garbage_and_errors_are_feed_errors(server, status, body, match):
    server.routes["/bad"] = (status, body, 0)
    with pytest.raises(FeedError, match=match):
        poll(server.base + "/bad", set(), timeout=5)


def test_poll_unreachable_and_bad_urls(server):
    port = server.httpd.server_address[1]
    server.close()
    with pytest.raises(FeedError, match="cannot fetch"):
        poll(f"http://127.0.0.1:{port}/feed", set(), timeout=2)
    with pytest.raises(FeedError, match="cannot fetch"):
        poll("not a url", set(), timeout=2)
    server.__init__()  # a fresh server for the fixture to close


def test_a_watch_loop_survives_bad_feeds(server):
    server.routes["/good"] = (200, rss(item(1, T1), item(2, T2)), 0)
    server.routes["/garbage"] = (200, b"\x00\x01\x02", 0)
    server.routes["/slow"] = (200, rss(item(9, T3)), 3)
    seen: set[str] = set()
    urls = [server.base + p for p in ("/garbage", "/slow", "/good", "/missing")]
    arts, errors = poll_many(urls, seen, timeout=0.5)
    assert [a.id for a in arts] == ["https://example.org/a/1", "https://example.org/a/2"]
    assert sorted(errors) == sorted(server.base + p for p in ("/garbage", "/slow", "/missing"))
    assert "HTTP 404" in errors[server.base + "/missing"]
