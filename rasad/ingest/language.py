"""Is this document Arabic? Letter counts, no model: every reader skips the ones that are not.

A document is Arabic when, among its letters (URLs, e-mail addresses and @handles left out),
at least `threshold` (40 %) are Arabic-script letters, there are at least `min_letters` of
them, and the Arabic-script part is not plainly Persian, Kurdish or Urdu (words spelt with
letters Arabic does not use — «ی ک پ چ ژ گ ە ێ ۆ ڕ ڵ» — outnumbering words spelt with
«ي ك ة ى» more than twice over).

40 %, not 50 %: Arabic spells the same news in fewer letters than English, so a channel post
in Arabic followed by its English translation sits at 40–50 % and is kept. Arabic posts
quoting a Persian line, or naming places with «گ» or «چ», stay Arabic too.
"""
from __future__ import annotations

import re
from typing import Optional

ARABIC_SHARE = 0.4  # an Arabic post with its English translation runs 40–50 % Arabic letters
MIN_ARABIC_LETTERS = 3

_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x089F), (0x08A0, 0x08FF),
                  (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_NOT_LETTERS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.\S+|@\w+", re.IGNORECASE)
# Persian / Kurdish / Urdu letters Arabic does not use (Persian yeh and keheh, peh, tcheh, jeh, gaf,
# Kurdish ae, yeh and waw with small v, reh and lam with small v, Urdu heh doachashmee).
_OTHER_SCRIPT_LANG = "یکپچژگەێۆڕڵھ"
_ARABIC_ONLY = frozenset("يكةى")  # Arabic yeh, kaf, teh marbuta, alef maksura: not in Persian spelling


def _letter_class(blocks: tuple[tuple[int, int], ...]) -> str:
    """A regex character class of the code points in `blocks` that are letters (str.isalpha)."""
    ranges: list[list[int]] = []
    for a, b in blocks:
        for o in range(a, b + 1):
            if chr(o).isalpha():
                if ranges and ranges[-1][1] == o - 1:
                    ranges[-1][1] = o
                else:
                    ranges.append([o, o])
    return "[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


_ARABIC_LETTERS = re.compile(_letter_class(_ARABIC_BLOCKS) + "+")
_LETTERS = re.compile(r"[^\W\d_]+")
_ARABIC_WORD = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _ARABIC_BLOCKS[:4]) + "]+")  # marks too
_OTHER_LETTER = re.compile(f"[{_OTHER_SCRIPT_LANG}]")


def arabic_share(text: str) -> tuple[int, int]:
    """(Arabic-script letters, all letters) of `text`, URLs, e-mails and @handles left out."""
    if "://" in text or "www." in text or "@" in text:
        text = _NOT_LETTERS.sub(" ", text)
    return sum(map(len, _ARABIC_LETTERS.findall(text))), sum(map(len, _LETTERS.findall(text)))


def _looks_persian_or_kurdish(text: str) -> bool:
    if not _OTHER_LETTER.search(text):
        return False
    other = arabic = 0
    for word in _ARABIC_WORD.findall(text):
        chars = set(word)
        if not chars.isdisjoint(_OTHER_SCRIPT_LANG):
            other += 1
        elif chars & _ARABIC_ONLY:
            arabic += 1
    return other >= 2 and other > 2 * arabic


def not_arabic_reason(text: str, threshold: float = ARABIC_SHARE,
                      min_letters: int = MIN_ARABIC_LETTERS) -> Optional[str]:
    """None for an Arabic document, else the skip reason, «not Arabic (…why…)»."""
    arabic, letters = arabic_share(text)
    if arabic < min_letters:
        return "not Arabic (no Arabic letters)" if arabic == 0 else f"not Arabic (only {arabic} Arabic letters)"
    share = arabic / letters
    if share < threshold:
        return f"not Arabic ({share:.0%} of letters Arabic)"
    if _looks_persian_or_kurdish(text):
        return "not Arabic (Persian or Kurdish spelling)"
    return None


def is_arabic(text: str, threshold: float = ARABIC_SHARE, min_letters: int = MIN_ARABIC_LETTERS) -> bool:
    """True when most of the letters of `text` are Arabic and the language is not Persian or Kurdish."""
    return not_arabic_reason(text, threshold, min_letters) is None


def document_problem(text: Optional[str]) -> Optional[str]:
    """Why a reader should skip a document with this text ("empty text", "not Arabic (…)"), or None."""
    if text is None or not text.strip():
        return "empty text"
    return not_arabic_reason(text)
