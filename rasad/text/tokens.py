"""Tokens and clitics: what may stand before and after a word in Arabic script.

A lexicon form matches inside a written word only when what is left over is clitics:
«وبالموصل» = و + ب + ال + موصل; «استهدفتها» = استهدفت + ها.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Proclitic chains in front of a word that takes no article: و ف ب ل ك.
BASE_PREFIXES = frozenset(
    ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك"]
)
# Chains ending in the article: «ال», «وال», «بال», and «لل» (ل + ال).
AL_PREFIXES = frozenset(
    ["ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال", "وكال", "وللا"]
)
# Enclitic pronouns and the accusative alef («قصفا»).
SUFFIXES = frozenset(["", "ا", "ه", "ها", "هم", "هما", "هن", "كم", "نا"])
# Inflection endings a trigger's «*» lets the word take, before an enclitic pronoun: «استهدفت»,
# «استهدفوا», «يستهدفون», «اسقطناها», «انقضاضيه» — not «اصابع» (fingers, from «اصاب*»),
# «سقطري» (Socotra, from «سقط*»); nouns take their plural: «اشتباك*» → «اشتباكات».
INFLECTIONS = frozenset(["", "ت", "تا", "تن", "تم", "تما", "و", "وا", "ا", "ن", "نا", "ي", "ون", "ان", "ين", "ات",
                         "يه", "يات"])
WILDCARD_ENDINGS = frozenset(i + p for i in INFLECTIONS for p in SUFFIXES)

_WORD = re.compile(r"[\w]+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """A word of normalised text with its clitics split off."""

    start: int
    end: int
    text: str
    prefix: str
    stem: str


def is_word_char(ch: str) -> bool:
    """True for letters and digits (not punctuation, space or emoji)."""
    return ch.isalnum() or ch == "_"


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Expand [start, end) to the whole written word(s) around it."""
    s = start
    while s > 0 and is_word_char(text[s - 1]):
        s -= 1
    e = end
    n = len(text)
    while e < n and is_word_char(text[e]):
        e += 1
    return s, e


def split_prefix(word: str) -> tuple[str, str]:
    """Split the longest proclitic chain off a word: «وبالموصل» → («وبال», «موصل»)."""
    for k in range(min(4, len(word) - 2), 0, -1):
        p = word[:k]
        if p in AL_PREFIXES or p in BASE_PREFIXES:
            return p, word[k:]
    return "", word


def tokenize(text: str) -> list[Token]:
    """Words of normalised text with their proclitics split off."""
    out = []
    for m in _WORD.finditer(text):
        w = m.group()
        p, stem = split_prefix(w)
        out.append(Token(m.start(), m.end(), w, p, stem))
    return out
