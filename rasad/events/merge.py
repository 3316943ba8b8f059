"""Within-article merge: one event told twice (a lead and a recap) becomes one record.

Two records merge when they have the same sub-type and country, dates at most a day apart,
and the same governorate and location — or one of them only names the governorate, a
region or the country («شمال فلسطين المحتله» beside «الجليل»).
The merged record keeps the more precise place, the date the text states over a
default one, known casualty figures, and both evidence sentences.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from rasad.model import Event

_COARSE = (None, 3)


def _d(v: Optional[str]) -> Optional[date]:
    return date.fromisoformat(v) if v else None


def _date_rule(e: Event) -> str:
    return next((p.rule for p in e.provenance if p.field == "event_date"), "")


def _as_read(e: Event) -> bool:
    """True when the record's place is a name no gazetteer resolved."""
    return any(p.field == "place" and p.rule == "place:unresolved" for p in e.provenance)


def same_name_as_read(a: Event, b: Event) -> bool:
    """For two records placed by names no gazetteer knows: True when the names are one («مدينة X»
    and «مدينة X الروسية»), False for two places («قرية X» and «قرية Y»)."""
    wa, wb = (a.location or "").split(), (b.location or "").split()
    n = min(len(wa), len(wb))
    return n > 1 and wa[:n] == wb[:n]


def two_places_as_read(a: Event, b: Event) -> bool:
    """True when both records are placed by names no gazetteer knows, and the names differ."""
    return _as_read(a) and _as_read(b) and not same_name_as_read(a, b)


def _same(a: Event, b: Event) -> bool:
    if a.sub_event_type != b.sub_event_type or a.country != b.country:
        return False
    if a.admin1 != b.admin1 and not (a.admin1 is None and a.geo_precision in _COARSE
                                     or b.admin1 is None and b.geo_precision in _COARSE):
        return False
    da, db = _d(a.event_date), _d(b.event_date)
    if da and db and abs((da - db).days) > 1:
        return False
    if a.location == b.location:
        return True
    if _as_read(a) and _as_read(b):
        return same_name_as_read(a, b)
    if a.fatalities is not None and a.fatalities >= 2 and a.fatalities == b.fatalities \
            and (a.injuries is None or b.injuries is None or a.injuries == b.injuries):
        return True  # a title and its lead, placed at the road and at the town: «... الي خمسه قتلي»
    return a.geo_precision in _COARSE or b.geo_precision in _COARSE


def merge_into(keep: Event, other: Event) -> None:
    """Fold `other` into `keep`: the more precise place, a stated date, known tolls, both evidences."""
    if (other.geo_precision or 9) < (keep.geo_precision or 9) and other.location:
        # every place field from one record: never one's country or governorate with the other's location
        for f in ("country", "admin1", "admin2", "location", "location_ar", "latitude", "longitude", "geo_precision"):
            setattr(keep, f, getattr(other, f))
        keep.provenance = [p for p in keep.provenance if p.field != "place"]  # other's come in below
    if not _date_rule(keep).startswith("time:") and _date_rule(other).startswith("time:"):
        keep.event_date = other.event_date
        keep.time_precision = other.time_precision
    if keep.fatalities is None:
        keep.fatalities = other.fatalities
    if keep.injuries is None:
        keep.injuries = other.injuries
    for f in ("actor1", "actor2", "weapon", "attributed_source"):
        if getattr(keep, f) is None:
            setattr(keep, f, getattr(other, f))
    for sp in other.evidence:
        if sp not in keep.evidence:
            keep.evidence.append(sp)
    keep.provenance.extend(p for p in other.provenance if p.field in ("fatalities", "place"))
    keep.confidence = round(min(0.99, max(keep.confidence, other.confidence) + 0.05), 2)


# A bombing coded for want of a named means (rasad/events/classify.py): «وقع انفجار», «تفجيرين قرب المعسكر».
# Not «استهداف دبابة» (attack_unnamed_means): a drone and an unnamed attack on one day and place are often two
# incidents («حدثين امنيين جنوب لبنان: سقوط محلقه مفخخه ... استهداف دبابه»).
WEAK_MEANS = frozenset({"classify:explosion_unnamed_means"})
# Shots at people told beside a fight or the shooting of protesters the same day and place are that event
# («مقتل 6 فلسطينيين برصاص الجيش» in a report of the border protests)
SHOTS = frozenset({"classify:shooting_civilians"})
SHOTS_ARE_PART_OF = frozenset({"Excessive force against protesters", "Armed clash"})


def _sub_rule(e: Event) -> str:
    return next((p.rule for p in e.provenance if p.field == "sub_event_type"), "")


def _near_in_place_and_day(a: Event, b: Event) -> bool:
    if a.country != b.country or (a.admin1 and b.admin1 and a.admin1 != b.admin1):
        return False
    da, db = _d(a.event_date), _d(b.event_date)
    return not (da and db and abs((da - db).days) > 1)


def by_the_means(events: list[Event]) -> None:
    """A record coded without a named means takes the sub-type of a record of the same type, place and
    day whose means the report names: «تفجيرين قرب معسكر ... في عدن» beside «فجر انتحاريان سيارتين
    مفخختين عند بوابة المعسكر» is one suicide bombing (GUIDELINES §2: go by the means); shots at people
    beside a fight or the shooting of protesters of that place and day take that sub-type (SHOTS)."""
    named = [e for e in events if _sub_rule(e) not in WEAK_MEANS and _sub_rule(e) not in SHOTS]
    for e in events:
        shots = _sub_rule(e) in SHOTS
        if _sub_rule(e) not in WEAK_MEANS and not shots:
            continue
        other = next((o for o in named if (o.sub_event_type in SHOTS_ARE_PART_OF if shots else (
            o.event_type == e.event_type)) and o.sub_event_type != e.sub_event_type
                      and _near_in_place_and_day(o, e)), None)
        if other is not None:
            e.sub_event_type = other.sub_event_type
            e.event_type = other.event_type
            e.provenance = [p for p in e.provenance if p.field != "sub_event_type"] + [
                p for p in other.provenance if p.field == "sub_event_type"]


def merge_events(events: list[Event]) -> list[Event]:
    """Merge repeated mentions of one event within an article (first mention's id kept)."""
    by_the_means(events)
    out: list[Event] = []
    # only records of the same sub-type and country can merge (`_same`): look among those only
    by_kind: dict[tuple, list[Event]] = {}
    for ev in events:
        bucket = by_kind.setdefault((ev.sub_event_type, ev.country), [])
        target = next((k for k in bucket if _same(k, ev)), None)
        if target is None:
            out.append(ev)
            bucket.append(ev)
        else:
            merge_into(target, ev)
    return out
