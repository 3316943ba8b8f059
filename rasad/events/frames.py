"""Event frames: the stretch of a sentence that tells one event, with the mentions in it.

A sentence is cut before a trigger when a place stands between it and the trigger before:
«غاره على النبطيه الفوقا وقصف مدفعي على ياطر» is two frames; «اشتباكات واطلاق نار في
قضاء قره تبه» is one. A frame told twice this way is merged again later (events.merge). «اغتيال X في حي الرمال
بواسطه غاره» stays one frame: the second trigger names the means of the first.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from typing import Iterable

from rasad.events.patterns import pattern, words
from rasad.mentions.matcher import Hit

VICTIM_REACH = 24  # «مقتل» ... «جنود»: room for a number and one word («اصابه 4 من الجنود»)
# Trigger kinds that can anchor an event by themselves; the others need a weapon.
# Actors whose raids and burnings are attacks on the people raided, not riots (GUIDELINES §2).
RAIDERS = frozenset({"settlers"})
ANCHOR_KINDS = frozenset({
    "clash", "attack", "shelling", "airstrike", "explosion", "shooting", "assassination",
    "abduction", "arrest", "protest", "intercept", "defuse", "takeover", "regain", "chemical", "arson", "mob",
})


@dataclass
class Frame:
    """One candidate event: its anchors and the hits in its stretch of one sentence."""

    sentence: int
    start: int
    end: int
    sent_start: int
    sent_end: int
    anchors: list[Hit] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        """Trigger kinds in the frame (anchors and weak ones)."""
        return {h.form.entry.get("kind") for h in self.hits if h.category == "trigger"}

    def of(self, category: str) -> list[Hit]:
        """Hits of one category in the frame."""
        return [h for h in self.hits if h.category == category]

    @property
    def means(self) -> set[str]:
        """Weapon labels in the frame, with the means a trigger implies («اصابه مباشره»: a missile)."""
        return {h.label for h in self.hits if h.category == "weapon"} | {
            h.form.entry.get("means") for h in self.hits if h.category == "trigger" and h.form.entry.get("means")}

    def _victims(self, kinds: tuple, is_victim) -> bool:
        """True when a hit `is_victim` follows one of the frame's `kinds` anchors within VICTIM_REACH."""
        ends = [a.end for a in self.anchors if a.form.entry.get("kind") in kinds]
        return any(is_victim(h) and any(0 <= h.start - e <= VICTIM_REACH for e in ends) for h in self.hits)

    @property
    def civilians_killed(self) -> bool:
        """True when a killing's victims are civilians («قتل مواطن سوري», «مقتل ثلاثة مدنيين»)."""
        return self._victims(("kill",), _is_civilian)

    @property
    def troops_hit(self) -> bool:
        """True when the frame's casualties are fighters («مقتل جندي», «اصابه 4 جنود»), not its killers
        («عناصر من الدعم السريع قتلوا ستة مواطنين»)."""
        return self._victims(("kill", "wound"), _is_fighter)


def _is_civilian(h: Hit) -> bool:
    return h.category == "actor" and h.form.entry.get("side") == "civilian"


def _is_fighter(h: Hit) -> bool:
    return h.category == "cue" and h.label == "fallen_troops"


def _is_anchor(h: Hit, weapons_near: bool, raiders: bool = False, troops_after: bool = False,
               hurt: bool = False, civilians_after: bool = False) -> bool:
    if h.category != "trigger":
        return False
    kind = h.form.entry.get("kind")
    if kind in ANCHOR_KINDS or h.form.entry.get("anchor"):
        return True
    if kind == "riot" and raiders:
        return True  # «اقتحم مستوطنون اطراف البلده واحرقوا مركبات»: a raid, not a riot
    if kind in ("kill", "wound") and troops_after:
        return True  # «مقتل جندي اسرائيلي في جنوب لبنان»: fighters' losses tell a fight
    if kind == "kill" and civilians_after:
        return True  # «تعذيب وقتل مواطن سوري»: a killing of civilians (GUIDELINES §2: «قتل مدني»)
    if kind == "incident":
        return hurt  # «حدث امني ... مع وقوع عدد من الاصابات»
    return kind in ("impact", "kill") and weapons_near


class Spans:
    """Spans kept sorted by start, for «is [s, e) inside one of them?» in log time."""

    REACH = 120  # no lexicon form is longer than this

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self.items = sorted(spans)

    def add(self, s: int, e: int) -> None:
        insort(self.items, (s, e))

    def holds(self, s: int, e: int, strict_start: bool = False, longer: bool = False) -> bool:
        lo = bisect_left(self.items, (s - self.REACH, -1))
        hi = bisect_right(self.items, (s, 1 << 60))
        for a, b in self.items[lo:hi]:
            if (a < s if strict_start else a <= s) and e <= b and (not longer or b - a > e - s):
                return True
        return False


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Drop trigger/weapon/cue hits that lie inside a longer hit of the same family, and places inside a name."""
    fam = {"trigger": 0, "weapon": 5, "cue": 1, "casualty": 2, "actor": 3, "source": 4}
    out: list[Hit] = []
    spans: dict[int, Spans] = {}
    for h in sorted(hits, key=lambda h: -(h.end - h.start)):
        f = fam.get(h.category)
        if f is None:
            out.append(h)
            continue
        taken = spans.setdefault(f, Spans())
        if taken.holds(h.start, h.end, longer=True):
            continue
        taken.add(h.start, h.end)
        out.append(h)
    # «هيئه تحرير الشام» is a name: a trigger inside an actor's name, not at its start, is no event
    names = Spans((h.start, h.end) for h in out if h.category == "actor")
    out = [h for h in out if h.category != "trigger" or not names.holds(h.start, h.end, strict_start=True)]
    # «دون اصابات» says nobody was hurt: its «اصابات» is no hit
    zero = Spans((h.start, h.end) for h in out if h.category == "casualty" and h.label == "zero")
    out = [h for h in out if h.category != "trigger" or not zero.holds(h.start, h.end)]
    # «مسيره احتجاجيه» is a march, not a drone
    protests = Spans((h.start, h.end) for h in out if h.category == "trigger" and h.form.entry.get("kind") == "protest")
    out = [h for h in out if h.category != "weapon" or not protests.holds(h.start, h.end)]
    # «سرايا القدس», «وكالة فارس»: a place inside a group's, an outlet's or a person's name is none
    named = Spans((h.start, h.end) for h in out if h.category in ("name", "source"))
    out = [h for h in out if h.category != "name" and (h.category != "place" or not named.holds(h.start, h.end, longer=True))]
    out.sort(key=lambda h: (h.start, -(h.end - h.start)))
    return out


_MEANS_LINK = words("frames.means_link")
# A consequence clause goes on telling the same event: «... في قضاء المسيب، وادي الانفجار الي مقتل
# ثلاثه», «ما ادي الي سقوط 17 قتيلا», «لكن الانفجار لم يسفر عن اصابات».
_CONSEQUENCE = pattern("frames.consequence")


# Words between an arrest and a violent word that give the reason for the arrest:
# «اعتقلت ... ثلاثه ارهابيين متورطين في تفجير سياره مفخخه».
ARREST_REASON = pattern("frames.arrest_reason")


def arrest_for_reason(anchors: list[Hit], text: str) -> bool:
    """True when a frame opens with an arrest and gives the violence as its reason («اعتقلت ... ثلاثه
    مطلوبين بشأن تفجير سوق»): the arrest is the event, the bombing is past."""
    return len(anchors) > 1 and anchors[0].form.entry.get("kind") == "arrest" and ARREST_REASON.search(
        text, anchors[0].end, anchors[1].start) is not None


def _linked(prev: Hit, a: Hit, text: str) -> bool:
    """True when anchor `a` goes on telling the event of `prev` rather than a new one."""
    if prev.form.entry.get("kind") == "arrest" and ARREST_REASON.search(text, prev.end, a.start):
        return True  # the bombing is why they were arrested
    if a.form.entry.get("kind") in ("kill", "impact", "wound"):
        return True  # «اسفر انفجار عبوه في الموصل عن مقتل شخصين»: the toll of the event before
    if (a.prefix.startswith("ب") or a.form.form.startswith("بال")) and a.form.entry.get("kind") in ("chemical", "airstrike", "shelling"):
        return True  # «هاجمت قوات النظام بلده خان شيخون بالاسلحه الكيماويه»: the means, not a new event
    if a.form.entry.get("kind") in ("arson", "riot") and prev.form.entry.get("kind") in ("protest", "riot"):
        return True  # «اقتحم متظاهرون مبني المحافظه واضرموا النار فيه»: what the protesters did next
    before = text[max(prev.end, a.start - 22):a.start]
    if any(w in before for w in _MEANS_LINK) or _CONSEQUENCE.search(before):
        return True
    # «انفجرت عبوه ... الانفجار»: a definite trigger of the same kind looks back
    return (text[a.start:a.start + 2] == "ال" and a.form.entry.get("kind") == prev.form.entry.get("kind"))


def _near(starts: list[int], pos: int, reach: int) -> bool:
    """True when one of the sorted `starts` lies less than `reach` from `pos`."""
    k = bisect_left(starts, pos)
    return (k < len(starts) and starts[k] - pos < reach) or (k > 0 and pos - starts[k - 1] < reach)


def _follows(starts: list[int], end: int, reach: int = VICTIM_REACH) -> bool:
    """True when one of the sorted `starts` lies within `reach` characters after `end` («مقتل 3 جنود»)."""
    k = bisect_left(starts, end)
    return k < len(starts) and starts[k] - end <= reach


def build_frames(sent_idx: int, s_start: int, s_end: int, hits: list[Hit], text: str = "") -> list[Frame]:
    """Frames of one sentence from its hits (already restricted to the sentence)."""
    weapons = sorted(h.start for h in hits if h.category == "weapon"
                     or (h.category == "trigger" and h.form.entry.get("means")))
    raiders = any(h.category == "actor" and h.label in RAIDERS for h in hits)
    troops = sorted(h.start for h in hits if _is_fighter(h))
    hurt = any(h.category == "casualty" and h.form.entry.get("role") in ("killed", "injured") for h in hits)
    civilians = sorted(h.start for h in hits if _is_civilian(h))
    anchors = [h for h in hits if h.category == "trigger"
               and _is_anchor(h, bool(weapons) and _near(weapons, h.start, 60), raiders,
                              bool(troops) and _follows(troops, h.end), hurt,
                              bool(civilians) and _follows(civilians, h.end))]
    if not anchors:
        return []
    # places by start, with the least end from each on: «a place lies wholly between x and y» in log time
    places = sorted((h.start, h.end) for h in hits if h.category == "place")
    p_starts = [a for a, _ in places]
    least_end = [0] * len(places)
    low = 1 << 60
    for k in range(len(places) - 1, -1, -1):
        low = min(low, places[k][1])
        least_end[k] = low
    groups: list[list[Hit]] = [[anchors[0]]]
    for a in anchors[1:]:
        prev = groups[-1][-1]
        k = bisect_left(p_starts, prev.end)
        if not _linked(prev, a, text) and k < len(places) and least_end[k] <= a.start:
            groups.append([a])
        else:
            groups[-1].append(a)
    frames = []
    ordered = all(x.start <= y.start for x, y in zip(hits, hits[1:]))
    h_starts = [h.start for h in hits]
    for gi, g in enumerate(groups):
        start = s_start if gi == 0 else g[0].start
        end = groups[gi + 1][0].start if gi + 1 < len(groups) else s_end
        inside = hits[bisect_left(h_starts, start):bisect_left(h_starts, end)] if ordered else \
            [h for h in hits if start <= h.start < end]
        fr = Frame(sent_idx, start, end, s_start, s_end, g, inside)
        frames.append(fr)
    return frames
