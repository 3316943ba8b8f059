"""The coded corpus: which texts were coded, by whom, and the gold events of each, by slice.

The codings live in the repository (`codings/`); the texts stay in `../shared/corpus/` and are
read from there (`RASAD_CORPUS` or `corpus_dir=` to point elsewhere).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from rasad.model import Article

REPO = Path(__file__).resolve().parents[2]
CODINGS = REPO / "codings"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


@dataclass
class CodedText:
    """One coded text: where it comes from, its slice, and its gold events."""

    id: str
    file: str
    outlet: str
    month: str
    held_out: bool
    batch: str
    coders: list[str]
    events: list[dict]
    article: Optional[Article] = None
    origin: str = "coded"  # coded | adjudicated | review

    @property
    def kind(self) -> str:
        """post (a channel post) or article (a news-site article)."""
        return "post" if self.file.startswith("telegram/") else "article"


@dataclass
class CodedCorpus:
    """All coded texts, with the double codings kept apart for agreement figures."""

    texts: list[CodedText]
    doubles: dict[str, dict[str, list[dict]]] = field(default_factory=dict)  # batch -> coder -> lines

    def slice(self, held_out: Optional[bool] = None, outlet: Optional[str] = None, month: Optional[str] = None,
              kind: Optional[str] = None) -> list[CodedText]:
        """The texts of one slice (None: any)."""
        return [t for t in self.texts if (held_out is None or t.held_out == held_out)
                and (outlet is None or t.outlet == outlet) and (month is None or t.month == month)
                and (kind is None or t.kind == kind)]


def corpus_dir() -> Path:
    """Where the texts are read from."""
    return Path(os.environ.get("RASAD_CORPUS") or DEFAULT_CORPUS)


def _lines(path: Path) -> Iterator[dict]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def load_coded(codings: Path = CODINGS, corpus: Optional[Path] = None, with_text: bool = True,
               batches: Optional[Iterable[str]] = None) -> CodedCorpus:
    """The coded corpus: manifest + codings (adjudicated lines first), texts attached when found."""
    manifest = {m["id"]: m for m in _lines(codings / "manifest.jsonl")}
    wanted = set(batches) if batches else None
    by_batch: dict[str, dict[str, dict[str, list[dict]]]] = {}
    for p in sorted((codings / "coded").glob("*.jsonl")):
        batch, coder = p.name.split(".")[:2]
        if wanted and batch not in wanted:
            continue
        by_batch.setdefault(batch, {})[coder] = {o["id"]: o.get("events", []) for o in _lines(p)}
    adjudicated: dict[str, list[dict]] = {}
    for p in sorted((codings / "adjudicated").glob("*.jsonl")):
        for o in _lines(p):
            adjudicated[o["id"]] = o.get("events", [])
    texts: list[CodedText] = []
    doubles: dict[str, dict[str, list[dict]]] = {}
    for batch in sorted(by_batch):
        coders = by_batch[batch]
        order = sorted(coders, key=lambda c: int(c[1:]) if c[1:].isdigit() else 99)
        if len(order) > 1:
            doubles[batch] = {c: coders[c] for c in order}
        ids = {i for c in order for i in coders[c]}
        for i in sorted(ids):
            m = manifest.get(i)
            if m is None:
                continue
            who = [c for c in order if i in coders[c]]
            if i in adjudicated:
                evs, origin = adjudicated[i], "adjudicated"
            else:
                evs, origin = coders[who[0]][i], "coded"
            texts.append(CodedText(i, m["file"], m["outlet"], m["month"], m["held_out"], batch, who, evs, origin=origin))
    if with_text:
        _attach(texts, corpus or corpus_dir())
    return CodedCorpus(texts, doubles)


def _attach(texts: list[CodedText], corpus: Path) -> None:
    """Read the coded texts' articles from the corpus files (one pass per file)."""
    by_file: dict[str, dict[str, CodedText]] = {}
    for t in texts:
        by_file.setdefault(t.file, {})[t.id] = t
    for rel, want in by_file.items():
        path = corpus / rel
        if not path.exists():
            continue
        for d in _lines(path):
            t = want.get(d.get("id"))
            if t is not None:
                t.article = Article(id=d["id"], text=d.get("text") or "", published=d.get("published"),
                                    title=d.get("title"), url=d.get("url"), source=d.get("source"))
