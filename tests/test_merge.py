"""One event per thing that happened (GUIDELINES §1): repeats merge, separate events stay apart."""
import pytest

import rasad
from rasad.mentions.gazetteer import default_gazetteer

PUB = "2024-03-11"


def _has_villages() -> bool:
    g = default_gazetteer()
    return all(g.lookup(n) for n in ("الخيام", "عيتا الشعب", "ميس الجبل"))


def test_lead_and_recap_are_one_event():
    text = (
        "سقطت ثلاثة صواريخ كاتيوشا على قاعدة عين الأسد الجوية في محافظة الأنبار فجر اليوم، دون وقوع إصابات.\n"
        "وقال مصدر أمني إن الصواريخ أطلقت من منطقة صحراوية قريبة.\n"
        "وأضاف المصدر أن القوات الأمنية فتحت تحقيقا في الحادث.\n"
        "\n"
        "وفي تفاصيل الهجوم، فإن ثلاثة صواريخ سقطت فجر اليوم داخل قاعدة عين الأسد غربي الأنبار.\n"
    )
    evs = rasad.extract(text, published=PUB)
    assert [e.sub_event_type for e in evs] == ["Shelling/artillery/missile attack"]
    e = evs[0]
    assert e.event_date == "2024-03-11"
    # both tellings are kept as evidence of the one record
    assert len(e.evidence) == 2
    assert e.evidence[0].text.startswith("سقطت ثلاثة صواريخ")
    assert e.evidence[1].text.startswith("وفي تفاصيل الهجوم")
    assert (e.fatalities, e.injuries) == (0, 0)


def test_recap_with_definite_reference_adds_no_event():
    text = (
        "سقطت ثلاثة صواريخ كاتيوشا على قاعدة عين الأسد الجوية في محافظة الأنبار فجر اليوم.\n"
        "وقال مصدر أمني إن الهجوم لم يسفر عن إصابات.\n"
        "\n"
        "وفي تفاصيل الهجوم، ذكر المصدر أن ثلاثة صواريخ سقطت فجر اليوم داخل قاعدة عين الأسد غربي الأنبار.\n"
    )
    evs = rasad.extract(text, published=PUB)
    assert [e.sub_event_type for e in evs] == ["Shelling/artillery/missile attack"]


def test_two_ieds_in_two_provinces_are_two_events():
    text = ("انفجرت عبوة ناسفة على رتل للجيش في قضاء الطارمية شمال بغداد صباح اليوم.\n"
            "وفي حادث منفصل، انفجرت عبوة ناسفة أخرى على دورية للشرطة في قضاء المقدادية بمحافظة ديالى.")
    evs = rasad.extract(text, published=PUB)
    assert [e.sub_event_type for e in evs] == ["Remote explosive/landmine/IED"] * 2
    assert {e.admin1 for e in evs} == {"IQ-BG", "IQ-DI"}


def test_two_ieds_in_one_sentence_two_provinces_are_two_events():
    text = ("انفجرت عبوتان ناسفتان على رتلين للجيش، الأولى في قضاء الطارمية شمال بغداد "
            "والثانية في قضاء المقدادية بمحافظة ديالى.")
    evs = rasad.extract(text, published=PUB)
    assert [e.sub_event_type for e in evs] == ["Remote explosive/landmine/IED"] * 2
    assert {e.admin1 for e in evs} == {"IQ-BG", "IQ-DI"}


def test_a_day_of_clashes_in_one_town_is_one_event():
    text = ("اندلعت اشتباكات عنيفة بين القوات الأمنية ومسلحين في مدينة بعقوبة مركز محافظة ديالى صباح اليوم.\n"
            "واستمرت الاشتباكات لساعات في أحياء المدينة.\n"
            "وقال مصدر أمني إن اشتباكات متقطعة تجددت مساء اليوم في بعقوبة.")
    evs = rasad.extract(text, published=PUB)
    assert [e.sub_event_type for e in evs] == ["Armed clash"]


@pytest.mark.skipif(not _has_villages(), reason="gazetteer lacks the south Lebanese villages")
@pytest.mark.parametrize("text", [
    "شن الطيران الحربي الإسرائيلي اليوم غارات على بلدات الخيام وعيتا الشعب وميس الجبل في جنوب لبنان.",
    "استهدفت غارات إسرائيلية صباح اليوم بلدات الخيام وعيتا الشعب وميس الجبل.",
], ids=["raids_on_towns_a_b_c", "raids_targeted_a_b_c"])
def test_strikes_on_three_named_villages_are_three_events(text):
    evs = rasad.extract(text, published=PUB)
    assert [e.sub_event_type for e in evs] == ["Air/drone strike"] * 3
    ar = {e.location_ar for e in evs}
    assert len(ar) == 3 and {"الخيام", "عيتا الشعب", "ميس الجبل"} == {a.lstrip("و") for a in ar}
    assert {e.event_date for e in evs} == {"2024-03-11"}
    # casualties cannot be split between three places
    assert all(e.fatalities is None for e in evs)


# --- what no model may join (rasad.events.decide.apart) -------------------------------------

def test_strikes_on_three_districts_of_one_governorate_are_three_events():
    text = ("شنت طائرات التحالف غارات على مواقع الحوثيين في مديرية حيس جنوب الحديدة.\n"
            "كما استهدفت غارات أخرى تعزيزات للميليشيا في مديرية زبيد.\n"
            "وشنت مقاتلات التحالف غارات على معسكر للحوثيين في مديرية الجراحي.\n")
    evs = rasad.extract(text, published=PUB)
    assert sorted(e.location for e in evs) == ["Al-Jarrahi", "Hays", "Zabīd"]
    assert {e.admin1 for e in evs} == {"YE-HU"}


def test_two_towns_in_two_sentences_are_two_events():
    text = ("شنت طائرات التحالف الدولي غارات جوية على مواقع لتنظيم داعش في قضاء الشرقاط شمالي صلاح الدين فجر اليوم.\n"
            "وفي سياق متصل، شنت طائرات التحالف غارة جوية أخرى على وكر للتنظيم في قضاء بيجي، بحسب مصدر أمني.\n")
    assert sorted(e.location for e in rasad.extract(text, published=PUB)) == ["Al-Shirqat", "Baiji"]


def test_a_drone_and_a_guided_missile_in_one_town_are_two_events():
    text = ("سقطت طائرة مسيرة مفخخة قرب قوة عسكرية إسرائيلية في بلدة الخيام جنوب لبنان صباح اليوم.\n"
            "واستهدف مقاتلو الحزب دبابة ميركافا بصاروخ موجه في بلدة الخيام واشتعلت النيران فيها.\n")
    evs = rasad.extract(text, published=PUB)
    assert sorted(e.sub_event_type for e in evs) == ["Air/drone strike", "Shelling/artillery/missile attack"]


def test_a_summary_over_two_governorates_joins_its_details_in_other_towns():
    text = ("أعلنت خلية الإعلام الأمني، أمس الأحد، انفجار عبوتين ناسفتين استهدفتا رتلين لنقل المعدات في بابل والديوانية.\n"
            "وقالت الخلية إن عبوة ناسفة انفجرت صباح الأحد على عجلة في رتل قرب جسر عفك في محافظة الديوانية.\n"
            "وأضافت أن عبوة أخرى انفجرت ظهر الأحد على رتل في قضاء المسيب بمحافظة بابل.\n")
    evs = rasad.extract(text, published=PUB)
    assert sorted(e.admin1 for e in evs) == ["IQ-BB", "IQ-QA"], [(e.location, e.evidence[0].text[:30]) for e in evs]
