"""Hostile and broken input through every entry point (`rasad extract`, `rasad ingest`, the
readers): each bad file is a counted skip or a clear error, and the good files beside it are
still read. Files are generated in the test, nothing is shipped."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.cli import main
from rasad.ingest import ReadStats, read_any

GOOD = "انفجرت عبوة ناسفة صباح اليوم على دورية للشرطة في قضاء المسيب شمالي بابل دون إصابات."


def _hostile(d: Path) -> dict[str, Path]:
    files = {
        "empty.jsonl": b"",
        "binary.jsonl": bytes(range(256)) * 40,
        "truncated_utf8.jsonl": json.dumps({"id": "t", "text": GOOD}, ensure_ascii=False).encode()[:-7] + b"\xd8",
        "cp1256.txt": GOOD.encode("cp1256"),
        "wrong_types.jsonl": b'{"id": [1], "text": 5}\n{"id": "x", "text": null}\n[1,2]\n"str"\n',
        "dates.jsonl": "\n".join(json.dumps({"id": f"d{i}", "text": GOOD, "published": p}, ensure_ascii=False)
                                 for i, p in enumerate(["0000-01-01", "9999-12-31", "2024-02-30", "yesterday"])).encode(),
        "bidi.jsonl": json.dumps({"id": "b", "text": "\u202e\u2067" + GOOD + "\u200f\u061c"}, ensure_ascii=False).encode(),
        "english.jsonl": json.dumps({"id": "e", "text": "Two people were killed in a bombing in Babylon."}).encode(),
        "nested.html": b"<html><body>" + b"<div>" * 10_000 + GOOD.encode() + b"</div>" * 10_000 + b"</body></html>",
        "script.html": ("<html><body><script>alert(1)</script><article><p>" + GOOD + "</p></article></body></html>").encode(),
        "bomb.warc.gz": gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999\r\n\r\n" + b"\0" * 5_000_000),
        "garbage.warc": b"this is not a warc file at all\r\n\r\n" * 100,
        "broken.json": b'{"name": "channel", "messages": [{"id": 1, "type": "message", "text": ',
        "big_line.jsonl": b'{"id": "big", "text": "' + "ا".encode() * (25 * 1024 * 1024) + b'"}\n',
    }
    out = {}
    for name, data in files.items():
        p = d / name
        p.write_bytes(data)
        out[name] = p
    good = d / "good.jsonl"
    good.write_text(json.dumps({"id": "g", "text": GOOD, "published": "2024-03-11"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    out["good.jsonl"] = good
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return _hostile(tmp_path_factory.mktemp("hostile"))


def test_every_reader_survives_every_hostile_file(files):
    for name, path in files.items():
        stats = ReadStats(report=lambda _m: None)
        arts = list(read_any(path, "2024-03-11", stats))  # must not raise
        assert all(isinstance(a.text, str) for a in arts), name
        if name in ("binary.jsonl", "wrong_types.jsonl", "english.jsonl", "big_line.jsonl", "garbage.warc"):
            assert stats.skipped >= 1 and not arts, (name, stats)


def test_extract_reads_the_good_file_beside_all_the_bad_ones(files, tmp_path):
    out = tmp_path / "events.jsonl"
    paths = [str(p) for n, p in files.items() if n != "good.jsonl"] + [str(files["good.jsonl"])]
    r = CliRunner().invoke(main, ["extract", *paths, "-o", str(out), "--no-progress"])
    assert r.exit_code == 0, r.output
    events = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert any(e["article_id"] == "g" and e["admin1"] == "IQ-BB" for e in events)
    summary = r.output.strip().splitlines()[-1]
    assert "skipped" in summary and "not Arabic" in r.output


def test_ingest_goes_on_and_says_what_it_skipped(files, tmp_path):
    db = tmp_path / "h.db"
    paths = [str(p) for p in files.values()]
    r = CliRunner().invoke(main, ["ingest", *paths, "--db", str(db), "--no-progress"])
    assert r.exit_code == 0, r.output
    last = r.output.strip().splitlines()[-1]
    assert "stored" in last and "skipped (" in last
    r = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "jsonl"])
    assert r.exit_code == 0 and any(json.loads(x)["admin1"] == "IQ-BB" for x in r.output.splitlines()
                                     if x.startswith("{"))


def test_bad_arguments_are_clear_errors(tmp_path):
    r = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "none.db"), "--since", "2024-13-45"])
    assert r.exit_code != 0 and "not a date" in r.output
    r = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "none.db")])
    assert r.exit_code != 0 and "no database" in r.output
    r = CliRunner().invoke(main, ["ingest", str(tmp_path / "missing.jsonl")])
    assert r.exit_code != 0 and "does not exist" in r.output
