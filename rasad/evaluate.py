"""Scoring against gold (FORMAT.md): greedy one-to-one pairing per article, micro P/R/F1."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional

from rasad.events.classify import SUBTYPE_TYPE

LEVELS = ("type", "subtype", "date", "place")
SCORED_SUBTYPES = frozenset(SUBTYPE_TYPE)


def _day(v: Any) -> Optional[date]:
    try:
        return date.fromisoformat(str(v)[:10])
    except (TypeError, ValueError):
        return None


def agrees(g: dict, p: dict, level: str) -> bool:
    """True when prediction `p` matches gold `g` on every field of `level`."""
    if g.get("event_type") != p.get("event_type"):
        return False
    if level == "type":
        return True
    if g.get("sub_event_type") != p.get("sub_event_type"):
        return False
    if level == "subtype":
        return True
    gd, pd = _day(g.get("event_date")), _day(p.get("event_date"))
    if gd is None or pd is None or abs((gd - pd).days) > int(g.get("date_tolerance_days") or 0):
        return False
    if level == "date":
        return True
    return (str(g.get("country") or "").upper() == str(p.get("country") or "").upper()
            and (g.get("admin1") or None) == (p.get("admin1") or None))


@dataclass
class Score:
    """Counts and the per-level figures of one scoring run."""

    articles: int = 0
    gold: int = 0
    pred: int = 0
    tp: dict[str, int] = field(default_factory=lambda: {lv: 0 for lv in LEVELS})
    fat_ok: int = 0
    fat_n: int = 0

    def prf(self, level: str) -> tuple[float, float, float]:
        """Precision, recall and F1 at a level."""
        p = self.tp[level] / self.pred if self.pred else 0.0
        r = self.tp[level] / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def table(self) -> str:
        """The metrics table as printed by `rasad evaluate`."""
        lines = [f"articles={self.articles} gold={self.gold} pred={self.pred}",
                 f"{'level':8s} {'P':>6s} {'R':>6s} {'F1':>6s} {'TP':>5s}"]
        for lv in LEVELS:
            p, r, f = self.prf(lv)
            lines.append(f"{lv:8s} {p:6.3f} {r:6.3f} {f:6.3f} {self.tp[lv]:5d}")
        acc = f"{self.fat_ok / self.fat_n:.3f}" if self.fat_n else "n/a"
        lines.append(f"fatalities accuracy={acc} over {self.fat_n}")
        return "\n".join(lines)


def score(gold: dict[str, list[dict]], preds: dict[str, list[dict]]) -> Score:
    """Score predictions (article id -> events) against gold (article id -> events)."""
    sc = Score(articles=len(gold))
    for aid, gevs in gold.items():
        gevs = [g for g in gevs if g.get("sub_event_type") in SCORED_SUBTYPES
                and SUBTYPE_TYPE[g["sub_event_type"]] == g.get("event_type")]
        pevs = [p for p in preds.get(aid, []) if p.get("sub_event_type") in SCORED_SUBTYPES]
        sc.gold += len(gevs)
        sc.pred += len(pevs)
        pairs = sorted(((sum(agrees(g, p, lv) for lv in LEVELS), gi, pi)
                        for gi, g in enumerate(gevs) for pi, p in enumerate(pevs)), reverse=True)
        used_g: set[int] = set()
        used_p: set[int] = set()
        for r, gi, pi in pairs:
            if r == 0 or gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, p = gevs[gi], pevs[pi]
            for lv in LEVELS:
                sc.tp[lv] += agrees(g, p, lv)
            if agrees(g, p, "place") and g.get("fatalities") is not None:
                sc.fat_n += 1
                sc.fat_ok += int(p.get("fatalities") == g.get("fatalities"))
    return sc


def load_gold(path: Path) -> dict[str, list[dict]]:
    """Gold file: article id -> its gold events (an empty list is an answer)."""
    out: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            out.setdefault(obj["id"], obj.get("events", []))
    return out


def group_predictions(rows: Iterable[dict]) -> dict[str, list[dict]]:
    """Prediction rows -> article id -> rows."""
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["article_id"], []).append(r)
    return out
