"""The trained layer's decisions over an article's proposals: which are events, where, when.

The rules propose (rasad.events.assemble.propose) and say what they think; the shipped models
(rasad.learn.models) decide whether a proposal is a real event told as news, which of the
places named around it is the event's place, and which day dates it. Each decided field
names the model, its version and its score in the event's provenance; `confidence` is the
gate's calibrated probability. Without models the rules' verdicts stand.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Optional

from rasad.events.assemble import HISTORY_DAYS, Context, Proposal, build_events
from rasad.events.classify import SUBTYPE_TYPE, Coding
from rasad.events.merge import merge_events, two_places_as_read
from rasad.learn.features import Option, date_options, gate_features, pair_features, place_options, sentence_features, detector_sentences
from rasad.learn.models import LinearModel, Models, shipped
from rasad.model import Event, FieldSource, Place


def default_models() -> Optional[Models]:
    """The models that ship with the package, or None (the rules decide alone)."""
    return shipped()


def _tag(m: LinearModel) -> str:
    return f"model:{m.name}@{m.version}"


def best_option(model: LinearModel, options: list[Option]) -> tuple[Option, float]:
    """The option the model scores highest (the first named wins a tie) and its probability."""
    best, best_p = options[0], -1.0
    for o in options:
        p = model.score(o.features)
        if p > best_p:
            best, best_p = o, p
    return best, best_p


def _country_place(cc: str) -> Place:
    from rasad.mentions.places import default_gazetteer

    gaz = default_gazetteer()
    pid = gaz.country_place.get(cc)
    if pid is not None:
        return gaz.places[pid]
    return Place(f"country:{cc}", cc, cc, "country", cc, None)


def _override(model: LinearModel, options: list[Option], rule_key: Optional[tuple]) -> tuple[Optional[Option], float]:
    """The model's option when it beats the rules' own by the model's margin (card
    `override_margin`), else None (the rules' choice stands); with the model's probability."""
    best, p = best_option(model, options)
    if rule_key is None or best.key == rule_key:
        return best, p
    rule_opt = next((o for o in options if o.key == rule_key), None)
    if rule_opt is None:
        return best, p
    if p - model.score(rule_opt.features) >= model.card.get("override_margin", 0.0):
        return best, p
    return None, p


def choose_place(ctx: Context, pr: Proposal, model: LinearModel) -> tuple[Optional[list], float, Optional[str]]:
    """(locations, probability, rule) for a proposal: the place the model picks, or (None, p, None)
    when the rules' place stands."""
    from rasad.mentions.places import admin1_countries

    coded = admin1_countries()
    rule_key = None
    if pr.locs:
        c0 = pr.locs[0][1]
        rule_key = (c0.country, c0.admin1 if c0.country in coded else None)
    options = place_options(ctx, pr)
    opt, p = _override(model, options, rule_key)
    key = rule_key if opt is None else opt.key
    if key is not None and key[1] is None and key[0] in coded:
        # a country or a region the report narrows down in the frame itself («ضربة جوية في افغانستان ...
        # في اقليم كونار»): the governorate named there (GUIDELINES §5: the most precise place)
        inner = [o for o in options if o.key[0] == key[0] and o.key[1] is not None and o.rule == "frame"
                 and o.place is not None and o.place.kind not in ("country", "region", "sea")]
        if inner:
            opt, p = best_option(model, inner)
    if opt is None or (rule_key is not None and opt.key == rule_key):
        return None, p, None
    if opt.key == (None, None):
        return [], p, "model:none"
    if opt.place is None:
        return [(None, _country_place(opt.key[0]))], p, "model:country"
    return [(opt.candidate, opt.place)], p, "model:" + opt.rule


GUARDS = True  # the two guards below (False: the models alone, for measuring what the guards add)
_NAMED_DAY_RULES = frozenset({"iso", "numeric_dmy", "explicit_dmy", "ordinal_dmy", "hijri", "yesterday",
                              "yesterday_weekday", "day_before_yesterday", "weekday_past", "days_ago", "weekday"})


def choose_date(ctx: Context, pr: Proposal, model: LinearModel) -> tuple[tuple, float]:
    """((date, precision, tolerance, rule, span), probability) for a proposal."""
    opts = date_options(ctx, pr)
    if not opts:
        return pr.date, 0.0
    if GUARDS and pr.date[3].startswith("time:") and pr.date[3][5:] in _NAMED_DAY_RULES and pr.date[4] is not None:
        # the frame's own sentence names the day («هجوم الامس», «يوم الثلاثاء»): the model ranks, the day stands
        return pr.date, best_option(model, opts)[1]
    opt, p = _override(model, opts, (pr.date[0],) if pr.date[0] else None)
    if opt is None or opt.value == pr.date[0]:
        return pr.date, p  # the rules' day, with their rule and span
    return (opt.value, 1, max(opt.tolerance, 0 if opt.span is not None else 1), f"model:{opt.rule}", opt.span), p


# What GUIDELINES §3 says is never an event: a proposal the rules stop for one of these stays stopped.
# Background recalled without its own day (the rules code dated background) is §3 too.
FIRM_VERDICTS = frozenset({"threatened", "hypothetical", "denied", "negated", "question", "planned", "exercise",
                           "sound", "background", "old_vague_date", "history"})


def _hit_not_disrupted(pr: Proposal, sub: str) -> bool:
    """GUIDELINES §2: when some got through and hit («اعترضت صاروخين فيما سقط ثالث على المطار»), or
    someone was hurt, the event is the attack, never a disrupted weapon."""
    return sub == "Disrupted weapons use" and ("impact" in pr.frame.kinds or bool(pr.fatalities)
                                                or bool(pr.injuries))


# The rules' sub-types that come from the one means the frame names (GUIDELINES §2 "go by the
# means"): «قصف مدفعي على بلدة ياطر» is shelling whatever the words around it suggest.
_MEANS_RULES = {"missile": "missile", "air_or_drone": None, "ied": "ied", "grenade": "grenade",
                "chemical": "chemical", "suicide": "suicide"}
_REMOTE_MEANS = frozenset({"missile", "drone", "air", "ied", "grenade", "chemical", "suicide"})


def means_decide(pr: Proposal) -> bool:
    """True when the frame names one kind of means and the rules' sub-type is that means' own."""
    if not GUARDS or pr.coding.rule not in _MEANS_RULES:
        return False
    named = pr.frame.means & _REMOTE_MEANS
    if pr.coding.rule == "air_or_drone":
        return bool(named) and named <= {"drone", "air"}
    return named == {_MEANS_RULES[pr.coding.rule]}


def keep(models: Models, pr: Proposal, p: float) -> bool:
    """The gate's answer: a proposal the rules keep needs `threshold`; one they stop needs more
    (`threshold_add`), so that the model adds an event only when it is sure; threats, plans,
    denials, hypotheticals and questions stay stopped."""
    if pr.verdict in FIRM_VERDICTS:
        return False
    thr = models.gate.threshold if pr.kept_by_rules else models.gate.card.get("threshold_add", models.gate.threshold)
    return p >= thr


def decided_events(ctx: Context, proposals: list[Proposal], models: Models) -> list[tuple[int, Event]]:
    """(proposal index, event) for each proposal the gate keeps, placed and dated; not merged."""
    out: list[tuple[int, Event]] = []
    for i, pr in enumerate(proposals):
        extra: list[FieldSource] = []
        conf: Optional[float] = None
        feats = gate_features(ctx, pr) if models.gate is not None or models.subtype is not None else {}
        if models.gate is not None:
            p = models.gate.score(feats)
            if not keep(models, pr, p):
                continue
            conf = p
            extra.append(FieldSource("event", round(p, 3), _tag(models.gate)))
            extra.append(FieldSource("rule_verdict", pr.verdict, "rules"))
        elif not pr.kept_by_rules:
            continue
        if models.subtype is not None:
            sub, ps = models.subtype.best(feats)
            if sub != pr.coding.sub_event_type and sub in SUBTYPE_TYPE \
                    and ps >= models.subtype.card.get("override_min", 0.0) and not _hit_not_disrupted(pr, sub) \
                    and not means_decide(pr):
                pr = replace(pr, coding=Coding(SUBTYPE_TYPE[sub], sub, f"model:subtype@{models.subtype.version}",
                                               pr.coding.strength))
            extra.append(FieldSource("subtype_choice", round(ps, 3), f"model:subtype@{models.subtype.version}"))
        locs, prule = None, None
        # a frame that names several places of its own is one event per place (GUIDELINES §1)
        # ... and a country only the acting forces' nisba gives is no option the ranker reads: it stands
        if models.place is not None and not (len(pr.locs) > 1 and pr.place_rule == "frame") \
                and pr.place_rule != "home_forces":
            locs, pp, prule = choose_place(ctx, pr, models.place)
            extra.append(FieldSource("place_choice", round(pp, 3), _tag(models.place)))
        dt = None
        if models.date is not None:
            dt, pd = choose_date(ctx, pr, models.date)
            extra.append(FieldSource("date_choice", round(pd, 3), _tag(models.date)))
        for e in build_events(ctx, pr, locs=locs, dt=dt, extra=extra, confidence=conf, place_rule=prule):
            e.modality = "real"
            out.append((i, e))
    return out


def _model_subtype(e: Event) -> bool:
    """True when the sub-type model, not the rules, gave the record its sub-type."""
    return any(fs.field == "sub_event_type" and "model:" in fs.rule for fs in e.provenance)


def _one_unit(pr: Proposal) -> bool:
    """True when the frame's places lie in one governorate at most: «في بابل والديوانية» sums up
    two reports, «بين مديريتي ناطع والملاجم» names places of one."""
    return len({p.admin1 for _, p in pr.locs}) <= 1


def apart(pa: Proposal, a: Event, pb: Proposal, b: Event) -> bool:
    """True when GUIDELINES §1 keeps two records apart whatever a model says: two governorates
    both named, two towns, two sub-types, or two places named in one sentence («غارات على بلدات
    أ و ب و ج» is three events)."""
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return True
    if a.sub_event_type != b.sub_event_type and pa.frame.sent_start != pb.frame.sent_start \
            and not (_model_subtype(a) or _model_subtype(b)):
        # «سقوط محلقة مفخخة ... . استهداف دبابة» is two events; two trigger words of one sentence may
        # be one («استهدفت طائرات مسيرة محطة»), and a sub-type the model guessed for a recap («وسبق
        # الهجوم بساعات قصف استهدف قاعدة») may be the other's
        return True
    if a.location != b.location and (a.geo_precision or 3) <= 2 and (b.geo_precision or 3) <= 2 \
            and _one_unit(pa) and _one_unit(pb):
        return True  # two towns or villages, unless one record sums up several governorates
    if a.country and b.country and a.country != b.country:
        return True
    if two_places_as_read(a, b):
        return True  # «قرية X» and «قرية Y», names no gazetteer knows: two places
    return pa.frame.sent_start == pb.frame.sent_start and a.location != b.location


# How many earlier records an event is compared with by the pair model: far more than any news
# report tells (the longest corpus articles keep under 40), so that a text of thousands of
# events costs a bounded number of comparisons per event, not one per earlier event.
PAIR_LOOKBACK = 64


def merge_same(ctx: Context, proposals: list[Proposal], items: list[tuple[int, Event]], model: LinearModel
               ) -> list[Event]:
    """One record per event told several times: each event joins the first earlier record the
    pair model calls the same event (probability ≥ its threshold)."""
    from rasad.events.merge import merge_into

    kept: list[tuple[int, Event]] = []
    for i, ev in items:
        target = None
        for j, k in kept[-PAIR_LOOKBACK:]:
            if apart(proposals[j], k, proposals[i], ev):
                continue
            p = model.score(pair_features(ctx, proposals[j], k, proposals[i], ev))
            if p >= model.threshold:
                target = k
                k.provenance.append(FieldSource("merged", round(p, 3), _tag(model)))
                break
        if target is None:
            kept.append((i, ev))
        else:
            merge_into(target, ev)
    return [e for _, e in kept]


def detected_events(ctx: Context, proposals: list[Proposal], models: Models) -> list[Event]:
    """Events of sentences where no trigger matched, when the detector is sure («تجمعت حشود غفيرة
    في ساحة ...»): the sub-type from its sub-type model, the day and place from the sentence."""
    from rasad.events.assemble import _event_id, _span, frame_places
    from rasad.events.frames import Frame
    from rasad.mentions.places import admin1_countries, geo_precision

    det, sub_model = models.detector, models.detector_subtype
    if det is None or sub_model is None:
        return []
    coded = admin1_countries()
    out: list[Event] = []
    for si, s in detector_sentences(ctx, proposals):
        f = sentence_features(ctx, s)
        p = det.score(f)
        if p < det.threshold:
            continue
        sub, ps = sub_model.best(f)
        if sub not in SUBTYPE_TYPE:
            continue
        days = [t for t in ctx.times_in(s.start, s.end) if t.value is not None and t.anchor
                and (ctx.published is None or t.value <= ctx.published)]
        if days:
            d, tol, drule = days[0].value, days[0].tolerance_days, "time:" + days[0].rule
            if ctx.published is not None and d < ctx.published - timedelta(days=HISTORY_DAYS):
                continue  # history (GUIDELINES §3)
        elif ctx.published is not None:
            d, tol, drule = (ctx.published, 1, "live_post_published") if ctx.live else \
                (ctx.published - timedelta(days=1), 1, "daily_paper_day_before")
        else:
            d, tol, drule = None, 1, "unknown"
        locs, prule = frame_places(ctx, Frame(si, s.start, s.end, s.start, s.end, [], []))
        c, pl = locs[0] if locs else (None, None)
        evidence = _span(ctx, s.start, s.end)
        tag = f"model:detector@{det.version}"
        out.append(Event(
            article_id=ctx.article_id, event_type=SUBTYPE_TYPE[sub], sub_event_type=sub,
            event_date=d.isoformat() if d else None, date_tolerance_days=tol,
            country=pl.country if pl else None, admin1=pl.admin1 if pl and pl.country in coded else None,
            admin2=pl.admin2 if pl else None, location=pl.name_en if pl else None,
            location_ar=_span(ctx, c.start, c.end).text if c else None,
            latitude=pl.lat if pl else None, longitude=pl.lon if pl else None,
            geo_precision=geo_precision(c, pl) if c and pl else 3,
            outlet=ctx.outlet, url=ctx.url, published=ctx.published_raw, confidence=round(p, 3),
            evidence=[evidence],
            provenance=[FieldSource("event", round(p, 3), tag, evidence),
                        FieldSource("sub_event_type", sub, f"model:detector_subtype@{sub_model.version}:{ps:.3f}"),
                        FieldSource("event_date", d.isoformat() if d else None, drule),
                        FieldSource("place", pl.id if pl else None, "place:" + prule,
                                    _span(ctx, c.start, c.end) if c else None)],
            event_id=_event_id(ctx.article_id, sub, d, pl.id if pl else "", s.start),
        ))
    return out


def decide(ctx: Context, proposals: list[Proposal], models: Models) -> list[Event]:
    """The events of an article: proposals the gate keeps, placed and dated, merged within the
    article, then what the sentence detector finds where no trigger matched."""
    items = decided_events(ctx, proposals, models)
    merged = merge_events([e for _, e in items])
    if models.pair is not None and len(merged) > 1:
        # what the rules' merge left apart, the pair model may still join (told twice, worded apart)
        index = {id(e): i for i, e in items}
        merged = merge_same(ctx, proposals, [(index[id(e)], e) for e in merged], models.pair)
    told = {(e.sub_event_type, e.event_date, e.country) for e in merged}
    for ev in detected_events(ctx, proposals, models):
        if (ev.sub_event_type, ev.event_date, ev.country) not in told:
            merged.append(ev)  # a detector event told already by a trigger's event is not a new one
            told.add((ev.sub_event_type, ev.event_date, ev.country))
    return merged
