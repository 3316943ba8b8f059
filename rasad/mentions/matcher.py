"""One Aho-Corasick automaton for every lexicon and the gazetteer, and the pass over a text.

Lexicon forms are written in ordinary Arabic in `rasad/data/lexicons/*.yaml`:
* a leading «ال» is optional in the text unless the entry is a place («الموصل» needs it);
* a trailing `*` lets the word go on («اشتباك*» matches «اشتباكات»); in the trigger and weapon
  lexicons only by inflection endings and pronouns (`WILDCARD_ENDINGS`: «استهدف*» matches
  «استهدفوا», «استهدفتها»; «اصاب*» never «اصابع», «سقط*» never «سقطري»);
* a `*` inside a phrase does the same for its word, the rest must follow as written
  («سيطر* على» matches «سيطرت على» and «سيطروا على»; «رشق* بالحجارة»);
* otherwise only enclitic pronouns may follow («استهدفها»).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import ahocorasick
import yaml

from rasad.text.normalize import normalize_key
from rasad.text.tokens import AL_PREFIXES, BASE_PREFIXES, SUFFIXES, WILDCARD_ENDINGS, is_word_char

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"
LEXICON_FILES = ("triggers", "weapons", "actors", "cues", "casualties", "sources", "nisba", "names")


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: its category, label and attributes, shared by all its forms."""

    category: str
    label: str
    attrs: tuple[tuple[str, Any], ...] = ()
    _lookup: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        self._lookup.update(self.attrs)

    def get(self, key: str, default: Any = None) -> Any:
        """Attribute `key` of the entry."""
        return self._lookup.get(key, default)


@dataclass(frozen=True)
class Form:
    """How one written form of an entry may match: article, continuation, the entry."""

    entry: Entry
    al: bool  # the form began with «ال» (stripped from the key)
    wildcard: bool  # «*»: any continuation of the word
    place: bool  # places need their article when they have one, and exact ends
    form: str = ""
    tail: str = ""  # words that must follow a wildcard word («سيطر* على» → «علي»)
    seq: int = field(default=0, compare=False)  # order of adding: hits of one word keep lexicon order


@dataclass(slots=True)
class Hit:
    """A form found in normalised text; [start, end) covers the word(s) with clitics.

    `category` and `label` repeat the entry's, read so often that they are plain fields."""

    start: int
    end: int
    key_start: int
    key_end: int
    prefix: str
    suffix: str
    form: Form
    category: str  # the entry's category (trigger, weapon, place, ...)
    label: str  # the entry's label


AL_ENDINGS = ("ال", "لل", "للا")  # how each chain in AL_PREFIXES ends: «وبال», «فلل», «وللا»
assert all(p.endswith(AL_ENDINGS) for p in AL_PREFIXES)
MAX_PREFIX = max(len(p) for p in AL_PREFIXES | BASE_PREFIXES)  # «وبال»
MAX_SUFFIX = max(len(x) for x in SUFFIXES)  # «هما»
MAX_TAIL_GAP = 6
# Lexicons whose «*» only takes inflections: a trigger inside a longer word would change the event.
WHOLE_WORD_CATEGORIES = frozenset({"trigger", "weapon"})  # words that may stand between a wildcard word and its tail (VSO order)


def _tail_end(text: str, pos: int, tail: str) -> int:
    """End of `tail` after position `pos`, allowing up to MAX_TAIL_GAP words in between
    («سيطر مسلحو تنظيم داعش على»: the subject stands between verb and preposition); -1 if absent."""
    n = len(text)
    for _ in range(MAX_TAIL_GAP + 1):
        if text[pos:pos + 1] != " ":
            return -1
        t_end = pos + 1 + len(tail)
        if text[pos + 1:t_end] == tail:
            e = t_end
            while e < n and is_word_char(text[e]):
                e += 1
            if e == t_end or text[t_end:e] in SUFFIXES:
                return e
        w = pos + 1
        while w < n and is_word_char(text[w]):
            w += 1
        if w == pos + 1:
            return -1
        if text[w:w + 1] in ("،", ","):
            w += 1  # «القى مجهولون، فجر اليوم، رمانه»: a time phrase set off by commas
        pos = w
    return -1


@dataclass
class Matcher:
    """The compiled automaton and the forms behind each key."""

    automaton: Any = None
    forms: dict[str, list[Form]] = field(default_factory=dict)
    _added: int = 0

    def add(self, text: str, form: Form) -> None:
        """Add a form (ordinary Arabic) for an entry."""
        tail = ""
        head = text
        if "* " in text.strip():
            head, tail = text.strip().split("* ", 1)
            head, tail = head + "*", normalize_key(tail.rstrip("*"))
        key = normalize_key(head.rstrip("*"))
        wildcard = head.endswith("*")
        al = False
        if key.startswith("ال") and len(key) > 3:
            key, al = key[2:], True
        if not key:
            return
        self._added += 1
        f = Form(form.entry, al, wildcard, form.place, text, tail, self._added)
        self.forms.setdefault(key, []).append(f)

    def build(self) -> "Matcher":
        """Compile the automaton once all forms are in."""
        groups: dict[str, list[tuple[int, bool, tuple[Form, ...]]]] = {}
        for key, forms in self.forms.items():
            plain = tuple(f for f in forms if not f.al)
            if plain:
                groups.setdefault(key, []).append((0, any(f.wildcard for f in plain), plain))
            with_al = tuple(f for f in forms if f.al)
            if with_al:
                # a form written with «ال» is looked for with the article's last letters in front,
                # «الان»/«للان», so the common word «ان» is not a hit to reject
                for art in AL_ENDINGS:
                    groups.setdefault(art + key, []).append(
                        (len(art), any(f.wildcard for f in with_al), with_al))
        a = ahocorasick.Automaton()
        for akey, gs in groups.items():
            a.add_word(akey, (len(akey), tuple(gs)))
        a.make_automaton()
        self.automaton = a
        return self

    def find(self, text: str) -> list[Hit]:
        """All hits in normalised text whose leftovers are clitics only, in text order."""
        out: list[Hit] = []
        if self.automaton is None or not text:
            return out
        n = len(text)
        # is_word_char is inlined below: these loops run for every key the automaton finds, most
        # of them inside longer words («قال» in «استقالة»), so each walk stops once it is too long
        for end_idx, (aklen, groups) in self.automaton.iter(text):
            for art_len, any_wild, forms in groups:
                ks = end_idx - aklen + 1 + art_len
                s = ks - art_len
                lim = ks - MAX_PREFIX - 1
                while s > 0 and ((c := text[s - 1]).isalnum() or c == "_"):
                    s -= 1
                    if s == lim:
                        break
                if s == lim:
                    continue  # more before the key than any chain of proclitics
                ke = end_idx + 1
                e = ke
                if any_wild:
                    while e < n and ((c := text[e]).isalnum() or c == "_"):
                        e += 1
                else:
                    lim = ke + MAX_SUFFIX + 1
                    while e < n and ((c := text[e]).isalnum() or c == "_"):
                        e += 1
                        if e == lim:
                            break
                    if e == lim:
                        continue  # more after the key than any enclitic pronoun
                prefix, suffix = text[s:ks], text[ke:e]
                for f in forms:
                    if f.al:
                        if prefix not in AL_PREFIXES or (f.place and "ك" in prefix):
                            continue
                    elif prefix not in BASE_PREFIXES and (f.place or prefix not in AL_PREFIXES):
                        continue
                    elif f.place and "ك" in prefix:
                        continue  # «وكريمة» is the town Karima, not «و + ك + ريمة»: «like» never precedes a place
                    if f.wildcard:
                        if f.entry.category in WHOLE_WORD_CATEGORIES and text[ke:e] not in WILDCARD_ENDINGS:
                            continue  # a longer word, not the trigger inflected
                    else:
                        if f.place:
                            if suffix:
                                continue
                        elif suffix not in SUFFIXES:
                            continue
                    end = e if f.wildcard or suffix else ke
                    if f.tail:
                        t_end = _tail_end(text, end, f.tail)
                        if t_end < 0:
                            continue
                        if text[end + 1:end + 1 + len(f.tail)] == f.tail:
                            end = t_end  # «سيطرت علي»: the phrase; with words between, the verb alone
                    out.append(Hit(s, end, ks, ke, prefix, suffix, f, f.entry.category, f.entry.label))
        # text order, the longer hit first; then where the key ends, the longer key, the lexicon's order
        out.sort(key=lambda h: (h.start, -(h.end - h.start), h.key_end, h.key_start, h.form.seq))
        return out


def _attrs(d: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in d.items()))


def load_lexicon(path: Path) -> list[tuple[Entry, list[str]]]:
    """Entries and their forms from one YAML lexicon file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    category = raw["category"]
    out = []
    for item in raw.get("entries", []):
        attrs = {k: v for k, v in item.items() if k not in ("label", "forms")}
        out.append((Entry(category, item["label"], _attrs(attrs)), list(item["forms"])))
    return out


def add_lexicons(m: Matcher, names: Iterable[str] = LEXICON_FILES) -> None:
    """Add every form of the named lexicon files to the matcher."""
    for name in names:
        path = LEXICON_DIR / f"{name}.yaml"
        if not path.exists():
            continue
        for entry, forms in load_lexicon(path):
            for text in forms:
                m.add(str(text), Form(entry, False, False, False))


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    """The matcher over all bundled lexicons and the bundled gazetteer (built once)."""
    from rasad.mentions.gazetteer import default_gazetteer

    m = Matcher()
    add_lexicons(m)
    default_gazetteer().add_to(m)
    return m.build()
