"""Arabic or not: letter shares, Persian/Kurdish spelling; every reader skips what is not Arabic."""
import json

import pytest

from rasad.ingest import ReadStats, is_arabic, read_any, read_jsonl, read_text
from rasad.ingest.language import arabic_share, document_problem, not_arabic_reason

AR = "أعلنت قيادة العمليات المشتركة مقتل ثلاثة مسلحين في اشتباك مع قوة أمنية قرب قضاء الحويجة."
EN = "Three gunmen were killed in a clash with security forces near the town on Monday morning."
FA = "پهپادهای ارتش به سمت مرز حرکت کردند و مردم در خیابان‌ها جمع شدند تا از نیروهای خود حمایت کنند."
KU = "هێزەکانی پێشمەرگە لە سنووری شارەکە بڵاوبوونەوە و ڕێگاکانیان داخست."
HE = "כוחות הביטחון הודיעו על חיסול שלושה חמושים בעימות ליד העיר הבוקר."


def quiet():
    return ReadStats(report=lambda m: None)


@pytest.mark.parametrize("text", [
    AR,
    "قصف",  # three letters: enough
    AR + " (AFP) Reuters",  # a little Latin
    "عاجل | " + AR + " https://example.org/a/very/long/link/that/is/not/language?x=1 @some_channel",
    "قتل مسلحان في هجوم شنه عناصر من حزب PKK على قرية في ناحية سيدكان.",
    "أفاد مصدر بأن قوة من الحشد دخلت قرية گوير وطوقت ناحية چمچمال.",  # Iraqi place names spelt with گ and چ
    AR + "\n" + FA,  # an Arabic post with its Persian translation: the Arabic half is worth reading
    AR + "\n" + EN,  # ... or with its English one
])
def test_arabic(text):
    assert is_arabic(text), not_arabic_reason(text)


@pytest.mark.parametrize("text,why", [
    (EN, "not Arabic (no Arabic letters)"),
    (HE, "not Arabic (no Arabic letters)"),
    ("لا", "not Arabic (only 2 Arabic letters)"),
    ("عاجل " + EN + " " + EN, "not Arabic (3% of letters Arabic)"),
    (FA, "not Arabic (Persian or Kurdish spelling)"),
    (KU, "not Arabic (Persian or Kurdish spelling)"),
    ("https://x.com/someone/status/1234567890", "not Arabic (no Arabic letters)"),
    ("🔴🔴 123 456 !!!", "not Arabic (no Arabic letters)"),
])
def test_not_arabic(text, why):
    assert not is_arabic(text)
    assert not_arabic_reason(text) == why


def test_shares_ignore_links_and_marks():
    assert arabic_share("قَصَفَ www.example.com") == (3, 3)  # harakat are not letters; the link is left out
    assert document_problem("  \n") == "empty text"
    assert document_problem(AR) is None


def test_threshold_is_adjustable():
    half = "قصف مدفعي عنيف" + " shelling heavy artillery now"
    assert not is_arabic(half)
    assert is_arabic(half, threshold=0.3)


def test_jsonl_skips_non_arabic_and_empty_with_reasons(tmp_path):
    p = tmp_path / "a.jsonl"
    rows = [{"id": "ar", "text": AR}, {"id": "en", "text": EN}, {"id": "fa", "text": FA}, {"id": "blank", "text": "  "}]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    msgs = []
    stats = ReadStats(report=msgs.append)
    assert [a.id for a in read_jsonl(p, stats)] == ["ar"]
    assert stats.reasons == {"not Arabic": 2, "empty text": 1}
    assert f"{p}:2: skipped: not Arabic (no Arabic letters)" in msgs
    assert f"{p}:3: skipped: not Arabic (Persian or Kurdish spelling)" in msgs


def test_text_file_in_english_is_skipped(tmp_path):
    p = tmp_path / "report.txt"
    p.write_text(EN, encoding="utf-8")
    stats = quiet()
    assert list(read_text(p, "2024-03-11", stats)) == []
    assert stats.reasons == {"not Arabic": 1}


def test_read_any_walks_a_directory(tmp_path):
    d = tmp_path / "inbox"
    (d / "sub").mkdir(parents=True)
    (d / ".hidden").mkdir()
    (d / "a.jsonl").write_text(json.dumps({"id": "j1", "text": AR}, ensure_ascii=False) + "\n", encoding="utf-8")
    (d / "sub" / "b.txt").write_text("سقطت قذيفة هاون على حي سكني في مدينة الموصل.", encoding="utf-8")
    (d / "sub" / "c.txt").write_text(EN, encoding="utf-8")
    (d / "notes.md").write_text("# notes", encoding="utf-8")
    (d / ".hidden" / "x.txt").write_text(AR, encoding="utf-8")
    (d / ".DS_Store").write_bytes(b"\x00\x01")
    msgs = []
    stats = ReadStats(report=msgs.append)
    assert [a.id for a in read_any(d, "2024-03-11", stats)] == ["j1", "b"]
    assert (stats.read, stats.skipped) == (2, 2)
    assert stats.reasons == {"unsupported file type": 1, "not Arabic": 1}
    assert f"{d / 'notes.md'}: skipped: unsupported file type (.md)" in msgs


def test_read_any_missing_path_is_a_counted_skip(tmp_path):
    stats = quiet()
    assert list(read_any(tmp_path / "nope.jsonl", stats=stats)) == []
    assert stats.reasons == {"no such file": 1}
