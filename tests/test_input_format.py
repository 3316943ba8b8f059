"""The input type comes from the content, not only the name; «-» reads standard input; a plain
text far longer than a news report is named in a warning. Arabic written for these tests."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from rasad.cli import main
from rasad.ingest import ReadStats, read_any

POSTS = [
    {"id": "p1", "published": "2024-03-12",
     "text": "انفجرت عبوة ناسفة صباح اليوم على دورية للشرطة في قضاء المسيب شمالي محافظة بابل."},
    {"id": "p2", "published": "2024-03-12",
     "text": "سقطت قذيفة هاون على حي سكني في قضاء طوزخورماتو دون وقوع إصابات."},
]


def _jsonl(path: Path) -> Path:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in POSTS), encoding="utf-8")
    return path


def test_json_lines_named_txt_are_json_lines(tmp_path: Path):
    arts = list(read_any(_jsonl(tmp_path / "posts.txt")))
    assert [a.id for a in arts] == ["p1", "p2"]
    assert arts[0].published == "2024-03-12"


def test_input_format_forces_the_reader(tmp_path: Path):
    arts = list(read_any(_jsonl(tmp_path / "posts.txt"), fmt="text"))
    assert [a.id for a in arts] == ["posts"]  # one plain-text article, as asked


def test_unknown_ending_html_and_feed_are_sniffed(tmp_path: Path):
    page = tmp_path / "page.dat"
    page.write_text("<!doctype html><html><head><title>خبر</title></head><body><article><p>"
                    + POSTS[0]["text"] * 3 + "</p></article></body></html>", encoding="utf-8")
    arts = list(read_any(page, published="2024-03-12"))
    assert len(arts) == 1 and "عبوة ناسفة" in arts[0].text


def test_dash_reads_standard_input(tmp_path: Path):
    data = _jsonl(tmp_path / "x").read_bytes()
    res = CliRunner().invoke(main, ["extract", "-"], input=data)
    assert res.exit_code == 0, res.output
    ids = [json.loads(line)["article_id"] for line in res.stdout.splitlines() if line.startswith("{")]
    assert ids == ["p1", "p2"]


def test_a_very_long_plain_text_is_named_in_a_warning(tmp_path: Path):
    big = tmp_path / "dump.txt"
    big.write_text((POSTS[1]["text"] + "\n") * 1200, encoding="utf-8")  # ~130 KB of text
    said: list[str] = []
    arts = list(read_any(big, "2024-03-12", ReadStats(report=said.append)))
    assert len(arts) == 1
    assert any("warning" in m and "ONE article" in m for m in said)


def test_missing_input_is_a_usage_error(tmp_path: Path):
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.jsonl")])
    assert res.exit_code == 2 and "does not exist" in res.output
