"""Dates resolved against the publication date (GUIDELINES §4)."""
from datetime import date

import pytest

from rasad.mentions.timex import find_times
from rasad.text.normalize import normalize

MON = date(2021, 4, 5)  # a Monday


def first(text, pub=MON):
    ts = [t for t in find_times(normalize(text).text, pub)]
    return ts[0] if ts else None


def test_yesterday_and_weekday_forms():
    assert first("أكدت الخلية، أمس الأحد، انفجار عبوة").value == date(2021, 4, 4)
    assert first("انفجرت صباح الاثنين عبوة").value == MON  # same day when published on a Monday
    assert first("وقع الهجوم الاثنين الماضي").value == date(2021, 3, 29)
    assert first("غارات مساء السبت").value == date(2021, 4, 3)
    assert first("قصف أمس").value == date(2021, 4, 4)


def test_days_ago_and_vague():
    assert first("سقطت قذيفة قبل يومين").value == date(2021, 4, 3)
    assert first("قبل ثلاثة أيام").value == date(2021, 4, 2)
    t = first("قبل ساعات من الاجتماع")
    assert t.anchor is False and t.tolerance_days == 1
    t = first("قبل يومين من موعد الحوار")
    assert t.anchor is False


def test_explicit_dates_three_month_families():
    assert first("في 7 نيسان 2018").value == date(2018, 4, 7)
    assert first("في 31 تموز/يوليو 2015").value == date(2015, 7, 31)
    assert first("يوم 12 جويلية 2019").value == date(2019, 7, 12)
    assert first("بتاريخ 08-05-2026").value == date(2026, 5, 8)
    assert first("في ٢٦ يونيو", date(2026, 6, 27)).value == date(2026, 6, 26)
    assert first("في 28 كانون الأول", date(2026, 1, 3)).value == date(2025, 12, 28)


def test_month_year_hijri_and_periods():
    t = first("في كانون الثاني/يناير 2016")
    assert t.value == date(2016, 1, 1) and t.precision == "month"
    assert first("15 رمضان 1447 هـ").value == date(2026, 3, 4)
    t = first("أكثر من 60 هجوما منذ مطلع العام")
    assert t.rule == "period" and t.value is None


def test_non_dates():
    assert first("قتل احد المسلحين") is None
    assert first("عشرات الجرحى") is None
    assert first("الجمعية الخيرية") is None


def test_never_raises_never_impossible():
    import random
    rng = random.Random(3)
    parts = ["31", "30", "29", "02", "2026", "0", "9999", "شباط", "فبراير", "-", "/", " ", "امس", "قبل",
             "يوم", "الاثنين", "رمضان", "1447", "ايام", "هـ"]
    for _ in range(500):
        text = normalize(" ".join(rng.choice(parts) for _ in range(rng.randint(1, 8)))).text
        for t in find_times(text, date(2024, 2, 29)):
            assert t.value is None or 1900 <= t.value.year <= 2100


@pytest.mark.parametrize("text,expected", [
    ("في الرابع عشر من آب الجاري", date(2020, 8, 14)),
    ("في الحادي والعشرين من شهر تشرين الأول 2019", date(2019, 10, 21)),
    ("في الثاني من أيار", date(2020, 5, 2)),
    ("يوم الثلاثين من جوان", date(2020, 6, 30)),
])
def test_ordinal_days_before_a_month(text, expected):
    got = [t.value for t in find_times(normalize(text).text, date(2020, 8, 20)) if t.rule == "ordinal_dmy"]
    assert got == [expected]


@pytest.mark.parametrize("text,expected", [
    ("ففي 13 يناير/كانون الثاني الماضي ضربت مسيرات محطة", date(2025, 1, 13)),
    ("في 19 سبتمبر (أيلول) الماضي", date(2024, 9, 19)),
    ("في 7 فبراير/شباط قصفت", date(2025, 2, 7)),
])
def test_a_month_given_twice_then_a_word(text, expected):
    got = [t.value for t in find_times(normalize(text).text, date(2025, 3, 10)) if t.rule == "explicit_dmy"]
    assert got == [expected]
