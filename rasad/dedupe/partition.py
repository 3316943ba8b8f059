"""Cross-article dedupe without all events in one process: groups by country and month.

Two records can only be one event when their dates are at most `date_window_days` apart
(plus their tolerance) and their countries agree, so clustering runs per (country, month).
A record dated near a month's edge is also sent, as a copy, to the neighbouring month
(the halo); a cluster is kept only by the group that owns its earliest member's month, so
an event of 31 March reported on 1 April is written once. Used by the Spark job
(`rasad spark-extract --dedupe`); `dedupe_partitioned` runs the same thing in one process.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta
from typing import Iterable, Optional

from rasad.dedupe.cluster import DedupeConfig, cluster_events, default_config, merge_cluster
from rasad.model import Event

Key = tuple[str, str]  # (country or "??", "YYYY-MM" or "undated")


def _month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def home_key(ev: Event) -> Key:
    """The group that owns a record: its country and the month of its date."""
    month = ev.event_date[:7] if ev.event_date else "undated"
    return (ev.country or "??", month)


def keys(ev: Event, cfg: Optional[DedupeConfig] = None) -> list[tuple[Key, bool]]:
    """Every group a record goes to: (key, is_copy) — its own, and a neighbour month in the halo."""
    cfg = cfg or default_config()
    own = home_key(ev)
    out = [(own, False)]
    if not ev.event_date:
        return out
    d = date.fromisoformat(ev.event_date)
    reach = cfg.date_window_days + ev.date_tolerance_days
    last = calendar.monthrange(d.year, d.month)[1]
    if d.day - reach <= 1 and d.year > 1:
        out.append(((own[0], _month(d.replace(day=1) - timedelta(days=1))), True))
    if d.day + reach >= last and d.year < 9999:
        out.append(((own[0], _month(d.replace(day=last) + timedelta(days=1))), True))
    return out


def _order(ev: Event) -> tuple[str, str, str]:
    return (ev.published or "", ev.article_id, ev.event_id)


def cluster_group(key: Key, records: Iterable[Event], cfg: Optional[DedupeConfig] = None) -> list[Event]:
    """The merged events a group owns: cluster its records (own and halo copies) in a fixed
    order, keep the clusters whose earliest member's month is this group's."""
    cfg = cfg or default_config()
    recs = sorted({r.event_id: r for r in records}.values(), key=_order)
    out = []
    for members in cluster_events(recs, cfg):
        first = min(members, key=lambda m: (m.event_date or "", _order(m)))
        if home_key(first) != key:
            continue  # the neighbouring month's group writes it
        out.append(merge_cluster(members))
    return out


def dedupe_partitioned(events: Iterable[Event], cfg: Optional[DedupeConfig] = None) -> list[Event]:
    """Everything the Spark job does, in one process: key, group, cluster, keep owned clusters."""
    cfg = cfg or default_config()
    groups: dict[Key, list[Event]] = defaultdict(list)
    for ev in events:
        for k, _copy in keys(ev, cfg):
            groups[k].append(ev)
    out: list[Event] = []
    for k in sorted(groups):
        out.extend(cluster_group(k, groups[k], cfg))
    return out
