"""JSON Lines ingest (FORMAT.md): good lines read, bad lines counted with their reasons."""
import json

from rasad.ingest import ReadStats, read_any, read_jsonl

GOOD1 = {"id": "g1", "published": "2024-03-11", "title": "عبوة في الطارمية", "url": "https://example.org/1",
         "source": "Example", "text": "انفجرت عبوة ناسفة على رتل في قضاء الطارمية شمال بغداد أمس."}
GOOD2 = {"id": "g2", "published": None, "text": "نظم العشرات وقفة احتجاجية أمام مبنى محافظة البصرة."}


def _line(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def _write(tmp_path, name="articles.jsonl"):
    p = tmp_path / name
    with open(p, "wb") as f:
        f.write(_line(GOOD1))                                            # 1 good
        f.write(b'{"id": "m1", "text": "\xd9\x82\xd8\xb5\xd9\x81"\n')        # 2 malformed JSON
        f.write('{"id": "c1", "text": "قصف على البلدة"}'.encode("cp1256") + b"\n")  # 3 not UTF-8
        f.write(b'{"id": "n1", "title": "no body"}\n')                   # 4 no text
        f.write(b'{"id": "t1", "text": 42}\n')                           # 5 text is a number
        f.write(b"\n")                                                   # 6 blank: ignored, not counted
        f.write(b'{"id": "p1", "text": "x", "published": 20240311}\n')   # 7 published is a number
        f.write(b'["not", "an", "object"]\n')                            # 8 not an object
        f.write(b'{"id": ["i"], "text": "x"}\n')                         # 9 bad id
        f.write(_line(GOOD2))                                            # 10 good
    return p


def test_good_lines_are_read_in_order(tmp_path):
    stats = ReadStats(report=lambda m: None)
    arts = list(read_jsonl(_write(tmp_path), stats))
    assert [a.id for a in arts] == ["g1", "g2"]
    a = arts[0]
    assert (a.published, a.title, a.url, a.source) == ("2024-03-11", "عبوة في الطارمية", "https://example.org/1", "Example")
    assert a.text == GOOD1["text"]
    assert arts[1].published is None and arts[1].title is None


def test_bad_lines_counted_with_reasons(tmp_path):
    stats = ReadStats(report=lambda m: None)
    list(read_jsonl(_write(tmp_path), stats))
    assert stats.read == 2
    assert stats.skipped == 7
    assert stats.reasons == {
        "malformed JSON": 1,
        "not UTF-8": 1,
        "missing or non-string 'text'": 2,
        "'published' is not a string": 1,
        "not a JSON object": 1,
        "bad 'id'": 1,
    }


def test_each_skip_is_reported_with_file_and_line(tmp_path):
    msgs = []
    p = _write(tmp_path)
    list(read_jsonl(p, ReadStats(report=msgs.append)))
    lines = [m.split(": skipped: ")[0] for m in msgs]
    assert lines == [f"{p}:{n}" for n in (2, 3, 4, 5, 7, 8, 9)]
    assert msgs[0].startswith(f"{p}:2: skipped: malformed JSON")
    assert msgs[1] == f"{p}:3: skipped: not UTF-8"


def test_missing_id_falls_back_to_file_and_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_bytes(_line({"text": "اشتباكات في بعقوبة."}) + _line({"id": 7, "text": "قصف"}))
    assert [a.id for a in read_jsonl(p, ReadStats(report=lambda m: None))] == ["feed-1", "7"]


def test_crlf_line_endings(tmp_path):
    p = tmp_path / "crlf.jsonl"
    p.write_bytes(json.dumps(GOOD1, ensure_ascii=False).encode("utf-8") + b"\r\n"
                  + json.dumps(GOOD2, ensure_ascii=False).encode("utf-8") + b"\r\n")
    stats = ReadStats(report=lambda m: None)
    assert [a.id for a in read_jsonl(p, stats)] == ["g1", "g2"]
    assert stats.skipped == 0


def test_utf8_byte_order_mark_on_first_line_is_accepted(tmp_path):
    p = tmp_path / "bom.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + _line(GOOD1) + _line(GOOD2))
    stats = ReadStats(report=lambda m: None)
    assert [a.id for a in read_jsonl(p, stats)] == ["g1", "g2"]
    assert stats.skipped == 0


def test_read_any_dispatches_on_suffix(tmp_path):
    p = _write(tmp_path)
    assert [a.id for a in read_any(p, stats=ReadStats(report=lambda m: None))] == ["g1", "g2"]
    t = tmp_path / "report.txt"
    t.write_text("سقطت قذيفة هاون على حي سكني في مدينة الموصل.", encoding="utf-8")
    arts = list(read_any(t, published="2024-03-11"))
    assert len(arts) == 1 and arts[0].id == "report" and arts[0].published == "2024-03-11"


def test_stats_shared_across_files(tmp_path):
    stats = ReadStats(report=lambda m: None)
    list(read_jsonl(_write(tmp_path, "a.jsonl"), stats))
    list(read_jsonl(_write(tmp_path, "b.jsonl"), stats))
    assert (stats.read, stats.skipped, stats.reasons["not UTF-8"]) == (4, 14, 2)
