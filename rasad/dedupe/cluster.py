"""Cross-article deduplication: which extracted records report one real event, and the
record that speaks for them (best-supported value per field, every source kept).

Pure functions over `Event` records; the store calls them one article at a time and Spark
calls `cluster_events` per (country, month) partition. Thresholds live in
rasad/data/dedupe.yaml and are explained in docs/dedupe.md.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

import yaml

from rasad.model import Event, EventSource
from rasad.text.normalize import normalize

_DEFAULTS = Path(__file__).resolve().parent.parent / "data" / "dedupe.yaml"


@dataclass(frozen=True)
class DedupeConfig:
    """Thresholds and weights of the pairwise match (see rasad/data/dedupe.yaml)."""

    date_window_days: int = 2
    exact_date_when_stated: bool = True
    same_site_km: float = 2.0
    near_km: float = 40.0
    event_types: str = "family"  # exact | family | any
    weights: dict[str, float] = field(default_factory=lambda: {
        "date": 0.25, "place": 0.30, "sub_event_type": 0.15, "actors": 0.10, "text": 0.20})
    min_score: float = 0.55


def load_config(path: Optional[Path] = None) -> DedupeConfig:
    """The bundled thresholds, overridden by the keys of `path` when given."""
    data = yaml.safe_load(_DEFAULTS.read_text(encoding="utf-8")) or {}
    if path is not None:
        extra = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        if not isinstance(extra, dict):
            raise ValueError(f"{path}: expected a mapping of dedupe settings")
        weights = {**data.get("weights", {}), **(extra.pop("weights", None) or {})}
        data.update(extra)
        data["weights"] = weights
    known = set(DedupeConfig.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown dedupe settings: {', '.join(sorted(unknown))}")
    return DedupeConfig(**data)


@lru_cache(maxsize=1)
def default_config() -> DedupeConfig:
    """The bundled thresholds."""
    return load_config()


# -- pairwise evidence ----------------------------------------------------------------------

def _d(v: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(v) if v else None
    except ValueError:
        return None


def _date_rule(ev: Event) -> str:
    return next((p.rule for p in ev.provenance if p.field == "event_date"), "")


def date_is_stated(ev: Event) -> bool:
    """True when the event date came from a time expression in the text, not a default."""
    rule = next((p.rule for p in ev.provenance if p.field == "event_date"), "")
    return rule.startswith("time:") and ev.time_precision == 1 and ev.date_tolerance_days == 0


def distance_km(a: Event, b: Event) -> Optional[float]:
    """Great-circle distance between two records' coordinates, when both have them."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _coarse(ev: Event) -> bool:
    return ev.geo_precision in (None, 3) or not ev.location


@lru_cache(maxsize=8192)
def _places_named(evidence: str) -> tuple[tuple[str, Optional[float], Optional[float]], ...]:
    """(English name, lat, lon) of every place the evidence names, containers and reference points too."""
    from rasad.mentions.matcher import default_matcher
    from rasad.mentions.places import candidates, resolve

    from rasad.mentions.places import event_locations

    t = normalize(evidence).text
    resolved = resolve(candidates(t, default_matcher().find(t)))
    # where the text puts events, and its reference points («قرب هيت»), but not its containers
    # («بلده عيترون قضاء بنت جبيل» does not name Bint Jbeil as a place of the event)
    named = event_locations(resolved) + [(c, p) for c, p in resolved if c.relation in ("near", "at_near", "between")]
    return tuple((p.name_en, p.lat, p.lon) for _, p in named)


def _named_in(ev: Event, evidence: str, km: float) -> bool:
    if not ev.location:
        return False
    for name, lat, lon in _places_named(evidence):
        if name == ev.location:
            return True
        if None not in (lat, lon, ev.latitude, ev.longitude):
            probe = Event("", "", "", latitude=lat, longitude=lon)
            d = distance_km(ev, probe)
            if d is not None and d <= km:
                return True
    return False


def names_place_of(a: Event, b: Event, km: float = 2.0) -> bool:
    """True when one report names the other's location («قضاء المسيب وناحيه جرف النصر»)."""
    return _named_in(a, " ".join(s.text for s in b.evidence), km) or \
        _named_in(b, " ".join(s.text for s in a.evidence), km)


def _same_name(x: str, y: str) -> bool:
    return " ".join(normalize(x).text.split()) == " ".join(normalize(y).text.split())


def place_as_read(ev: Event) -> bool:
    """True when the record's place is a name no gazetteer resolved («قاعدة X» as read)."""
    return any(p.field == "place" and p.rule == "place:unresolved" for p in ev.provenance)


def unresolved_place(ev: Event) -> bool:
    """True when the record names no place the gazetteer resolved below the country: no place,
    a country, a region or a sea without a governorate, or a name as read. Such a record is no
    wildcard: it joins another only when both name the same place or site."""
    return not ev.location or place_as_read(ev) or (ev.geo_precision in (None, 3) and not ev.admin1)


def _country_or_region(ev: Event) -> bool:
    """True when the record is placed at a country or a region (not a site, a town or a sea)."""
    pid = next((p.value for p in ev.provenance if p.field == "place"), None)
    if not isinstance(pid, str):
        return ev.location == ev.country or not ev.location
    if pid.startswith(("country:", "cc-")):
        return True
    from rasad.mentions.gazetteer import default_gazetteer

    place = default_gazetteer().places.get(pid)
    return place is not None and place.kind in ("country", "region")


@lru_cache(maxsize=8192)
def _sites_named(evidence: str) -> frozenset[str]:
    """Sites, vessels and places named with a head word in the evidence: «قاعده حرير», «السفينه X»."""
    from rasad.mentions.unresolved import site_keys

    return frozenset(site_keys(normalize(evidence).text))


def same_site(a: Event, b: Event) -> bool:
    """True when two records name one place or site: the same named location (not a country or
    region), the same name as read, or a site, base or ship both evidences name."""
    if a.location and a.location == b.location and not (_country_or_region(a) or _country_or_region(b)):
        return True
    if a.location_ar and b.location_ar and place_as_read(a) and place_as_read(b) \
            and _same_name(a.location_ar, b.location_ar):
        return True
    sa = _sites_named(" ".join(s.text for s in a.evidence))
    return bool(sa) and bool(sa & _sites_named(" ".join(s.text for s in b.evidence)))


def _place_score(a: Event, b: Event, cfg: DedupeConfig) -> Optional[float]:
    if a.country and b.country and a.country != b.country:
        return None
    if unresolved_place(a) or unresolved_place(b):
        # no wildcard: a report that cannot say where joins only a report of the same site
        return 1.0 if same_site(a, b) else None
    if a.location and a.location == b.location:
        return 1.0
    if a.location_ar and b.location_ar and _same_name(a.location_ar, b.location_ar) \
            and (not a.admin1 or not b.admin1 or a.admin1 == b.admin1):
        return 0.9  # «القرنه» the district and «القرنه» the town: one name, two gazetteer entries
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return None
    if not (_coarse(a) or _coarse(b)) and names_place_of(a, b, cfg.same_site_km):
        return 0.8
    if _coarse(a) or _coarse(b):
        return 0.4 if (a.admin1 or b.admin1) else 0.2
    # two named towns or sites, neither report naming the other's: two events unless they are
    # one site under two names (coordinates within same_site_km)
    km = distance_km(a, b)
    if km is not None and km <= cfg.same_site_km:
        return 0.7
    if km is not None and 2 in (a.geo_precision, b.geo_precision) and km <= cfg.near_km:
        return 0.5  # «شمال الحديده» names a reference point, not the site: the site may be the other's town
    return None


def _date_score(a: Event, b: Event, cfg: DedupeConfig) -> Optional[float]:
    da, db = _d(a.event_date), _d(b.event_date)
    if da is None or db is None:
        return 0.3
    # a report cannot tell of an event after it was published
    pa, pb = _d((a.published or "")[:10]), _d((b.published or "")[:10])
    if (pb and da > pb) or (pa and db > pa):
        return None
    gap = abs((da - db).days)
    slack = max(a.date_tolerance_days, b.date_tolerance_days)
    if all(_date_rule(e) == "live_post_published" or date_is_stated(e) for e in (a, b)):
        # a live post tells an event within hours of it, a stated date names its day: two such
        # records are a day apart at most, whatever their tolerance
        slack = 0
        if gap > min(1, cfg.date_window_days):
            return None
    if gap > cfg.date_window_days + slack:
        return None
    if gap and cfg.exact_date_when_stated and date_is_stated(a) and date_is_stated(b):
        return None
    return 1.0 - gap / (cfg.date_window_days + slack + 1)


def _actor_score(a: Event, b: Event) -> float:
    xa = {x for x in (a.actor1, a.actor2) if x}
    xb = {x for x in (b.actor1, b.actor2) if x}
    if not xa or not xb:
        return 0.5
    return 1.0 if xa & xb else 0.0


@lru_cache(maxsize=4096)
def _grams(text: str) -> frozenset[str]:
    t = " ".join(normalize(text).text.split())
    return frozenset(t[i:i + 3] for i in range(max(0, len(t) - 2)))


def text_similarity(a: Event, b: Event) -> float:
    """Character 3-gram Jaccard overlap of the two records' normalised evidence."""
    ga = _grams(" ".join(s.text for s in a.evidence))
    gb = _grams(" ".join(s.text for s in b.evidence))
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


# Outlets code one incident differently (an attack or a clash); a protest is never an air strike.
_FAMILY = {"Battles": "violence", "Explosions/Remote violence": "violence", "Violence against civilians": "violence",
           "Protests": "demonstrations", "Riots": "demonstrations", "Strategic developments": "strategic"}


def compatible_types(event_type: str, rule: str = "family") -> Optional[set[str]]:
    """Every event type that may be one event with `event_type` under `rule` (None: any)."""
    if rule == "any":
        return None
    if rule == "exact":
        return {event_type}
    fam = _FAMILY.get(event_type, event_type)
    return {t for t, f in _FAMILY.items() if f == fam} | {event_type}


def types_compatible(a: str, b: str, rule: str = "family") -> bool:
    """Whether two ACLED event types may be one event under `rule` (exact, family or any)."""
    if rule == "any" or a == b:
        return True
    return rule == "family" and _FAMILY.get(a, a) == _FAMILY.get(b, b)


def match_score(a: Event, b: Event, cfg: Optional[DedupeConfig] = None) -> Optional[float]:
    """How strongly two records look like one event (0..1), or None when they cannot be."""
    cfg = cfg or default_config()
    if not types_compatible(a.event_type, b.event_type, cfg.event_types):
        return None
    place = _place_score(a, b, cfg)
    if place is None:
        return None
    when = _date_score(a, b, cfg)
    if when is None:
        return None
    w = cfg.weights
    parts = {
        "date": when, "place": place,
        "sub_event_type": 1.0 if a.sub_event_type == b.sub_event_type else 0.0,
        "actors": _actor_score(a, b), "text": min(1.0, 2 * text_similarity(a, b)),
    }
    total = sum(w.values()) or 1.0
    return sum(w.get(k, 0.0) * v for k, v in parts.items()) / total


def cluster_score(ev: Event, members: Sequence[Event], cfg: Optional[DedupeConfig] = None) -> Optional[float]:
    """Best match of `ev` with a cluster's members; None when the cluster's merged record rules it out."""
    scores = [s for s in (match_score(ev, m, cfg) for m in members) if s is not None]
    if not scores:
        return None
    if len(members) > 1 and match_score(ev, merge_cluster(members), cfg) is None:
        return None
    return max(scores)


def assign(ev: Event, clusters: Sequence[tuple[str, Sequence[Event]]],
           cfg: Optional[DedupeConfig] = None) -> Optional[str]:
    """Id of the cluster `ev` joins (best score ≥ min_score; ties: first listed), or None."""
    cfg = cfg or default_config()
    best_id, best = None, cfg.min_score
    for cid, members in clusters:
        s = cluster_score(ev, members, cfg)
        if s is not None and s >= best and (best_id is None or s > best):
            best_id, best = cid, s
    return best_id


def cluster_events(events: Iterable[Event], cfg: Optional[DedupeConfig] = None) -> list[list[Event]]:
    """Greedy clustering in input order: each record joins the best earlier cluster or starts one.
    Records of one article never join each other (the within-article merge already ran)."""
    cfg = cfg or default_config()
    clusters: list[tuple[str, list[Event]]] = []
    for ev in events:
        open_ = [(cid, ms) for cid, ms in clusters if all(m.article_id != ev.article_id for m in ms)]
        cid = assign(ev, open_, cfg)
        if cid is None:
            clusters.append((ev.event_id, [ev]))
        else:
            next(ms for c, ms in clusters if c == cid).append(ev)
    return [ms for _, ms in clusters]


# -- the record that speaks for a cluster -----------------------------------------------------

def source_of(ev: Event) -> EventSource:
    """What one report says, kept beside the merged record."""
    return EventSource(event_id=ev.event_id, article_id=ev.article_id, outlet=ev.outlet, url=ev.url,
                       published=ev.published, event_date=ev.event_date, location=ev.location,
                       fatalities=ev.fatalities, injuries=ev.injuries,
                       attributed_source=ev.attributed_source, confidence=ev.confidence,
                       evidence=list(ev.evidence))


def _pub_key(ev: Event) -> str:
    return ev.published or ""


def merge_cluster(members: Sequence[Event]) -> Event:
    """One record for a cluster: majority type, earliest stated date, most precise place,
    the latest report's casualty figures (tolls rise), every source with its evidence."""
    if not members:
        raise ValueError("empty cluster")
    first = members[0]
    subs = Counter(m.sub_event_type for m in members)
    top = max(subs.values())
    sub = next(m.sub_event_type for m in members if subs[m.sub_event_type] == top)
    typed = next(m for m in members if m.sub_event_type == sub)

    stated = [m for m in members if m.event_date and date_is_stated(m)]
    dated = stated or [m for m in members if m.event_date]
    when = min(dated, key=lambda m: (m.event_date, m.time_precision)) if dated else first

    placed = [m for m in members if m.location] or list(members)
    where = min(placed, key=lambda m: (m.geo_precision or 9, -sum(x.location == m.location for x in members)))

    told = [m for m in members if m.fatalities is not None]
    fat_from = max(told, key=_pub_key) if told else None
    hurt = [m for m in members if m.injuries is not None]
    inj_from = max(hurt, key=_pub_key) if hurt else None

    def pick(attr: str) -> Optional[str]:
        vals = Counter(getattr(m, attr) for m in members if getattr(m, attr))
        return vals.most_common(1)[0][0] if vals else None

    merged = replace(
        typed,
        event_id=first.event_id, article_id=first.article_id,
        sub_event_type=sub, event_type=typed.event_type,
        event_date=when.event_date, time_precision=when.time_precision,
        date_tolerance_days=when.date_tolerance_days,
        # every place field from one report: never one report's country with another's location
        country=where.country, admin1=where.admin1,
        admin2=where.admin2, location=where.location, location_ar=where.location_ar,
        latitude=where.latitude, longitude=where.longitude, geo_precision=where.geo_precision,
        actor1=pick("actor1"), actor2=pick("actor2"), weapon=pick("weapon"),
        fatalities=fat_from.fatalities if fat_from else None,
        injuries=inj_from.injuries if inj_from else None,
        attributed_source=pick("attributed_source"),
        outlet=first.outlet, url=first.url, published=min((m.published for m in members if m.published), default=None),
        confidence=round(min(0.99, max(m.confidence for m in members) + 0.03 * (len(members) - 1)), 2),
        evidence=[sp for m in members for sp in m.evidence],
        provenance=[p for p in typed.provenance if p.field != "place"]
        + [p for p in where.provenance if p.field == "place"],
        sources=[source_of(m) for m in members],
    )
    return merged
