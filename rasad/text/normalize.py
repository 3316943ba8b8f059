"""Arabic normalisation with a map from normalised offsets back to the original text.

One normaliser for the whole system: lexicons, the gazetteer and article text all pass
through `normalize_key`/`normalize`, so «أربيل», «اربيل» and «إربيل» meet as «اربيل».
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

# Characters removed outright: harakat, Quranic marks, tatweel, zero-width and bidi controls.
_DELETE = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u00ad", "\u061c"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_MAP = {
    # alef forms and hamza carriers: أ إ آ ٱ → ا ; ؤ → و ; ئ → ي
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي",
    # alef maqsura and ta marbuta: ى → ي ; ة → ه
    "ى": "ي", "ة": "ه",
    # Persian / Kurdish / Urdu letters that Arabic text borrows
    "ک": "ك", "ی": "ي", "ۍ": "ي", "ې": "ي", "ە": "ه", "ۀ": "ه", "ھ": "ه", "ہ": "ه",
    # punctuation that varies
    "\u066b": ".", "\u066c": ",", "\u066a": "%", "\t": " ", "\r": " ", "\xa0": " ",
    "\u2028": "\n", "\u2029": "\n", "\u2000": " ", "\u2001": " ", "\u2002": " ",
    "\u2003": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ",
    # hashtags join words with «_»: «#قطاع_غزة», «#تنظيم_داعش» are words to read
    "_": " ",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits ٠-٩
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits ۰-۹
for _ch in _DELETE:
    _MAP[_ch] = None

_TABLE = str.maketrans(_MAP)
# The same mapping as (character, replacement) pairs: most texts hold a few of these characters,
# and `in` + `replace` for those few is several times faster than `translate` over every
# character. No replacement is itself a key, so the order does not matter.
_PAIRS = tuple((ch, rep or "") for ch, rep in _MAP.items())
assert not {rep for _, rep in _PAIRS} & set(_MAP)


def _translate(text: str) -> str:
    """`text.translate(_TABLE)`, faster."""
    for ch, rep in _PAIRS:
        if ch in text:
            text = text.replace(ch, rep)
    return text
_DELETED = re.compile("[" + "".join(re.escape(c) for c in _DELETE) + "]")


_EXPANDING = re.compile("[\uFB50-\uFDFF\uFE70-\uFEFE]")


def _needs_slow_path(text: str) -> bool:
    """True when the text holds presentation forms (ligatures such as «ﻻ») that expand."""
    return _EXPANDING.search(text) is not None


@dataclass
class Normalized:
    """Normalised text and the way back to offsets in the original."""

    text: str
    original: str
    # Either a full per-character map (slow path) or the sorted list of the normalised
    # positions at which deleted characters would have stood (fast path).
    _full: list[int] | None = None
    _shift: list[int] = field(default_factory=list)

    def to_original(self, i: int) -> int:
        """Original offset of normalised offset `i` (i == len(text) maps to the end)."""
        if self._full is not None:
            return self._full[i] if i < len(self._full) else len(self.original)
        if i >= len(self.text):
            return len(self.original)
        return i + bisect_right(self._shift, i)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised [start, end)."""
        if end <= start:
            s = self.to_original(start)
            return s, s
        return self.to_original(start), self.to_original(end - 1) + 1


def normalize(text: str) -> Normalized:
    """Normalise Arabic text (letters, digits, marks, runs of spaces) keeping an offset map."""
    if _needs_slow_path(text):
        return _normalize_slow(text)
    mapped = _translate(text)  # every entry maps one character to one or none
    out = mapped.lower()
    if len(out) != len(mapped):
        return _normalize_slow(text)  # lower-casing expanded a character («İ»)
    if "  " in out or "\n " in out:
        return _normalize_slow(text)  # runs of spaces fold to one
    # positions (in normalised coordinates) before which one original char was deleted
    shift: list[int] = []
    if len(out) != len(text):
        shift = [m.start() - k for k, m in enumerate(_DELETED.finditer(text))]
    return Normalized(out, text, None, shift)


def _normalize_slow(text: str) -> Normalized:
    """Per-character normalisation for text with expanding characters (ligatures)."""
    chars: list[str] = []
    offs: list[int] = []
    for i, ch in enumerate(text):
        o = ord(ch)
        if 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFE:
            rep = unicodedata.normalize("NFKC", ch)
            if rep.startswith(" ") and len(rep) > 1:
                rep = rep[1:]  # «ﹰ» (U+FE70) is a harakah: NFKC gives « ً», which must not split the word
        else:
            rep = ch
        rep = rep.translate(_TABLE).lower()
        for r in rep:
            if r == " " and chars and chars[-1] in " \n":
                continue
            chars.append(r)
            offs.append(i)
    return Normalized("".join(chars), text, offs)


def normalize_key(text: str) -> str:
    """Normalise a lexicon or gazetteer entry: same letters as `normalize`, one space."""
    if not _needs_slow_path(text):
        # a short key: `translate` beats `_translate`'s scan of every pair (the gazetteer's
        # tens of thousands of names load in half the time); no offsets are needed
        return " ".join(text.translate(_TABLE).lower().split())
    return " ".join(normalize(text).text.split())
