"""The `rasad` command: streaming extraction, bad lines reported and counted, evaluation."""
import json

from click.testing import CliRunner

from rasad.cli import main
from rasad.ingest import ReadStats, read_jsonl

GOOD = {"id": "a1", "published": "2024-03-12", "text": "انفجرت عبوة ناسفة على رتل في قضاء المسيب شمالي بابل أمس دون إصابات."}


def _write(tmp_path):
    p = tmp_path / "in.jsonl"
    with open(p, "wb") as f:
        f.write((json.dumps(GOOD, ensure_ascii=False) + "\n").encode("utf-8"))
        f.write(b'{"id": "broken", "text": \n')                      # malformed JSON
        f.write('{"id": "x", "text": "قصف"}'.encode("cp1256") + b"\n")  # not UTF-8
        f.write(b'{"id": "y"}\n')                                      # no text
        f.write(b'{"id": "z", "text": 5}\n')                           # wrong type
        f.write(b"\n")
        f.write((json.dumps({"id": "a2", "published": "2024-03-12", "text": "نظم العشرات وقفة احتجاجية أمام مبنى محافظة البصرة أمس."}, ensure_ascii=False) + "\n").encode("utf-8"))
    return p


def test_reader_counts_bad_lines(tmp_path):
    stats = ReadStats()
    ids = [a.id for a in read_jsonl(_write(tmp_path), stats)]
    assert ids == ["a1", "a2"]
    assert stats.skipped == 4 and stats.reasons["not UTF-8"] == 1


def test_extract_jsonl_and_csv(tmp_path):
    src = _write(tmp_path)
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(main, ["extract", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(x["article_id"], x["sub_event_type"]) for x in rows] == [
        ("a1", "Remote explosive/landmine/IED"), ("a2", "Peaceful protest")]
    assert "2 articles read, 2 events, 4 skipped" in r.stderr
    assert "in.jsonl:2: skipped: malformed JSON" in r.stderr
    out_csv = tmp_path / "out.csv"
    r = CliRunner().invoke(main, ["extract", str(src), "--format", "csv", "-o", str(out_csv)])
    header = out_csv.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:7] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                          "event_type", "sub_event_type"]


def test_evaluate_table(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "events": [{"event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2024-03-11",
                                "country": "IQ", "admin1": "IQ-DI", "fatalities": 2}]},
        {"id": "b", "events": []}]), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(json.dumps(x) for x in [
        {"article_id": "a", "event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2024-03-11",
         "country": "IQ", "admin1": "IQ-BG", "fatalities": 2},
        {"article_id": "b", "event_type": "Riots", "sub_event_type": "Violent demonstration", "event_date": "2024-03-11"}]),
        encoding="utf-8")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--predictions", str(pred), "--json"])
    res = json.loads(r.output)
    assert res["date"] == {"p": 0.5, "r": 1.0, "f1": 0.667}
    assert res["place"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_txt_input_with_published(tmp_path):
    p = tmp_path / "report.txt"
    p.write_text("سقطت ثلاثة صواريخ كاتيوشا على قاعدة عين الأسد الجوية أمس.", encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", str(p), "--published", "2024-03-12"])
    row = json.loads(r.stdout.splitlines()[0])
    assert (row["event_date"], row["admin1"], row["article_id"]) == ("2024-03-11", "IQ-AN", "report")


# --- more: stdout streaming, every skipped line located, ACLED columns, the table by hand ---

import csv as _csv
import io as _io
import subprocess as _subprocess
import sys as _sys

_G1 = {"id": "g1", "published": "2024-03-11", "text": "انفجرت عبوة ناسفة على دورية للشرطة في قضاء الطارمية شمال بغداد أمس."}
_G2 = {"id": "g2", "published": "2024-03-11", "text": "تظاهر المئات في مدينة البصرة أمس للمطالبة بتوفير فرص العمل."}
_G3 = {"id": "g3", "published": "2024-03-11", "text": "أدانت وزارة الخارجية العراقية القصف الذي استهدف مدينة أربيل."}


def _bad_file(tmp_path, name="feed.jsonl"):
    p = tmp_path / name
    with open(p, "wb") as f:
        f.write((json.dumps(_G1, ensure_ascii=False) + "\n").encode("utf-8"))   # 1
        f.write(b'{"id": "m", "text": "\xd9\x82\n')                              # 2 malformed JSON
        f.write('{"id": "c", "text": "اشتباكات"}'.encode("cp1256") + b"\n")     # 3 not UTF-8
        f.write(b'{"id": "n"}\n')                                                # 4 no text
        f.write(b'{"id": "t", "text": ["x"]}\n')                                 # 5 text not a string
        f.write(b'{"id": "p", "text": "x", "published": 2024}\n')                # 6 published not a string
        f.write((json.dumps(_G2, ensure_ascii=False) + "\n").encode("utf-8"))   # 7
        f.write((json.dumps(_G3, ensure_ascii=False) + "\n").encode("utf-8"))   # 8 a statement: no event
    return p


def test_extract_to_stdout_reports_each_skipped_line(tmp_path):
    src = _bad_file(tmp_path)
    r = CliRunner().invoke(main, ["extract", str(src)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    assert [(x["article_id"], x["event_type"], x["sub_event_type"]) for x in rows] == [
        ("g1", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("g2", "Protests", "Peaceful protest")]
    assert all(x["event_date"] == "2024-03-10" for x in rows)
    err = r.stderr
    assert f"{src}:2: skipped: malformed JSON" in err
    assert f"{src}:3: skipped: not UTF-8" in err
    assert f"{src}:4: skipped: missing or non-string 'text'" in err
    assert f"{src}:5: skipped: missing or non-string 'text'" in err
    assert f"{src}:6: skipped: 'published' is not a string" in err
    for good in (1, 7, 8):
        assert f"{src}:{good}:" not in err
    summary = [ln for ln in err.splitlines() if "articles read" in ln]
    assert len(summary) == 1
    assert summary[0].startswith("rasad: 3 articles read, 2 events, 5 skipped (")
    for part in ("malformed JSON: 1", "not UTF-8: 1", "missing or non-string 'text': 2",
                 "'published' is not a string: 1"):
        assert part in summary[0]


def test_extract_csv_has_acled_columns(tmp_path):
    src = _bad_file(tmp_path)
    out = tmp_path / "events.csv"
    r = CliRunner().invoke(main, ["extract", str(src), "--format", "csv", "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = list(_csv.DictReader(_io.StringIO(out.read_text(encoding="utf-8"))))
    with open(out, encoding="utf-8") as f:
        header = next(_csv.reader(f))
    assert header[:31] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
                           "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
                           "notes", "fatalities", "tags", "timestamp"]
    assert header[31:34] == ["injuries", "evidence", "confidence"]
    assert [(x["event_type"], x["sub_event_type"], x["disorder_type"]) for x in rows] == [
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations")]
    assert [(x["event_date"], x["year"], x["time_precision"]) for x in rows] == [("2024-03-10", "2024", "1")] * 2
    assert all(x["article_id"] in ("g1", "g2") for x in rows)
    assert "2 events, 5 skipped" in r.stderr


def _gold_pred(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "events": [
            {"event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2024-03-10",
             "country": "IQ", "admin1": "IQ-DI", "fatalities": 3},
            {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
             "event_date": "2024-03-09", "date_tolerance_days": 1, "country": "IQ", "admin1": "IQ-AN",
             "fatalities": None}]},
        {"id": "b", "events": []},
        {"id": "c", "events": [
            {"event_type": "Strategic developments", "sub_event_type": "Arrests", "event_date": "2024-03-10",
             "country": "IQ", "admin1": "IQ-BG", "fatalities": None}]},
    ]) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(json.dumps(x) for x in [
        # a: exact at place level, fatalities right
        {"article_id": "a", "event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2024-03-10",
         "country": "IQ", "admin1": "IQ-DI", "fatalities": 3},
        # a: date within the gold tolerance of 1 day, wrong governorate -> matches at date, not place
        {"article_id": "a", "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
         "event_date": "2024-03-10", "country": "IQ", "admin1": "IQ-NI", "fatalities": 0},
        # b: gold says nothing happened -> false positive
        {"article_id": "b", "event_type": "Protests", "sub_event_type": "Peaceful protest",
         "event_date": "2024-03-10", "country": "IQ", "admin1": "IQ-BA"},
        # b: an unscored sub-type -> ignored
        {"article_id": "b", "event_type": "Strategic developments", "sub_event_type": "Agreement",
         "event_date": "2024-03-10", "country": "IQ", "admin1": None},
        # c: right sub-type, date three days off -> matches at subtype only
        {"article_id": "c", "event_type": "Strategic developments", "sub_event_type": "Arrests",
         "event_date": "2024-03-07", "country": "IQ", "admin1": "IQ-BG"},
    ]) + "\n", encoding="utf-8")
    return gold, pred


# gold 3 events, pred 4 scored events.  TP: type 3, subtype 3, date 2, place 1.
# type/subtype: P 3/4 = .750, R 3/3 = 1.000, F1 = 2*.75*1/1.75 = .857
# date:         P 2/4 = .500, R 2/3 = .667,  F1 = 2*.5*.6667/1.1667 = .571
# place:        P 1/4 = .250, R 1/3 = .333,  F1 = 2*.25*.3333/.5833 = .286
# fatalities: one pair matched at place with a gold count (3 == 3) -> 1.000 over 1
_EXPECTED = {"type": ("0.750", "1.000", "0.857", "3"), "subtype": ("0.750", "1.000", "0.857", "3"),
             "date": ("0.500", "0.667", "0.571", "2"), "place": ("0.250", "0.333", "0.286", "1")}


def test_evaluate_prints_table_checked_by_hand(tmp_path):
    gold, pred = _gold_pred(tmp_path)
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--predictions", str(pred)])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["articles=3", "gold=3", "pred=4"]
    table = {ln.split()[0]: tuple(ln.split()[1:]) for ln in lines[2:6]}
    assert lines[1].split() == ["level", "P", "R", "F1", "TP"]
    assert table == _EXPECTED
    assert lines[6] == "fatalities accuracy=1.000 over 1"


def test_evaluate_json_checked_by_hand(tmp_path):
    gold, pred = _gold_pred(tmp_path)
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--predictions", str(pred), "--json"])
    res = json.loads(r.stdout)
    assert res["type"] == {"p": 0.75, "r": 1.0, "f1": 0.857}
    assert res["date"] == {"p": 0.5, "r": 0.667, "f1": 0.571}
    assert res["place"] == {"p": 0.25, "r": 0.333, "f1": 0.286}
    assert (res["articles"], res["gold_events"], res["pred_events"], res["fatalities_acc"]) == (3, 3, 4, 1.0)


def test_evaluate_needs_articles_or_predictions(tmp_path):
    gold, _ = _gold_pred(tmp_path)
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold)])
    assert r.exit_code != 0
    assert "--articles or --predictions" in r.output


def test_extract_as_a_process(tmp_path):
    src = _bad_file(tmp_path)
    p = _subprocess.run([_sys.executable, "-m", "rasad.cli", "extract", str(src)],
                        capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert p.returncode == 0, p.stderr
    assert [json.loads(x)["article_id"] for x in p.stdout.splitlines()] == ["g1", "g2"]
    assert f"{src}:3: skipped: not UTF-8" in p.stderr
    assert "rasad: 3 articles read, 2 events, 5 skipped" in p.stderr
