"""Telegram Desktop JSON exports: entity lists joined, service and empty posts skipped, edits, dates with offset."""
import json

from rasad.ingest import ReadStats, is_telegram_export, read_any, read_jsonl, read_telegram_export
from rasad.ingest.telegram import message_text

T_PLAIN = "قصف مدفعي يستهدف أطراف بلدة حولا جنوب لبنان منذ ساعات الصباح."
T_EDITED = "ارتفاع حصيلة ضحايا الغارة على بلدة عيترون إلى ثلاثة شهداء وخمسة جرحى."


def msg(mid, date="2024-03-11T10:15:00", unix=1710141300, **kw):
    # 2024-03-11T10:15:00 at UTC+03:00 is 07:15:00 UTC = 1710141300
    m = {"id": mid, "type": "message", "date": date, "date_unixtime": str(unix), "from": "قناة الرصد",
         "from_id": "channel1234567890"}
    m.update(kw)
    return m


def export(messages, name="قناة الرصد", cid=1234567890):
    return {"name": name, "type": "public_channel", "id": cid, "messages": messages}


ENTITY_TEXT = [
    {"type": "bold", "text": "عاجل |"},
    " اشتباكات عنيفة بين فصائل مسلحة في ",
    {"type": "text_link", "text": "ريف إدلب الجنوبي", "href": "https://example.org/idlib"},
    " وسقوط قتلى من الطرفين ",
    {"type": "hashtag", "text": "#سوريا"},
    "\n",
    {"type": "link", "text": "https://t.me/example/5"},
]
ENTITY_JOINED = ("عاجل | اشتباكات عنيفة بين فصائل مسلحة في ريف إدلب الجنوبي وسقوط قتلى من الطرفين #سوريا\n"
                 "https://t.me/example/5")

MESSAGES = [
    {"id": 1, "type": "service", "date": "2024-03-11T09:00:00", "date_unixtime": "1710136800",
     "actor": "قناة الرصد", "action": "create_channel", "title": "قناة الرصد", "text": "", "text_entities": []},
    msg(2, text=T_PLAIN, text_entities=[{"type": "plain", "text": T_PLAIN}]),
    msg(3, date="2024-03-11T10:20:00", unix=1710141600, text=ENTITY_TEXT,
        text_entities=[p if isinstance(p, dict) else {"type": "plain", "text": p} for p in ENTITY_TEXT]),
    msg(4, photo="photos/photo_4@11-03-2024_10-25-00.jpg", width=1280, height=720, text="", text_entities=[]),
    msg(5, date="2024-03-11T11:00:00", unix=1710144000, edited="2024-03-11T13:40:00",
        edited_unixtime="1710153600", text=T_EDITED, text_entities=[{"type": "plain", "text": T_EDITED}]),
    msg(6, text="Breaking: heavy shelling reported near the border this morning.",
        text_entities=[{"type": "plain", "text": "Breaking: heavy shelling reported near the border this morning."}]),
    msg(7, text=[{"type": "bold", "text": "پهپادهای ارتش به سمت مرز حرکت کردند و مردم در خیابان‌ها جمع شدند"}]),
    {"id": 8, "type": "service", "date": "2024-03-11T12:00:00", "date_unixtime": "1710147600",
     "action": "pin_message", "message_id": 5, "text": ""},
    "not an object",
]


def write(tmp_path, data, name="result.json", indent=1):
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False, indent=indent), encoding="utf-8")
    return p


def test_posts_read_and_skips_counted(tmp_path):
    p = write(tmp_path, export(MESSAGES))
    msgs = []
    stats = ReadStats(report=msgs.append)
    arts = list(read_telegram_export(p, stats))
    assert [a.id for a in arts] == ["1234567890:2", "1234567890:3", "1234567890:5"]
    assert all(a.source == "قناة الرصد" for a in arts)
    a2, a3, a5 = arts
    assert a2.text == T_PLAIN
    assert a2.published == "2024-03-11T10:15:00+03:00" and a2.published_has_time
    assert a3.text == ENTITY_JOINED
    assert a5.text == T_EDITED and a5.published == "2024-03-11T11:00:00+03:00"  # final text, first date
    assert stats.read == 3
    assert stats.reasons == {"service message": 2, "empty message": 1, "not Arabic": 2,
                             "message is not a JSON object": 1}
    assert f"{p}#message1: skipped: service message (create_channel)" in msgs
    assert f"{p}#message4: skipped: empty message" in msgs
    assert f"{p}#message6: skipped: not Arabic (no Arabic letters)" in msgs


def test_message_text_forms():
    assert message_text({"text": "نص"}) == "نص"
    assert message_text({"text": ["أ", {"type": "bold", "text": "ب"}, {"type": "custom_emoji", "text": "🔥",
                                                                         "document_id": "1"}]}) == "أب🔥"
    assert message_text({"text_entities": [{"type": "plain", "text": "ج"}]}) == "ج"
    assert message_text({"text": None}) == ""
    assert message_text({"text": [{"type": "bold"}, 5, "د"]}) == "د"


def test_dates_without_unixtime_or_with_odd_offsets(tmp_path):
    p = write(tmp_path, export([
        {"id": 1, "type": "message", "date": "2024-03-11T10:15:00", "text": T_PLAIN},
        {"id": 2, "type": "message", "date": "2024-03-11T10:15:00", "date_unixtime": "1710141301", "text": T_PLAIN},
        {"id": 3, "type": "message", "date": "not a date", "text": T_PLAIN},
        {"id": 4, "type": "message", "date": "2024-03-11T10:15:00", "date_unixtime": "1710152100", "text": T_PLAIN},
    ]))
    pubs = [a.published for a in read_telegram_export(p, ReadStats(report=lambda m: None))]
    assert pubs == ["2024-03-11T10:15:00", "2024-03-11T10:15:00", None, "2024-03-11T10:15:00+00:00"]


def test_full_account_export_with_chats_list(tmp_path):
    data = {"about": "...", "chats": {"about": "...", "list": [
        export([msg(1, text=T_PLAIN)], name="قناة أ", cid=11),
        export([msg(1, text=T_EDITED)], name="قناة ب", cid=22)]}}
    p = write(tmp_path, data)
    arts = list(read_any(p, stats=ReadStats(report=lambda m: None)))
    assert [(a.id, a.source) for a in arts] == [("11:1", "قناة أ"), ("22:1", "قناة ب")]


def test_read_any_tells_exports_from_json_lines(tmp_path):
    pretty = write(tmp_path, export(MESSAGES), "pretty.json")
    minified = write(tmp_path, export(MESSAGES), "minified.json", indent=None)
    jl = tmp_path / "articles.json"
    jl.write_text(json.dumps({"id": "a1", "text": T_PLAIN}, ensure_ascii=False) + "\n"
                  + json.dumps({"id": "a2", "text": T_EDITED}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert is_telegram_export(pretty) and is_telegram_export(minified) and not is_telegram_export(jl)
    for p in (pretty, minified):
        assert [a.id for a in read_any(p, stats=ReadStats(report=lambda m: None))] == [
            "1234567890:2", "1234567890:3", "1234567890:5"]
    assert [a.id for a in read_any(jl, stats=ReadStats(report=lambda m: None))] == ["a1", "a2"]
    assert [a.id for a in read_jsonl(jl, ReadStats(report=lambda m: None))] == ["a1", "a2"]


def test_same_export_same_ids(tmp_path):
    p = write(tmp_path, export(MESSAGES))
    one = [(a.id, a.text, a.published) for a in read_telegram_export(p, ReadStats(report=lambda m: None))]
    two = [(a.id, a.text, a.published) for a in read_telegram_export(p, ReadStats(report=lambda m: None))]
    assert one == two


def test_broken_files_are_one_counted_skip(tmp_path):
    cases = {
        "trunc.json": (json.dumps(export(MESSAGES), ensure_ascii=False)[:500].encode("utf-8"), "malformed JSON"),
        "other.json": (b'{"name": "x", "messages": 5}', "not a Telegram export"),
        "list.json": (b"[1, 2, 3]", "not a Telegram export"),
        "cp.json": (json.dumps(export([msg(1, text=T_PLAIN)]), ensure_ascii=False).encode("cp1256"), "not UTF-8"),
    }
    for name, (data, reason) in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        stats = ReadStats(report=lambda m: None)
        assert list(read_telegram_export(p, stats)) == []
        assert stats.reasons == {reason: 1}, name
    stats = ReadStats(report=lambda m: None)
    assert list(read_telegram_export(tmp_path / "missing.json", stats)) == []
    assert stats.reasons == {"unreadable file": 1}


def test_byte_order_mark_and_message_without_id(tmp_path):
    p = tmp_path / "result.json"
    data = export([{"type": "message", "date": "2024-03-11T10:15:00", "text": T_PLAIN}, msg(9, text=T_PLAIN)])
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode("utf-8"))
    stats = ReadStats(report=lambda m: None)
    assert [a.id for a in read_any(p, stats=stats)] == ["1234567890:9"]
    assert stats.reasons == {"bad message 'id'": 1}
