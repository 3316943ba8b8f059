"""Actors: who did it (actor1) and to whom (actor2), from actor hits around the trigger."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from rasad.mentions.matcher import Hit


@dataclass(frozen=True)
class Actors:
    """The perpetrator and target of a frame, with what the classifier needs to know."""

    actor1: Optional[str]
    actor2: Optional[str]
    air_power: bool  # the perpetrator strikes from the air far from its own guns
    civilian_target: bool
    actor1_side: Optional[str]


def find_actors(hits: list[Hit], anchor_start: int, anchor_end: int, text: str = "") -> Actors:
    """actor1 = the nearest actor named before the trigger (or the owner of the weapon after
    it: «مسيرات حزب الله»); actor2 = the first actor after it."""
    acts = [h for h in hits if h.category == "actor"]
    before = [h for h in acts if h.end <= anchor_start]
    after = [h for h in acts if h.start >= anchor_end]
    a1 = before[-1] if before else None
    a2 = None
    if a1 is None and after:
        # «بمسيرات حزب الله», «من قبل اسرائيل», «نفذتها المقاومه»: the agent after the trigger
        weapons = [(h.start, h.end) for h in hits if h.category == "weapon"]
        for h in after:
            if h.form.entry.get("side") not in ("state", "nonstate", "unknown") or h.start - anchor_end > 80:
                continue
            gap = text[max(anchor_end, h.start - 14):h.start] if text else ""
            if any(w in gap for w in ("قبل", "بواسطه", "نفذ", "شن", "التابع")) or any(
                    s <= h.start <= e + 2 for s, e in weapons):
                a1 = h
                break
    if a1 is None and after and text and not text[anchor_end:after[0].start].strip() \
            and after[0].form.entry.get("side") in ("state", "nonstate", "unknown"):
        a1 = after[0]  # «قصف امريكي», «غاره اسرائيليه»: the adjective right after the trigger is its agent
    for h in after:
        if h is not a1:
            a2 = h
            break
    side1 = a1.form.entry.get("side") if a1 else None
    civ = any(h.form.entry.get("side") == "civilian" for h in acts if h.start >= anchor_start) or (
        a2 is not None and a2.form.entry.get("side") == "civilian")
    return Actors(
        actor1=a1.form.entry.get("name_en") if a1 else None,
        actor2=a2.form.entry.get("name_en") if a2 else None,
        air_power=bool(a1 and a1.form.entry.get("air")),
        civilian_target=civ,
        actor1_side=side1,
    )
