"""The per-document budget (rasad.chunks): long texts read in chunks with no event lost or told
twice at a seam, over-long runs read as bounded sentences, a document past the hard limit
skipped with its reason."""
from __future__ import annotations

import logging

import pytest

import rasad
from rasad import chunks
from rasad.chunks import DocumentTooLarge, chunk_bounds
from rasad.model import Article
from rasad.pipeline import extract_article
from rasad.text.sentences import MAX_SENTENCE_CHARS, split_sentences

FILLER = [
    "وناقش المجلس البلدي خطة لتحسين خدمات المياه في الاحياء السكنية خلال الاشهر المقبلة.",
    "واكد المسؤولون اهمية التعاون بين الدوائر الحكومية لتنفيذ المشاريع المتاخرة.",
    "ودعا عدد من الخبراء الى مراجعة اسعار المواد الغذائية في الاسواق المحلية.",
    "وقالت وزارة التربية ان العام الدراسي سيبدا في موعده المحدد.",
]
EVENT = "انفجرت عبوة ناسفة صباح الاثنين على رتل في قضاء المسيب شمالي بابل دون إصابات."
PUBLISHED = "2024-03-12"
SMALL_CHUNK = 3_000


def _filler(chars: int, start: int = 0) -> str:
    out, i = [], start
    while sum(len(s) + 1 for s in out) < chars:
        out.append(FILLER[i % len(FILLER)])
        i += 1
    return " ".join(out)


def _ieds(text: str) -> list:
    return [e for e in rasad.extract(text, published=PUBLISHED) if e.sub_event_type == "Remote explosive/landmine/IED"]


def test_the_event_sentence_alone_is_one_event():
    evs = _ieds(EVENT)
    assert len(evs) == 1 and evs[0].admin1 == "IQ-BB"


@pytest.mark.parametrize("before", range(SMALL_CHUNK - 120, SMALL_CHUNK + 40, 23))
def test_an_event_at_a_chunk_seam_is_found_once(monkeypatch, before):
    """The event sentence starts just before, across or just after where a chunk would end."""
    monkeypatch.setattr(chunks, "CHUNK_CHARS", SMALL_CHUNK)
    head = _filler(before)[:before - 2].rsplit(".", 1)[0] + "."
    head += " " * (before - len(head))  # the event sentence starts at `before` exactly
    text = head + EVENT + " " + _filler(2 * SMALL_CHUNK, 1)
    assert text.index(EVENT) == before
    assert len(chunk_bounds(text)) >= 2
    evs = _ieds(text)
    assert len(evs) == 1, [(e.trigger, e.evidence) for e in evs]
    ev = evs[0]
    assert ev.admin1 == "IQ-BB" and ev.event_date == "2024-03-11"
    # offsets are the whole text's, whatever chunk found it
    assert text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
    assert ev.evidence[0].text.startswith("انفجرت عبوة") and text.index(EVENT) == ev.evidence[0].start


def test_chunks_cover_the_text_and_end_at_sentence_starts(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_CHARS", SMALL_CHUNK)
    text = "\n".join(_filler(700, k) for k in range(20))
    bounds = chunk_bounds(text)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(b == a2 for (_, b), (a2, _) in zip(bounds, bounds[1:]))
    assert all(b - a <= SMALL_CHUNK for a, b in bounds[:-1])
    sentence_starts = {s.start for s in split_sentences(text)}  # normalisation keeps these lengths
    assert all(b in sentence_starts for _, b in bounds[:-1])


PLACES = ["قضاء المسيب شمالي بابل", "مدينة الرمادي", "قضاء سامراء", "مدينة بعقوبة", "قضاء الزبير", "مدينة كركوك",
          "قضاء تلعفر", "مدينة الكوت", "مدينة النجف", "مدينة كربلاء", "مدينة العمارة", "مدينة الناصرية"]


def test_events_in_every_chunk_are_all_found_once(monkeypatch):
    text = " ".join(_filler(400, k) + " " + EVENT.replace(PLACES[0], p) for k, p in enumerate(PLACES))
    whole = _ieds(text)
    assert len({e.admin1 for e in whole}) == len(whole) == 12
    monkeypatch.setattr(chunks, "CHUNK_CHARS", SMALL_CHUNK)
    assert len(chunk_bounds(text)) >= 3
    chunked = _ieds(text)
    assert [(e.admin1, e.event_date) for e in chunked] == [(e.admin1, e.event_date) for e in whole]
    assert sorted(e.trigger.start for e in chunked) == sorted(e.trigger.start for e in whole)
    assert len({e.event_id for e in chunked}) == 12


def test_a_run_without_punctuation_is_read_as_bounded_pieces_cut_at_spaces():
    words = ("قصف مدفعي استهدف قرية في ريف حلب وسط اشتباكات بين الفصائل " * 400).split()
    text = " ".join(words)
    sents = split_sentences(text)
    assert len(sents) > 1
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in sents)
    # no word is cut, and the pieces hold every word in order
    assert [w for s in sents for w in text[s.start:s.end].split()] == words


def test_a_document_past_the_hard_limit_is_skipped_with_its_reason(monkeypatch, caplog):
    monkeypatch.setattr(chunks, "MAX_DOCUMENT_CHARS", 1_000)
    with caplog.at_level(logging.WARNING, logger="rasad.pipeline"):
        with pytest.raises(DocumentTooLarge, match="past the limit of 1,000"):
            rasad.extract(EVENT + " " + _filler(2_000), published=PUBLISHED)
    assert "skipped" in caplog.text
    assert len(_ieds(EVENT)) == 1  # a text under the limit is read as ever


def test_the_cli_counts_a_document_past_the_limit_as_failed(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from rasad.cli import main

    monkeypatch.setattr(chunks, "MAX_DOCUMENT_CHARS", 1_000)
    long = tmp_path / "long.jsonl"
    long.write_text('{"id": "big", "text": "%s", "published": "%s"}\n{"id": "ok", "text": "%s", "published": "%s"}\n'
                    % (_filler(2_000), PUBLISHED, EVENT, PUBLISHED), encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(long), "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "article big failed" in res.output and "past the limit" in res.output
    assert "1 failed" in res.output
    assert "Remote explosive" in res.output  # the other article's event is written


def test_a_text_denser_than_any_report_is_decided_by_the_rules_alone(monkeypatch, caplog):
    """Past MAX_DECIDED_PROPOSALS candidates in one text the trained layer steps aside, and says so."""
    text = ("قصفت مدفعية الجيش بلدة في ريف حلب صباح اليوم. "
            "وانفجرت عبوة ناسفة على رتل عسكري في قضاء المسيب شمالي بابل. "
            "واعتقلت قوة امنية ثلاثة مطلوبين في حي الجهاد غربي بغداد.")
    article = Article(id="dense", text=text, published="2025-03-11")
    rules = [e.to_dict() for e in extract_article(article, learned=False)]
    assert len(rules) >= 2
    monkeypatch.setattr(chunks, "MAX_DECIDED_PROPOSALS", 1)
    with caplog.at_level("WARNING", logger="rasad"):
        got = [e.to_dict() for e in extract_article(article)]
    assert got == rules
    assert any("decided by the rules alone" in r.getMessage() for r in caplog.records)
