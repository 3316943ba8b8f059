"""Modality: did the frame's event happen, or is it threatened, planned, denied, a statistic?

A cue counts when it governs the trigger: in the same clause and before it («هدد
باستهداف»), or anywhere in the sentence for denials, hypotheticals and statistics.
Purpose «ل» on a verbal noun («لاعتقال») makes a plan unless «تعرض» precedes it
(«تعرضت القاعده لهجوم» is real).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasad.events.patterns import pattern, words
from rasad.events.frames import Frame
from rasad.mentions.matcher import Hit

# Cue labels that stop an event when they govern it, and how far they reach.
_BEFORE_IN_CLAUSE = {"threat", "plan", "statement", "retract", "exercise", "background", "negation", "hypothetical"}
_SENTENCE_WIDE = {"denial", "aggregate", "hypothetical", "exercise", "retract", "recollection"}
_CLAUSE_BREAK = pattern("modality.clause_break")
# Words of intent before a purpose «ل»: «تستعد لاستهداف», «في محاوله لاعتقال» (normalised).
_INTENT = frozenset(words("modality.intent"))


# A count of attacks over a period is a statistic: «شن التنظيم اكثر من 60 هجوما في ديالي العام الماضي».
_COUNTED = pattern("modality.counted")
_PERIOD = pattern("modality.period")


# «ارتفع عدد ضحايا التفجير», «ارتفاع حصيله قتلي الغاره»: the toll of one event rising
_TOLL_UPDATE = pattern("modality.toll_update")


# A trigger a relative clause goes on to tell («الغاره التي استهدفت»), and the words of a day.
_TOLD_INSIDE = pattern("modality.told_inside")
# Statements that go on to tell the event they are about: an investigation, a condemnation.
_TELLING_CUES = words("modality.telling_cues")
_DAY_WORD = pattern("modality.day_word")


# Attack words that are also words of criticism: «هاجم الرئيس»; «شن هجوما لاذعا علي».
_VERBAL_FORMS = words("modality.verbal_forms")
_HEARING_FORMS = frozenset(words("modality.hearing_forms"))


# «جرحي الهجوم», «ضحايا التفجير»: the victims of an event told elsewhere, named to say something else
_CASUALTIES_OF = pattern("modality.casualties_of")


@lru_cache(maxsize=1)
def _since_month() -> re.Pattern:
    """«منذ ديسمبر الماضي», «خلال شهر كانون الثاني»: a state since a month, or a month's count —
    not one day's event."""
    from rasad.mentions.timex import month_words

    names = "|".join(sorted((re.escape(m) for m in month_words()), key=len, reverse=True))
    return re.compile(rf"(?:منذ|خلال)\s+(?:شهر\s+)?(?:{names})(?:\s|$)")


def a_plural(h: Hit) -> bool:
    """True for a plural trigger («الهجمات», «الغارات»): a count of events, not one."""
    return h.form.form.endswith(("ات", "ات*")) or h.suffix.startswith("ات")


@dataclass(frozen=True)
class Modality:
    """The frame's modality and the cue that decided it."""

    label: str  # real, threatened, planned, hypothetical, denied, aggregate, statement, ...
    cue: str = ""
    claimed: bool = False
    media: bool = False


# A time phrase set off by commas is no clause of its own: «هدد فصيل مسلح، اليوم الاثنين، بقصف».
_TIME_ASIDE = pattern("modality.time_aside")


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    """Start of the clause holding `pos` (after the last comma/colon/connective before it)."""
    seg = text[sent_start:pos]
    last = 0
    skip_to = -1
    for m in _CLAUSE_BREAK.finditer(seg):
        if m.start() < skip_to:
            continue  # the comma that closes a time aside
        if m.group() in ("،", ",") and (aside := _TIME_ASIDE.match(seg, m.end())):
            skip_to = aside.end()
            continue
        last = m.end()
    return sent_start + last


_DATED_BACKGROUND = ("وكان", "وكانت", "كان قد", "كانت قد")


def _dated_and_placed(frame: Frame, text: str) -> bool:
    """True when the frame's sentence names the day outright and the frame names a place."""
    return any(h.category == "place" for h in frame.hits) and \
        pattern("modality.dated").search(text, frame.sent_start, frame.sent_end) is not None


def modality(frame: Frame, text: str, sentence_cues: list[Hit]) -> Modality:
    """Decide the modality of a frame from the cues of its sentence."""
    anchor = frame.anchors[0]
    clause_start = _clause_start(text, frame.sent_start, anchor.start)
    sentence = text[frame.sent_start:frame.sent_end]
    claimed = any(c.label == "claim" for c in sentence_cues)
    media = any(c.label == "media" for c in sentence_cues)

    if sentence.rstrip().endswith(("؟", "?")):
        return Modality("question", "؟", claimed, media)
    if all(a.prefix.endswith("ل") and not a.prefix.endswith("ال") or a.prefix.endswith("لل")
           for a in frame.anchors) and not re.search(
            r"(?:(?:تعرض|يتعرض|تتعرض|تعرضت|تعرضوا)\S*\s+(?:\S+\s+){0,10}|(?:نتيجه|جراء|اثر|عرضه)\s+)$", text[max(frame.sent_start, anchor.start - 100):anchor.start]):
        # «وقف فوري للقتال», «تعد لهجوم», «خطط لتفجير»: the object or purpose of another word,
        # not a report — unless «تعرض» governs it («تعرضت القاعده لهجوم»)
        return Modality("statement", "object_lil", claimed, media)
    for a in frame.anchors:
        # purpose «ل» + verbal noun after a word of intent: «قوات تتجه لاستهداف», «تحركات لاعتقال»
        if a.prefix.endswith("ل") and not a.prefix.endswith("ال"):
            before = text[max(frame.sent_start, a.start - 60):a.start].split()[-4:]
            if any(w.lstrip("وفب") in _INTENT for w in before):
                return Modality("planned", "purpose_" + a.prefix, claimed, media)
    if anchor.prefix.endswith(("ال", "لل")) and _CASUALTIES_OF.search(text, max(frame.sent_start, anchor.start - 16),
                                                                    anchor.start) and not _TOLL_UPDATE.search(sentence):
        return Modality("background", "casualties_of", claimed, media)  # «زار ... جرحي الهجوم الذي استهدف»
    if (since := _since_month().search(sentence)) and since.start() + frame.sent_start < frame.anchors[-1].end + 60:
        return Modality("background", "since_month", claimed, media)  # «وتسيطر ... منذ ديسمبر الماضي، حين اجتاحت»
    if _COUNTED.search(text[max(frame.sent_start, anchor.start - 24):anchor.start]) and _PERIOD.search(sentence):
        return Modality("aggregate", "count_over_period", claimed, media)  # «اكثر من 60 هجوما العام الماضي»
    if any(c.label == "verbal" for c in sentence_cues) and all(
            a.form.entry.get("kind") == "attack" and a.form.form.startswith(_VERBAL_FORMS) for a in frame.anchors):
        cue = next(c for c in sentence_cues if c.label == "verbal")
        return Modality("statement", cue.form.form, claimed, media)  # «هاجم النائب الوزير قائلا ...»
    hurt = any(h.category == "casualty" and h.form.entry.get("role") in ("killed", "injured") for h in frame.hits)
    if not hurt and anchor.form.entry.get("kind") in ("shooting", "explosion") and any(
            c.label == "sound" and 0 <= anchor.start - c.end <= 3 for c in sentence_cues):
        return Modality("sound", "heard", claimed, media)  # «واصوات رصاص كثيف», «دوي انفجار» and nothing more
    if not hurt and anchor.form.entry.label == "launch" and any(
            c.label == "sound" and c.end <= anchor.start and c.form.form in _HEARING_FORMS for c in sentence_cues):
        return Modality("sound", "heard_launch", claimed, media)
    for c in sentence_cues:
        label = c.label
        mod = c.form.entry.get("modality", label)
        if label == "exercise" and hurt:
            continue  # «اصيب طفلان بانفجار لغم ارضي من مخلفات الحرب»: remnants that hurt someone are an event
        if label in _SENTENCE_WIDE and (label != "hypothetical" or c.end <= anchor.start
                                        or c.start - frame.anchors[-1].end <= 30):
            if label == "aggregate" and c.start > frame.end + 40:
                continue
            if label == "aggregate" and _TOLL_UPDATE.match(text[c.start:anchor.end + 2]) \
                    and not a_plural(anchor):
                continue  # «ارتفع عدد ضحايا القصف علي معسكر ابوشوك الي 11 قتيلا»: one event's toll
            return Modality(mod, c.form.form, claimed, media)
        if label == "threat" and 0 <= c.start - frame.anchors[-1].end <= 3:
            return Modality(mod, c.form.form, claimed, media)  # «التصدي لتهديدات ...»
        if label in _BEFORE_IN_CLAUSE and clause_start <= c.start < anchor.start:
            if label == "statement" and anchor.start - c.end > 40:
                continue
            if label == "statement" and (_TOLD_INSIDE.match(text, anchor.end) or c.form.form.startswith(_TELLING_CUES)) \
                    and _DAY_WORD.search(text, anchor.end, frame.sent_end):
                # «ادانت ... الغاره التي استهدفت، امس الخميس، موقعا ...», «فتح تحقيق في مقتل شاب ... في
                # عفك امس»: the event is told, with its day
                continue
            if label == "background" and c.form.form in ("وكان", "وكانت") and anchor.start - c.end > 30 \
                    and " قد " not in text[c.end:anchor.start]:
                continue  # «وكانت قاعده عين الاسد في الانبار قد تعرضت لهجوم»: «قد» carries it further
            if label == "background" and c.form.form == "لحظة" and anchor.start - c.end <= 14 and (
                    media or not re.search("[\u0621-\u064a]", text[frame.sent_start:c.start])):
                # «توثيق يظهر لحظة اصابة صاروخ», a post opening «لحظة تنفيذ غارة»: footage of the attack
                # (GUIDELINES §2), not «كشف الحريري انه لحظة اغتيال والده كان ...»
                continue
            if label == "background" and c.form.form in _DATED_BACKGROUND and _dated_and_placed(frame, text):
                # GUIDELINES §3: background is coded when the report gives its day and place —
                # «وكان الصحفي قد اردي قتيلا باطلاق النار عليه خارج سكنه في كييف الثلاثاء»
                continue
            return Modality(mod, c.form.form, claimed, media)
    return Modality("real", "", claimed, media)
