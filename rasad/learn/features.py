"""Named features of a proposal, of its candidate places and dates, and of a pair of events.

Computed from the mentions the rules found (no second tokenizer, no second gazetteer lookup),
so that every weight a model learns can be read as "this cue, this rule, this word".
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from rasad.events.assemble import Context, Proposal
from rasad.model import Place

Features = dict[str, float]

# Words seen in fewer training proposals than this carry no weight (set at training time).
WINDOW = 4  # words either side of the trigger read as position-tagged context


def _bucket(n: float, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> list[str]:
    """The letter runs of a text: «مدنيين،» → «مدنيين» (punctuation and digits are not words)."""
    return _WORD.findall(text)


def _strip(w: str) -> str:
    """A word without the conjunction «و»/«ف» and the article «ال» («والقصف» → «قصف»)."""
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
    if len(w) > 4 and w.startswith(("ال", "لل")):
        w = w[2:]
    return w


def title_words(title: str) -> tuple:
    """The words of a normalised title, without «و» and «ال», once each, in order."""
    return tuple(dict.fromkeys(_strip(w) for w in _words(title)))


def gate_features(ctx: Context, pr: Proposal) -> Features:
    """Is this proposal a real, specific event told as news? Its cues, rules, words and context."""
    fr, cod, mod = pr.frame, pr.coding, pr.modality
    f: Features = {}
    f["verdict=" + pr.verdict] = 1.0
    f["mod=" + mod.label] = 1.0
    if mod.cue:
        f["modcue=" + mod.cue[:24]] = 1.0
    if mod.claimed:
        f["claimed"] = 1.0
    if mod.media:
        f["media"] = 1.0
    f["sub=" + cod.sub_event_type] = 1.0
    f["crule=" + cod.rule] = 1.0
    f["strength"] = cod.strength
    anchor = fr.anchors[0]
    for a in fr.anchors:
        f["trig=" + a.form.form] = 1.0
        f["tkind=" + str(a.form.entry.get("kind"))] = 1.0
    if all(a.prefix.endswith(("ال", "لل")) for a in fr.anchors):
        f["definite"] = 1.0
    if anchor.form.form.endswith("ات") or anchor.suffix.startswith("ات"):
        f["plural"] = 1.0
    f["anchors=" + _bucket(len(fr.anchors), (1, 2, 3))] = 1.0
    for w in sorted(fr.means):
        f["wpn=" + w] = 1.0
    d, tprec, tol, drule, _ = pr.date
    f["drule=" + drule.split(":")[0] + (":" + drule.split(":")[1] if ":" in drule else "")] = 1.0
    if d is not None and ctx.published is not None:
        f["dage=" + _bucket((ctx.published - d).days, (-1, 0, 1, 2, 7, 31, 365))] = 1.0
    if ctx.title_words:
        # the event the title announces is the news; «تعتزم دول طرد دبلوماسيين روس بعد هجوم ...» is not.
        # Both answers are features, so that a text with no title (a post) keeps the model's base odds:
        # with «yes» alone, models trained on news sites scored the channel's posts .638 → .563 (type F1)
        tw = set(ctx.title_words)
        trig = any(_strip(w) in tw for a in fr.anchors for w in _words(ctx.norm[a.start:a.end]))
        f["title_trig=" + ("yes" if trig else "no")] = 1.0
        if pr.locs:
            named = any(_strip(w) in tw for c, _ in pr.locs[:3] for w in _words(ctx.norm[c.start:c.end]))
            f["title_place=" + ("yes" if named else "no")] = 1.0
    f["prule=" + pr.place_rule] = 1.0
    for _, p in pr.locs[:3]:
        f["pkind=" + p.kind] = 1.0
    if not pr.locs:
        f["noplace"] = 1.0
    if pr.fatalities:
        f["fat>0"] = 1.0
    if pr.fatalities == 0:
        f["fat=0"] = 1.0
    if pr.injuries:
        f["inj>0"] = 1.0
    f["live"] = float(ctx.live)
    # a short live post and a short undated text are different things: the length speaks with the kind
    f["len=" + _bucket(len(ctx.norm), (150, 300, 600, 1500, 4000)) + ("/live" if ctx.live else "/paper")] = 1.0
    f["sent=" + _bucket(pr.frame.sentence, (0, 1, 3, 8))] = 1.0
    f["told=" + _bucket(pr.told, (0, 1, 3))] = 1.0
    if pr.source:
        f["attributed"] = 1.0
    for h in pr.cues:
        f["cue=" + h.label + ("<" if h.start < anchor.start else ">")] = 1.0
    sent = ctx.norm[fr.sent_start:fr.sent_end]
    if "؟" in sent or "?" in sent:
        f["question"] = 1.0
    before = ctx.norm[fr.sent_start:anchor.start]
    if any(q in before for q in ('"', "«", "“")):
        f["quote<"] = 1.0
    left = _words(ctx.norm[max(fr.sent_start, anchor.start - 80):anchor.start])[-WINDOW:]
    right = _words(ctx.norm[anchor.end:min(fr.sent_end, anchor.end + 80)])[:WINDOW]
    for w in left:
        f["L:" + _strip(w)] = 1.0
    for w in right:
        f["R:" + _strip(w)] = 1.0
    for w in _sentence_words(ctx, fr.sent_start, fr.sent_end):
        f["w:" + w] = 1.0
    for w in ctx.title_words:
        f["t:" + w] = 1.0
    return f


def _sentence_words(ctx: Context, start: int, end: int) -> tuple:
    """The words of a sentence without «و» and «ال», once each, in order (kept per article)."""
    memo = ctx.memo.setdefault("sentence_words", {})
    ws = memo.get((start, end))
    if ws is None:
        ws = memo[(start, end)] = tuple(dict.fromkeys(_strip(w) for w in _words(ctx.norm[start:end])))
    return ws


@dataclass
class Option:
    """One value a field could take, with the features that argue for it."""

    key: tuple
    features: Features
    candidate: object = None  # rasad.mentions.places.Candidate, for a place
    place: Optional[Place] = None
    value: Optional[date] = None  # for a date
    tolerance: int = 0
    rule: str = ""
    span: object = None  # rasad.model.Span of a time mention


def _sentence_at(ctx: Context, pos: int):
    """The sentence holding offset `pos` (bisect over cached starts), or None."""
    starts = getattr(ctx, "_starts", None)
    if starts is None:
        starts = [s.start for s in ctx.sentences]
        ctx._starts = starts  # type: ignore[attr-defined]
    i = bisect_right(starts, pos) - 1
    if i < 0:
        return None
    s = ctx.sentences[i]
    return s if pos < s.end else None


# How near a mention stands to the proposal, nearest first (the values `_where` gives).
_RANK = {"frame": 0, "sentence": 1, "paragraph<": 2, "paragraph>": 3, "lead": 4, "article<": 5, "article>": 6}


def _where(ctx: Context, pr: Proposal, pos: int) -> str:
    fr = pr.frame
    if fr.start <= pos < fr.end:
        return "frame"
    if fr.sent_start <= pos < fr.sent_end:
        return "sentence"
    this = _sentence_at(ctx, fr.sent_start)
    at = _sentence_at(ctx, pos)
    if this is not None and at is not None and at.paragraph == this.paragraph:
        return "paragraph" + ("<" if pos < fr.sent_start else ">")
    if at is not None and ctx.sentences and at is ctx.sentences[0]:
        return "lead"
    return "article" + ("<" if pos < fr.sent_start else ">")


def place_options(ctx: Context, pr: Proposal) -> list[Option]:
    """Candidate (country, admin1) values for a proposal's place, each with its features."""
    from rasad.events.assemble import _locative
    from rasad.mentions.places import admin1_countries

    coded = admin1_countries()
    fr = pr.frame
    anchor = fr.anchors[0].start
    rule_keys = {(p.country, p.admin1 if p.country in coded else None) for _, p in pr.locs}
    counts: dict[tuple, int] = {}
    best: dict[tuple, Option] = {}
    rank = _RANK
    lead_end = ctx.sentences[0].end if ctx.sentences else 0
    every = _place_groups(ctx, coded)
    near = _nearest(ctx, pr, "places", ctx.places, lambda cp: cp[0].start)
    groups = every if near is None else _place_groups(ctx, coded, near)
    for key, (starts, idxs) in groups.items():
        counts[key] = len(every[key][0])
        # the nearest mention on either side of each boundary (anchor, frame, sentence, lead) is the
        # best of its stretch: the option is the nearest of the nearest stretch, the first on a tie
        picks = set()
        for k in (bisect_right(starts, anchor) - 1, bisect_right(starts, anchor), bisect_left(starts, fr.start) - 1,
                  bisect_left(starts, fr.end), bisect_left(starts, fr.sent_start) - 1,
                  bisect_left(starts, fr.sent_end), bisect_left(starts, lead_end) - 1):
            if 0 <= k < len(starts):
                lo, hi = bisect_left(starts, starts[k]), bisect_right(starts, starts[k])
                picks.update(idxs[lo:hi])
        chosen = min((rank[_where(ctx, pr, ctx.places[i][0].start)], abs(ctx.places[i][0].start - anchor), i)
                     for i in picks)
        c, p = ctx.places[chosen[2]]
        where = _where(ctx, pr, c.start)
        dist = chosen[1]
        f: Features = {"where=" + where: 1.0, "kind=" + p.kind: 1.0, "_dist": float(dist)}
        f["dist=" + _bucket(dist, (15, 40, 100, 300, 1000))] = 1.0
        f["side=" + ("<" if c.start < anchor else ">")] = 1.0
        if c.hint:
            f["hint=" + c.hint] = 1.0
        if c.relation:
            f["rel=" + c.relation] = 1.0
        if c.origin:
            f["origin"] = 1.0
        if c.start in ctx.actor_starts:
            f["actor_word"] = 1.0
        if _locative(ctx, c):
            f["locative"] = 1.0
        if c.start < 40:
            f["opening"] = 1.0  # a dateline: «دبي، الامارات العربيه المتحده (CNN) --»
        if key[1] is None:
            f["no_admin1"] = 1.0
        if p.kind in ("country", "region", "sea"):
            f["coarse&where=" + where] = 1.0
        best[key] = Option(key, f, candidate=c, place=p, rule=where)
    for key, o in best.items():
        o.features.pop("_dist", None)
        o.features["mentions=" + _bucket(counts[key], (1, 2, 4))] = 1.0
        if key in rule_keys:
            o.features["rule_choice"] = 1.0
            o.features["rule_choice&" + pr.place_rule] = 1.0
        o.features["live"] = float(ctx.live)
    # the country alone, for every country named, when no option says just that
    nearest: dict[str, Option] = {}  # per country, its first option of the nearest stretch
    for k, o in best.items():
        if k[0] and (k[0] not in nearest or rank[o.rule] < rank[nearest[k[0]].rule]):
            nearest[k[0]] = o
    for cc in sorted(nearest):
        if (cc, None) not in best:
            near = nearest[cc]
            f = {"country_only": 1.0, "where=" + near.rule: 1.0, "live": float(ctx.live)}
            best[(cc, None)] = Option((cc, None), f, rule="country")
    best[(None, None)] = Option((None, None), {"no_place": 1.0, "live": float(ctx.live),
                                               "has_options": float(bool(best))}, rule="none")
    return list(best.values())


_DEFAULT_RULES = ("published", "day_before", "news_peg")


def _place_groups(ctx: Context, coded: frozenset, only: Optional[list[int]] = None
                  ) -> dict[tuple, tuple[list[int], list[int]]]:
    """The article's places (those at the indexes `only`) by (country, admin1) key, in the order
    keys are first named: the starts of their mentions, sorted, and the mentions' indexes in
    `ctx.places` (all of them: kept per article)."""
    groups = ctx.memo.get("place_groups") if only is None else None
    if groups is None:
        by_key: dict[tuple, list[tuple[int, int]]] = {}
        for i in (range(len(ctx.places)) if only is None else only):
            c, p = ctx.places[i]
            by_key.setdefault((p.country, p.admin1 if p.country in coded else None), []).append((c.start, i))
        groups = {k: ([s for s, _ in sorted(v)], [i for _, i in sorted(v)]) for k, v in by_key.items()}
        if only is None:
            ctx.memo["place_groups"] = groups
    return groups


# A proposal's place and date options come from the mentions nearest it, at most this many (in
# the order of `_RANK`, then distance): more than the longest articles of the corpora name (108
# places), so that a text naming thousands costs a bounded time per proposal.
NEAREST_MENTIONS = 150


def _nearest(ctx: Context, pr: Proposal, name: str, items: list, start) -> Optional[list[int]]:
    """Indexes, in order, of the NEAREST_MENTIONS items nearest the proposal; None when there are
    no more than that (all of them count)."""
    if len(items) <= NEAREST_MENTIONS:
        return None
    from rasad.events.assemble import ByStart

    ix = ctx.memo.get("by_start:" + name)
    if ix is None:
        ix = ctx.memo["by_start:" + name] = ByStart(items, start)
    fr, m, starts = pr.frame, NEAREST_MENTIONS, ix.starts
    anchor = fr.anchors[0].start
    k0, k1 = bisect_left(starts, fr.sent_start), bisect_left(starts, fr.sent_end)
    lead_end = bisect_left(starts, ctx.sentences[0].end) if ctx.sentences else 0
    # the sentence's, the nearest m on either side of it (paragraph, then article), the lead's last m
    ranges = [(k0, k1), (max(0, k0 - m), k0), (k1, min(len(starts), k1 + m)), (max(0, lead_end - m), lead_end)]
    picks = set()
    for a, b in ranges:
        if a < b:  # with every mention that shares a start with the range's ends
            picks.update(range(bisect_left(starts, starts[a]), bisect_right(starts, starts[b - 1])))
    rank = _ranker(ctx, pr)
    ranked = sorted((rank(starts[k]), abs(starts[k] - anchor), ix.order[k]) for k in picks)
    return sorted(i for _, _, i in ranked[:m])


def _ranker(ctx: Context, pr: Proposal):
    """`_RANK[_where(ctx, pr, pos)]` for a position inside a sentence, by comparisons alone."""
    fr = pr.frame
    this = _sentence_at(ctx, fr.sent_start)
    if this is None or not ctx.sentences:
        return lambda pos: _RANK[_where(ctx, pr, pos)]
    p_start, p_end = _paragraph_bounds(ctx, fr.sent_start)
    lead = ctx.sentences[0]

    def rank(pos: int) -> int:
        if fr.start <= pos < fr.end:
            return 0
        if fr.sent_start <= pos < fr.sent_end:
            return 1
        if p_start <= pos < p_end:  # a paragraph's sentences stand together
            return 2 if pos < fr.sent_start else 3
        if lead.start <= pos < lead.end:
            return 4
        return 5 if pos < fr.sent_start else 6
    return rank


def _time_groups(ctx: Context) -> Optional[dict[date, tuple[list[int], list[int]]]]:
    """The article's usable time mentions by day, in the order days are first named: sorted starts
    and indexes in `ctx.times`; None when the mentions are not in text order (kept per article)."""
    if "time_groups" not in ctx.memo:
        limit = ctx.published + timedelta(days=1) if ctx.published else None
        by_day: dict[date, tuple[list[int], list[int]]] = {}
        last = -1
        ordered = True
        for i, t in enumerate(ctx.times):
            ordered = ordered and t.span.start >= last
            last = t.span.start
            if t.value is None or (limit and t.value > limit):
                continue
            starts, idxs = by_day.setdefault(t.value, ([], []))
            starts.append(t.span.start)
            idxs.append(i)
        ctx.memo["time_groups"] = by_day if ordered else None
    return ctx.memo["time_groups"]


def _paragraph_bounds(ctx: Context, pos: int) -> tuple[int, int]:
    """[start, end) of the paragraph of the sentence starting at `pos` (kept per article)."""
    bounds = ctx.memo.get("paragraph_bounds")
    if bounds is None:
        bounds = ctx.memo["paragraph_bounds"] = {}
        for s in ctx.sentences:
            a, b = bounds.get(s.paragraph, (s.start, s.end))
            bounds[s.paragraph] = (min(a, s.start), max(b, s.end))
    this = _sentence_at(ctx, pos)
    return bounds[this.paragraph] if this is not None else (pos, pos)


def date_options(ctx: Context, pr: Proposal) -> list[Option]:
    """Candidate days for a proposal's event, each with its features."""
    anchor = pr.frame.anchors[0].start
    rule_day = pr.date[0]
    rank = _RANK
    best: dict[date, Option] = {}
    limit = ctx.published + timedelta(days=1) if ctx.published else None
    near = _nearest(ctx, pr, "times", ctx.times, lambda t: t.span.start)
    groups = _time_groups(ctx) if near is None else None
    if near is not None:
        usable = [ctx.times[i] for i in near if not (ctx.times[i].value is None or (limit and ctx.times[i].value > limit))]
    elif groups is None:
        usable = [t for t in ctx.times if not (t.value is None or (limit and t.value > limit))]
    else:
        # per day, the first mention of each stretch (frame, sentence, paragraph, article) is the
        # best of its stretch: the option is the first of the nearest stretch
        fr = pr.frame
        p_start, p_end = _paragraph_bounds(ctx, fr.sent_start)
        usable = []
        for starts, idxs in groups.values():
            picks = {bisect_left(starts, x) for x in (0, fr.start, fr.sent_start, fr.sent_end, p_start, p_end)}
            usable.append(min((rank[_where(ctx, pr, starts[k])], idxs[k]) for k in picks if k < len(starts)))
        usable = [ctx.times[i] for _, i in usable]  # days in the order first named
    for t in usable:
        where = _where(ctx, pr, t.span.start)
        dist = abs(t.span.start - anchor)
        old = best.get(t.value)
        if old is not None and rank.get(old.rule, 9) <= rank[where]:
            continue
        f: Features = {"where=" + where: 1.0, "trule=" + t.rule: 1.0, "prec=" + t.precision: 1.0,
                       "dist=" + _bucket(dist, (15, 40, 100, 300, 1000)): 1.0,
                       "side=" + ("<" if t.span.start < anchor else ">"): 1.0}
        if not t.anchor:
            f["vague"] = 1.0
        if t.span.start < 60:
            f["opening"] = 1.0
        best[t.value] = Option((t.value,), f, value=t.value, tolerance=t.tolerance_days, rule=where,
                               span=t.span)
    if ctx.published is not None:
        for name, d in (("published", ctx.published), ("day_before", ctx.published - timedelta(days=1))):
            if d not in best:
                best[d] = Option((d,), {"default=" + name: 1.0}, value=d, tolerance=1, rule=name)
            else:
                best[d].features["is_" + name] = 1.0
    if ctx.peg is not None and ctx.peg.value in best:
        best[ctx.peg.value].features["peg"] = 1.0
    for d, o in best.items():
        if ctx.published is not None:
            o.features["age=" + _bucket((ctx.published - d).days, (-1, 0, 1, 2, 7, 31))] = 1.0
        o.features["live"] = float(ctx.live)
        o.features["long"] = float(len(ctx.norm) > 600)
        if d == rule_day:
            o.features["rule_choice"] = 1.0
            o.features["rule_choice&" + pr.date[3].split(":")[0]] = 1.0
    return list(best.values())


def pair_features(ctx: Context, pa: Proposal, a, pb: Proposal, b) -> Features:
    """Are events `a` (told first) and `b` one event told twice? Their fields and how they are told."""
    f: Features = {}
    f["same_sub"] = float(a.sub_event_type == b.sub_event_type)
    f["same_type"] = float(a.event_type == b.event_type)
    if a.event_type == b.event_type and a.sub_event_type != b.sub_event_type:
        f["sub_pair=" + "|".join(sorted((a.sub_event_type, b.sub_event_type)))] = 1.0
    da, db = a.event_date, b.event_date
    if da and db:
        gap = abs((date.fromisoformat(da) - date.fromisoformat(db)).days)
        f["date_gap=" + _bucket(gap, (0, 1, 3))] = 1.0
    f["same_country"] = float(a.country == b.country)
    f["same_admin1"] = float(a.admin1 == b.admin1 and a.admin1 is not None)
    f["admin1_clash"] = float(a.admin1 is not None and b.admin1 is not None and a.admin1 != b.admin1)
    f["one_coarse"] = float(a.admin1 is None or b.admin1 is None)
    f["same_location"] = float(a.location == b.location and a.location is not None)
    f["sent_gap=" + _bucket(abs(pb.frame.sentence - pa.frame.sentence), (0, 1, 2, 5))] = 1.0
    if all(x.prefix.endswith(("ال", "لل")) for x in pb.frame.anchors):
        f["b_definite"] = 1.0
    f["b_verdict=" + pb.verdict] = 1.0
    if pb.place_rule not in ("frame", "sentence"):
        f["b_place_borrowed"] = 1.0
    if not pb.date[3].startswith("time:"):
        f["b_date_default"] = 1.0
    if a.fatalities is not None and b.fatalities is not None:
        f["fat_same" if a.fatalities == b.fatalities else "fat_differ"] = 1.0
    if pa.frame.anchors[0].form.form == pb.frame.anchors[0].form.form:
        f["same_trigger"] = 1.0
    f["live"] = float(ctx.live)
    f["same_sub&same_admin1"] = f["same_sub"] * f["same_admin1"]
    f["same_sub&coarse"] = f["same_sub"] * f["one_coarse"]
    return f


def detector_sentences(ctx: Context, proposals: list) -> list:
    """(index, sentence) pairs the detector reads: no proposal stands in them, no cue of a threat,
    plan, exercise, denial or statistic, no day after publication, at least 25 characters, and
    they name a place or a casualty (a live post: any sentence)."""
    told = {pr.frame.sent_start for pr in proposals} | ctx.firm_sentences
    if ctx.published is not None:
        told |= {s.start for t in ctx.times if t.value is not None and t.value > ctx.published
                 for s in [_sentence_at(ctx, t.span.start)] if s is not None}
    marks = sorted([c.start for c, _ in ctx.places] + [c.start for c in ctx.casualties])
    out = []
    for i, s in enumerate(ctx.sentences):
        if s.start in told or s.end - s.start < 25:
            continue
        k = bisect_right(marks, s.start - 1)
        if ctx.live or (k < len(marks) and marks[k] < s.end):
            out.append((i, s))
    return out


def sentence_features(ctx: Context, s) -> Features:
    """Does this sentence, where no trigger matched, tell an event? Its words, word pairs and mentions."""
    f: Features = {"live": float(ctx.live)}
    f["len=" + _bucket(len(ctx.norm), (150, 300, 600, 1500, 4000)) + ("/live" if ctx.live else "/paper")] = 1.0
    f["slen=" + _bucket(s.end - s.start, (40, 80, 160, 320))] = 1.0
    f["spos=" + _bucket(s.start, (0, 200, 1000, 3000))] = 1.0
    ws = [_strip(w) for w in _words(ctx.norm[s.start:s.end])]
    for w in dict.fromkeys(ws):
        f["w:" + w] = 1.0
    for a, b in dict.fromkeys(zip(ws, ws[1:])):
        f["b:" + a + "_" + b] = 1.0
    for w in ctx.title_words:
        f["t:" + w] = 1.0
    for c, p in ctx.places_in(s.start, s.end):
        f["pkind=" + p.kind] = 1.0
    for t in ctx.times_in(s.start, s.end):
        if t.value is not None:
            f["trule=" + t.rule] = 1.0
    for c in ctx.casualties_in(s.start, s.end):
        f["cas=" + c.role] = 1.0
    return f
