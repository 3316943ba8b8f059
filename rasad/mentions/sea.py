"""Events at sea (GUIDELINES §5): the sea or strait is the location, and `country` is the coastal
state only where the report names its waters. Word lists in rasad/data/lexicons/sea.yaml.

«استهداف سفينة في البحر الأحمر» → Red Sea, country null; «... في البحر الأحمر قبالة سواحل الحديدة»
→ Red Sea, YE; «ناقلة في المياه الإقليمية الإيرانية» → the waters as read, IR; admin1 always null.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional, Sequence

import yaml

from rasad.model import Place
from rasad.text.normalize import normalize_key

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Waters:
    """A phrase naming a coastal state's waters: [start, end) in normalised text and the state."""

    start: int
    end: int
    country: Optional[str]


@lru_cache(maxsize=1)
def _data() -> tuple[frozenset[str], re.Pattern, dict[str, str]]:
    ref = resources.files("rasad") / "data" / "lexicons" / "sea.yaml"
    raw = yaml.safe_load(ref.read_text(encoding="utf-8"))
    vessels = frozenset(normalize_key(v) for v in raw["vessels"])
    adjectives = {normalize_key(k): v for k, v in raw["adjectives"].items()}
    return vessels, re.compile(raw["waters"]), adjectives


def names_vessel(norm: str, start: int, end: int) -> bool:
    """True when the span names a ship, a tanker or a boat («استهداف سفينة», «الناقلة»)."""
    vessels = _data()[0]
    words = [m.group() for m in _WORD.finditer(norm, start, end)]
    for i, w in enumerate(words):
        for cand in (w, w[1:] if w[:1] in "وب" else w, " ".join(words[i:i + 2])):
            if cand in vessels:
                return True
    return False


def named_waters(norm: str, start: int, end: int, places: Sequence[tuple[object, Place]]) -> Optional[Waters]:
    """The first phrase in the span naming a coastal state's waters, with the state; None if none.
    `places` are the text's resolved (candidate, place) pairs: «قبالة سواحل الحديدة» → Hodeidah's country."""
    _, waters, adjectives = _data()
    for m in waters.finditer(norm, start, end):
        if m.start() > start and norm[m.start() - 1].isalnum():
            continue  # inside a word
        nxt = _WORD.match(norm, m.end())
        if nxt is None:
            continue
        word = nxt.group()
        if word in adjectives:
            return Waters(m.start(), nxt.end(), adjectives[word])
        for c, p in places:
            cs = getattr(c, "start")
            if m.end() <= cs <= m.end() + 1 and p.country and p.kind != "sea":
                return Waters(m.start(), getattr(c, "end"), p.country)
    return None


def at_sea_place(norm: str, frame: tuple[int, int], start: int, end: int,
                 places: Sequence[tuple[object, Place]]) -> Optional[tuple[Optional[object], Place, Optional[Waters]]]:
    """Where an event is when it is at sea: (candidate of the sea or None, the place with its
    country per §5, the waters phrase). The frame (start, end) must name a vessel and its sentence
    [start, end) a sea or a coastal state's waters; None otherwise."""
    if not names_vessel(norm, *frame):
        return None
    seas = [(c, p) for c, p in places if p.kind == "sea" and start <= getattr(c, "start") < end]
    waters = named_waters(norm, start, end, places)
    if seas:
        c, p = seas[0]
        return c, Place(p.id, p.name_en, p.name_ar, "sea", waters.country if waters else None, None,
                        None, p.lat, p.lon), waters
    if waters is not None and waters.country:
        return None, Place("waters:" + waters.country, "", "", "sea", waters.country, None), waters
    return None
