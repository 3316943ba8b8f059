"""The Spark job (rasad/spark/job.py) in local mode writes the events `rasad extract` writes."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from rasad.model import Article
from rasad.pipeline import extract_article

pytest.importorskip("pyspark")
pq = pytest.importorskip("pyarrow.parquet")

# Short reports written for this test, with their publication dates.
ARTICLES = [
    {"id": "s1", "published": "2024-03-12", "source": "test",
     "text": "قتل شخصان وأصيب ثلاثة آخرون بانفجار عبوة ناسفة في قضاء المسيب شمالي بابل أمس."},
    {"id": "s2", "published": "2024-03-30", "title": "قصف على الخيام",
     "text": "شن الطيران الحربي الإسرائيلي غارة على بلدة الخيام جنوبي لبنان فجر اليوم، ما أدى إلى مقتل ثلاثة أشخاص."},
    {"id": "s3", "published": "2024-04-02",
     "text": "نظم مئات المحتجين وقفة احتجاجية أمام مبنى محافظة البصرة أمس للمطالبة بتحسين الخدمات."},
    {"id": "s4", "published": "2023-12-05T09:30:00+03:00",
     "text": "سقطت ثلاثة صواريخ كاتيوشا على قاعدة عين الأسد الجوية في الأنبار فجر اليوم دون وقوع إصابات."},
    {"id": "s5", "published": "2024-04-02",
     "text": "هدد قائد الفصيل باستهداف القواعد الأمريكية إذا لم تنسحب من البلاد."},
    {"id": "s6", "published": "2024-03-14",
     "text": "اغتال مسلحون مجهولون ناشطا مدنيا أمام منزله في مدينة الناصرية مساء أمس الأربعاء."},
]
FIELDS = ("event_id", "event_type", "sub_event_type", "event_date", "admin1", "fatalities")


def _key(d: dict) -> tuple:
    return tuple(d[f] for f in FIELDS)


def _expected(articles: list[dict] = ARTICLES) -> list[tuple]:
    arts = [Article(id=a["id"], text=a["text"], published=a.get("published"), title=a.get("title"),
                    url=a.get("url"), source=a.get("source")) for a in articles]
    return sorted(_key(e.to_dict()) for a in arts for e in extract_article(a))


def _read_back(out: Path) -> list[dict]:
    import pyarrow.dataset as ds

    return ds.dataset(out, format="parquet", partitioning="hive").to_table().to_pylist()


@pytest.fixture(scope="module")
def spark():
    from rasad.spark.job import spark_session

    s = spark_session("local[1]", "rasad-test", conf={"spark.ui.enabled": "false",
                                                      "spark.sql.shuffle.partitions": "2",
                                                      "spark.driver.memory": "512m"})
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def test_spark_job_writes_what_rasad_extract_writes(spark, tmp_path):
    from rasad.spark.job import run

    src = tmp_path / "articles.jsonl"
    # a bad line and a non-Arabic article are skipped and counted, as `rasad extract` does
    lines = [json.dumps(a, ensure_ascii=False) for a in ARTICLES] + ["{not json", json.dumps(
        {"id": "en", "text": "Two people were killed in an explosion in Babylon yesterday."})]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "events"
    t = time.perf_counter()
    counts = run([str(src)], str(out), "jsonl", spark=spark)
    print(f"spark job: {time.perf_counter() - t:.1f} s")  # shown with pytest -s

    want = _expected()
    assert len(want) >= 4  # the test articles do report events
    rows = _read_back(out)
    assert sorted(_key(r) for r in rows) == want
    assert counts == {"read": len(ARTICLES), "skipped": 2, "failed": 0, "events": len(want)}

    # partitioned by year/month of event_date
    dirs = {p.relative_to(out).as_posix() for p in out.glob("year=*/month=*") if p.is_dir()}
    assert dirs == {f"year={d[:4]}/month={int(d[5:7])}" for _, _, _, d, _, _ in want}
    assert all(r["year"] == int(r["event_date"][:4]) and r["month"] == int(r["event_date"][5:7]) for r in rows)

    # every field survives: nested records are JSON strings that Event.from_dict reads back
    from rasad.model import Event

    nested = ("trigger", "evidence", "provenance", "sources")
    back = {r["event_id"]: Event.from_dict({k: json.loads(v) if k in nested and v else v for k, v in r.items()})
            for r in rows}
    arts = [Article(id=a["id"], text=a["text"], published=a.get("published"), title=a.get("title"),
                    source=a.get("source")) for a in ARTICLES]
    for e in (e for a in arts for e in extract_article(a)):
        assert back[e.event_id].to_dict() == e.to_dict()


def test_spark_job_reads_parquet(spark, tmp_path):
    import pyarrow as pa

    from rasad.spark.job import run

    src = tmp_path / "articles.parquet"
    cols = ("id", "text", "published", "title")  # url and source absent: nulls
    pq.write_table(pa.table({c: [a.get(c) for a in ARTICLES] for c in cols}), src)
    out = tmp_path / "events"
    run([str(src)], str(out), spark=spark)  # format from the ending
    assert sorted(_key(r) for r in _read_back(out)) == _expected()


def test_spark_job_reads_warc(spark, tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from rasad.spark.job import run

    a = ARTICLES[0]
    html = (f"<html><head><meta charset='utf-8'><title>انفجار في المسيب</title>"
            f"<meta property='article:published_time' content='{a['published']}'></head>"
            f"<body><nav>الرئيسية | أخبار | رياضة</nav><article><h1>انفجار في المسيب</h1>"
            f"<p>{a['text']}</p></article><footer>جميع الحقوق محفوظة</footer></body></html>").encode()
    warc = tmp_path / "pages.warc.gz"
    with open(warc, "wb") as f:
        w = WARCWriter(f, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example.org/a1", "response",
                                            payload=BytesIO(html), http_headers=headers))
    listing = tmp_path / "warc.paths"  # a Common Crawl style listing, relative to --warc-prefix
    listing.write_text("pages.warc.gz\n", encoding="utf-8")
    out = tmp_path / "events"
    counts = run([str(listing)], str(out), "warc", warc_prefix=f"file://{tmp_path}", spark=spark)

    from rasad.ingest import ReadStats
    from rasad.ingest.warc import read_warc

    want = sorted(_key(e.to_dict()) for art in read_warc(warc, ReadStats()) for e in extract_article(art))
    assert want and counts["read"] == 1
    assert sorted(_key(r) for r in _read_back(out)) == want


def test_cli_spark_extract(spark, tmp_path):
    # the command finds the test's session active: it uses it, and leaves it running
    from click.testing import CliRunner

    from rasad.cli import main

    src = tmp_path / "articles.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES[:2]), encoding="utf-8")
    out = tmp_path / "events"
    r = CliRunner().invoke(main, ["spark-extract", str(src), "-o", str(out), "--master", "local[1]",
                                  "--conf", "spark.ui.enabled=false"])
    assert r.exit_code == 0, r.output
    assert "2 articles read" in r.output
    assert sorted(_key(x) for x in _read_back(out)) == _expected(ARTICLES[:2])
    r = CliRunner().invoke(main, ["spark-extract", str(src), "-o", str(out), "--master", "local[1]"])
    assert r.exit_code != 0  # OUTDIR exists and --mode is error


def test_a_stale_java_home_is_replaced_by_the_java_on_path(monkeypatch, tmp_path):
    import os
    import shutil

    from rasad.spark.job import ensure_java

    if shutil.which("java") is None:
        pytest.skip("no java on PATH")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "removed-jdk"))
    ensure_java()
    assert os.access(os.path.join(os.environ["JAVA_HOME"], "bin", "java"), os.X_OK)


def test_spark_dedupe_writes_one_record_per_event_with_its_sources(spark, tmp_path):
    from rasad.dedupe.partition import dedupe_partitioned
    from rasad.spark.job import run

    # the IED of s1 told again by another outlet the same day, and once more on 1 April's edge case
    more = ARTICLES + [
        {"id": "s1b", "published": "2024-03-12T18:00:00+03:00", "source": "other",
         "text": "انفجرت عبوة ناسفة أمس الاثنين في قضاء المسيب بمحافظة بابل ما أسفر عن مقتل شخصين وإصابة ثلاثة."},
    ]
    src = tmp_path / "articles.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in more) + "\n", encoding="utf-8")
    out = tmp_path / "deduped"
    run([str(src)], str(out), "jsonl", spark=spark, dedupe=True)
    rows = _read_back(out)
    arts = [Article(id=a["id"], text=a["text"], published=a.get("published"), source=a.get("source")) for a in more]
    want = dedupe_partitioned([e for a in arts for e in extract_article(a)])
    assert sorted(r["event_id"] for r in rows) == sorted(e.event_id for e in want)
    ied = [r for r in rows if r["admin1"] == "IQ-BB"]
    assert len(ied) == 1 and {s["article_id"] for s in json.loads(ied[0]["sources"])} == {"s1", "s1b"}
