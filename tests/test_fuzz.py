"""Property-based tests (hypothesis): the number and date parsers, the extractor and the
readers never crash and never produce impossible values, whatever the input."""
from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings, strategies as st

import rasad
from rasad.ingest import ReadStats, read_any
from rasad.mentions.timex import find_times
from rasad.text.normalize import normalize
from rasad.text.numbers import find_numbers

ARABIC_BITS = ["قتل", "ثلاثة", "و30", "١٢", "اثنين", "أمس", "الاثنين", "الماضي", "قبل", "يومين", "في", "شباط",
               "2024", "تموز", "0", "9999", "٠٠٠٠", "عبوة", "ناسفة", "بغداد", "قصف", "،", ".", "\n", " ", "ألف",
               "مليون", "عشرين", "11/11/0000", "32/13/2024", "29/2/2023", "1445", "رمضان", "هـ", "ﻻ", "\u200f"]
arabicish = st.lists(st.sampled_from(ARABIC_BITS), max_size=30).map(" ".join)
anytext = st.one_of(arabicish, st.text(max_size=300))
published = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(anytext)
def test_numbers_never_crash_and_are_whole(text):
    n = normalize(text).text
    for m in find_numbers(n):
        assert isinstance(m.value, int) and m.value >= 0
        assert 0 <= m.start < m.end <= len(n)


@FAST
@given(anytext, published)
def test_relative_dates_are_real_days_never_a_year_past_publication(text, pub):
    n = normalize(text).text
    for t in find_times(n, pub):
        if t.value is not None:
            assert isinstance(t.value, date)
            written_year = any(ch.isdigit() for ch in t.span.text) and len(
                [c for c in t.span.text if c.isdigit()]) >= 4
            if pub is not None and pub.year < 9999 and not written_year:
                assert t.value <= date(pub.year + 1, 12, 31)  # «امس», «السبت الماضي», «2 شباط»


@FAST
@given(anytext, st.one_of(st.none(), st.sampled_from(["2024-03-11", "0001-01-01", "9999-12-31", "2024-02-30",
                                                      "garbage", "2024-03-11T25:99:00", ""])))
def test_extract_never_crashes_and_offsets_point_into_the_text(text, pub):
    for ev in rasad.extract(text, published=pub):
        for sp in ev.evidence + ([ev.trigger] if ev.trigger else []):
            assert text[sp.start:sp.end] == sp.text
        if ev.event_date:
            date.fromisoformat(ev.event_date)


@FAST
@given(st.binary(max_size=2000))
def test_readers_take_any_bytes(tmp_path_factory, data):
    d = tmp_path_factory.mktemp("bytes")
    for name in ("x.jsonl", "x.txt", "x.html", "x.json", "x.warc", "x.xml"):
        p = d / name
        p.write_bytes(data)
        stats = ReadStats(report=lambda _m: None)
        arts = list(read_any(p, "2024-03-11", stats))
        assert all(isinstance(a.text, str) for a in arts)


@FAST
@given(st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=3),
                          st.dictionaries(st.sampled_from(["id", "text", "published", "url"]),
                                          st.one_of(st.none(), st.integers(), st.text(max_size=40)))),
                max_size=8))
def test_jsonl_with_wrong_types_is_counted_not_fatal(tmp_path_factory, objs):
    p = tmp_path_factory.mktemp("j") / "x.jsonl"
    p.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in objs) + "\n", encoding="utf-8")
    stats = ReadStats(report=lambda _m: None)
    arts = list(read_any(p, None, stats))
    assert len(arts) + stats.skipped <= len(objs) + 1


def test_found_by_fuzzing_placeholder_publication_dates_do_not_overflow():
    # hypothesis found it: «قصف» published «0001-01-01» stepped back a day below year 1
    assert rasad.extract("قصف", published="0001-01-01") == []
    assert all(e.event_date is None or e.event_date.startswith(("20", "19"))
               for e in rasad.extract("قصفت طائرة مسيرة بغداد أمس", published="9999-12-31"))


def test_a_short_coverage_guided_run_of_the_readers(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "fuzz" / "fuzz_readers.py"
    r = subprocess.run([sys.executable, str(script), "-atheris_runs=1500", "-max_len=4096",
                        f"-artifact_prefix={tmp_path}/"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
