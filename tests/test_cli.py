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
