"""JSON Lines articles (FORMAT.md): one object a line; bad lines are reported and skipped."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from rasad.ingest.language import document_problem
from rasad.model import Article

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 20_000_000


@dataclass
class ReadStats:
    """What a reader took and what it skipped, with why."""

    read: int = 0
    skipped: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    report: Callable[[str], None] = field(default=log.warning, repr=False)

    def skip(self, where: str, reason: str) -> None:
        """Count a skipped record and report it with its place («file:line: skipped: why»)."""
        self.skipped += 1
        key = reason.split(" (")[0]
        self.reasons[key] = self.reasons.get(key, 0) + 1
        self.report(f"{where}: skipped: {reason}")


def _str_or_none(v: object) -> str | None:
    if v is None:
        return None
    return v if isinstance(v, str) else str(v)


def article_from_obj(obj: object, fallback_id: str) -> Article:
    """An Article from one decoded JSON object; raises ValueError when it is not one."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("missing or non-string 'text'")
    aid = obj.get("id", fallback_id)
    if not isinstance(aid, (str, int)) or aid == "":
        raise ValueError("bad 'id'")
    pub = obj.get("published")
    if pub is not None and not isinstance(pub, str):
        raise ValueError("'published' is not a string")
    return Article(id=str(aid), text=text, published=pub, title=_str_or_none(obj.get("title")),
                   url=_str_or_none(obj.get("url")), source=_str_or_none(obj.get("source")))


def read_jsonl(path: Path, stats: ReadStats | None = None) -> Iterator[Article]:
    """Articles of a JSON Lines file, streaming; malformed lines counted in `stats` and skipped."""
    stats = stats if stats is not None else ReadStats()
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            where = f"{path}:{lineno}"
            if len(raw) > MAX_LINE_BYTES:
                stats.skip(where, "line too long")
                continue
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")  # a BOM may open the file
            except UnicodeDecodeError:
                stats.skip(where, "not UTF-8")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                stats.skip(where, f"malformed JSON ({exc.msg})")
                continue
            try:
                art = article_from_obj(obj, f"{path.stem}-{lineno}")
            except ValueError as exc:
                stats.skip(where, str(exc))
                continue
            problem = document_problem(art.text)
            if problem:
                stats.skip(where, problem)
                continue
            stats.read += 1
            yield art
