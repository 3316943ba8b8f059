"""Actors: who did it (actor1) and to whom (actor2), from actor hits around the trigger."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from rasad.mentions.matcher import Hit


# Between a weapon and its owner's nisba a hedge may stand: «طائره مسيره يرجح انها تركيه».
_OWNER_GAP = re.compile(r"\s*(?:(?:يرجح|ترجح|يعتقد|يشتبه|علي الارجح|من المرجح)\s+(?:ب?انها|ب?انه|ان\s+تكون)?)?\s*")


# What may stand between a verb and its subject: «هاجمت مجموعه من المسلحين», «عناصر من داعش».
_SUBJECT_GAP = re.compile(r"\s*(?:(?:مجموعه|عناصر|مسلحو|افراد|قوه|قوات|عشرات|مئات)\s+(?:من\s+)?)?")


@dataclass(frozen=True)
class Actors:
    """The perpetrator and target of a frame, with what the classifier needs to know."""

    actor1: Optional[str]
    actor2: Optional[str]
    air_power: bool  # the perpetrator strikes from the air far from its own guns
    civilian_target: bool
    actor1_side: Optional[str]


def find_actors(hits: list[Hit], anchors: list[tuple[int, int]], text: str = "") -> Actors:
    """actor1 = the nearest actor named before the first trigger (or the agent after it: the owner
    of the weapon, «مسيرات حزب الله», or the adjective right after a trigger, «قصف امريكي»);
    actor2 = the first other actor after the first trigger."""
    acts = [h for h in hits if h.category == "actor"]
    anchor_start, anchor_end = anchors[0]
    before = [h for h in acts if h.end <= anchor_start]
    after = [h for h in acts if h.start >= anchor_end]
    a1 = before[-1] if before else None
    a2 = None
    if text and after:
        # «هجوم اسرائيلي» after «محافظه خوزستان الايرانيه:»: the adjective on the trigger names its doer
        adj = next((h for h in after if h.form.entry.get("side") in ("state", "nonstate", "unknown")
                    and any(e <= h.start and not text[e:h.start].strip() for _, e in anchors)), None)
        if adj is not None:
            a1 = adj
    if a1 is None and after:
        # «بمسيرات حزب الله», «من قبل اسرائيل», «نفذتها المقاومه»: the agent after the trigger
        weapons = [(h.start, h.end) for h in hits if h.category == "weapon"]
        for h in after:
            if h.form.entry.get("side") not in ("state", "nonstate", "unknown") or h.start - anchor_end > 80:
                continue
            gap = text[max(anchor_end, h.start - 14):h.start] if text else ""
            if any(w in gap for w in ("قبل", "بواسطه", "نفذ", "شن", "التابع")) or any(
                    s <= h.start <= e + 2 or (text and e < h.start and _OWNER_GAP.fullmatch(text[e:h.start]))
                    for s, e in weapons):
                a1 = h
                break
    if a1 is None and after and text:
        # «هاجمت مجموعه من المسلحين نقطه», «قصف الطيران الحربي»: verb (or verbal noun) then its doer
        h = after[0]
        if h.form.entry.get("side") in ("state", "nonstate", "unknown") and not h.prefix.startswith(("ل", "ب")) \
                and _SUBJECT_GAP.fullmatch(text[anchor_end:h.start]):
            a1 = h
    if a1 is None and after and text:
        # «قصف امريكي», «غاره اسرائيليه»: the adjective right after a trigger is its agent
        for h in after:
            if h.form.entry.get("side") in ("state", "nonstate", "unknown") and any(
                    e <= h.start and not text[e:h.start].strip() for _, e in anchors):
                a1 = h
                break
    for h in after:
        if a1 is None or (h.end <= a1.start or h.start >= a1.end):  # not a1, nor another form of its word
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
