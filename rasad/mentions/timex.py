"""Time expressions in normalised Arabic text, resolved against the publication date.

«امس الاثنين», «صباح الاثنين», «السبت الماضي», «قبل يومين», «26 يونيو», «7 ابريل/نيسان من
عام 2018», «08-05-2026», «15 رمضان 1447 هـ», «قبل ساعات» (vague), «منذ مطلع العام» (period).
Month and weekday names live in `rasad/data/lexicons/timex.yaml`.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Optional

import ahocorasick
import yaml

from rasad.model import Span, TimeMention
from rasad.text.normalize import normalize_key
from rasad.text.numbers import word_value

_DATA = Path(__file__).resolve().parent.parent / "data" / "lexicons" / "timex.yaml"
_PART = r"(?:يوم|صباح|مساء|ظهر|فجر|ليل|ليله|نهار|عصر|ظهيره|صبيحه|امس|فجر يوم|مساء يوم|صباح يوم)"


def _alt(words: list[str]) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _compiled() -> dict:
    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    month = {normalize_key(n): int(m) for m, ns in raw["months"].items() for n in ns}
    hijri = {normalize_key(n): int(m) for m, ns in raw["hijri_months"].items() for n in ns}
    wd = {normalize_key(n): int(d) for d, ns in raw["weekdays"].items() for n in ns}
    ordinal = {normalize_key(n): int(d) for d, ns in raw.get("ordinal_days", {}).items() for n in ns}
    o_alt = _alt(list(ordinal))
    wd_alt = _alt(list(wd))
    m_alt = _alt(list(month))
    h_alt = _alt(list(hijri))
    # a month may be given twice: «تموز/يوليو», «حزيران (يونيو)»
    m_pair = rf"(?P<mon>{m_alt})(?:\s*[/(-]\s*(?:{m_alt})(?:\s*\))?)?"
    pats = [
        ("iso", rf"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})\b"),
        ("numeric_dmy", rf"\b(?P<d>\d{{1,2}})[-/.](?P<m>\d{{1,2}})[-/.](?P<y>(?:19|20)\d\d)\b"),
        ("hijri", rf"\b(?P<d>\d{{1,2}})\s+(?:من\s+)?(?P<hmon>{h_alt})(?:\s+(?:سنه|عام)?\s*(?P<y>1[34]\d\d))?(?:\s*(?P<hm>هـ|ه)\b)?"),
        ("ordinal_dmy", rf"(?P<od>{o_alt})\s+(?:من\s+)?(?:شهر\s+)?{m_pair}(?:\s*(?:من\s+)?(?:عام|سنه)?\s*(?P<y>(?:19|20)\d\d))?"),
        ("explicit_dmy", rf"\b(?P<d>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?{m_pair}(?:\s*(?:من\s+)?(?:عام|سنه)?\s*(?P<y>(?:19|20)\d\d))?"),
        ("month_year", rf"(?:شهر\s+)?{m_pair}\s*(?:من\s+)?(?:عام|سنه)?\s*(?P<y>(?:19|20)\d\d)\b"),
        ("year", r"\b(?:عام|سنه|العام)\s+(?P<y>(?:19|20)\d\d)\b"),
        ("yesterday_weekday", rf"(?:{_PART}\s+)?(?:امس|البارحه)\s+(?P<wd>{wd_alt})"),
        ("day_before_yesterday", r"(?:اول\s+امس|امس\s+الاول)"),
        ("last_night", r"(?:الليله\s+الماضيه|ليل\s+امس|مساء\s+امس|ليله\s+امس|فجر\s+امس|صباح\s+امس|ظهر\s+امس)"),
        ("yesterday", r"(?:امس|البارحه)"),
        ("weekday_past", rf"(?:{_PART}\s+)?(?P<wd>{wd_alt})\s+(?:الماضي|الفائت|المنصرم)ه?"),  # «الجمعه الماضيه»
        ("weekday_next", rf"(?:{_PART}\s+)?(?P<wd>{wd_alt})\s+(?:المقبل|القادم)ه?"),
        ("weekday", rf"(?:(?P<part>{_PART})\s+)?(?P<wd>{wd_alt})"),
        ("today", r"(?:فجر|صباح|مساء|ظهر|عصر|ليل)?\s*(?:اليوم|الليله)"),
        ("vague_hours", r"(?:قبل|منذ)\s+(?:ساعات|ساعه|ساعتين|قليل)(?P<of>\s+من)?"),
        ("days_ago", r"قبل\s+(?P<n>يومين|يوم|\d+|[\w]+)(?:\s+(?P<unit>ايام|يوما|يوم))?(?P<of>\s+من)?"),
        ("week_ago", r"(?:قبل\s+(?P<n>اسبوع|اسبوعين)|الاسبوع\s+الماضي)"),
        ("last_month", r"الشهر\s+الماضي"),
        ("live", r"(?:الان|حاليا|حتي\s+اللحظه)"),
        ("tomorrow", r"(?:غدا|بعد\s+غد)"),
        ("period", r"(?:منذ\s+(?:مطلع|بدايه|بدء)\s+(?:العام|الشهر|السنه|الاسبوع)|خلال\s+(?:عام|العام|الشهر|الاسبوع)\s*(?:(?:19|20)\d\d)?)"),
    ]
    # every expression starts a word (after a space, punctuation or a proclitic و ب ل): the
    # look-behind lets the engine skip mid-word positions at once
    rx = re.compile(r"(?:(?<!\w)|(?<=[وبل]))(?:" + "|".join(f"(?P<_{name}>{p.replace('(?P<', f'(?P<{name}_')})" for name, p in pats) + ")")
    # The first words any expression can start with. The regex is tried only where one of them
    # (or a number) starts a word, instead of at every word: one automaton pass finds them.
    first = set(month) | set(hijri) | set(wd) | set(ordinal) | set(_PART[3:-1].replace(" ", "|").split("|")) | {
        "امس", "البارحه", "اول", "الليله", "ليل", "ليله", "شهر", "الشهر", "عام", "سنه", "العام", "اليوم",
        "قبل", "منذ", "الاسبوع", "الان", "حاليا", "حتي", "غدا", "بعد", "خلال", "فجر", "صباح", "مساء", "ظهر",
        "عصر"}
    auto = ahocorasick.Automaton()
    for w in first:
        auto.add_word(w.split()[0], len(w.split()[0]))
    auto.make_automaton()
    return {"rx": rx, "month": month, "hijri": hijri, "wd": wd, "ordinal": ordinal, "names": [n for n, _ in pats], "first": auto}


_DIGITS = re.compile(r"\d+")


def month_words() -> frozenset[str]:
    """Every month name of every family, normalised («كانون الثاني», «يناير», «جانفي»)."""
    return frozenset(_compiled()["month"])


def _starts(text: str, auto) -> list[int]:
    """Word starts (proclitic و ب ل included) where a time expression may begin."""
    out = set()
    for end, n in auto.iter(text):
        s = end - n + 1
        b = s
        if b > 0 and text[b - 1] in "وبل" and (b < 2 or not text[b - 2].isalnum()):
            b -= 1
        if b > 0 and text[b - 1].isalnum():
            continue
        out.add(b)
        out.add(s)
    for m in _DIGITS.finditer(text):
        out.add(m.start())
        if m.start() > 0:
            out.add(m.start() - 1)
    return sorted(out)


def _safe(y: int, m: int, d: int) -> Optional[date]:
    if not (1900 <= y <= 2100):
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _weekday_on_or_before(p: date, wd: int, strictly: bool = False) -> date:
    delta = (p.weekday() - wd) % 7
    if strictly and delta == 0:
        delta = 7
    return p - timedelta(days=delta)


def _in_word(text: str, s: int, e: int) -> bool:
    """True when the match is glued to letters on either side (part of another word)."""
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    pre_ok = not before.isalnum() or (s >= 1 and before in "وبل" and (s < 2 or not text[s - 2].isalnum()))
    return not pre_ok or after.isalnum()


def find_times(text: str, published: date | None) -> list[TimeMention]:
    """Time expressions in normalised text, resolved against the publication date."""
    c = _compiled()
    out: list[TimeMention] = []
    rx = c["rx"]
    last = 0
    for pos in _starts(text, c["first"]):
        if pos < last:
            continue
        m = rx.match(text, pos)
        if m is None or m.end() == m.start():
            continue
        last = m.end()
        name = m.lastgroup[1:] if m.lastgroup else ""
        s, e = m.span()
        if _in_word(text, s, e):
            continue
        g = {k[len(name) + 1:]: v for k, v in m.groupdict().items() if k.startswith(name + "_") and v}
        try:
            tm = _resolve(name, g, text, s, e, published, c)
        except (ValueError, OverflowError):
            tm = None
        if tm is not None:
            out.append(tm)
    return out


def _resolve(name: str, g: dict, text: str, s: int, e: int, p: Optional[date], c: dict) -> Optional[TimeMention]:
    sp = Span(s, e, text[s:e])

    def tm(value, precision="day", tol=0, anchor=True, rule=name):
        return TimeMention(sp, value, precision, tol, rule, anchor)

    if name in ("iso", "numeric_dmy"):
        v = _safe(int(g["y"]), int(g["m"]), int(g["d"]))
        return tm(v) if v else None
    if name in ("explicit_dmy", "ordinal_dmy"):
        mon = c["month"].get(g["mon"])
        d = int(g["d"]) if name == "explicit_dmy" else c["ordinal"][g["od"]]
        if g.get("y"):
            v = _safe(int(g["y"]), mon, d)
            return tm(v) if v else None
        if p is None:
            return tm(None)
        v = _safe(p.year, mon, d)
        if v and v > p + timedelta(days=1) and "المقبل" not in text[e:e + 12]:
            v = _safe(p.year - 1, mon, d)
        return tm(v) if v else None
    if name == "month_year":
        v = _safe(int(g["y"]), c["month"][g["mon"]], 1)
        return tm(v, "month", 15) if v else None
    if name == "year":
        v = _safe(int(g["y"]), 1, 1)
        return tm(v, "year", 183) if v else None
    if name == "hijri":
        if not g.get("y"):
            return None
        from hijridate import Hijri

        try:
            v = Hijri(int(g["y"]), c["hijri"][g["hmon"]], int(g["d"])).to_gregorian()
            return tm(date(v.year, v.month, v.day))
        except (ValueError, OverflowError):
            return None
    if name == "period":
        return tm(None, "year", 0, False)
    if p is None:
        return tm(None, anchor=name not in ("vague_hours",))
    if name == "yesterday_weekday":
        # the weekday decides when it and «امس» disagree (a text written the evening before it is
        # published): «امس الاثنين» in a paper of Wednesday 16 May is Monday 14 May
        d = _weekday_on_or_before(p, c["wd"][g["wd"]], strictly=True)
        return tm(d if (p - d).days <= 2 else p - timedelta(days=1))
    if name == "day_before_yesterday":
        return tm(p - timedelta(days=2))
    if name == "last_night":
        return tm(p - timedelta(days=1), tol=1)
    if name == "yesterday":
        return tm(p - timedelta(days=1))
    if name == "weekday_past":
        return tm(_weekday_on_or_before(p, c["wd"][g["wd"]], strictly=True))
    if name == "weekday_next":
        wd = c["wd"][g["wd"]]
        delta = (wd - p.weekday()) % 7 or 7
        return tm(p + timedelta(days=delta), rule="future")
    if name == "weekday":
        wd = c["wd"][g["wd"]]
        if wd == 4 and not g.get("part"):
            # «الجمعه» is also «the congregation» («كل جمعه», «صلاه الجمعه في المسجد»): it needs a cue
            # («يوم الجمعه»), commas around it, or a past verb before it («اقتحموا الجمعه عددا من المؤسسات»)
            before = text[max(0, s - 12):s].split()
            if not (text[max(0, s - 2):s].strip() in ("،", ",") or text[e:e + 2].strip()[:1] in ("،", ",")
                    or (before and before[-1].endswith(("وا", "ت")) and len(before[-1]) >= 4)):
                return None
        return tm(_weekday_on_or_before(p, wd))
    if name == "today":
        return tm(p)
    if name == "days_ago":
        n_raw = g.get("n", "")
        n = {"يوم": 1, "يومين": 2}.get(n_raw)
        if n is None:
            if not g.get("unit"):
                return None
            n = word_value(n_raw)
        if n is None or n > 60:
            return None
        # «قبل يومين من موعد الحوار» counts from another event, not from publication
        return tm(p - timedelta(days=n), tol=1 if g.get("of") else 0, anchor=not g.get("of"))
    if name == "week_ago":
        weeks = 2 if g.get("n") == "اسبوعين" else 1
        return tm(p - timedelta(days=7 * weeks), "week", 3)
    if name == "last_month":
        first = (p.replace(day=1) - timedelta(days=1)).replace(day=1)
        return tm(first, "month", 15)
    if name == "vague_hours":
        return tm(p, tol=1, anchor=False)
    if name == "live":
        return tm(p, tol=1)
    if name == "tomorrow":
        return tm(p + timedelta(days=1), rule="future")
    return None
