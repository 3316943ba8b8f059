"""A place the text names that no gazetteer entry resolves: «قاعدة الزهيرات الجوية», «قرية كاني زركان».

The event is still written, with the name as read (GUIDELINES §5 codes what the report says;
an analyst can fix a place, a missing event is invisible). Word lists live in
rasad/data/lexicons/place_text.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional

import yaml

from rasad.text.normalize import normalize_key

# Proclitics a head word may carry: «بقرية», «وفي» is a stop word, not a head.
_HEAD_PREFIXES = ("", "و", "ب", "ل", "ف", "وب", "فب", "ول", "لل", "ك")
# Adjectives that belong to a site's name and end it: «قاعدة الزهيرات الجوية», «حقل الخرموشة النفطي».
_SITE_ADJECTIVES = frozenset(normalize_key(w) for w in (
    "الجوية", "الجوي", "العسكرية", "العسكري", "النفطي", "النفطية", "الحدودي", "الحدودية", "البحرية",
    "الغازي", "الكهرومائي", "الحرارية", "الحراري", "الغازية"))
_QUOTES = " \"'«»“”"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_NAME_WORDS = 3
# Hit categories that are no part of a name: «قاعدة للحشد», «قرية استهدفها».
_NOT_NAME = frozenset({"trigger", "weapon", "actor", "cue", "casualty", "source", "nisba"})


@dataclass(frozen=True)
class PlaceText:
    """A place name as read in normalised text, with [start, end) over it (head word included)."""

    start: int
    end: int
    text: str
    country: Optional[str] = None  # said by a country adjective right after the name («الروسيه»)


@lru_cache(maxsize=1)
def _raw() -> dict[str, frozenset[str]]:
    raw = _yaml()
    return {k: frozenset(normalize_key(str(w)) for w in v) for k, v in raw.items() if isinstance(v, list)}


@lru_cache(maxsize=1)
def _yaml() -> dict:
    ref = resources.files("rasad") / "data" / "lexicons" / "place_text.yaml"
    return yaml.safe_load(ref.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _nisba_after() -> dict[str, str]:
    return {normalize_key(k): v for k, v in _yaml()["nisba_after"].items()}


def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    r = _raw()
    return r["heads"], r["stops"], r["generic"] | r["generic_more"]


@lru_cache(maxsize=1)
def _site_heads() -> frozenset[str]:
    r = _raw()
    return r["heads"] | frozenset(v for v in r["vessels"] if " " not in v)


def _head_prefix(word: str, heads: frozenset[str]) -> Optional[str]:
    """The proclitics before a head word («ب» of «بقريه»), or None when `word` is no head."""
    return next((p for p in _HEAD_PREFIXES if word.startswith(p) and word[len(p):] in heads), None)


def place_texts(norm: str, start: int, end: int, taken: Iterable[tuple[int, int]] = (),
                other_hits: Iterable[int] = (), heads: Optional[frozenset[str]] = None) -> list[PlaceText]:
    """Unresolved place names between `start` and `end` of normalised text, in text order.
    `taken`: spans the gazetteer resolved (a name that starts there is not unresolved);
    `other_hits`: starts of lexicon hits (triggers, actors, …) that cannot begin a name."""
    own_heads, stops, generic = _lists()
    heads = heads or own_heads
    taken = list(taken)
    not_name = set(other_hits)
    words = [(m.start(), m.end()) for m in _WORD.finditer(norm, start, end)]
    out: list[PlaceText] = []
    for i, (hs, he) in enumerate(words):
        pre = _head_prefix(norm[hs:he], heads)
        if pre is None or (out and hs < out[-1].end):
            continue  # no head, or inside the name just read («قرية تل X»)
        hs += len(pre)
        name_end = None
        for k, (ws, we) in enumerate(words[i + 1:i + 1 + MAX_NAME_WORDS]):
            prev_end = words[i + k][1]
            if norm[prev_end:ws].strip(_QUOTES):
                break  # punctuation between: «قرية، ...»
            w = norm[ws:we]
            if w in stops or w.isdigit() or (w.startswith("و") and len(w) > 2 and k > 0):
                break
            if any(s <= ws < e for s, e in taken):
                name_end = None if k == 0 else name_end
                break  # a resolved place: the gazetteer's, not an unknown name
            if ws in not_name:
                break
            if w in _SITE_ADJECTIVES and k > 0:
                name_end = we
                break
            if w in generic or w in _nisba_after() or (k > 0 and _head_prefix(w, heads) is not None):
                break
            name_end = we
        if name_end is not None:
            after = _WORD.match(norm, name_end + 1) if norm[name_end:name_end + 1] == " " else None
            country = _nisba_after().get(after.group()) if after else None
            out.append(PlaceText(hs, name_end, norm[hs:name_end], country))
    return out


def site_keys(norm: str) -> list[str]:
    """What names a site or a vessel in normalised text, head word included, without the
    adjectives and quotes of its name: «قاعده حرير الجويه» → «قاعده حرير»; «السفينه "X"» → «سفينه X»."""
    out = []
    for p in place_texts(norm, 0, len(norm), heads=_site_heads()):
        words = _WORD.findall(p.text)
        if words and words[0].startswith("ال"):
            words[0] = words[0][2:]
        words = [w for w in words if w not in _SITE_ADJECTIVES]
        if len(words) > 1:
            out.append(" ".join(words))
    return out
