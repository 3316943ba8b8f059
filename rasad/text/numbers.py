"""Numbers in normalised Arabic text: digits, number words, compounds and duals.

«3», «٣» (after normalisation), «ثلاثة», «خمسة وعشرين», «مئة», «الفي», «1,200» all become
integers. Works on text that went through `rasad.text.normalize`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from rasad.text.normalize import normalize_key

_DATA = Path(__file__).resolve().parent.parent / "data" / "lexicons" / "numbers.yaml"


@dataclass(frozen=True)
class NumberMention:
    """A number found in normalised text, [start, end) in normalised offsets."""

    start: int
    end: int
    value: int


@lru_cache(maxsize=1)
def _words() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Units/tens/teens, multipliers (مئة، الف) and approximate words (عشرات) from YAML."""
    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    simple = {normalize_key(k): int(v) for k, v in raw["simple"].items()}
    mult = {normalize_key(k): int(v) for k, v in raw["multipliers"].items()}
    vague = {normalize_key(k): int(v) for k, v in raw.get("vague", {}).items()}
    return simple, mult, vague


# digits and letters are separate tokens: «و30» is «و» + 30
_TOKEN = re.compile(r"\d+(?:[.,]\d{3})*(?:\.\d+)?|[^\W\d]+", re.UNICODE)
_DIGITS = re.compile(r"\d+(?:[.,]\d{3})*(?:\.\d+)?$")


def _strip_proclitic(tok: str) -> tuple[str, int]:
    """Strip «و» / «ال» / «ب» in front of a number word: «والعشرين» → «عشرين»."""
    simple, mult, _ = _words()
    for p in ("وال", "بال", "ال", "و", "ب", "ل"):
        if tok.startswith(p) and (tok[len(p):] in simple or tok[len(p):] in mult):
            return tok[len(p):], len(p)
    return tok, 0


def word_value(tok: str) -> int | None:
    """Value of a single number word or digit string, else None («ثلاثه» → 3)."""
    if _DIGITS.match(tok):
        return _digit_value(tok)
    simple, mult, _ = _words()
    tok, _ = _strip_proclitic(tok)
    if tok in simple:
        return simple[tok]
    if tok in mult:
        return mult[tok]
    return None


def _digit_value(tok: str) -> int | None:
    t = tok.replace(",", "")
    if re.fullmatch(r"\d+\.\d{3}", t):  # «1.200» as thousands
        t = t.replace(".", "")
    try:
        return int(float(t))
    except ValueError:
        return None


def find_numbers(text: str) -> list[NumberMention]:
    """All numbers in normalised text, compounds joined («خمسه وعشرين» → 25)."""
    simple, mult, _ = _words()
    out: list[NumberMention] = []
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    i = 0
    while i < len(toks):
        s, e, tok = toks[i]
        if _DIGITS.match(tok):
            v = _digit_value(tok)
            # «3 الاف» / «2 مليون»
            if i + 1 < len(toks) and toks[i + 1][2] in mult and v is not None:
                v *= mult[toks[i + 1][2]]
                e = toks[i + 1][1]
                i += 1
            if v is not None:
                out.append(NumberMention(s, e, v))
            i += 1
            continue
        base, _ = _strip_proclitic(tok)
        if base not in simple and base not in mult:
            i += 1
            continue
        total, current = 0, 0
        start, end = s, e
        j = i
        while j < len(toks):
            b, plen = _strip_proclitic(toks[j][2])
            if j > i and plen == 0 and b in ("عشر", "عشره") and 0 < current < 10:
                current += 10  # teens: «احد عشر» = 11, «ثلاثه عشر» = 13
                end = toks[j][1]
                j += 1
                continue
            if j > i and plen == 0 and b not in mult:
                break  # a second number word must be joined by «و» unless a multiplier
            if b in simple:
                current += simple[b]
            elif b in mult:
                total += max(current, 1) * mult[b]
                current = 0
            else:
                break
            end = toks[j][1]
            j += 1
        out.append(NumberMention(start, end, total + current))
        i = j
    return out


def number_before(text: str, pos: int, window: int = 25) -> NumberMention | None:
    """The number ending within `window` characters before `pos`, if any."""
    best = None
    for n in find_numbers(text[max(0, pos - window):pos]):
        best = n
    if best is None:
        return None
    off = max(0, pos - window)
    return NumberMention(best.start + off, best.end + off, best.value)
