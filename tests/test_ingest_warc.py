"""WARC archives: HTML responses to Articles; other records, truncation, corruption and bombs handled."""
import gzip
import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rasad.ingest import ReadStats, read_any, read_warc
from rasad.ingest import warc as warc_mod

A1 = ["أعلنت خلية الإعلام الأمني سقوط صاروخين من نوع كاتيوشا قرب مطار بغداد الدولي فجر اليوم.",
      "وأوضحت الخلية أن الصاروخين سقطا في منطقة زراعية مفتوحة ولم يسفرا عن أي خسائر بشرية أو مادية.",
      "وباشرت القوات الأمنية عمليات بحث عن منصة الإطلاق في المناطق المحيطة بالمطار."]
A2 = ["قتل شخصان وأصيب ثلاثة آخرون في هجوم مسلح استهدف نقطة تفتيش في ريف دير الزور الشرقي.",
      "وقالت مصادر محلية إن مسلحين مجهولين يستقلون دراجات نارية أطلقوا النار على عناصر النقطة ثم لاذوا بالفرار.",
      "وتشهد المنطقة منذ أشهر هجمات متكررة على الحواجز العسكرية."]
A3 = ["نفذ المئات من أهالي مدينة الناصرية وقفة احتجاجية أمام مبنى المحافظة تنديدا بانقطاع التيار الكهربائي.",
      "ورفع المحتجون لافتات تطالب الحكومة المحلية بإيجاد حلول عاجلة لأزمة الكهرباء قبل حلول الصيف.",
      "وانتهت الوقفة بشكل سلمي بعد ساعتين دون تسجيل أي احتكاك مع القوات الأمنية."]
EN = ["The ministry said on Tuesday that the new bridge would open to traffic next month after long delays.",
      "Engineers completed load tests last week, and officials expect the crossing to ease congestion downtown."]


def html(paras, title="خبر", charset="utf-8", date=None):
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f'<!DOCTYPE html><html lang="ar"><head><meta charset="{charset}"><title>{title}</title>{meta}</head>'
            f'<body><nav><a href="/">الرئيسية</a> <a href="/news">الأخبار</a></nav>'
            f"<article><h1>{title}</h1>{body}</article><footer>جميع الحقوق محفوظة</footer></body></html>")


def response(w, uri, payload, ctype="text/html; charset=utf-8", status="200 OK", date="2024-03-11T06:00:00Z",
             extra=()):
    hh = StatusAndHeaders(status, [("Content-Type", ctype), *extra], protocol="HTTP/1.1")
    rec = w.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=hh,
                               warc_headers_dict={"WARC-Date": date})
    w.write_record(rec)


def build(path, gz=True):
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "tests"}))
        req = StatusAndHeaders("GET /a1 HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        w.write_record(w.create_warc_record("https://example.org/a1", "request", payload=io.BytesIO(b""),
                                            http_headers=req))
        response(w, "https://example.org/a1", html(A1, "صاروخان قرب مطار بغداد", date="2024-03-10T23:40:00+03:00")
                 .encode("utf-8"))
        response(w, "https://example.org/style.css", b"p { color: red }", ctype="text/css")
        response(w, "https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ctype="image/png")
        response(w, "https://example.org/old", b"", status="301 Moved Permanently",
                 extra=[("Location", "https://example.org/new")])
        response(w, "https://example.org/a2", html(A2, "هجوم في دير الزور", charset="windows-1256").encode("cp1256"),
                 ctype="text/html; charset=windows-1256", date="2024-03-11T07:15:00Z")
        response(w, "https://example.org/en", html(EN, "Bridge").encode("utf-8"))
        response(w, "https://example.org/a3", gzip.compress(html(A3, "احتجاج في الناصرية").encode("utf-8")),
                 extra=[("Content-Encoding", "gzip")])
        response(w, "https://example.org/empty", b"<html><body></body></html>")
    return path


def quiet():
    return ReadStats(report=lambda m: None)


@pytest.mark.parametrize("name,gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_pages_become_articles(tmp_path, name, gz):
    p = build(tmp_path / name, gz)
    msgs = []
    stats = ReadStats(report=msgs.append)
    arts = list(read_warc(p, stats))
    assert [a.id for a in arts] == ["https://example.org/a1", "https://example.org/a2", "https://example.org/a3"]
    a1, a2, a3 = arts
    assert a1.text == "\n".join(A1) and a1.title == "صاروخان قرب مطار بغداد"
    assert a1.published == "2024-03-10T23:40:00+03:00"  # the page's own date beats the capture date
    assert a1.url == "https://example.org/a1" and a1.source == "example.org"
    assert a2.text == "\n".join(A2)  # windows-1256, declared only in the HTTP header
    assert a2.published == "2024-03-11T07:15:00Z"  # no date in the page: WARC-Date
    assert a3.text == "\n".join(A3)  # Content-Encoding: gzip undone
    assert stats.read == 3
    assert stats.reasons == {"not HTML": 2, "HTTP status 301": 1, "not Arabic": 1, "no main text found": 1}
    assert f"{p}#record4 (https://example.org/style.css): skipped: not HTML (text/css)" in msgs


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    p = build(tmp_path / "crawl.warc.gz")
    data = p.read_bytes()
    whole = [a.id for a in read_warc(p, quiet())]
    cut = tmp_path / "cut.warc.gz"
    for end in (len(data) - 40, len(data) * 3 // 4, len(data) // 2, 30):
        cut.write_bytes(data[:end])
        msgs = []
        stats = ReadStats(report=msgs.append)
        got = [a.id for a in read_warc(cut, stats)]
        assert got == whole[:len(got)]
        assert stats.reasons.get("corrupt or truncated archive") == 1, (end, stats.reasons)
        assert "skipped: corrupt or truncated archive" in msgs[-1]
    cut.write_bytes(data[:len(data) - 40])
    assert len(list(read_warc(cut, quiet()))) == 3  # the last record (an empty page) was cut, not the articles


def test_truncated_plain_warc(tmp_path):
    p = build(tmp_path / "crawl.warc", gz=False)
    data = p.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: data.index("هجوم في دير الزور".encode("cp1256")) + 200])
    stats = quiet()
    assert [a.id for a in read_warc(cut, stats)] == ["https://example.org/a1"]
    assert stats.reasons["corrupt or truncated archive"] == 1


def test_corrupt_gzip_member(tmp_path):
    p = build(tmp_path / "crawl.warc.gz")
    data = bytearray(p.read_bytes())
    mid = len(data) * 2 // 3
    data[mid:mid + 32] = b"\xff" * 32
    p.write_bytes(bytes(data))
    stats = quiet()
    arts = list(read_warc(p, stats))
    assert [a.id for a in arts] == ["https://example.org/a1", "https://example.org/a2"][:len(arts)]
    assert stats.reasons.get("corrupt or truncated archive") == 1


def test_whole_file_gzipped_at_once(tmp_path):
    plain = build(tmp_path / "crawl.warc", gz=False)
    p = tmp_path / "whole.warc.gz"
    p.write_bytes(gzip.compress(plain.read_bytes()))
    assert len(list(read_warc(p, quiet()))) == 3


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"not a warc at all\n" * 10, "not a WARC or ARC file"),
    (b"<html><body>x</body></html>", "not a WARC or ARC file"),
    (gzip.compress(b"{\"id\": 1}\n"), "not a WARC or ARC file"),
    (b"\x1f\x8b\x08\x00garbage", "corrupt or truncated archive"),
])
def test_not_an_archive(tmp_path, data, reason):
    p = tmp_path / "x.warc"
    p.write_bytes(data)
    stats = quiet()
    assert list(read_warc(p, stats)) == []
    assert stats.reasons == {reason: 1}


def test_decompression_bomb_is_skipped_and_reading_goes_on(tmp_path):
    bomb = gzip.compress(b"<html><body><p>" + b" " * 30_000_000 + b"</p></body></html>", compresslevel=9)
    assert len(bomb) < 100_000
    p = tmp_path / "bomb.warc.gz"
    with open(p, "wb") as f:
        w = WARCWriter(f, gzip=True)
        response(w, "https://example.org/bomb", bomb, extra=[("Content-Encoding", "gzip")])
        response(w, "https://example.org/a1", html(A1).encode("utf-8"))
    stats = quiet()
    assert [a.id for a in read_warc(p, stats)] == ["https://example.org/a1"]
    assert stats.reasons == {"record too large": 1}


def test_record_cap_is_a_setting(tmp_path, monkeypatch):
    p = build(tmp_path / "crawl.warc.gz")
    monkeypatch.setattr(warc_mod, "MAX_RECORD_BYTES", 200)
    stats = quiet()
    assert list(read_warc(p, stats)) == []
    assert stats.reasons["record too large"] >= 3


def test_same_input_same_ids_and_read_any(tmp_path):
    p = build(tmp_path / "crawl.warc.gz")
    ids = [a.id for a in read_warc(p, quiet())]
    assert ids == [a.id for a in read_any(p, stats=quiet())]
    odd = tmp_path / "crawl.bin"
    odd.write_bytes(p.read_bytes())
    assert ids == [a.id for a in read_any(odd, stats=quiet())]  # sniffed from the gzip magic


def _arc_record(url, date, payload):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + payload
    return f"{url} 192.0.2.7 {date} text/html {len(http)}\n".encode() + http + b"\n"


def test_arc_files_plain_and_gzipped(tmp_path):
    desc = b"1 0 Rasad\nURL IP-address Archive-date Content-type Archive-length\n"
    recs = [f"filedesc://old.arc 0.0.0.0 20240311060000 text/plain {len(desc)}\n".encode() + desc + b"\n",
            _arc_record("https://example.org/a1", "20240311060000", html(A1).encode("utf-8")),
            _arc_record("https://example.org/a3", "20240311070000", html(A3).encode("utf-8"))]
    (tmp_path / "old.arc").write_bytes(b"".join(recs))
    (tmp_path / "old.arc.gz").write_bytes(b"".join(gzip.compress(r) for r in recs))
    for name in ("old.arc", "old.arc.gz"):
        stats = quiet()
        arts = list(read_any(tmp_path / name, stats=stats))
        assert [(a.id, a.published) for a in arts] == [("https://example.org/a1", "2024-03-11T06:00:00Z"),
                                                       ("https://example.org/a3", "2024-03-11T07:00:00Z")]
        assert stats.skipped == 0


def test_pages_without_content_type_are_sniffed(tmp_path):
    p = tmp_path / "bare.warc"
    with open(p, "wb") as f:
        w = WARCWriter(f, gzip=False)
        for uri, payload in (("https://example.org/a1", html(A1).encode("utf-8")),
                             ("https://example.org/blob", b"\x00\x01binary")):
            hh = StatusAndHeaders("200 OK", [("Server", "test")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=hh))
    stats = quiet()
    assert [a.id for a in read_warc(p, stats)] == ["https://example.org/a1"]
    assert stats.reasons == {"not HTML": 1}
