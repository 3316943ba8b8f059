"""From frames to event records: date, place, casualties, actors, source and evidence.

Dates: the frame's own time expression, else its sentence's, else the article's news peg
(the first date of its lead), else the publication date for a live post or the day
before it for a daily paper (GUIDELINES §4). Places: the frame's locations, else its
sentence's, else the paragraph's, else the lead's (short posts name the place once).
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Callable, Optional

from rasad.events.classify import Coding, classify
from rasad.events.patterns import pattern
from rasad.events.frames import Frame, arrest_for_reason
from rasad.events.modality import Modality, modality
from rasad.mentions.actors import find_actors
from rasad.mentions.casualties import Casualty
from rasad.mentions.places import Candidate, admin1_countries, event_locations, geo_precision
from rasad.mentions.sea import at_sea_place
from rasad.mentions.unresolved import PlaceText, place_texts
from rasad.model import Event, FieldSource, Place, Span, TimeMention


@dataclass
class Context:
    """What every frame of one article shares: its text, mentions and defaults."""

    article_id: str
    original: str
    norm: str
    to_original: Callable[[int, int], tuple[int, int]]
    published: Optional[date]
    live: bool
    times: list[TimeMention]
    places: list[tuple[Candidate, Place]]
    casualties: list[Casualty]
    sentences: list  # rasad.text.sentences.Sentence
    peg: Optional[TimeMention]
    source: Optional[str]
    outlet: Optional[str] = None
    url: Optional[str] = None
    published_raw: Optional[str] = None
    event_sentences: frozenset = frozenset()  # starts of sentences that hold an anchor
    anaphoric_sentences: frozenset = frozenset()  # ... whose anchors are all definite («القصف لم يسفر»)
    told: int = 0  # events found so far in the article
    told_dates: set = field(default_factory=set)  # their dates
    last_date: Optional[str] = None  # the date of the event told last («في اليوم ذاته» points to it)
    last_doer: Optional[tuple] = None  # (frame start, strikes from the air) of the last frame that named its doer
    firm_sentences: frozenset = frozenset()  # starts of sentences with a threat/plan/denial/… cue (GUIDELINES §3)
    title_words: tuple = ()  # the title's words, without «و» and «ال» (features of the trained layer)
    actor_starts: frozenset = frozenset()  # where actor names begin («اوكرانيا قصفت»: the actor, not the place)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # indexes built on first use

    def _index(self, name: str, items: list, start: Callable) -> "ByStart":
        ix = self.memo.get(name)
        if ix is None or ix.items is not items:
            ix = self.memo[name] = ByStart(items, start)
        return ix

    def places_in(self, lo: int, hi: int) -> list:
        """The article's resolved places that start in [lo, hi), in their order."""
        return self._index("places", self.places, lambda cp: cp[0].start).between(lo, hi)

    def times_in(self, lo: int, hi: int) -> list:
        """The article's time mentions that start in [lo, hi), in their order."""
        return self._index("times", self.times, lambda t: t.span.start).between(lo, hi)

    def casualties_in(self, lo: int, hi: int) -> list:
        """The article's casualty mentions that start in [lo, hi), in their order."""
        return self._index("casualties", self.casualties, lambda c: c.start).between(lo, hi)

    def sentence_no(self, start: int) -> Optional[int]:
        """The index of the sentence that starts at `start`, or None."""
        ix = self.memo.get("sentence_no")
        if ix is None:
            ix = self.memo["sentence_no"] = {s.start: i for i, s in enumerate(self.sentences)}
        return ix.get(start)

    def next_sentence_no(self, pos: int) -> int:
        """The index of the first sentence starting at or after `pos` (len(sentences) when none)."""
        starts = self.memo.get("sentence_starts")
        if starts is None:
            starts = self.memo["sentence_starts"] = [s.start for s in self.sentences]
        return bisect_left(starts, pos)


class ByStart:
    """Items sorted by where they start, for «the items starting in [lo, hi)» in log time; the
    answer keeps the items' own order."""

    def __init__(self, items: list, start: Callable):
        self.items = items
        self.order = sorted(range(len(items)), key=lambda i: start(items[i]))
        self.starts = [start(items[i]) for i in self.order]
        self.in_order = all(a < b for a, b in zip(self.order, self.order[1:]))

    def between(self, lo: int, hi: int) -> list:
        """The items starting in [lo, hi)."""
        a, b = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        if a >= b:
            return []
        if self.in_order:
            return self.items[a:b]
        return [self.items[i] for i in sorted(self.order[a:b])]


def _span(ctx: Context, start: int, end: int) -> Span:
    s, e = ctx.to_original(start, end)
    return Span(s, e, ctx.original[s:e])


def news_peg(times: list[TimeMention], sentences: list, published: Optional[date]) -> Optional[TimeMention]:
    """The first resolved day in the article's first two sentences, if within 30 days before publication."""
    if not sentences or published is None:
        return None
    lead_end = sentences[min(1, len(sentences) - 1)].end
    for t in times:
        if t.span.start >= lead_end:
            break
        if t.value and t.anchor and t.precision == "day" and timedelta(0) <= published - t.value <= timedelta(30):
            return t
    return None


# «شن الطيران، في اليوم ذاته، غارات ...»: the day of the event told just before
_SAME_DAY = pattern("assemble.same_day")


# A statement verb and its subject just before a time phrase: the time is when it was said.
_ANNOUNCED = pattern("assemble.announced")
_PAST_RULES = frozenset({"yesterday", "yesterday_weekday", "last_night", "day_before_yesterday", "weekday_past",
                         "days_ago", "explicit_dmy", "ordinal_dmy", "iso", "numeric_dmy"})


_DATELINE_END = pattern("assemble.dateline_end")


def _announced(ctx: Context, fr: Frame, t: TimeMention) -> bool:
    """True when `t` stands right after a statement verb, before the frame's trigger."""
    return t.span.start < fr.anchors[0].start and _ANNOUNCED.search(
        ctx.norm, max(fr.sent_start, t.span.start - 50), t.span.start) is not None


def _told_next(ctx: Context, fr: Frame) -> Optional[TimeMention]:
    """A past day named in the next two sentences of the frame's paragraph, if any."""
    i = ctx.sentence_no(fr.sent_start)
    if i is None:
        return None
    this = ctx.sentences[i]
    # paragraphs run in order: the paragraph's next sentences are the ones right after this one
    nxt = [s for s in ctx.sentences[i + 1:i + 3] if s.paragraph == this.paragraph]
    for s in nxt:
        ts = [t for t in ctx.times_in(s.start, s.end) if t.value is not None and t.rule in _PAST_RULES]
        if ts:
            return ts[0]
    return None


# Words that put an event in the evening or night: posted just after midnight, that night was yesterday.
_LATE = pattern("assemble.late")


def _past_midnight(ctx: Context, fr: Frame) -> Optional[tuple]:
    """«مسيره استهدفت سياره قبيل منتصف الليل» posted at 01:05, «قبل نحو ساعه» posted at 00:35:
    the day before the post (date, precision, tolerance, rule, span); None when this does not apply."""
    if not ctx.live or ctx.published is None or not ctx.published_raw or "T" not in ctx.published_raw:
        return None
    try:
        hour = datetime.fromisoformat(ctx.published_raw.replace("Z", "+00:00")).hour
    except ValueError:
        return None
    if hour >= 3:
        return None
    m = _LATE.search(ctx.norm, fr.sent_start, fr.sent_end)
    if m is None or any(t.rule in _EXPLICIT_DATES for t in ctx.times_in(fr.sent_start, fr.sent_end)):
        return None
    if m.group("h") and hour >= {"ساعه": 1, "ساعتين": 2, "ساعات": 3}[m.group("h")]:
        return None  # «قبل ساعه» at 02:10 is still today
    return ctx.published - timedelta(days=1), 1, 1, "posted_after_midnight", _span(ctx, m.start(), m.end())


def frame_date(ctx: Context, fr: Frame) -> tuple[Optional[date], int, int, str, Optional[Span]]:
    """(date, ACLED time_precision, tolerance days, rule, span) for a frame."""
    told = _told_by(fr)  # «مقتل سبعه عناصر خلال تبادل لاطلاق النار ... امس»: the fight, not its toll
    anchor = told[0].start if told else fr.start

    def usable(t: TimeMention) -> bool:
        # «ام درمان، 11 فبراير 2025 — قتل ... امس»: a dateline's date is the report's, not the event's
        dateline = t.span.start < 60 and _DATELINE_END.match(ctx.norm, t.span.end) is not None
        return t.value is not None and t.rule not in ("period",) and not dateline

    def pick(ts: list[TimeMention]) -> Optional[TimeMention]:
        # vague anchors («قبل ساعات من ...») point at another event, not the publication
        ts = [t for t in ts if usable(t) and t.anchor]
        if not ts:
            return None
        return min(ts, key=lambda t: abs(t.span.start - anchor))

    late = _past_midnight(ctx, fr)
    if late is not None:
        return late
    key = ("same_day", fr.sent_start)
    if key not in ctx.memo:  # once per sentence, not once per frame of it
        ctx.memo[key] = _SAME_DAY.search(ctx.norm, fr.sent_start, fr.sent_end)
    same = ctx.memo[key]
    if same and ctx.last_date:
        return date.fromisoformat(ctx.last_date), 1, 0, "same_day_as_last_event", _span(ctx, same.start(), same.end())
    inside = ctx.times_in(fr.start, fr.end)
    in_sentence = ctx.times_in(fr.sent_start, fr.sent_end)
    t = pick(inside) or pick(in_sentence)
    if t is not None and _announced(ctx, fr, t):
        # «كشفت السلطات، السبت، عن مقتل ضابط في انفجار وقع مساء الجمعة», «اعلنت هيئه الحشد، اليوم الثلاثاء،
        # مقتل ثلاثه ... تسللت مساء امس الاثنين»: the day of the announcement is not the day of the attack
        # when the sentence, or the next one, tells that day
        later = [x for x in in_sentence if x is not t and usable(x) and x.anchor and x.span.start > anchor]
        t = (min(later, key=lambda x: x.span.start) if later else None) or _told_next(ctx, fr) or t
    if t is not None:
        prec = {"day": 1, "week": 2, "month": 3, "year": 3}.get(t.precision, 1)
        return t.value, prec, t.tolerance_days, "time:" + t.rule, _span(ctx, t.span.start, t.span.end)
    if ctx.peg is not None:
        return ctx.peg.value, 1, max(1, ctx.peg.tolerance_days), "news_peg", None
    if ctx.published is None:
        return None, 1, 1, "unknown", None
    if ctx.live:
        return ctx.published, 1, 1, "live_post_published", None
    return ctx.published - timedelta(days=1), 1, 1, "daily_paper_day_before", None


def _locative(ctx: Context, c: Candidate) -> bool:
    """True when a name stands where a location stands: «في X», «بX», «على X», «داخل X»."""
    word = ctx.norm[c.start:c.end]
    if word.startswith(("ب", "وب", "فب")):
        return True
    before = ctx.norm[max(0, c.start - 12):c.start].split()
    return bool(before) and before[-1] in ("في", "وفي", "علي", "داخل", "سماء", "اراضي", "شمال", "جنوب", "عاصمه", "العاصمه",
                                           "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "نحو", "ضد",
                                           "باتجاه", "تجاه", "صوب")


def _place_cands(ctx: Context) -> ByStart:
    """The places that can be an event's location, indexed by start (built once per article)."""
    ix = ctx.memo.get("place_cands")
    if ix is None:
        short = ctx.live and len(ctx.norm) <= 600
        # in a long report a country named outside a locative phrase is a speaker or an actor
        cands = [cp for cp in ctx.places if (short or cp[1].kind != "country" or _locative(ctx, cp[0]))
                 and not (cp[1].kind == "country" and cp[0].start in ctx.actor_starts and not _locative(ctx, cp[0]))]
        ix = ctx.memo["place_cands"] = ByStart(cands, lambda cp: cp[0].start)
    return ix


def _sentence_locations(ctx: Context, i: int) -> list:
    """Event locations of sentence `i` as a whole (kept per article: every frame of it asks)."""
    memo = ctx.memo.setdefault("sentence_locs", {})
    locs = memo.get(i)
    if locs is None:
        s = ctx.sentences[i]
        locs = memo[i] = event_locations(_place_cands(ctx).between(s.start, s.end))
    return locs


def _paragraph_locations(ctx: Context, i: int) -> list:
    """Event locations of the nearest earlier sentence of sentence `i`'s paragraph that has some."""
    memo = ctx.memo.setdefault("para_locs", {})
    para = ctx.sentences[i].paragraph
    todo = []
    j = i - 1
    found: list = []
    while j >= 0 and ctx.sentences[j].paragraph == para:
        if j in memo:  # the answer for the sentence after j
            found = memo[j]
            break
        todo.append(j)
        locs = _sentence_locations(ctx, j)
        if locs:
            found = locs
            break
        j -= 1
    for k in todo:
        memo[k] = found
    return found


def frame_places(ctx: Context, fr: Frame) -> tuple[list[tuple[Candidate, Place]], str]:
    """The frame's event locations and where they were found."""
    cands = _place_cands(ctx)
    inside = cands.between(fr.start, fr.end)
    locs = event_locations(inside)
    if locs:
        return locs, "frame"
    i = ctx.sentence_no(fr.sent_start)
    if i is not None and ctx.sentences[i].end == fr.sent_end:
        locs = _sentence_locations(ctx, i)
    else:
        locs = event_locations(cands.between(fr.sent_start, fr.sent_end))
    if locs:
        return locs[:1], "sentence"
    # earlier sentences of the same paragraph, nearest first
    if i is not None:
        locs = _paragraph_locations(ctx, i)
        if locs:
            return locs[:1], "paragraph"
    if "lead" not in ctx.memo:
        ctx.memo["lead"] = next((k for k, s in enumerate(ctx.sentences)
                                 if any(ch.isalpha() for ch in ctx.norm[s.start:s.end])), None)
    lead = ctx.memo["lead"]
    if lead is not None:
        if len(ctx.sentences) <= 4 or ctx.live:
            locs = _sentence_locations(ctx, lead)
            if locs:
                return locs[:1], "lead"
    home = _home_forces(ctx, fr) if frame_place_text(ctx, fr) is None else None
    if home is not None:
        return [home], "home_forces"
    return [], "none"


_HOME_FORCES = pattern("places.home_forces")


def _home_forces(ctx: Context, fr: Frame) -> Optional[tuple[Candidate, Place]]:
    """The country of the forces that act in a frame naming no place: «القت قوات الامن المصريه القبض على
    المدون» is in Egypt (the nisba list leaves out the armies that mostly strike abroad)."""
    from rasad.mentions.gazetteer import default_gazetteer

    for h in fr.hits:
        if h.category != "nisba" or not _HOME_FORCES.search(ctx.norm, max(fr.sent_start, h.start - 24), h.start):
            continue
        gz = default_gazetteer()
        pid = gz.country_place.get(h.label)
        if pid is not None:
            return Candidate(h.start, h.end, (gz.places[pid],), "", "", False), gz.places[pid]
    return None


def frame_casualties(ctx: Context, fr: Frame) -> tuple[Optional[int], Optional[int], list[Casualty]]:
    """(fatalities, injuries) told in the frame, else in its sentence when it holds one frame."""
    cs = ctx.casualties_in(fr.start, fr.end)
    if not cs:
        # «... يستهدفان القوات في الكويت. ولم يصب أي من الافراد بأذى»: the next sentence of the
        # paragraph, when it tells no event of its own, finishes this one
        k = ctx.next_sentence_no(fr.sent_end)
        nxt = ctx.sentences[k] if k < len(ctx.sentences) else None
        if nxt is not None and (nxt.start not in ctx.event_sentences or nxt.start in ctx.anaphoric_sentences) \
                and fr.end >= fr.sent_end:
            i = ctx.sentence_no(fr.sent_start)
            this_para = ctx.sentences[i].paragraph if i is not None else None
            # a channel post's next line («وقال مصدر امني ان الهجوم لم يسفر عن اصابات») too
            if nxt.paragraph == this_para or ctx.live or nxt.start in ctx.anaphoric_sentences:
                cs = ctx.casualties_in(nxt.start, nxt.end)
    if not cs:
        return None, None, []
    fat = inj = None
    for c in cs:
        if c.role == "zero":
            fat = 0 if fat is None else fat
            inj = 0 if inj is None else inj
        elif c.role == "killed" and fat is None and c.value is not None:
            fat = c.value
        elif c.role == "injured" and inj is None and c.value is not None:
            inj = c.value
    return fat, inj, cs


def _event_id(article_id: str, sub: str, d: Optional[date], place_id: str, start: int) -> str:
    h = hashlib.sha1(f"{article_id}|{sub}|{d}|{place_id}|{start}".encode("utf-8")).hexdigest()
    return h[:16]


def frame_events(ctx: Context, fr: Frame, cues: list) -> tuple[list[Event], Modality, Optional[Coding]]:
    """Event records for one frame by the rules alone, or none with the reason."""
    props = propose(ctx, fr, cues)
    if not props:
        return [], modality(fr, ctx.norm, cues), None
    evs = [e for pr in props if pr.kept_by_rules for e in build_events(ctx, pr)]
    return evs, props[0].modality, props[0].coding


def _told_by(fr: Frame) -> list:
    """The anchors that tell the event, not only its toll («المعارك ... اسفرت عن مقتل 35 عنصرا»)."""
    return [a for a in fr.anchors if a.form.entry.get("kind") not in ("kill", "wound")] or fr.anchors


def propose(ctx: Context, fr: Frame, cues: list) -> list["Proposal"]:
    """The frame's candidate events with every rule judgement, kept or not. An arrest told with
    the attack it ended («دهس المارة قبل ان يتم القبض على الفاعل») is two proposals."""
    first = _propose(ctx, fr, cues)
    if first is None:
        return []
    out = [first]
    violent = [a for a in fr.anchors if a.form.entry.get("kind") not in ("arrest",)]
    if first.verdict == "real" and first.coding.sub_event_type == "Arrests" and violent \
            and len(violent) < len(fr.anchors) and not arrest_for_reason(fr.anchors, ctx.norm):
        rest = Frame(fr.sentence, fr.start, fr.end, fr.sent_start, fr.sent_end, violent,
                     [h for h in fr.hits if not (h.category == "trigger" and h.form.entry.get("kind") == "arrest")])
        more = _propose(ctx, rest, cues)
        if more is not None and more.coding.sub_event_type != "Arrests":
            out.append(more)
    return out


# GUIDELINES §3: an event more than a year before the report's publication is history, not coded.
HISTORY_DAYS = 365


# Time expressions that name a calendar day, not one counted from the publication.
_EXPLICIT_DATES = frozenset({"iso", "numeric_dmy", "explicit_dmy", "ordinal_dmy", "hijri"})


# Relative expressions that still name one day: «وكان مسلحون قد اختطفوا، قبل ثلاثه ايام، صحفيا».
_DAY_RULES = _EXPLICIT_DATES | {"days_ago", "yesterday", "yesterday_weekday", "day_before_yesterday", "weekday_past"}


def _dated_and_placed(ctx: Context, fr: Frame) -> bool:
    """True when the frame's sentence names the day and the frame a place."""
    dated = any(t.rule in _DAY_RULES and t.value and t.anchor for t in ctx.times_in(fr.sent_start, fr.sent_end))
    return dated and bool(ctx.places_in(fr.start, fr.end))


@dataclass
class Proposal:
    """One candidate event of a frame: what the rules found and judged, kept or not.

    `verdict` is "real" when the rules keep it, else the rule that stops it (a modality label,
    "anaphora", "planned", "old_vague_date", "unlocated", "vague"). The trained layer
    (rasad.events.decide) reads every field and may overrule the verdict, the place and the date."""

    frame: Frame
    modality: Modality
    coding: Coding
    verdict: str
    date: tuple  # (date, time_precision, tolerance, rule, span) as frame_date gives it
    locs: list  # [(Candidate, Place)] the rules' event locations
    place_rule: str
    fatalities: Optional[int]
    injuries: Optional[int]
    casualties: list
    actors: object  # rasad.mentions.actors.Actors
    told: int = 0  # events the rules had kept before this one in the article
    cues: list = field(default_factory=list)  # the cue hits of the frame's sentence
    source: Optional[str] = None  # who the sentence attributes the report to
    place_text: Optional[PlaceText] = None  # a place named in the frame that no gazetteer entry resolves
    place_country: Optional[str] = None  # its country from the article's other places, if they agree

    @property
    def kept_by_rules(self) -> bool:
        """True when the rules keep the proposal: a real event, or one whose place is named but unresolved."""
        return self.verdict == "real" or (self.verdict == "unlocated" and self.place_text is not None)


DOER_REACH = 400  # characters back to the frame whose doer a frame that names none takes over


def _air_before(ctx: Context, start: int) -> bool:
    """True when the doer of the last frame told before `start` (within DOER_REACH) strikes from the air:
    «شنت طائرات التحالف غارات على صعدة. وقالت المنظمة إن قصفا استهدف حافلة» — the coalition's (GUIDELINES §2)."""
    last = ctx.last_doer
    return bool(last and 0 <= start - last[0] <= DOER_REACH and last[1])


def _propose(ctx: Context, fr: Frame, cues: list) -> Optional[Proposal]:
    mod = modality(fr, ctx.norm, cues)
    if mod.label == "background" and _dated_and_placed(ctx, fr):
        # «وكانت طائرات مسيرة قد استهدفت، في 28 جوان الماضي، ... قرب سرت»: background with its own
        # date and place is coded (GUIDELINES §3)
        mod = Modality("real", "background_dated", mod.claimed, mod.media)
    actors = find_actors(fr.hits, [(a.start, a.end) for a in fr.anchors], ctx.norm)
    fat, inj, cas = frame_casualties(ctx, fr)
    hit_cas = bool(fat) or bool(inj)
    coding = classify(fr, ctx.norm, actors.air_power, actors.civilian_target, hit_cas, bool(fat))
    if coding is not None and coding.rule == "shelling" and actors.actor1 is None \
            and _air_before(ctx, fr.start):
        coding = classify(fr, ctx.norm, True, actors.civilian_target, hit_cas, bool(fat))
    if actors.actor1:
        ctx.last_doer = (fr.start, actors.air_power)
    if coding is None:
        return None
    verdict = mod.label
    told_by = _told_by(fr)
    dt = frame_date(ctx, fr)
    d, tprec, tol, drule, dspan = dt
    if verdict == "real" and ctx.told and all(a.prefix.endswith(("ال", "لل")) for a in told_by) \
            and fr.anchors[0].start > 0 \
            and not ctx.places_in(max(fr.start, fr.anchors[0].start + 1), fr.end) \
            and not (drule.startswith("time:") and d is not None and d.isoformat() not in ctx.told_dates):
        # «المواجهات لا تزال مستمره», «الهجوم»: a definite trigger with no new place or day refers back
        verdict = "anaphora"
    if d is not None and ctx.published is not None and d < ctx.published - timedelta(days=HISTORY_DAYS):
        verdict = "history"  # «في الاول من تموز عام 1988 ...»: more than a year before publication (§3)
    if verdict == "real" and d is not None and ctx.published is not None:
        if d > ctx.published + timedelta(days=1):
            verdict = "planned"
        elif tprec > 1:
            verdict = "old_vague_date"
    locs, prule = frame_places(ctx, fr)
    if len({p.country for _, p in locs}) > 1:
        # «اختطاف زوجه (كاروخ ...) من حي رابرين»: a stray foreign name; keep the article's country
        support = ctx.memo.get("country_support")
        if support is None:
            support = ctx.memo["country_support"] = {}
            for _, p in ctx.places:
                support[p.country] = support.get(p.country, 0) + 1
        # ties go to the place nearest the trigger, then the first named: «تفشل في الهبوط في مطار بن غريون
        # بسبب القصف الإيراني للأردن» is shelling in Jordan
        at = told_by[0].start
        near: dict = {}
        for c, p in locs:
            near[p.country] = min(near.get(p.country, 10**9), abs(c.start - at))
        order = [p.country for _, p in locs]
        best = max(dict.fromkeys(order), key=lambda cc: (support.get(cc, 0), -near[cc], -order.index(cc)))
        locs = [(c, p) for c, p in locs if p.country == best]
    if verdict == "real" and not locs:
        verdict = "unlocated"
    ptext, pcountry = None, None
    if verdict in ("real", "unlocated") and all(p.kind in _COARSE_KINDS for _, p in locs):
        ptext = frame_place_text(ctx, fr)
        if ptext is not None:
            pcountry = ptext.country or (locs[0][1].country if locs else context_country(ctx, fr))
    definite = all(a.prefix.endswith(("ال", "لل")) for a in told_by) and not fr.means
    if verdict == "real" and (coding.strength < 0.7 or definite) and len(ctx.norm) > 600:
        # an attack whose means are unnamed, in a long report, must name more than a country
        # and say when: otherwise it is background or rhetoric («هجوم ترامب على ...»)
        if prule not in ("frame", "sentence") or all(p.kind in ("country", "sea") for _, p in locs) \
                or not drule.startswith("time:") or drule == "time:live":
            verdict = "vague"
    attempt = any(a.form.form.startswith("محاولة") or ctx.norm[max(0, a.start - 7):a.start].endswith("محاوله ")
                  for a in fr.anchors if a.form.entry.get("kind") == "assassination")
    if "assassination" in fr.kinds and fat is None and not attempt:
        fat = 1  # «اغتيال القائد فلان»: one person killed; «محاوله اغتيال» killed nobody said
    return Proposal(fr, mod, coding, verdict, dt, locs, prule, fat, inj, cas, actors, ctx.told, cues,
                    place_text=ptext, place_country=pcountry)


# Places too coarse to stand for a named site: «استهداف قاعدة X في العراق» is at X, not in «العراق».
_COARSE_KINDS = frozenset({"country", "region"})


def frame_place_text(ctx: Context, fr: Frame) -> Optional[PlaceText]:
    """The unresolved place the frame names after its trigger, else before it, else in its sentence."""
    taken = [(c.start, c.end) for c, _ in ctx.places]
    others = [h.start for h in fr.hits if h.category != "place"]
    found = place_texts(ctx.norm, fr.start, fr.end, taken, others)
    if not found:
        found = place_texts(ctx.norm, fr.sent_start, fr.sent_end, taken, others)
    if not found:
        return None
    anchor = fr.anchors[0].start if fr.anchors else fr.start  # the detector's frames have no trigger
    after = [p for p in found if p.start > anchor]
    return after[0] if after else found[-1]


def context_country(ctx: Context, fr: Frame) -> Optional[str]:
    """The country the article's resolved places agree on, its sentence's first (None when they
    disagree or name none); a country that stands as an actor («ايران تستهدف») or as where a
    strike came from («اطلقت من ايران») does not count."""
    def agreed(places: list) -> Optional[str]:
        counts: dict[str, int] = {}
        for c, p in places:
            if p.country and c.start not in ctx.actor_starts and not c.origin:
                counts[p.country] = counts.get(p.country, 0) + 1
        if not counts:
            return None
        top = max(counts.values())
        best = [cc for cc, n in counts.items() if n == top]
        return best[0] if len(best) == 1 else None

    in_sentence = [cp for cp in ctx.places if fr.sent_start <= cp[0].start < fr.sent_end]
    return agreed(in_sentence) or agreed(ctx.places)


def _at_sea_already(c: Optional[Candidate], p: Optional[Place], waters) -> bool:
    """True when a chosen location agrees with an event at sea: none, a sea, or the coastal place
    that names the waters («قبالة سواحل الحديدة»), a reference point. A country the trained layer chose elsewhere in
    the sentence («غارات على ايران ردا على استهداف سفينة») is left to it."""
    if p is None or p.kind == "sea":
        return True
    if c is not None and c.relation:
        return True  # a reference point: «على بعد 50 ميلا جنوب شرق عدن»
    return waters is not None and c is not None and waters.start <= c.start < waters.end


# An event placed by a name no gazetteer resolves is less sure than one the gazetteer places.
UNRESOLVED_CONFIDENCE = 0.8


def build_events(ctx: Context, pr: Proposal, locs: Optional[list] = None, dt: Optional[tuple] = None,
                 extra: Optional[list[FieldSource]] = None, confidence: Optional[float] = None,
                 place_rule: Optional[str] = None) -> list[Event]:
    """Event records of a proposal: one per location (the rules' unless `locs` is given), dated by
    `dt` or the rules' date. `extra` provenance names the models that decided."""
    fr, coding, mod = pr.frame, pr.coding, pr.modality
    d, tprec, tol, drule, dspan = dt or pr.date
    locs = pr.locs if locs is None else locs
    prule = place_rule or pr.place_rule
    fat, inj, cas, actors = pr.fatalities, pr.injuries, pr.casualties, pr.actors
    anchor = fr.anchors[0]
    evidence = _span(ctx, fr.sent_start, fr.sent_end)
    trigger = _span(ctx, anchor.start, anchor.end)
    weapon = next((h.label for h in fr.hits if h.category == "weapon"), None)
    if confidence is None:
        conf = 0.45 + 0.25 * coding.strength
        if locs and prule == "frame":
            conf += 0.1
        if drule.startswith("time:"):
            conf += 0.1
        if mod.claimed:
            conf -= 0.1
        conf = round(max(0.05, min(0.99, conf)), 2)
    else:
        conf = round(confidence, 3)
    base_prov = [
        FieldSource("sub_event_type", coding.sub_event_type, "classify:" + coding.rule, trigger),
        FieldSource("event_date", d.isoformat() if d else None, drule, dspan),
        FieldSource("modality", mod.label, mod.cue or "no_cue"),
    ] + list(extra or [])
    if cas:
        base_prov.append(FieldSource("fatalities", fat, "casualties:" + ",".join(c.rule for c in cas),
                                     _span(ctx, cas[0].start, cas[-1].end)))
    out = []
    targets: list[tuple[Optional[Candidate], Optional[Place]]] = list(locs) if locs else [(None, None)]
    pt = pr.place_text
    if pt is not None and all(p.kind in _COARSE_KINDS for _, p in locs):
        # the frame names a place no gazetteer has: the event is there, as read (GUIDELINES §5)
        cc = pt.country or (locs[0][1].country if locs else pr.place_country)
        name = _span(ctx, pt.start, pt.end).text
        # «بلدة مسرابة في الغوطة الشرقية»: a town no gazetteer knows lies in the unit its region names
        units = {p.admin1 for _, p in locs if p.country == cc}
        a1 = units.pop() if len(units) == 1 and locs and all(p.admin1 for _, p in locs) else None
        targets = [(Candidate(pt.start, pt.end, (), "", "", False),
                    Place("text:" + name, name, name, "unresolved", cc, a1))]
        prule = "unresolved"
        conf = round(max(0.05, conf * UNRESOLVED_CONFIDENCE), 3)
    sea = at_sea_place(ctx.norm, (fr.start, fr.end), fr.sent_start, fr.sent_end, ctx.places)
    if sea is not None and all(_at_sea_already(c, p, sea[2]) for c, p in targets):
        # GUIDELINES §5: a ship hit at sea is at the sea; the coastal state only where its waters are named
        c_sea, p_sea, waters = sea
        if c_sea is None and waters is not None:
            name = _span(ctx, waters.start, waters.end).text
            c_sea = Candidate(waters.start, waters.end, (), "", "", False)
            p_sea = replace(p_sea, name_en=name, name_ar=name)
        targets = [(c_sea, p_sea)]
        prule = "sea"
    coded = admin1_countries()
    for c, p in targets:
        country = p.country if p else None
        admin1 = p.admin1 if p and p.country in coded else None
        ev = Event(
            article_id=ctx.article_id,
            event_type=coding.event_type,
            sub_event_type=coding.sub_event_type,
            event_date=d.isoformat() if d else None,
            time_precision=tprec,
            date_tolerance_days=tol,
            country=country,
            admin1=admin1,
            admin2=p.admin2 if p else None,
            location=p.name_en if p else None,
            location_ar=_span(ctx, c.start, c.end).text if c else None,
            latitude=p.lat if p else None,
            longitude=p.lon if p else None,
            geo_precision=(geo_precision(c, p) if c and p.kind != "unresolved" else 3) if p else 3,
            actor1=actors.actor1,
            actor2=actors.actor2,
            weapon=weapon,
            fatalities=fat if len(targets) == 1 else None,
            injuries=inj if len(targets) == 1 else None,
            attributed_source=pr.source,
            outlet=ctx.outlet,
            url=ctx.url,
            published=ctx.published_raw,
            modality=mod.label,
            confidence=conf,
            trigger=trigger,
            evidence=[evidence],
            provenance=base_prov + ([FieldSource("place", p.id, "place:" + prule,
                                                 _span(ctx, c.start, c.end) if c else None)]
                                    if p else [FieldSource("place", None, "place:none")]),
            event_id=_event_id(ctx.article_id, coding.sub_event_type, d, p.id if p else "", anchor.start),
        )
        out.append(ev)
    return out
