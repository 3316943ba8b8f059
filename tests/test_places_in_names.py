"""Places, doers and days as wire reports of 2018 write them, written by the Rasad team for the rules
added in session 8: a place inside a group's, an outlet's or a person's name is none, «غزة» alone is
the Strip, ordinary words are no GeoNames towns, «عمان» is Amman in a report about Jordan, a bombing
told without its doer is the doer's of the event told just before, protesters killed, a liberation
aimed at, «أمس الاثنين» after midnight, and the governorate a frame narrows a country down to."""
from datetime import date

import pytest

import rasad
from rasad.mentions.timex import find_times
from rasad.text.normalize import normalize

PUB = "2018-05-16T14:00:00+03:00"  # a Wednesday


def one(text: str, pub: str = PUB):
    evs = rasad.extract(text, pub)
    assert len(evs) == 1, [(e.sub_event_type, e.country, e.admin1, e.location) for e in evs]
    return evs[0]


# --- a place inside a name is none ------------------------------------------------------------------

@pytest.mark.parametrize("text, country, admin1", [
    # «سرايا القدس» fire from Gaza: not Jerusalem
    ("أطلقت سرايا القدس صواريخ على مستوطنات غلاف غزة.", "IL", "IL-D"),
    # «فيلق القدس» and «وكالة فارس»: neither Jerusalem nor Fars province
    ("ذكرت وكالة فارس أن فيلق القدس أطلق 20 صاروخا على هضبة الجولان.", "SY", "SY-QU"),
    # «الخوذ البيضاء» are the civil defence, not Yemen's al-Bayda
    ("قال الدفاع المدني (الخوذ البيضاء) إن قصفا بالبراميل المتفجرة قتل 5 مدنيين في مدينة دوما.", "SY", "SY-RD"),
])
def test_a_place_inside_a_name_is_no_place(text, country, admin1):
    e = one(text)
    assert (e.country, e.admin1) == (country, admin1)


def test_a_person_named_after_a_governorate_is_no_place():
    e = one("اعتقلت الشرطة التركية أنصار صلاح الدين دميرتاش خلال احتجاج في مدينة إسطنبول.")
    assert e.country == "TR"


def test_ordinary_words_are_no_geonames_towns():
    e = one("قتل مسلحون، الثلاثاء، رجلا يحمل بطاقة هوية عراقية في مدينة كركوك، بحسب وكالة فرانس برس.")
    assert (e.country, e.admin1) == ("IQ", "IQ-KI")
    e = one("خرجت احتجاجات سلمية في مدينة الناصرية جنوب العراق.")
    assert (e.country, e.admin1) == ("IQ", "IQ-DQ")


def test_salamiyah_written_with_its_article_is_still_a_town():
    e = one("قتل ثلاثة مدنيين بانفجار لغم أرضي في بادية السلمية.")
    assert (e.country, e.admin1) == ("SY", "SY-HM")


# --- Gaza, Amman -------------------------------------------------------------------------------------

def test_gaza_alone_is_the_strip_the_city_needs_its_name():
    e = one("شنت طائرات إسرائيلية غارات على مواقع لحركة حماس في غزة.")
    assert (e.country, e.admin1) == ("PS", None)
    e = one("شنت طائرات إسرائيلية غارات على مواقع لحركة حماس غرب مدينة غزة.")
    assert (e.country, e.admin1) == ("PS", "PS-GZA")


def test_amman_is_amman_in_a_report_about_jordan_oman_otherwise():
    e = one("تظاهر مئات الأردنيين في عمان احتجاجا على رفع الأسعار، وفرقت قوات الأمن الأردنية المحتجين.")
    assert (e.country, e.admin1) == ("JO", "JO-AM")


def test_an_armed_forces_command_is_no_sudanese_base():
    e = one("أعلنت القيادة العامة للقوات المسلحة الليبية إلقاء القبض على الإرهابي هشام عشماوي في مدينة درنة.")
    assert (e.country, e.admin1) == ("LY", "LY-DR")


def test_koya_written_in_two_words():
    e = one("قتل 12 شخصا في قصف صاروخي استهدف مقر الحزب في مدينة كوي سنجق.")
    assert (e.country, e.admin1) == ("IQ", "IQ-AR")


# --- who bombed, what happened to protesters, ground aimed at ---------------------------------------

def test_a_bombing_told_without_its_doer_takes_the_doer_told_before():
    text = ("شنت طائرات التحالف غارات على مواقع في محافظة صعدة الخميس. "
            "وقالت المنظمة الأممية إن قصفا استهدف حافلة تقل أطفالا في سوق مدينة ضحيان، شمالي صعدة، الخميس.")
    subs = {e.sub_event_type for e in rasad.extract(text, PUB)}
    assert subs == {"Air/drone strike"}


def test_a_bombing_after_gunmen_stays_a_shelling():
    text = ("نفذ مسلحون هجوما على رتل في محافظة بابل الاثنين. "
            "وسبق الهجوم بساعات قصف استهدف قاعدة في صلاح الدين.")
    subs = {e.sub_event_type for e in rasad.extract(text, PUB)}
    assert "Shelling/artillery/missile attack" in subs and "Air/drone strike" not in subs


def test_protesters_killed_are_excessive_force():
    e = one("أدانت الجامعة المجزرة التي ارتكبت ضد متظاهرين سلميين على حدود قطاع غزة الجمعة "
            "والتي راح ضحيتها 16 قتيلا.")
    assert e.sub_event_type == "Excessive force against protesters"


def test_a_liberation_aimed_at_is_the_fight():
    e = one("أطلقت قوات الجيش اليمني فجر الأربعاء معركة تحرير مدينة الحديدة بعد اشتباكات مع الحوثيين.")
    assert e.sub_event_type == "Armed clash"
    e = one("تمكنت قوات الجيش اليمني من تحرير مديرية حيس بعد اشتباكات عنيفة مع ميليشيا الحوثي.")
    assert e.sub_event_type == "Government regains territory"


# --- days ---------------------------------------------------------------------------------------------

def test_yesterday_monday_after_midnight_is_the_monday():
    # published Wednesday 16 May shortly after midnight: «أمس» says Tuesday, the weekday Monday
    [t] = find_times(normalize("سقطوا أمس الاثنين").text, date(2018, 5, 16))
    assert (t.rule, t.value) == ("yesterday_weekday", date(2018, 5, 14))
    [t] = find_times(normalize("سقطوا أمس الثلاثاء").text, date(2018, 5, 16))
    assert (t.rule, t.value) == ("yesterday_weekday", date(2018, 5, 15))


def test_friday_after_a_past_verb_is_a_day():
    e = one("وكان المحتجون قد اقتحموا الجمعة مقرات أحزاب وأضرموا النار فيها في مدينة البصرة.",
            "2018-09-08T08:00:00+00:00")
    assert str(e.event_date) == "2018-09-07"


# --- the most precise place the frame names -----------------------------------------------------------

def test_a_country_narrowed_down_in_the_frame_takes_the_governorate():
    e = one("قتل جنديان في هجوم على حاجز للجيش في سوريا قرب مدينة درعا الخميس.")
    assert (e.country, e.admin1) == ("SY", "SY-DR")


# --- months, mountains and neighbourhoods -------------------------------------------------------------

def test_the_month_august_is_no_ibb():
    text = "وفي 15 آب/أغسطس قصفت طائرات حربية مواقع في مدينة دمشق."
    assert {e.admin1 for e in rasad.extract(text, PUB)} == {"SY-DI"}


def test_a_mountain_named_after_a_far_city_is_not_that_city():
    e = one("أكد قائد اللواء في جبهة الجوف باليمن أن الجيش اليمني خاض الخميس اشتباكات عنيفة مع الحوثيين "
            "في جبل القاهرة الاستراتيجي.")
    assert e.country == "YE"


def test_dahiyeh_in_beirut_stays_dahiyeh():
    e = one("شن الجيش الإسرائيلي غارة جوية على الضاحية الجنوبية في بيروت الخميس.")
    assert (e.country, e.admin1) == ("LB", "LB-JL")


# --- a disappearance, an embassy's country, «السعودية» as an adjective --------------------------------

def test_a_person_gone_missing_at_a_consulate_is_a_forced_disappearance_in_turkey():
    e = one("وكان الصحفي، الذي عرف بانتقاد سياسة الحكومة السعودية، قد اختفى في الثاني من أكتوبر/تشرين الأول "
            "بعد زيارته القنصلية السعودية في إسطنبول.", "2018-10-13T10:00:00+00:00")
    assert (e.sub_event_type, str(e.event_date), e.country, e.admin1) == (
        "Abduction/forced disappearance", "2018-10-02", "TR", "TR-34")


def test_an_embassy_s_country_is_whose_it_is_not_where():
    e = one("اقتحم محتجون غاضبون مقر القنصلية الإيرانية في مدينة البصرة وأضرموا النار فيه الجمعة.",
            "2018-09-08T08:00:00+00:00")
    assert (e.country, e.admin1) == ("IQ", "IQ-BA")


# --- the day a toll is announced and the day it happened ---------------------------------------------

TOLL = ("أفادت مصادر طبية في محافظة ذي قار، اليوم الجمعة، بارتفاع عدد القتلى الذين سقطوا برصاص القوات الأمنية "
        "خلال تفريق المتظاهرين عند جسر الزيتون في مدينة الناصرية، يوم الخميس، إلى 25 قتيلاً.\n\n"
        "وفي مساء اليوم ذاته، أضرم محتجون غاضبون النار في مقر أحد الأحزاب السياسية وسط المدينة.")


def test_today_friday_after_a_statement_is_when_it_was_said():
    days = {e.sub_event_type: str(e.event_date) for e in rasad.extract(TOLL, "2019-11-29")}
    assert days.get("Excessive force against protesters") == "2019-11-28"


def test_the_same_day_is_the_day_told_last_even_by_a_toll():
    days = {e.sub_event_type: str(e.event_date) for e in rasad.extract(TOLL, "2019-11-29")}
    assert days.get("Violent demonstration") == "2019-11-28"


def test_an_arrest_for_a_private_murder_is_not_coded():
    evs = rasad.extract("أكدت السلطات اللبنانية، السبت، توقيف مطلوب يشتبه بتورطه في جريمة قتل خادمة عثر على جثتها "
                        "في شقة سكنية.", PUB)
    assert [e.sub_event_type for e in evs if e.sub_event_type == "Arrests"] == []
    e = one("أكدت السلطات اللبنانية، السبت، توقيف قيادي في تنظيم داعش في مدينة طرابلس شمال لبنان.")
    assert e.sub_event_type == "Arrests"
