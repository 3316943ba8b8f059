"""Telegram Desktop exports ("Export chat history" → JSON, `result.json`): one Article per post.

The file is {"name", "type", "id", "messages": [...]} for one chat, or a full-account export
with the chats under {"chats": {"list": [...]}}. A message's "text" is a string or a list mixing
strings and entity objects ({"type": "bold" | "link" | "text_link" | "hashtag" | …, "text": …});
the parts are joined. Service messages (joins, pins, title changes) and posts without text
(a photo with no caption) are counted skips. An edited post holds its final text in the
export; it keeps the date it was first posted.

id = "<chat id>:<message id>", source = the chat's name, published = the post's date and time
with the UTC offset of the machine that exported it (worked out from "date" and "date_unixtime").
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator, Optional

from rasad.ingest.jsonl import ReadStats
from rasad.ingest.language import document_problem
from rasad.model import Article

MAX_EXPORT_BYTES = 2_000_000_000


def message_text(msg: dict[str, Any]) -> str:
    """The text of a message: "text" as a string, or its parts (strings and entities) joined."""
    text = msg.get("text")
    if isinstance(text, str):
        return text
    parts = text if isinstance(text, list) else msg.get("text_entities")
    if not isinstance(parts, list):
        return ""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            out.append(part["text"])
    return "".join(out)


def _published(msg: dict[str, Any]) -> Optional[str]:
    """The post time as ISO 8601; with the exporter's UTC offset when "date_unixtime" allows it."""
    local = msg.get("date")
    if not isinstance(local, str):
        return None
    try:
        naive = datetime.fromisoformat(local)
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return naive.isoformat()
    try:
        utc = datetime.fromtimestamp(int(msg["date_unixtime"]), tz=timezone.utc).replace(tzinfo=None)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return naive.isoformat()
    seconds = (naive - utc).total_seconds()
    if seconds % 900 or abs(seconds) > 14 * 3600:  # not a real UTC offset: the two fields disagree
        return naive.isoformat()
    return naive.replace(tzinfo=timezone(timedelta(seconds=seconds))).isoformat()


def _chats(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        yield data
    elif isinstance(data, dict) and isinstance(data.get("chats"), dict):
        for chat in data["chats"].get("list") or []:
            if isinstance(chat, dict) and isinstance(chat.get("messages"), list):
                yield chat


def read_telegram_export(path: Path, stats: ReadStats | None = None) -> Iterator[Article]:
    """Posts of a Telegram Desktop JSON export, in the export's order; others counted and skipped."""
    stats = stats if stats is not None else ReadStats()
    path = Path(path)
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_EXPORT_BYTES:
            stats.skip(where, f"export too large ({size} bytes > {MAX_EXPORT_BYTES})")
            return
        with open(path, "rb") as f:
            data = json.loads(f.read().decode("utf-8-sig"))
    except OSError as exc:
        stats.skip(where, f"unreadable file ({exc.strerror or exc})")
        return
    except UnicodeDecodeError:
        stats.skip(where, "not UTF-8")
        return
    except (json.JSONDecodeError, RecursionError) as exc:
        stats.skip(where, f"malformed JSON ({getattr(exc, 'msg', exc)})")
        return
    chats = list(_chats(data))
    del data  # only the chats' message lists are needed from here on
    if not chats:
        stats.skip(where, "not a Telegram export (no 'messages')")
        return
    for chat in chats:
        chat_id = chat.get("id")
        name = chat.get("name") if isinstance(chat.get("name"), str) else None
        messages = chat.pop("messages")
        for i, msg in enumerate(messages):
            messages[i] = None  # let posts already read be freed
            art = _article(msg, chat_id, name, where, i, stats)
            if art is not None:
                stats.read += 1
                yield art


def _article(msg: Any, chat_id: Any, name: Optional[str], where: str, index: int,
             stats: ReadStats) -> Optional[Article]:
    if not isinstance(msg, dict):
        stats.skip(f"{where}#{index}", "message is not a JSON object")
        return None
    mid = msg.get("id")
    at = f"{where}#message{mid}" if mid is not None else f"{where}#{index}"
    if msg.get("type", "message") != "message":
        stats.skip(at, f"service message ({msg.get('action') or msg.get('type')})")
        return None
    if not isinstance(mid, (int, str)) or mid == "":
        stats.skip(at, "bad message 'id'")
        return None
    text = message_text(msg)
    problem = document_problem(text)
    if problem:
        stats.skip(at, "empty message" if problem == "empty text" else problem)
        return None
    aid = f"{chat_id}:{mid}" if chat_id is not None else f"{name or 'telegram'}:{mid}"
    return Article(id=aid, text=text, published=_published(msg), title=None, url=None, source=name)
