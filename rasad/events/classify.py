"""ACLED event type and sub-type of a frame, chosen by the means (GUIDELINES §2).

Order matters: an interception is a disrupted weapon, not a strike; a suicide bomber
makes any bombing a suicide bomb; rockets named at all make a combined rocket-and-drone
attack a shelling; an attack whose means are not named is shelling unless a state
strikes from the air far from its own guns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from rasad.events.patterns import pattern, words
from rasad.events.frames import RAIDERS, Frame, arrest_for_reason

BATTLES = "Battles"
ERV = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
SD = "Strategic developments"

SUBTYPE_TYPE = {
    "Armed clash": BATTLES, "Government regains territory": BATTLES,
    "Non-state actor overtakes territory": BATTLES, "Air/drone strike": ERV, "Suicide bomb": ERV,
    "Shelling/artillery/missile attack": ERV, "Remote explosive/landmine/IED": ERV,
    "Grenade": ERV, "Chemical weapon": ERV, "Attack": VAC,
    "Abduction/forced disappearance": VAC, "Sexual violence": VAC, "Peaceful protest": PROTESTS,
    "Protest with intervention": PROTESTS, "Excessive force against protesters": PROTESTS,
    "Violent demonstration": RIOTS, "Mob violence": RIOTS, "Arrests": SD,
    "Disrupted weapons use": SD,
}

# Routine criminal arrests are not coded (GUIDELINES §2): drugs, theft, fraud.
CRIMINAL = words("classify.criminal")


# Attackers who come on the ground, and verbs of an assault rather than a strike from afar.
GROUND_ATTACKERS = frozenset({"gunmen", "isis", "settlers"})
GROUND_VERBS = words("classify.ground_verbs")


def _ground_attack(frame: Frame) -> bool:
    """True when an attack is told as an assault: by gunmen or IS fighters, or with «هاجم»/«اغار»."""
    return any(h.category == "actor" and h.label in GROUND_ATTACKERS for h in frame.hits) or any(
        a.form.entry.get("kind") == "attack" and a.form.form.replace("أ", "ا").startswith(GROUND_VERBS)
        for a in frame.anchors)


def _armed_target(frame: Frame) -> bool:
    """True when what the trigger hit is armed: a patrol, a checkpoint, soldiers, a base («دوريه للجيش»)."""
    first = frame.anchors[0].start
    return any(h.start > first and h.category == "cue" and h.label == "armed_target" for h in frame.hits)


_NEGATED = pattern("classify.no_hit")


@dataclass(frozen=True)
class Coding:
    """The chosen type and sub-type, the rule that chose them, and how sure it is."""

    event_type: str
    sub_event_type: str
    rule: str
    strength: float


def _code(sub: str, rule: str, strength: float = 1.0) -> Coding:
    return Coding(SUBTYPE_TYPE[sub], sub, rule, strength)


_AIMED = pattern("classify.aimed")  # «معركه تحرير»: ground aimed at, not taken


def classify(frame: Frame, text: str, air_actor: bool, civilian_target: bool,
             hit_casualties: bool, deaths: bool = False) -> Optional[Coding]:
    """Type and sub-type of a frame, or None when it reports no codable event."""
    kinds = frame.kinds
    means = frame.means
    anchor_kinds = {a.form.entry.get("kind") for a in frame.anchors}
    if "intercept" in anchor_kinds and "impact" in anchor_kinds and all(
            any(i.start == a.start and i.form.entry.get("kind") == "intercept" for i in frame.anchors)
            for a in frame.anchors if a.form.entry.get("kind") == "impact"):
        # «الدفاعات الجويه تسقط طائرتين»: the one word «تسقط» is the downing here, not a fall
        anchor_kinds = anchor_kinds - {"impact"}
        kinds = kinds - {"impact"}
    if "impact" in kinds and all(_NEGATED.search(text, max(0, h.start - 12), h.start)
                                 for h in frame.hits if h.category == "trigger" and h.form.entry.get("kind") == "impact"):
        kinds = kinds - {"impact"}  # «اسقطت مسيرات ... من دون ان تصيب اهدافها»: nothing hit
        anchor_kinds = anchor_kinds - {"impact"}
    body = text[frame.start:frame.end]
    attempted = any(a.form.entry.get("kind") == "intercept"
                    and re.search(r"(?:تحاول|يحاول|حاولت|حاول)\s*$", text[max(0, a.start - 12):a.start])
                    for a in frame.anchors)
    # «... وتم ابلاغ ترامب بالهجوم»: a definite «الهجوم» beside another trigger refers back to it
    own = {a.form.entry.get("kind") for a in frame.anchors
           if not (a.form.entry.get("kind") == "attack" and a.prefix.endswith(("ال", "لل")))
           and not (attempted and a.form.entry.get("kind") == "intercept")}
    if own:
        anchor_kinds = own
    if "intercept" in anchor_kinds and anchor_kinds & {"attack", "shelling", "airstrike", "explosion"} and all(
            a.label == "air_defence_on" for a in frame.anchors if a.form.entry.get("kind") == "intercept"):
        anchor_kinds = anchor_kinds - {"intercept"}  # the defences switched on against an attack told here

    if "chemical" in kinds or ("chemical" in means and kinds & {"attack", "shelling", "airstrike"}):
        return _code("Chemical weapon", "chemical")
    if attempted:
        anchor_kinds = anchor_kinds - {"intercept"}  # «تحاول التصدي للهجوم»: the attack got through
    if "intercept" in anchor_kinds and not hit_casualties and "impact" not in kinds:
        if means & {"missile", "drone"}:
            return _code("Disrupted weapons use", "intercept")
        if "الدفاعات" in body or "الدفاع الجوي" in body:
            return _code("Disrupted weapons use", "intercept_air_defence")
    if anchor_kinds and anchor_kinds <= {"intercept", "impact", "defuse"} and not (
            "defuse" in anchor_kinds and means & {"ied", "missile", "drone", "grenade", "suicide"}):
        if not (means & {"missile", "drone", "ied", "air", "grenade"}):
            return None  # «اسقطتا 10 ذخائر», «ضبط 100 الف حبه»: nothing intercepted, nothing hit
    if "defuse" in anchor_kinds and means & {"ied", "missile", "drone", "grenade", "suicide"} \
            and not hit_casualties and "explosion" not in anchor_kinds - {"defuse"}:
        return _code("Disrupted weapons use", "defuse")
    if "suicide" in means and "drone" not in means and kinds & {"explosion", "attack", "kill", "impact", "shelling"}:
        return _code("Suicide bomb", "suicide")
    if "abduction" in anchor_kinds and not anchor_kinds & {"clash", "shelling", "airstrike", "explosion", "mob"}:
        return _code("Abduction/forced disappearance", "abduction")  # «يختطفون ناشطا في تظاهرات الكوت»
    if "protest" in anchor_kinds:
        if "shooting" in kinds or ("kill" in kinds and hit_casualties):
            return _code("Excessive force against protesters", "protest_live_fire")
        if deaths and not kinds & {"riot", "arson"}:
            # «المجزرة التي ارتكبت ضد متظاهرين سلميين ... راح ضحيتها 16 قتيلا»: protesters killed
            return _code("Excessive force against protesters", "protest_deaths", 0.7)
        if kinds & {"riot", "arson"}:
            return _code("Violent demonstration", "protest_riot")
        if "disperse" in kinds or "arrest" in kinds:
            return _code("Protest with intervention", "protest_dispersed")
        return _code("Peaceful protest", "protest")
    if anchor_kinds & {"riot", "arson"} and "protest" not in anchor_kinds and any(
            h.category == "actor" and h.label in RAIDERS for h in frame.hits):
        return _code("Attack", "raid_by_settlers", 0.8)  # «اقتحم مستوطنون البلده واحرقوا مركبات»
    if "mob" in anchor_kinds and not anchor_kinds & {"clash", "shelling", "airstrike", "explosion"}:
        return _code("Mob violence", "mob")
    if arrest_for_reason(frame.anchors, text):
        anchor_kinds = {"arrest"}
    if "arrest" in anchor_kinds and not (anchor_kinds & {"clash", "attack", "shelling", "airstrike", "explosion"}):
        if any(w in body for w in CRIMINAL):
            return None
        return _code("Arrests", "arrest")
    if "abduction" in anchor_kinds:
        return _code("Abduction/forced disappearance", "abduction")
    if "riot" in anchor_kinds and not anchor_kinds & {"clash", "shelling", "airstrike", "explosion", "attack"}:
        return _code("Violent demonstration", "riot", 0.8)  # «اندلاع اعمال شغب عنيفه داخل دار تاهيل»
    remote = anchor_kinds & {"attack", "shelling", "airstrike", "explosion", "impact", "kill", "wound", "assassination"}
    if anchor_kinds & {"regain", "takeover"} and "clash" in anchor_kinds and all(
            _AIMED.search(text, max(0, a.start - 16), a.start) or a.prefix.endswith("ل")
            for a in frame.anchors if a.form.entry.get("kind") in ("regain", "takeover")):
        # «اطلقت القوات معركة تحرير مدينة الحديدة», «اشتباكات مع الحوثيين الذين يحاولون استعادة مواقع»:
        # ground aimed at, not taken — the fighting is the event
        anchor_kinds = anchor_kinds - {"regain", "takeover"}
    if anchor_kinds & {"regain", "takeover"} and not (means & {"air", "drone", "missile"}) \
            and not anchor_kinds & {"airstrike", "shelling"}:
        military = any(w in body for w in ("قوات", "جيش", "الميليشيات", "ميليشيا", "مسلح", "المقاتلين", "مقاتلو",
                                           "عناصر", "تنظيم", "فصائل", "الفصائل", "هيئه تحرير الشام"))
        if not military:
            return None  # «تحرير كوبا» in a speech is no battle
        if "regain" in anchor_kinds:
            return _code("Government regains territory", "regain", 0.8)
        if "takeover" in anchor_kinds:
            first = min(a.start for a in frame.anchors if a.form.entry.get("kind") == "takeover")
            # the doer before the verb, or right after it («سيطرت القوات الحكومية على ...»)
            if any(h.category == "actor" and h.form.entry.get("home") and (
                    h.end <= first or (h.start - first <= 30 and " علي " not in text[first:h.start]))
                   for h in frame.hits):
                # «سيطرت القوات الحكومية على بلدة مسرابة»: a government taking ground at home
                return _code("Government regains territory", "takeover_by_government", 0.7)
            return _code("Non-state actor overtakes territory", "takeover", 0.7)
    if remote:
        if "ied" in means and kinds & {"explosion", "attack", "impact", "kill"}:
            return _code("Remote explosive/landmine/IED", "ied")
        if "missile" in means and not (air_actor and "air" in means):
            return _code("Shelling/artillery/missile attack", "missile")
        if means & {"drone", "air"} or "airstrike" in kinds:
            return _code("Air/drone strike", "air_or_drone")
        if "grenade" in means:
            return _code("Grenade", "grenade")
        if "shelling" in anchor_kinds:
            if air_actor and "مدفعي" not in body:
                return _code("Air/drone strike", "shelling_by_air_power", 0.8)
            return _code("Shelling/artillery/missile attack", "shelling")
        if "explosion" in anchor_kinds and "ied" not in means:
            # an explosion with no cause is not coded (GUIDELINES §2): it needs an attack verb
            # («الانفجار الذي استهدف مقهى»), a bombing noun («تفجير»), a claim or casualties
            deliberate = "attack" in anchor_kinds or any(
                a.form.form.startswith(("تفجير", "فجر")) for a in frame.anchors) or "تبني" in body \
                or "يتبني" in body or hit_casualties
            if deliberate:
                return _code("Remote explosive/landmine/IED", "explosion_unnamed_means", 0.7)
            return None
    if anchor_kinds & {"clash", "incident"}:
        return _code("Armed clash", "clash")
    if anchor_kinds <= {"kill", "wound", "impact"} and frame.troops_hit:
        # fighters killed or wounded, no weapon named: ground fighting (GUIDELINES §2)
        return _code("Armed clash", "troop_losses", 0.6)
    if anchor_kinds <= {"kill", "wound", "impact"} and frame.civilians_killed:
        return _code("Attack", "civilians_killed", 0.6)  # «قتل مدني» (GUIDELINES §2), no weapon named
    if "arson" in anchor_kinds:
        return _code("Attack", "arson")
    if "shooting" in anchor_kinds or "assassination" in anchor_kinds or (
            "kill" in kinds and means & {"gun", "blade"}):  # «قتل شخص على يد رجل مسلح بسكين»
        if civilian_target or "assassination" in anchor_kinds or "attack" not in anchor_kinds \
                or not _armed_target(frame):
            return _code("Attack", "shooting_civilians", 0.8)
        return _code("Armed clash", "shooting_armed", 0.7)
    if "attack" in anchor_kinds:
        if all(a.prefix.endswith(("ال", "لل")) for a in frame.anchors) and not means and not air_actor:
            return None  # «الهجوم», «الهجمات»: a reference back to an attack told elsewhere
        if air_actor:
            return _code("Air/drone strike", "attack_by_air_power", 0.6)
        if civilian_target and "gun" in means:
            return _code("Attack", "attack_on_civilians", 0.6)
        if not means and _ground_attack(frame):
            # «هاجم مسلحون دورية للجيش»: gunmen on foot, no weapon named — a fight when the target
            # is armed, else an attack on civilians («هاجم مستوطنون بلدة ترمسعيا»)
            if _armed_target(frame) and not civilian_target:
                return _code("Armed clash", "ground_attack", 0.6)
            return _code("Attack", "ground_attack_on_civilians", 0.6)
        return _code("Shelling/artillery/missile attack", "attack_unnamed_means", 0.5)
    return None
