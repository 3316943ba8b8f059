"""Casualty counts (GUIDELINES §6): the casualty layer, then end to end through `rasad.extract`."""
import pytest

import rasad
from rasad.mentions.casualties import find_casualties
from rasad.mentions.matcher import default_matcher
from rasad.text.normalize import normalize

PUB = "2024-03-11"


def counts(text: str) -> tuple:
    """(fatalities, injuries) the casualty layer gives a phrase, combined as assemble does."""
    t = normalize(text).text
    cs = find_casualties(t, default_matcher().find(t))
    fat = inj = None
    seen_killed = seen_injured = False
    for c in cs:
        if c.role == "zero":
            fat = 0 if fat is None else fat
            inj = 0 if inj is None else inj
        elif c.role == "killed":
            seen_killed = True
            if fat is None and c.value is not None:
                fat = c.value
        elif c.role == "injured":
            seen_injured = True
            if inj is None and c.value is not None:
                inj = c.value
    return fat, inj, seen_killed, seen_injured


def roles(text: str) -> list[tuple[str, object]]:
    t = normalize(text).text
    return [(c.role, c.value) for c in find_casualties(t, default_matcher().find(t))]


# --- the casualty layer --------------------------------------------------------------

def test_layer_killed_count_after_verbal_noun():
    assert roles("مقتل ثلاثة أشخاص") == [("killed", 3)]


def test_layer_count_before_noun():
    assert roles("17 قتيلا") == [("killed", 17)]


def test_layer_dual_noun():
    assert roles("قتيلان") == [("killed", 2)]


def test_layer_dual_person_and_injured_after():
    assert roles("مقتل شخصين وإصابة خمسة آخرين") == [("killed", 2), ("injured", 5)]


def test_layer_no_damage_is_zero():
    assert roles("دون أضرار مادية أو بشرية") == [("zero", 0)]


def test_layer_did_not_cause_injuries_is_zero():
    assert roles("لم يسفر عن إصابات") == [("zero", 0)]


def test_layer_no_losses_is_zero():
    assert roles("دون وقوع خسائر") == [("zero", 0)]


def test_layer_a_number_of_wounded_is_unknown():
    assert roles("عدد من الجرحى") == [("injured", None)]


def test_layer_killed_and_wounded_without_numbers_are_unknown():
    assert roles("قتلى وجرحى") == [("killed", None), ("injured", None)]


def test_layer_hedged_count():
    assert roles("مقتل ما لا يقل عن 12 شخصا") == [("killed", 12)]


def test_layer_number_word_before_plural_noun():
    assert roles("ثلاثة جرحى") == [("injured", 3)]


def test_layer_arabic_indic_digits():
    assert roles("إصابة ٤ أشخاص") == [("injured", 4)]


def test_layer_counted_thing_must_be_people():
    # «سقوط 3 صواريخ»: three rockets, nobody killed
    assert all(v is None for r, v in roles("سقوط 3 صواريخ على القاعدة") if r == "killed")


def test_layer_killed_and_wounded_counts_before_nouns():
    fat, inj, _, _ = counts("17 قتيلا و30 جريحا")
    assert (fat, inj) == (17, 30)


# --- end to end ----------------------------------------------------------------------

def one(text: str):
    evs = rasad.extract(text, published=PUB)
    assert len(evs) == 1, [(e.sub_event_type, e.location, e.fatalities, e.injuries) for e in evs]
    return evs[0]


@pytest.mark.parametrize("text,fat,inj", [
    ("انفجرت عبوة ناسفة على سيارة مدنية في قضاء الطارمية شمال بغداد، ما أسفر عن مقتل ثلاثة أشخاص.", 3, None),
    ("انفجار سيارة مفخخة في سوق شعبي بمدينة كركوك يوقع 17 قتيلا.", 17, None),
    ("انفجرت سيارة مفخخة في سوق شعبي بمدينة كركوك ما أدى إلى سقوط 17 قتيلا.", 17, None),
    ("قتيلان بانفجار عبوة ناسفة في قضاء الطارمية شمال بغداد.", 2, None),
    ("اندلعت اشتباكات مسلحة بين قوات الأمن ومسلحين في مدينة البصرة أسفرت عن مقتل شخصين وإصابة خمسة آخرين.", 2, 5),
    ("انفجرت عبوة ناسفة على دورية للشرطة في مدينة الموصل ما أسفر عن مقتل شخصين وإصابة خمسة آخرين.", 2, 5),
    ("أسفر انفجار عبوة ناسفة في مدينة الموصل عن مقتل شخصين وإصابة خمسة آخرين.", 2, 5),
    ("انفجرت عبوة ناسفة على دورية للشرطة في مدينة الموصل ما أسفر عن مقتل ١٢ شخصا وإصابة ٧ آخرين.", 12, 7),
    ("انفجرت سيارة مفخخة في سوق شعبي بمدينة كركوك ما أسفر عن 17 قتيلا و30 جريحا.", 17, 30),
    ("سقطت قذائف هاون على حي سكني في مدينة الموصل ما أسفر عن ثلاثة جرحى.", None, 3),
    ("انفجرت سيارة مفخخة في سوق شعبي بمدينة كركوك ما أسفر عن مقتل ما لا يقل عن 12 شخصا.", 12, None),
], ids=["three_persons", "17_killed", "fall_of_17_killed", "dual_killed", "clash_2_and_5", "ied_2_and_5",
        "asfara_ied_2_and_5", "indic_12_and_7", "17_killed_30_wounded", "three_wounded", "at_least_12"])
def test_extract_counts(text, fat, inj):
    e = one(text)
    assert (e.fatalities, e.injuries) == (fat, inj)


@pytest.mark.parametrize("text", [
    "سقطت قذيفة هاون على حي سكني في مدينة الموصل دون أضرار مادية أو بشرية.",
    "انفجرت عبوة ناسفة على رتل عسكري في قضاء الطارمية شمال بغداد لم يسفر عن إصابات.",
    "انفجرت عبوة ناسفة على رتل عسكري في قضاء الطارمية شمال بغداد، لكن الانفجار لم يسفر عن إصابات.",
    "سقطت قذيفة هاون على حي سكني في مدينة الموصل دون وقوع خسائر.",
    "سقطت قذيفة هاون على حي سكني في مدينة الموصل دون أن تسفر عن إصابات.",
], ids=["no_material_or_human_damage", "did_not_cause_injuries", "but_the_blast_caused_no_injuries",
        "no_losses", "feminine_did_not_cause_injuries"])
def test_extract_zero(text):
    e = one(text)
    assert (e.fatalities, e.injuries) == (0, 0)


def test_extract_zero_in_next_sentence_of_same_line():
    e = one("سقطت ثلاثة صواريخ كاتيوشا على قاعدة عين الأسد الجوية في محافظة الأنبار فجر اليوم. "
            "وقال مصدر أمني إن الهجوم لم يسفر عن إصابات.")
    assert (e.fatalities, e.injuries) == (0, 0)


def test_extract_zero_in_next_line():
    e = one("سقطت ثلاثة صواريخ كاتيوشا على قاعدة عين الأسد الجوية في محافظة الأنبار فجر اليوم.\n"
            "وقال مصدر أمني إن الهجوم لم يسفر عن إصابات.")
    assert (e.fatalities, e.injuries) == (0, 0)


def test_extract_a_number_of_wounded_is_unknown():
    e = one("سقطت قذائف هاون على مدينة الموصل ما أدى إلى وقوع عدد من الجرحى.")
    assert (e.fatalities, e.injuries) == (None, None)


def test_extract_killed_and_wounded_is_unknown():
    e = one("سقطت قذائف هاون على مدينة الموصل وأنباء عن قتلى وجرحى.")
    assert (e.fatalities, e.injuries) == (None, None)


def test_extract_nothing_said_is_null():
    e = one("سقطت ثلاث قذائف هاون على حي سكني في مدينة الموصل.")
    assert (e.fatalities, e.injuries) == (None, None)


def test_extract_rockets_are_not_dead():
    e = one("سقوط 3 صواريخ كاتيوشا على قاعدة عين الأسد في محافظة الأنبار.")
    assert e.fatalities is None


# --- «لقي ... مصرعه»: the verb and its object apart ----------------------------------

@pytest.mark.parametrize("text,expected", [
    ("لقي سبعة أشخاص مصرعهم", [("killed", 7)]),
    ("لقي 12 عنصرا من الحرس مصرعهم", [("killed", 12)]),
    ("لقي سائق شاحنة مصرعه", [("killed", 1)]),
    ("لقي شرطيان مصرعهما", [("killed", 2)]),
    ("لقي راعي أغنام حتفه", [("killed", 1)]),
], ids=["seven", "twelve_with_noun", "one_by_pronoun", "two_by_pronoun", "hatf"])
def test_layer_laqiya_masraahum_counts_across_the_words_between(text, expected):
    assert roles(text) == expected


def test_laqiya_masraahum_end_to_end():
    ev = rasad.extract("لقي خمسة أشخاص مصرعهم في انفجار سيارة مفخخة وسط مدينة كركوك صباح اليوم.", published=PUB)
    assert [(e.sub_event_type, e.fatalities) for e in ev] == [("Remote explosive/landmine/IED", 5)]
