"""Casualty counts from casualty-word hits: «مقتل 3 اشخاص», «17 قتيلا», «قتيلان», «دون اصابات».

Counts come from the number next to the word (digits, number words, «عدد (4)»), or from
the person noun it carries: singular → 1, dual → 2, plural without a number → unknown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from rasad.mentions.matcher import Hit, LEXICON_DIR
from rasad.text.normalize import normalize_key
from rasad.text.numbers import find_numbers

# Hedges between a casualty word and its number: «ما لا يقل عن», «اكثر من», «نحو».
_HEDGE = re.compile(
    r"^(?:\s|[(\[«\"])*(?:(?:ما لا يقل عن|لا يقل عن|اكثر من|اكثر|اقل من|نحو|حوالي|قرابه|ما يزيد عن|ما يزيد على|"
    r"زهاء|ما يقارب|عدد|العشرات من|عشرات|اكثر من|علي الاقل)(?:\s|[(\[«\"])*)*"
)
_WORD = re.compile(r"[\w]+")


@dataclass(frozen=True)
class Casualty:
    """A casualty statement: role killed | injured | zero, count or None, normalised span."""

    role: str
    value: int | None
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class _Persons:
    """The person nouns of casualties.yaml, normalised."""

    singular: frozenset[str]
    dual: frozenset[str]
    plural: frozenset[str]
    possessed: tuple[str, ...]  # pronoun endings on a singular noun: «سائقها»
    counted: frozenset[str]  # words after a count that still count people: «خمسة منهم»


@lru_cache(maxsize=1)
def _lexicon() -> _Persons:
    raw = yaml.safe_load((LEXICON_DIR / "casualties.yaml").read_text(encoding="utf-8"))["persons"]

    def norm(key: str) -> frozenset[str]:
        return frozenset(normalize_key(x) for x in raw.get(key, []))
    return _Persons(norm("singular"), norm("dual"), norm("plural"),
                    tuple(sorted(norm("possessed"), key=len, reverse=True)), norm("counted"))


def _persons() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    p = _lexicon()
    return p.singular, p.dual, p.plural


def _strip(word: str) -> str:
    for p in ("وال", "بال", "ال", "و", "ب", "ل"):
        if word.startswith(p) and len(word) - len(p) >= 3:
            return word[len(p):]
    return word


def _possessed_singular(word: str) -> bool:
    """True for one person named by a singular noun and a pronoun: «سائقها», «نجله»."""
    p = _lexicon()
    return any(word.endswith(e) and word[:-len(e)] in p.singular for e in p.possessed)


def _is_people(word: str) -> bool:
    """True for a word that counts people: a person noun, a casualty noun or a nisba plural."""
    p = _lexicon()
    w = _strip(word)
    return (word in p.counted or word in p.singular or word in p.dual or word in p.plural
            or w in p.singular or w in p.plural or word.endswith(("يين", "يون", "يا")))


def _count_after(text: str, pos: int) -> tuple[int | None, int, str]:
    """The count that follows a casualty word at `pos`: (value, end, rule)."""
    window = text[pos:pos + 60]
    m = _HEDGE.match(window)
    rest_off = m.end() if m else 0
    rest = window[rest_off:]
    nums = find_numbers(rest[:25])
    if nums and nums[0].start <= 1:
        n = nums[0]
        # «مقتل 3 اشخاص» yes; «سقوط 3 صواريخ» no: the counted word must be people
        nxt = _WORD.match(rest[n.end:].lstrip())
        if nxt is None or _is_people(nxt.group()):
            return n.value, pos + rest_off + n.end, "count_after"
        return None, pos, ""
    w = _WORD.match(rest)
    if not w:
        return None, pos, ""
    singular, dual, plural = _persons()
    word = w.group()
    for cand in (word, _strip(word)):
        if cand in dual:
            return 2, pos + rest_off + w.end(), "dual"
        if cand in singular:
            return 1, pos + rest_off + w.end(), "singular"
        if cand in plural:
            return None, pos + rest_off + w.end(), "plural"
    if _possessed_singular(word):
        return 1, pos + rest_off + w.end(), "singular"
    return None, pos, ""


def _count_before(text: str, pos: int, reach: int) -> tuple[int | None, int, str]:
    """The count standing before a casualty noun at `pos` («17 قتيلا», «35 عنصرا ... لقوا مصرعهم»)."""
    start = max(0, pos - reach)
    window = text[start:pos]
    nums = find_numbers(window)
    if not nums:
        return None, pos, ""
    n = nums[-1]
    between = window[n.end:].strip()
    # «17 قتيلا»: nothing between; «35 عنصرا من الميليشيات لقوا مصرعهم»: a person noun follows the number
    if not between:
        return n.value, start + n.start, "count_before"
    first = _WORD.match(between)
    singular, dual, plural = _persons()
    if first and (first.group() in plural or first.group() in singular or _strip(first.group()) in plural
                  or first.group().endswith("ا")):
        if "،" not in between[: len(between) // 2 + 1] or reach > 40:
            return n.value, start + n.start, "count_before_noun"
    return None, pos, ""


def find_casualties(text: str, hits: list[Hit]) -> list[Casualty]:
    """Casualty statements in normalised text, from the `casualty` hits of the matcher."""
    out: list[Casualty] = []
    last_end = -1
    # of the forms read on one span, the whole word: «مصرعهما» (2), not «مصرع» + a pronoun
    whole: dict[tuple[int, int], int] = {}
    for h in hits:
        if h.category == "casualty":
            whole[(h.start, h.end)] = max(whole.get((h.start, h.end), 0), len(h.form.form))
    for h in hits:
        if h.category != "casualty" or h.start < last_end or len(h.form.form) < whole[(h.start, h.end)]:
            continue
        e = h.form.entry
        role = e.get("role")
        if role == "zero":
            out.append(Casualty("zero", 0, h.start, h.end, "zero"))
            last_end = h.end
            continue
        fixed = e.get("value")
        if fixed is not None:
            out.append(Casualty(role, int(fixed), h.start, h.end, "dual_noun"))
            last_end = h.end
            continue
        if e.get("count") == "after":
            v, end, rule = _count_after(text, h.end)
            if rule:
                out.append(Casualty(role, v, h.start, max(end, h.end), rule))
                last_end = max(end, h.end)
            elif h.label == "killed_after" and h.form.form in ("مقتل", "قتل", "استشهاد", "مصرع"):
                # «مقتل القائد فلان» names one person without a noun we know
                out.append(Casualty(role, None, h.start, h.end, "unspecified"))
            continue
        reach = 120 if "مصرع" in h.form.form or "حتف" in h.form.form else 25
        v, start, rule = _count_before(text, h.start, reach)
        if rule:
            out.append(Casualty(role, v, start, h.end, rule))
        elif h.form.form in ("قتيل", "جريح", "شهيد", "مصاب"):
            out.append(Casualty(role, 1, h.start, h.end, "singular_noun"))
        else:
            out.append(Casualty(role, None, h.start, h.end, "unspecified"))
        last_end = h.end
    return out
