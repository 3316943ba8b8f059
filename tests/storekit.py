"""Shared by the store tests: backends to run against and Arabic reports written for them."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from rasad.model import Article

PG_URL = os.environ.get("RASAD_TEST_PG", "postgresql://postgres@127.0.0.1:54329/rasad_test")


def fresh_pg_url() -> str:
    """A new empty schema on the test server (scripts/ci.d/20-postgres.sh starts it), as a URL."""
    base = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    name = "t_" + uuid.uuid4().hex[:10]
    try:
        eng = create_engine(base)
        with eng.begin() as c:
            c.execute(text(f"CREATE SCHEMA {name}"))
        eng.dispose()
    except Exception as exc:  # the CI hook must have started it: say so, do not skip
        pytest.fail(f"PostgreSQL test server not reachable at {PG_URL} ({exc}); "
                    "run scripts/ci.d/20-postgres.sh or set RASAD_TEST_PG")
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{name}"


TIMESTAMPS = {"ingested_at", "created_at", "updated_at", "applied_at"}


def dump(url: str) -> dict[str, list]:
    """Articles, events and sources of a store, timestamps left out: two runs compare equal."""
    from rasad.store import db_url, schema
    from sqlalchemy import select

    eng = create_engine(db_url(url))
    out = {}
    with eng.connect() as c:
        for t in (schema.articles, schema.events, schema.event_sources):
            cols = [col for col in t.c if col.name not in TIMESTAMPS]
            out[t.name] = [tuple(r) for r in c.execute(select(*cols).order_by(*t.primary_key.columns))]
    eng.dispose()
    return out


def art(aid: str, text_: str, published: str, source: str = "وكالة الاختبار", url: str | None = None) -> Article:
    """An Article for the tests."""
    return Article(id=aid, text=text_, published=published, source=source, url=url)


# Two outlets, one IED; a third report the next day about another IED in the same district.
IED_A = art("a1", "انفجرت عبوة ناسفة صباح اليوم الاثنين على دورية للشرطة في قضاء المسيب شمالي محافظة بابل، "
            "ما أسفر عن مقتل شرطيين اثنين وإصابة ثلاثة آخرين، بحسب مصدر أمني.", "2025-03-10T11:00:00+03:00",
            "وكالة الرافدين", "https://example.org/a1")
IED_B = art("b1", "قال مصدر في شرطة بابل إن عبوة ناسفة انفجرت أمس الاثنين على دورية في قضاء المسيب، "
            "وأدى الانفجار إلى مقتل ثلاثة من عناصر الشرطة وإصابة اثنين.", "2025-03-11T08:00:00+03:00",
            "صحيفة الفرات", "https://example.org/b1")
IED_NEXT = art("c1", "انفجرت عبوة ناسفة ظهر اليوم الثلاثاء قرب سوق شعبي في قضاء المسيب شمالي بابل "
               "دون أن تسفر عن إصابات.", "2025-03-11T14:00:00+03:00", "وكالة الرافدين", "https://example.org/c1")
PROTEST = art("d1", "تظاهر المئات من أهالي مدينة الناصرية اليوم الأحد أمام مبنى المحافظة للمطالبة بتوفير فرص العمل "
              "وتحسين الخدمات.", "2025-03-09T13:00:00+03:00", "قناة الجنوب", "https://example.org/d1")
STRIKE = art("e1", "قصفت طائرة مسيرة مجهولة فجر اليوم السبت مقرا لفصيل مسلح في قضاء القائم غربي الأنبار، "
             "ما أدى إلى مقتل أربعة عناصر.", "2025-03-08T07:00:00+03:00", "وكالة الرافدين", "https://example.org/e1")
ALL = [IED_A, IED_B, IED_NEXT, PROTEST, STRIKE]


def corpus(n: int) -> list[Article]:
    """`n` distinct short Arabic reports (a few events each day across Iraq), for crash and volume tests."""
    towns = ["قضاء المسيب شمالي بابل", "مدينة كركوك", "قضاء الطارمية شمالي بغداد", "مدينة الرمادي",
             "قضاء سنجار غربي نينوى", "مدينة بعقوبة", "قضاء القائم غربي الأنبار", "مدينة تكريت"]
    kinds = ["انفجرت عبوة ناسفة على رتل عسكري في {t}، ما أدى إلى مقتل {k} جنود",
             "قصفت طائرة مسيرة موقعا لمسلحين في {t} وقتلت {k} منهم",
             "اشتبكت قوات الأمن مع مسلحين في {t} ما أسفر عن مقتل {k} مسلحين",
             "تظاهر العشرات في {t} احتجاجا على انقطاع الكهرباء"]
    out = []
    for i in range(n):
        day = 1 + (i // 7) % 28
        t = towns[i % len(towns)]
        body = kinds[(i // 3) % len(kinds)].format(t=t, k=2 + i % 5)
        out.append(art(f"n{i:04d}", f"{body} يوم {day} آذار 2025، بحسب مصدر أمني. (تقرير رقم {i})",
                       f"2025-03-{day:02d}", f"منفذ {i % 4}", f"https://example.org/n/{i}"))
    return out
