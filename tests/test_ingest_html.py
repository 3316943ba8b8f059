"""HTML pages: main text without the site's boilerplate, title, date, URL; bad pages are counted skips."""
import pytest

from rasad.ingest import ReadStats, article_from_html, read_any, read_html
from rasad.ingest.html import HTMLSkip, MAX_HTML_BYTES, decode_html, fragment_to_text, published_time

P1 = "انفجرت عبوة ناسفة صباح اليوم على رتل لقوات الجيش في قضاء الطارمية شمال العاصمة بغداد."
P2 = "وقال مصدر أمني إن الانفجار أسفر عن إصابة جنديين بجروح متفاوتة نقلا على إثرها إلى مستشفى قريب."
P3 = "وأضاف المصدر أن قوة أمنية طوقت المكان وباشرت عمليات تفتيش في القرى المجاورة بحثا عن المنفذين."
P4 = "ويشهد القضاء بين حين وآخر هجمات متفرقة تشنها خلايا مسلحة تستهدف القوات الأمنية والحشد."
TITLE = "عبوة ناسفة تستهدف رتلا للجيش في الطارمية"
NAV = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "منوعات"]
FOOTER = "جميع الحقوق محفوظة لموقع الرصد الإخباري"


def page(head_extra="", charset="utf-8", body_paras=(P1, P2, P3, P4), title=TITLE, lang="ar"):
    nav = "".join(f'<li><a href="/c/{i}">{n}</a></li>' for i, n in enumerate(NAV))
    paras = "".join(f"<p>{p}</p>" for p in body_paras)
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="rtl"><head>
<meta charset="{charset}">
<title>{title} | الرصد</title>
{head_extra}
<script>var promo = "<p>اشترك في النشرة البريدية الآن</p>"; function f() {{ return 1 < 2; }}</script>
<style>p {{ color: black }}</style>
</head><body>
<header><nav><ul>{nav}</ul></nav></header>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/x">خبر آخر عن الطقس</a></li></ul></aside>
<main><article><h1>{title}</h1>{paras}</article></main>
<footer><p>{FOOTER}</p><a href="/privacy">سياسة الخصوصية</a></footer>
<script>document.write("لا تقرأ هذا");</script>
</body></html>"""


META = """<meta property="article:published_time" content="2024-03-11T09:30:00+03:00">
<meta property="og:site_name" content="الرصد الإخباري">
<link rel="canonical" href="https://example.org/news/2024/03/11/taji">"""


def quiet():
    return ReadStats(report=lambda m: None)


def test_main_text_without_boilerplate_with_metadata(tmp_path):
    p = tmp_path / "taji.html"
    p.write_text(page(META), encoding="utf-8")
    stats = quiet()
    [a] = list(read_html(p, stats))
    assert stats.read == 1 and stats.skipped == 0
    for para in (P1, P2, P3, P4):
        assert para in a.text
    for junk in NAV + [FOOTER, "سياسة الخصوصية", "اشترك", "لا تقرأ هذا", "الأكثر قراءة", "color"]:
        assert junk not in a.text
    assert a.title == TITLE
    assert not a.text.startswith(TITLE)  # the headline is the title, not the first line of the text
    assert a.published == "2024-03-11T09:30:00+03:00" and a.published_has_time
    assert a.url == "https://example.org/news/2024/03/11/taji"
    assert a.id == a.url
    assert a.source == "الرصد الإخباري"


def test_given_url_is_the_id_and_date_only_pages():
    html = page('<meta name="date" content="2024-03-10">')
    a = article_from_html(html, url="https://example.net/a?id=7")
    assert (a.id, a.url) == ("https://example.net/a?id=7", "https://example.net/a?id=7")
    assert a.published == "2024-03-10" and not a.published_has_time
    assert a.source == "example.net"


def test_fallback_date_and_stable_text_id(tmp_path):
    html = page()
    a = article_from_html(html, published="2024-03-12")
    b = article_from_html(html.encode("utf-8"), published="2024-03-12")
    assert a.published == "2024-03-12"  # no date in the page: the caller's
    assert a.id == b.id and a.id.startswith("sha1:") and len(a.id) == 5 + 16
    c = article_from_html(page(body_paras=(P1, P2, P3)))
    assert c.id != a.id
    assert article_from_html(html, fallback_id="file-1").id == "file-1"


@pytest.mark.parametrize("declared", [True, False])
def test_windows_1256_page(tmp_path, declared):
    html = page(charset="windows-1256" if declared else "")
    if not declared:
        html = html.replace('<meta charset="">', "")
    p = tmp_path / "cp1256.htm"
    p.write_bytes(html.encode("cp1256"))
    with pytest.raises(UnicodeDecodeError):
        p.read_bytes().decode("utf-8")
    [a] = list(read_html(p, quiet()))
    assert P1 in a.text and P4 in a.text
    assert a.title == TITLE


def test_http_charset_hint_and_utf8_preferred_when_valid():
    data = page(charset="windows-1256").encode("cp1256")
    assert P1 in decode_html(data, encoding="windows-1256")
    # a UTF-8 page that wrongly declares windows-1256 still reads right
    assert P1 in decode_html(page(charset="windows-1256").encode("utf-8"))
    assert decode_html(b"\xef\xbb\xbf<p>\xd9\x82\xd8\xb5\xd9\x81</p>") == "<p>قصف</p>"


def test_xhtml_with_xml_declaration_in_cp1256():
    html = '<?xml version="1.0" encoding="windows-1256"?>\n' + page(charset="windows-1256").split("\n", 1)[1]
    a = article_from_html(html.encode("cp1256"))
    assert P2 in a.text


@pytest.mark.parametrize("html,reason", [
    ("", "empty page"),
    ("   \n  ", "empty page"),
    ("<html><head><script>var a = 1;</script></head><body><script>b()</script></body></html>", "no main text found"),
    ("<html><body></body></html>", "no main text found"),
])
def test_pages_without_an_article(html, reason):
    with pytest.raises(HTMLSkip, match=f"^{reason}"):
        article_from_html(html)


def test_english_page_is_skipped_as_not_arabic(tmp_path):
    en = ("Security forces said three gunmen were killed in an overnight raid on a farm north of the city. "
          "The operation followed weeks of surveillance, a spokesman said, and no soldiers were hurt.")
    p = tmp_path / "en.html"
    p.write_text(page(body_paras=(en, en, en), title="Raid north of the city", lang="en"), encoding="utf-8")
    msgs = []
    stats = ReadStats(report=msgs.append)
    assert list(read_html(p, stats)) == []
    assert stats.reasons == {"not Arabic": 1}
    assert msgs[0].startswith(f"{p}: skipped: not Arabic")


def test_huge_page_is_skipped_before_parsing(tmp_path):
    p = tmp_path / "huge.html"
    filler = "<p>" + "نص " * 1000 + "</p>\n"
    with open(p, "w", encoding="utf-8") as f:
        f.write("<html><body>")
        while f.tell() <= MAX_HTML_BYTES:
            f.write(filler)
        f.write("</body></html>")
    stats = quiet()
    assert list(read_html(p, stats)) == []
    assert stats.reasons == {"page too large": 1}
    with pytest.raises(HTMLSkip, match="page too large"):
        article_from_html(p.read_bytes())


def test_deeply_nested_page_does_not_crash(tmp_path):
    p = tmp_path / "deep.html"
    p.write_text("<html><body>" + "<div>" * 100_000 + f"<p>{P1}</p>" + "</div>" * 100_000 + "</body></html>",
                 encoding="utf-8")
    stats = quiet()
    arts = list(read_html(p, stats))
    assert stats.read + stats.skipped == 1 and len(arts) == stats.read
    if arts:
        assert P1 in arts[0].text


def test_binary_garbage_and_unreadable(tmp_path):
    p = tmp_path / "x.html"
    p.write_bytes(bytes(range(256)) * 20)
    stats = quiet()
    assert list(read_html(p, stats)) == []
    assert stats.skipped == 1
    assert list(read_html(tmp_path / "missing.html", stats)) == []
    assert stats.reasons.get("unreadable file") == 1


def test_read_any_dispatches_html_and_sniffs_unknown_endings(tmp_path):
    for name in ("a.html", "b.htm", "c.page"):
        (tmp_path / name).write_text(page(META), encoding="utf-8")
    stats = quiet()
    for name in ("a.html", "b.htm", "c.page"):
        [a] = list(read_any(tmp_path / name, stats=stats))
        assert a.title == TITLE
    assert stats.read == 3


def test_published_time_sources():
    assert published_time('<meta itemprop="datePublished" content="2024-03-11T07:00:00Z">') == "2024-03-11T07:00:00+00:00"
    assert published_time('<script type="application/ld+json">{"@type": "NewsArticle", '
                          '"datePublished": "2024-03-11T08:15:00+03:00"}</script>') == "2024-03-11T08:15:00+03:00"
    assert published_time('<time pubdate datetime="2024-03-11T10:00:00+02:00">') == "2024-03-11T10:00:00+02:00"
    assert published_time('<meta property="article:published_time" content="yesterday">') is None


def test_fragment_to_text():
    frag = "<p>سقطت قذيفة &amp; أصيب مدني.</p><script>alert('x')</script><p>وفتحت<br>الشرطة تحقيقا.</p>"
    assert fragment_to_text(frag) == "سقطت قذيفة & أصيب مدني.\nوفتحت\nالشرطة تحقيقا."
    assert fragment_to_text("نص بلا وسوم") == "نص بلا وسوم"
