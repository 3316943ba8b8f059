"""How channel posts and wire reports tell events, written by the Rasad team for the rules added in
session 7: fighters' losses, riots and security incidents named as such, direct hits, burnt tanks,
air defences switched on, footage of a strike, a heading that runs on into its target, who a country
is in the sentence, a government taking ground at home, the means named in another sentence, forces
with a country's nisba, world cities, and the day an announcement gives."""
import pytest

import rasad
from rasad.mentions.timex import find_times

PUB = "2026-06-10T14:00:00+03:00"  # a Wednesday


def one(text: str, pub: str = PUB):
    evs = rasad.extract(text, pub)
    assert len(evs) == 1, [(e.sub_event_type, e.country, e.admin1, e.location) for e in evs]
    return evs[0]


def none(text: str, pub: str = PUB) -> None:
    evs = rasad.extract(text, pub)
    assert evs == [], [(e.sub_event_type, e.country, e.admin1) for e in evs]


# --- fighters killed or wounded, no weapon named: a fight (GUIDELINES §2) ----------------------------

@pytest.mark.parametrize("text", [
    "إعلام العدو: مقتل جندي إسرائيلي في جنوب لبنان.",
    "إصابة ثلاثة جنود بجروح متفاوتة قرب بلدة عيترون جنوب لبنان.",
    "أصيب ستة مقاتلين، من بينهم ضابطان في حالة خطيرة، خلال معارك عند أطراف بلدة الخيام.",
    "قوات الحشد تقتل ثلاثة دواعش في صحراء البعاج غرب نينوى.",
])
def test_fighters_killed_or_wounded_are_a_clash(text):
    assert one(text).sub_event_type == "Armed clash"


def test_civilians_killed_with_no_means_are_still_no_clash():
    none("قتل ثلاثة أشخاص في مدينة الموصل.")


def test_the_weapon_named_with_a_soldier_s_death_decides():
    e = one("مقتل جندي إسرائيلي بانفجار محلقة مفخخة قرب بلدة المطلة.")
    assert e.sub_event_type == "Air/drone strike"


def test_a_security_incident_with_casualties_is_a_clash_its_heading_is_not():
    assert one("إعلام العدو: حدث أمني صعب في جنوب لبنان، 5 إصابات كحصيلة أولية.").sub_event_type == "Armed clash"
    evs = rasad.extract("حدثين أمنيين جنوب لبنان\nسقوط محلقة مفخخة قرب قوة إسرائيلية في بلدة الطيبة.", PUB)
    assert [e.sub_event_type for e in evs] == ["Air/drone strike"]


# --- riots, hits and burnt tanks named as such ---------------------------------------------------

def test_a_riot_named_as_such_is_a_violent_demonstration():
    e = one("اندلاع أعمال شغب عنيفة داخل سجن في منطقة الكاظمية شمال بغداد.")
    assert (e.sub_event_type, e.admin1) == ("Violent demonstration", "IQ-BG")


def test_a_direct_hit_is_a_missile_s():
    e = one("إصابة مباشرة في مستوطنة كريات شمونة شمال فلسطين المحتلة.")
    assert (e.sub_event_type, e.country) == ("Shelling/artillery/missile attack", "IL")


@pytest.mark.parametrize("text", [
    "المقاومة تتمكن من إحراق دبابة ميركافا في بلدة مركبا جنوب لبنان.",
    "دبابة ميركافا تحترق بصواريخ المقاومة عند أطراف بلدة مركبا.",
])
def test_a_tank_burnt_from_afar_is_a_shelling(text):
    e = one(text)
    assert (e.sub_event_type, e.admin1) == ("Shelling/artillery/missile attack", "LB-NA")


def test_air_defences_switched_on_alone_are_a_disrupted_attack_beside_an_attack_they_are_not():
    assert one("تفعيل الدفاعات الجوية في مدينة شيراز.").sub_event_type == "Disrupted weapons use"
    e = one("دوي انفجارات في البحرين نتيجة هجوم صاروخي، تفعيل الدفاعات الجوية الآن.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"


def test_an_unmanned_aircraft_by_its_model_is_a_drone():
    e = one("الدفاعات الجوية تسقط طائرة أمريكية من طراز MQ9 في محافظة الجوف.")
    assert (e.sub_event_type, e.admin1) == ("Disrupted weapons use", "YE-JA")


# --- footage and headings ---------------------------------------------------------------------

def test_footage_of_the_moment_of_a_strike_is_the_strike():
    e = one("لحظة تنفيذ غارة صهيونية على بلدة عيتا الشعب جنوب لبنان.")
    assert e.sub_event_type == "Air/drone strike"


def test_the_moment_a_man_recalls_is_no_event():
    none("وقال الوزير إنه لحظة اغتيال والده كان في الطائرة بين عمان والقاهرة، ولم يعرف بالحادث في حينها.",
         "2018-02-26")


def test_a_heading_that_ends_on_its_date_runs_on_into_its_target_and_its_means():
    e = one("حزب الله:\nمشاهد من عملية استهداف المقاومة الإسلامية بتاريخ 08-06-2026\n"
            "دبابة ميركافا في محيط بلدة رب ثلاثين جنوبي لبنان بمحلّقة\nأبابيل الانقضاضيّة.")
    assert (e.sub_event_type, e.event_date, e.country) == ("Air/drone strike", "2026-06-08", "LB")


def test_a_wounded_man_in_a_serious_condition_is_no_hypothetical():
    e = one("أصيب جنديان، أحدهما في حالة خطيرة، بنيران قناص قرب بلدة رميش.")
    assert e.modality == "real"


# --- places -----------------------------------------------------------------------------------

def test_the_lebanese_south_is_a_region_with_no_governorate():
    e = one("الطيران الحربي يشن غارات على الجنوب اللبناني.")
    assert (e.country, e.admin1) == ("LB", None)


def test_a_drone_from_lebanon_strikes_where_it_lands():
    e = one("طيران مسير من لبنان يهاجم مستوطنات الشمال الفلسطيني المحتل.")
    assert (e.country, e.admin1) == ("IL", None)


@pytest.mark.parametrize("text", [
    "أطلقت إيران أربعة صواريخ باليستية على قواعد أمريكية في الأردن.",
    "إيران تطلق صواريخ باليستية على قواعد أمريكية في الأردن.",
])
def test_a_country_that_is_the_verb_s_subject_is_not_the_place(text):
    assert one(text).country == "JO"


def test_forces_with_a_country_s_nisba_place_an_event_that_names_no_place():
    e = one("ألقت قوات الأمن المصرية القبض على مدون بارز فجر اليوم.")
    assert (e.sub_event_type, e.country, e.admin1) == ("Arrests", "EG", None)


@pytest.mark.parametrize("text,country", [
    ("هاجم مسلحون في واغادوغو، عاصمة بوركينا فاسو، مقرا للجيش.", "BF"),
    ("أصيب شخصان في عملية طعن داخل محطة القطارات في أمستردام.", "NL"),
])
def test_world_cities_place_events_abroad(text, country):
    assert one(text).country == country


def test_a_first_name_is_no_city():
    none("قال الرئيس فلاديمير بوتين إن بلاده لن ترد.")


# --- sub-types ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,sub", [
    ("سيطرت القوات الحكومية على بلدة مسرابة في الغوطة الشرقية.", "Government regains territory"),
    ("تمكنت قوات الجيش اليمني من السيطرة على مواقع جديدة في مديرية نهم.", "Government regains territory"),
    ("سيطر تنظيم داعش على قرية في ريف دير الزور الشرقي.", "Non-state actor overtakes territory"),
    # a foreign army taking ground is not a government regaining its own (ACLED)
    ("جيش الاحتلال الإسرائيلي يسيطر على قلعة الشقيف في جنوب لبنان.", "Non-state actor overtakes territory"),
])
def test_who_takes_ground_decides_the_sub_type(text, sub):
    assert one(text).sub_event_type == sub


def test_the_adjective_on_the_trigger_names_the_doer():
    e = one("محافظة خوزستان الإيرانية: هجوم إسرائيلي على مصنع للبتروكيماويات في ماهشهر.")
    assert e.sub_event_type == "Air/drone strike"


def test_a_bombing_told_without_its_means_takes_the_means_told_beside_it():
    evs = rasad.extract("سقط عدد من القتلى في تفجيرين قرب معسكر للجيش في عدن.\n"
                        "وفجر انتحاريان سيارتين مفخختين عند بوابة المعسكر في عدن.", PUB)
    assert {e.sub_event_type for e in evs} == {"Suicide bomb"}


# --- dates ------------------------------------------------------------------------------------

def test_a_weekday_may_agree_with_a_feminine_day_word():
    [t] = find_times("قتل جندي الجمعه الماضيه، في غزه", None) or [None]
    ts = find_times("قتل جندي الجمعه الماضيه، في غزه", __import__("datetime").date(2018, 9, 11))
    assert [(x.rule, x.value.isoformat()) for x in ts] == [("weekday_past", "2018-09-07")]


def test_the_day_the_event_happened_beats_the_day_it_was_announced():
    e = one("كشفت السلطات الأردنية، السبت، عن مقتل ضابط في انفجار وقع مساء الجمعة في مدينة الفحيص.",
            "2018-08-11T10:00:00+03:00")
    assert e.event_date == "2018-08-10"


def test_a_trigger_word_inside_a_town_s_name_is_no_trigger():
    e = one("استهداف صهيوني لسيارة في بلدة معركة بقضاء صور.")
    assert (e.sub_event_type, e.admin1) == ("Air/drone strike", "LB-JA")


def test_drones_downed_before_they_hit_are_a_disrupted_attack():
    e = one("أعلن الجيش أن دفاعاته الجوية أسقطت مسيرات حاولت استهداف مطار كسلا، من دون أن تصيب أهدافها.")
    assert e.sub_event_type == "Disrupted weapons use"


def test_the_riots_somebody_names_are_no_riot():
    none("قال السفير إن إيران تدعم أعمال الشغب في قطاع غزة وتمولها.")


def test_a_sentence_frame_without_a_trigger_finds_its_place_without_failing():
    # the sentence detector asks for the places of a whole sentence that has no trigger
    from rasad.events.assemble import frame_places
    from rasad.events.frames import Frame
    from rasad.model import Article
    from rasad.pipeline import analyse

    ctx, _, _ = analyse(Article(id="t", text="وسقط عدد من الضحايا في قرية كفر عزيزان قرب الحدود.", published=PUB))
    s = ctx.sentences[0]
    locs, rule = frame_places(ctx, Frame(0, s.start, s.end, s.start, s.end, [], []))
    assert rule in ("none", "frame", "sentence", "lead")


def test_civilians_killed_with_no_weapon_named_are_an_attack_their_killers_are_not_victims():
    e = one("مسلحون يقتلون ثلاثة مواطنين في قرية قرب مدينة كركوك.")
    assert (e.sub_event_type, e.admin1) == ("Attack", "IQ-KI")
    e = one("قالت لجان المقاومة إن عناصر من الدعم السريع قتلوا، صباح الثلاثاء، ستة مواطنين في مدينة رفاعة.",
            "2025-01-15T10:00:00+03:00")
    assert e.sub_event_type == "Attack"


def test_missiles_on_their_way_are_the_attack_where_they_head():
    e = one("صواريخ تتجه نحو مقرات المعارضة في محافظة أربيل شمالي العراق.")
    assert (e.sub_event_type, e.admin1) == ("Shelling/artillery/missile attack", "IQ-AR")


def test_shots_at_people_told_beside_the_shooting_of_protesters_are_that_event():
    evs = rasad.extract("قتلت قوات الأمن ثلاثة متظاهرين بالرصاص الحي خلال تظاهرة في مدينة الناصرية اليوم.\n"
                        "وأطلق مسلحون النار على شاب في مدينة الناصرية.", PUB)
    assert [e.sub_event_type for e in evs] == ["Excessive force against protesters"]


def test_tahrir_square_is_a_place_not_a_liberation():
    e = one("تظاهر آلاف في ساحة التحرير وسط بغداد صباح اليوم.")
    assert (e.sub_event_type, e.admin1) == ("Peaceful protest", "IQ-BG")
