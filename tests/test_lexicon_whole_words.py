"""Triggers and weapons match whole words with their clitics, never inside a longer word (issue 15):
every form of every entry of the trigger and weapon lexicons against a hand-curated list of real
words that contain it (tests/data/lexicon_longer_words.txt) — «كيماوي» inside «البتروكيماويات»
would make a petrochemical plant a chemical attack, «أصاب*» inside «أصابع», «سقط*» inside «سقطرى»."""
from __future__ import annotations

from pathlib import Path

import pytest

from rasad.mentions.matcher import LEXICON_DIR, default_matcher, load_lexicon
from rasad.text.normalize import normalize, normalize_key
from rasad.text.tokens import AL_PREFIXES, BASE_PREFIXES, SUFFIXES, WILDCARD_ENDINGS

WORDS_FILE = Path(__file__).parent / "data" / "lexicon_longer_words.txt"
LEXICONS = ("triggers", "weapons")


def _words() -> tuple[list[str], set[str]]:
    words, none = [], set()
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("# none:"):
            none |= {x.strip() for x in line.split(":", 1)[1].split(",")}
        elif line.strip() and not line.startswith("#"):
            words.append(normalize(line.strip()).text)
    return words, none


def _forms():
    for name in LEXICONS:
        for entry, forms in load_lexicon(LEXICON_DIR / f"{name}.yaml"):
            for form in forms:
                yield name, entry.label, str(form)


def _key(form: str) -> tuple[str, bool, bool, str]:
    """(key of the first word, written with «ال», wildcard, the words after it) as the matcher reads a form."""
    first, _, rest = form.partition(" ")
    key = normalize_key(first.rstrip("*"))
    al = key.startswith("ال") and len(key) > 3
    return (key[2:] if al else key), al, first.endswith("*"), normalize_key(rest)


def _is_the_form(word: str, key: str, al: bool, wild: bool) -> bool:
    """True when `word` is the form itself with clitics and (for «*») inflections: not a longer word."""
    prefixes = AL_PREFIXES if al else BASE_PREFIXES | AL_PREFIXES
    endings = WILDCARD_ENDINGS if wild else SUFFIXES
    return any(word.startswith(p) and word[len(p):].startswith(key) and word[len(p) + len(key):] in endings
               for p in prefixes)


def test_no_form_is_found_inside_a_longer_word():
    words, _ = _words()
    m = default_matcher()
    wrong = []
    for name, label, form in _forms():
        key, al, wild, rest = _key(form)
        for w in words:
            if key not in w or _is_the_form(w, key, al, wild):
                continue
            text = f"{w} {rest}" if rest else w
            if any(h.form.form == form for h in m.find(text)):
                wrong.append(f"{name}/{label} «{form}» in «{text}»")
    assert not wrong, "\n".join(wrong)


def test_every_entry_is_tried_against_a_longer_word():
    words, none = _words()
    tried = {(n, lb) for n, lb, form in _forms() for w in words
             if (k := _key(form)) and k[0] in w and not _is_the_form(w, k[0], k[1], k[2])}
    entries = {(n, lb) for n, lb, _ in _forms()}
    missing = sorted(lb for n, lb in entries - tried if lb not in none)
    assert not missing, f"entries no listed word contains: {missing}"


@pytest.mark.parametrize("text,label", [
    ("واستهدفوها", "attack"), ("يستهدفون", "attack"), ("اعتقلتهم", "arrest"), ("أسقطناها", "intercept"),
    ("الاشتباكات", "clash"), ("وبالكيماوي", "chemical"), ("سقطت", "impact"), ("أصابت", "impact"),
])
def test_the_forms_with_clitics_and_inflections_still_match(text, label):
    t = normalize(text).text
    assert any(h.label == label and h.start == 0 and h.end == len(t) for h in default_matcher().find(t))
