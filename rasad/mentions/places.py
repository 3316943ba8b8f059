"""Place mentions: gazetteer hits turned into resolved places, with their role in the clause.

A name that stands for several places («الطيبة» in Lebanon, Syria, Jordan, Palestine)
is resolved by the countries and governorates the article names elsewhere, then by kind
and population. A place right after a direction word and another place is a reference
point («قرية X جنوب الحديدة»), not a second event location.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rasad.events.patterns import pattern
from rasad.mentions.gazetteer import KIND_RANK, SITE_KINDS, Gazetteer, default_gazetteer
from rasad.mentions.matcher import Hit
from rasad.model import Place

_ADMIN1_FILE = Path(__file__).resolve().parent.parent / "data" / "iso3166_2.tsv"

# Words just before a name (normalised) that tell its kind or relation.
_TYPE_WORDS = {
    "محافظه": "admin1", "ولايه": "admin1", "اقليم": "admin1", "مقاطعه": "admin1", "اماره": "admin1",
    "مدينه": "city", "العاصمه": "city", "بلده": "town", "قريه": "village", "قضاء": "district",
    "ناحيه": "subdistrict", "مديريه": "district", "منطقه": "", "حي": "neighbourhood", "بلدات": "town",
    "قري": "village", "مستوطنه": "town", "مخيم": "", "مطار": "airport", "قاعده": "base",
    "منفذ": "border_crossing", "معبر": "border_crossing", "ميناء": "port", "جسر": "bridge",
    "حقل": "oilfield", "سد": "dam", "طريق": "road", "مستوطنات": "town", "مدن": "city", "مناطق": "", "جبهه": "",
    "جبل": "mountain", "جبال": "mountain",
}
_DIRECTION = re.compile(
    r"(?:^|\s)(?:[وب]?(?:ال)?(?:شمال|جنوب|شرق|غرب|شمالي|جنوبي|شرقي|غربي|شمال شرق|شمال غرب|جنوب شرق|"
    r"جنوب غرب|شمالي شرق|شمالي غرب|جنوبي شرق|جنوبي غرب)|قرب|بالقرب من|قرابه|محيط|اطراف|ضواحي|بجوار|"
    r"قباله|مقابل|غربي|شرقي|حدود|الحدود مع|علي الحدود مع|الحدوديه مع|بين)"
    r"(?:\s+(?:العاصمه|مدينه|محافظه|بلده|قريه|منطقه|مديريه|مديريتي|قضاء|ناحيه))?\s*$"
)
_ORIGIN = re.compile(r"(?:(?:اطلاق\w*|اطلق\w*|انطلق\w*|قادم\w*|مصدر\w*|تم اطلاق\w*|تسلل\w*)\s+(?:\w+\s+){0,3}من\s*(?:\w+\s+)?"
                     # «طيران مسير من لبنان يهاجم مستوطنات الشمال»: where the drone came from
                     r"|(?:طيران|مسير\w*|طائر\w*|صاروخ\w*|صواريخ)\s+(?:مسير\w*\s+)?من\s*"
                     # «المرصد السوري ... من مقره في بريطانيا»: where the teller sits, not where it happened
                     r"|(?:مقره|مقرها|مقرهم|ومقره|ومقرها)\s+(?:الرييسي\s+)?(?:في|ب)?\s*)$")

# the end a launch is aimed at: «صاروخا باتجاه الكويت», «مسيرة نحو مسكاف عام» (ACLED places the event there)
_TOWARD = re.compile(r"(?:^|\s)[وف]?(?:باتجاه|اتجاه|تجاه|نحو|صوب)\s*$")

# «على غرار فشل منظومة السيرام بالسفارة الأمريكية»: a place named as the thing compared with is not where it happened
_COMPARED = re.compile(r"(?:^|\s)(?:علي غرار|اسوه ب\S*|كما حدث في|كما جري في)\s+(?:\S+\s+){0,4}\S*$")


_TOWN_HINTS = frozenset({"city", "town", "village", "district", "subdistrict", "neighbourhood"})
# Between a place and the unit holding it: «الروضه السكني في مدينه مارب», «بمحافظه», «ضمن قضاء».
_INSIDE = re.compile(r"^\s*(?:\S+\s+){0,2}?(?:(?:في\s+|ب|ضمن\s+)(?:مدينه|محافظه|قضاء|ناحيه|مديريه|بلده|ريف|العاصمه)?"
                     r"|من\s+(?:ولايه|محافظه|مديريه|قضاء|ناحيه))\s*$")  # «بجبل السلوم من ولايه القصرين»
_CORE = frozenset({"IQ", "SY", "LB", "YE", "PS", "IL", "IR", "KW", "BH", "QA", "AE", "SA", "JO", "OM", "LY", "SD", "SO"})


@dataclass(frozen=True)
class Candidate:
    """One gazetteer hit: the span and the places its name could be."""

    start: int
    end: int
    places: tuple[Place, ...]
    hint: str  # kind word before it («محافظه» → admin1), or ""
    relation: str  # near / direction / between / "" (as written before the name)
    origin: bool  # launched from here («تم اطلاقهما من منطقه الدوجمه»)
    inside_prev: bool = False  # names what holds the place before it: «حي الروضه السكني في مدينه مارب»
    compared: bool = False  # named as what the event is likened to: «على غرار ... بالسفارة الأمريكية»
    toward: bool = False  # where a launch is aimed: «اطلقت ايران صاروخا باتجاه الكويت»


@lru_cache(maxsize=1)
def admin1_countries() -> frozenset[str]:
    """Countries whose first-level units are coded (the others get admin1 = None)."""
    codes = set()
    path = _ADMIN1_FILE
    if path.exists():
        for ln in path.read_text(encoding="utf-8").splitlines():
            if ln and not ln.startswith("#"):
                codes.add(ln.split("\t")[0])
    return frozenset(codes)


def candidates(text: str, hits: list[Hit], gaz: Gazetteer | None = None) -> list[Candidate]:
    """Gazetteer hits in text order, longest name first where names overlap."""
    gaz = gaz or default_gazetteer()
    grouped: dict[tuple[int, int], list[Place]] = {}
    prefixes: dict[tuple[int, int], str] = {}
    needs_hint: set[tuple[int, int]] = set()
    for h in hits:
        if h.category != "place":
            continue
        p = gaz.places.get(h.label)
        if p is None:
            continue
        if p.id.startswith(("gn-", "iqd-")) and text[h.key_start:h.key_end] in gaz.common:
            needs_hint.add((h.start, h.end))  # «الدور» is «roles» unless «قضاء الدور»
        grouped.setdefault((h.start, h.end), []).append(p)
        prefixes.setdefault((h.start, h.end), h.prefix)
    spans = sorted(grouped, key=lambda se: (se[0], -(se[1] - se[0])))
    out: list[Candidate] = []
    last_end = -1
    for s, e in spans:
        if s < last_end:
            continue  # inside a longer name («قاعده بلد الجويه» over «بلد»)
        last_end = e
        before = text[max(0, s - 40):s]
        words = before.split()
        hint = ""
        if words:
            w = words[-1]
            for p in ("و", "ب", "ل", "ف"):
                if w not in _TYPE_WORDS and w.startswith(p) and w[len(p):] in _TYPE_WORDS:
                    w = w[len(p):]
            for p in ("ال",):
                if w not in _TYPE_WORDS and w.startswith(p) and w[2:] in _TYPE_WORDS:
                    w = w[2:]
            hint = _TYPE_WORDS.get(w, "")
        rel = ""
        m = _DIRECTION.search(before)
        if m:
            word = m.group().strip()
            if word.endswith("بين"):
                rel = "between"
            elif re.search(r"(?:^|\s)[وف]?(?:في|علي|عند)\s*$", before[: m.start() + 1]):
                rel = "at_near"  # «وفي محيط قلعه الشقيف»: its own location, near the named one
            else:
                rel = "near"
        origin = bool(_ORIGIN.search(before[-40:]))
        toward = bool(_TOWARD.search(before[-12:]))
        compared = bool(_COMPARED.search(text[max(0, s - 60):s]))
        between = text[out[-1].end:s].replace("#", " ") if out else ""  # «بريف #دير_الزور»
        inside_prev = bool(out) and s - out[-1].end <= 30 and not rel and (
            _INSIDE.search(between) is not None
            or (not between.strip(" ،,") and prefixes.get((s, e), "").startswith(("ب", "وب"))))
        settled = hint in _TOWN_HINTS or hint == "admin1"
        places = tuple(p for p in grouped[(s, e)]
                       if settled or (s, e) not in needs_hint or not p.id.startswith(("gn-", "iqd-")))
        if places:
            out.append(Candidate(s, e, places, hint, rel, origin, inside_prev, compared, toward))
    return out


def _score(p: Place, hint: str, countries: dict[str, int], admin1s: dict[str, int]) -> float:
    s = 0.0
    if p.country and p.country in countries:
        s += 3.0 + min(countries[p.country], 3)
    if p.admin1 and p.admin1 in admin1s:
        s += 2.0
    if hint:
        if hint == p.kind:
            s += 2.5
        elif hint == "admin1" and p.kind != "admin1":
            s -= 1.0
        elif hint in ("city", "town", "village") and p.kind in ("city", "town", "village", "district"):
            s += 1.0
    if p.kind == "country":
        s += 1.5  # «الكويت» alone is the country, not its capital
    if p.country in _CORE:
        s += 1.0  # the region the reports cover: «القنيطره» is Syria's before Morocco's
    elif p.population >= 500_000:
        s += 1.0  # ... but a city of millions is not a namesake village: «الجيزه», «بور سعيد» are Egypt's
    if p.admin1 is None and p.kind not in ("country", "region", "sea") and p.country in admin1_countries():
        s -= 1.0  # an entry whose governorate is unknown loses to one that knows it
    if not p.id.startswith(("gn-", "iqd-")):
        s += 0.6  # a hand-checked entry beats a generated one for the same name
    s += KIND_RANK.get(p.kind, 5) * 0.05
    s += math.log10(max(0, p.population) + 1) * 0.3
    return s


def verb_subjects(text: str, hits: list, cands: list[Candidate]) -> frozenset:
    """Starts of the countries that are a verb's subject, not a place: after a past verb («اطلقت ايران
    صاروخين علي قواعد في الاردن»: the attack was in Jordan) or opening a clause before its verb («ايران
    تطلق صواريخ علي مدمرات في الخليج»)."""
    trig = [h for h in hits if h.category == "trigger"]
    ends = {h.end for h in trig if text[h.end - 1:h.end] == "ت"}
    starts = {h.start for h in trig if not h.prefix and text[h.start:h.start + 1] in ("ت", "ي")}
    out = set()
    for c in cands:
        if not all(p.kind == "country" for p in c.places):
            continue
        if (c.start - 1 in ends and text[c.start - 1] == " ") or (
                c.end + 1 in starts and text[c.end:c.end + 1] == " "
                and (c.start == 0 or text[c.start - 1] in "\n.:،,")):
            out.add(c.start)
    return frozenset(out)


def without_months(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Place candidates without those that are a month's name here: «15 آب/أغسطس» is no «إب»."""
    months = [(m.start(), m.end()) for m in pattern("places.month_not_place").finditer(text)]
    if not months:
        return cands
    return [c for c in cands if not any(s <= c.start < e for s, e in months)]


def nisba_countries(hits: Iterable[Hit]) -> dict[str, int]:
    """Countries named by nisba adjectives among the matcher's hits: «الجيش السوداني» → {"SD": 1}."""
    out: dict[str, int] = {}
    for h in hits:
        if h.category == "nisba":
            out[h.label] = out.get(h.label, 0) + 1
    return out


def resolve(cands: list[Candidate], context: dict[str, int] | None = None) -> list[tuple[Candidate, Place]]:
    """Pick one place per candidate using the countries and governorates named around it (and
    the countries of `context`: nisba adjectives, a dateline)."""
    countries: dict[str, int] = {cc: min(n, 2) for cc, n in (context or {}).items()}
    admin1s: dict[str, int] = {}
    for c in cands:
        cs = {p.country for p in c.places if p.country}
        if len(cs) == 1:
            cc = next(iter(cs))
            countries[cc] = countries.get(cc, 0) + 1
        a1 = {p.admin1 for p in c.places if p.admin1}
        if len(a1) == 1:
            a = next(iter(a1))
            admin1s[a] = admin1s.get(a, 0) + 1
    out = []
    by_own_c: dict = {}
    by_own_a: dict = {}
    dominants: dict = {}
    for c in cands:
        # a name is not its own context: take its own contribution out of the counts
        cs = {p.country for p in c.places if p.country}
        a1 = {p.admin1 for p in c.places if p.admin1}
        own_c = next(iter(cs)) if len(cs) == 1 else None
        own_a = next(iter(a1)) if len(a1) == 1 else None
        ctx_c = by_own_c.get(own_c)
        if ctx_c is None:  # the same for every name of one country: built once per country
            ctx_c = by_own_c[own_c] = {k: v - (k == own_c) for k, v in countries.items() if v - (k == own_c) > 0}
        ctx_a = by_own_a.get(own_a)
        if ctx_a is None:
            ctx_a = by_own_a[own_a] = {k: v - (k == own_a) for k, v in admin1s.items() if v - (k == own_a) > 0}
        # «صلاح الدين» is the governorate, not the Kurdish town of that name elsewhere, unless
        # a kind word says town: a namesake outside the governorate named so loses
        units = {p.admin1 for p in c.places if p.kind == "admin1"} if c.hint not in _TOWN_HINTS else set()
        # «شمالي بابل»: a reference point after a direction is most often a governorate
        best = max(c.places, key=lambda p: _score(p, c.hint, ctx_c, ctx_a)
                   + (0.8 if c.relation == "near" and p.kind == "admin1" else 0.0)
                   - (2.0 if units and p.admin1 not in units else 0.0))
        # a village the gazetteer knows only in a country the report never names, while it names
        # another one again and again, is a place the gazetteer lacks: «سوق ... في ام درمان» is no
        # Palestinian village. Leave it out; the event takes the places around it.
        if own_c not in dominants:
            dominants[own_c] = max(ctx_c.items(), key=lambda kv: kv[1]) if ctx_c else None
        dominant = dominants[own_c]
        if dominant and dominant[1] >= 2 and best.country != dominant[0] and best.country not in ctx_c \
                and (best.id.startswith(("gn-", "iqd-")) and best.kind in ("village", "town", "city")
                     and best.population < 100_000 or c.hint in ("road", "mountain")):
            continue  # also «طريق مكه المكرمه» in Mogadishu, «جبل القاهره» in al-Jawf: named after a far city
        out.append((c, best))
    # a namesake picked elsewhere yields to the unit the text puts it in: «حي الروضه في مدينه مارب»
    for i in range(len(out) - 1):
        (c, p), (cn, pn) = out[i], out[i + 1]
        # a reference point right after a namesake in another country places it too («... جنوب
        # العاصمه طرابلس»); within one country a reference may lie across a governorate line
        # («ناحيه العظيم شرقي صلاح الدين» is in Diyala)
        if p.kind in SITE_KINDS and len(c.places) == 1:
            continue  # a site is no namesake: «مطار بن غوريون في يافا» stays the airport, the city only locates it
        if len(c.places) == 1 and _beside(p, pn):
            continue  # no namesake, and it lies where the text puts it: «الضاحيه الجنوبيه في بيروت» stays Dahiyeh
        if (cn.inside_prev or (cn.relation == "near" and cn.start - c.end <= 25 and p.country != pn.country)) \
                and pn.admin1 and p.admin1 != pn.admin1:
            same = [q for q in c.places if q.admin1 == pn.admin1]
            out[i] = (c, max(same, key=lambda q: _score(q, c.hint, {}, {})) if same else pn)
    return out


def contains(outer: Place, inner: Place) -> bool:
    """True when `inner` lies inside `outer` (a country, region or governorate holding it)."""
    if outer.id == inner.id:
        return False
    if outer.kind in ("country",) and inner.country == outer.country and inner.kind != "country":
        return True
    if outer.kind == "region" and inner.country == outer.country and KIND_RANK.get(inner.kind, 5) > 2:
        return not outer.admin1 or inner.admin1 == outer.admin1
    if outer.kind == "admin1" and inner.admin1 == outer.admin1 and inner.kind != "admin1":
        return True
    if outer.kind in ("district", "subdistrict", "city") and KIND_RANK.get(inner.kind, 5) > KIND_RANK.get(outer.kind, 5):
        return inner.admin1 == outer.admin1 and inner.admin1 is not None and (
            inner.admin2 is None or outer.admin2 is None or inner.admin2 == outer.admin2 or outer.kind == "city")
    return False


def _outer_key(p: Place) -> tuple:
    """Where the places `p` contains (see `contains`) are found: its country, its governorate, or nowhere."""
    if p.kind in ("country", "region"):
        return ("c", p.country)
    if p.kind in ("admin1", "district", "subdistrict", "city"):
        return ("a", p.admin1)
    return ("none",)


def _other_end(first: Candidate, nxt: Candidate) -> bool:
    """True when `nxt` is named right after `first` as the other end of one route («بين المسيب وجرف
    النصر», «بين قضاء المسيب وناحيه جرف النصر»: a kind word may stand between)."""
    gap = nxt.start - first.end
    return gap < 6 or (bool(nxt.hint) and gap < 16)


def _beside(p: Place, q: Place) -> bool:
    """True when two places lie within about 30 km of each other."""
    return p.lat is not None and q.lat is not None and abs(p.lat - q.lat) < 0.3 and abs(p.lon - q.lon) < 0.3


def event_locations(resolved: list[tuple[Candidate, Place]]) -> list[tuple[Candidate, Place]]:
    """The places a clause's event happened at: containers, reference points and origins removed."""
    if not resolved:
        return []
    # what each place could hold lies in its country or its governorate: look there only
    inner: dict[tuple, list[int]] = {}
    for j, (_, q) in enumerate(resolved):
        inner.setdefault(("c", q.country), []).append(j)
        inner.setdefault(("a", q.admin1), []).append(j)
    keep: list[tuple[Candidate, Place]] = []
    # a launch aimed somewhere happened there, not where it came from nor at who launched it
    aimed = next((c.start for c, _ in resolved if c.toward), None)
    for i, (c, p) in enumerate(resolved):
        if c.origin and len(resolved) > 1:
            continue
        if aimed is not None and c.start < aimed:
            continue
        if c.compared:
            continue
        prev = resolved[i - 1][1] if i > 0 else None
        if c.inside_prev and prev is not None and (prev.kind in SITE_KINDS or (
                _beside(prev, p) and KIND_RANK.get(prev.kind, 5) > KIND_RANK.get(p.kind, 5))):
            # «مطار بن غوريون في يافا المحتلة», «الضاحيه الجنوبيه في بيروت»: the town the press puts a
            # site or a suburb in only locates it
            continue
        # «قضاء القرنه شمالي البصره»: a reference point does not make the district a container
        # «بين المسيب وجرف النصر»: the two ends of a route, neither holds the other
        route_end = (c.relation == "between" or c.hint == "road") and i + 1 < len(resolved) \
            and _other_end(c, resolved[i + 1][0])
        if any(contains(p, resolved[j][1]) for j in inner.get(_outer_key(p), ()) if j != i
               and not (j > i and resolved[j][0].relation == "near") and not (route_end and j == i + 1)):
            continue
        if c.hint in ("district", "subdistrict", "admin1") and i > 0 and c.start - resolved[i - 1][0].end <= 8 \
                and not resolved[i - 1][0].hint in ("district", "subdistrict", "admin1") \
                and p.country == resolved[i - 1][1].country:
            continue  # «بلده عيترون قضاء بنت جبيل»: the district after the town holds it
        if c.relation == "near" and i > 0 and c.start - resolved[i - 1][0].end < 40:
            continue  # «X جنوب Y»: Y only locates X
        if c.relation == "between" and i > 0 and resolved[i - 1][0].relation == "between":
            continue
        if i > 0 and resolved[i - 1][0].relation == "between" and _other_end(resolved[i - 1][0], c):
            continue  # «بين الخوخه وحيس», «بين قضاء المسيب وناحيه جرف النصر»: one route
        if i > 0 and resolved[i - 1][0].hint == "road" and c.start - resolved[i - 1][0].end <= 3:
            continue  # «طريق بعقوبه المقداديه», «طريق بغداد - كركوك»: one road, named by its ends
        keep.append((c, p))
    # the same place named twice is one location
    seen: set[str] = set()
    out = []
    for c, p in keep:
        if p.id in seen:
            continue
        seen.add(p.id)
        out.append((c, p))
    return out


def geo_precision(c: Candidate, p: Place) -> int:
    """ACLED geo_precision: 1 the named place, 2 near it or part of a region, 3 governorate only."""
    if p.kind in ("admin1", "country", "region", "sea"):
        return 3
    if c.relation in ("near", "at_near") or p.kind == "district":
        return 2
    return 1


def geocode(text: str) -> list[tuple[Candidate, Place]]:
    """The event locations a short Arabic phrase names, resolved («قرب الموصل» → Mosul, near)."""
    from rasad.mentions.matcher import default_matcher
    from rasad.text.normalize import normalize

    t = normalize(text).text
    return event_locations(resolve(candidates(t, default_matcher().find(t))))
