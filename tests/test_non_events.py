"""What not to code (GUIDELINES §2-§3): each report below holds no event."""
import pytest

import rasad

PUB = "2024-03-11"


def none_in(text: str) -> None:
    evs = rasad.extract(text, published=PUB)
    assert evs == [], [(e.sub_event_type, e.location, e.modality) for e in evs]


# --- threats and promises ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "هدد فصيل مسلح باستمرار استهداف القواعد الأمريكية في العراق وسوريا.",
    "سنواصل استهداف قواعد الاحتلال الأمريكي في الأنبار حتى خروج آخر جندي.",
    "توعدت الفصائل المسلحة بقصف قاعدة عين الأسد في الأنبار إذا لم تنسحب القوات الأمريكية.",
    "أكد قائد عسكري أن قواته ستستهدف أي تحرك لتنظيم داعش في صحراء الأنبار.",
], ids=["threat_continue_targeting", "we_will_continue", "vowed_to_shell", "will_target"])
def test_threat(text):
    none_in(text)


# --- aggregates and statistics -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "تعرضت القوات الأمريكية لأكثر من 60 هجوما منذ مطلع العام في العراق وسوريا.",
    "قتل 500 مدني خلال عام 2020 في محافظة ديالى بحسب إحصائية لمنظمة حقوقية.",
    "تعرضت القوات الأمريكية لأكثر من 60 هجوما بالصواريخ والطائرات المسيرة منذ مطلع العام في العراق وسوريا.",
    "شن تنظيم داعش أكثر من 60 هجوما في محافظة ديالى العام الماضي.",
], ids=["60_attacks_since_new_year", "500_civilians_in_2020", "60_rocket_and_drone_attacks", "60_attacks_last_year"])
def test_aggregate(text):
    none_in(text)


# --- plans and schedules -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ستجري الجولة القادمة من الحوار الاستراتيجي بين بغداد وواشنطن يوم 7 نيسان في بغداد.",
    "تستعد القوات الأمنية لشن هجوم واسع على مواقع تنظيم داعش في صحراء الأنبار الأسبوع المقبل.",
    "من المقرر أن تنظم تظاهرة حاشدة في ساحة التحرير وسط بغداد يوم الجمعة المقبل.",
], ids=["next_round_of_talks", "preparing_an_offensive", "protest_planned_for_friday"])
def test_plan(text):
    none_in(text)


# --- statements, denials, condemnations ----------------------------------------------

@pytest.mark.parametrize("text", [
    "أدانت وزارة الخارجية العراقية القصف الذي استهدف مدينة أربيل.",
    "نفت قيادة العمليات المشتركة وقوع أي هجوم على قاعدة عين الأسد في الأنبار.",
    "نفت قيادة العمليات المشتركة تعرض قاعدة عين الأسد في الأنبار لهجوم صاروخي.",
    "استنكر محافظ البصرة الاعتداء على المتظاهرين في مدينة البصرة.",
    "قالت وزارة الخارجية إن العراق يحترم سيادة دول الجوار، مؤكدة رفضها لأي هجوم ينطلق من أراضيه على مدينة أربيل.",
], ids=["condemned_bombardment", "denied_any_attack", "denied_rocket_attack", "denounced_assault",
        "respects_sovereignty"])
def test_statement_denial_condemnation(text):
    none_in(text)


# --- troop withdrawals as policy ----------------------------------------------------

@pytest.mark.parametrize("text", [
    "قلصت الولايات المتحدة تواجدها العسكري في العراق بنحو 60 بالمئة بعد سحب قواتها من قاعدة عين الأسد في الأنبار.",
    "أعلنت واشنطن انسحاب قواتها من قاعدة عين الأسد في الأنبار وإعادة تموضعها في أربيل ضمن اتفاق مع بغداد.",
], ids=["reduced_presence_60pc", "withdrawal_and_redeployment"])
def test_troop_withdrawal_policy(text):
    none_in(text)


# --- hypotheticals and questions ----------------------------------------------------

@pytest.mark.parametrize("text", [
    "في حال تعرضت قاعدة عين الأسد في الأنبار لهجوم صاروخي فإن القوات الأمريكية سترد بقوة.",
    "قد يؤدي أي هجوم على قاعدة عين الأسد في الأنبار إلى تصعيد خطير.",
], ids=["in_case_of_attack", "any_attack_may_lead"])
def test_hypothetical(text):
    none_in(text)


def test_question():
    none_in("هل تتعرض قاعدة عين الأسد في الأنبار لهجوم صاروخي جديد؟")


# --- old background attack recalled without a date -----------------------------------

def test_background_attack_recalled_without_date():
    none_in("قال المتحدث باسم التحالف الدولي إن قواته باقية في العراق. "
            "وكانت قاعدة عين الأسد في الأنبار قد تعرضت لهجوم صاروخي.")


def test_background_attack_recalled_with_vague_month():
    none_in("وكانت قاعدة عين الأسد في الأنبار قد تعرضت الشهر الماضي لهجوم صاروخي.")


def test_background_recall_beside_the_news_peg_is_not_a_second_event():
    evs = rasad.extract("سقط صاروخان على قاعدة عين الأسد في الأنبار صباح اليوم دون وقوع إصابات. "
                        "وكانت قاعدة حرير في أربيل قد تعرضت لهجوم بطائرة مسيرة في وقت سابق.", published=PUB)
    assert [(e.sub_event_type, e.event_date) for e in evs] == [("Shelling/artillery/missile attack", "2024-03-11")]


# --- explosions heard, no cause given ------------------------------------------------

@pytest.mark.parametrize("text", [
    "انفجارات تسمع في مدينة أربيل.",
    "سمعت أصوات انفجارات قوية في مدينة أربيل مساء اليوم.",
    "سماع دوي انفجارات في مدينة أربيل.",
    "هز انفجار قوي مدينة كركوك مساء اليوم.",
], ids=["explosions_heard", "sounds_of_explosions", "boom_heard", "blast_shook_city"])
def test_explosions_heard_without_cause(text):
    none_in(text)


# --- a court case about an old killing -----------------------------------------------

@pytest.mark.parametrize("text", [
    "أصدرت محكمة جنايات البصرة حكما بالإعدام على مدان بقتل مواطن في مدينة البصرة عام 2019.",
    "نظرت محكمة جنايات الكرخ في قضية اغتيال ناشط مدني في بغداد قبل أربع سنوات.",
    "قضت محكمة جنايات الكرخ بالإعدام على مدان بتفجير سيارة مفخخة في بغداد عام 2016.",
], ids=["death_sentence_for_killing", "trial_over_assassination", "sentence_for_car_bomb"])
def test_court_case_about_old_killing(text):
    none_in(text)


# --- routine criminal arrests --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ألقت مفارز مكافحة المخدرات القبض على تاجر مخدرات في مدينة البصرة.",
    "اعتقلت شرطة البصرة ثلاثة أشخاص بحوزتهم حبوب مخدرة في مدينة البصرة.",
    "ألقت قوات الأمن القبض على عصابة لتجارة المخدرات في بغداد.",
], ids=["drug_dealer", "pills", "drug_gang"])
def test_drug_arrests(text):
    none_in(text)


# --- military exercise with missiles ------------------------------------------------

@pytest.mark.parametrize("text", [
    "أجرت القوات الإيرانية تدريبات عسكرية أطلقت خلالها صواريخ باليستية في محافظة خوزستان.",
    "نفذت القوات البحرية الإيرانية مناورات عسكرية أطلقت خلالها صواريخ في مضيق هرمز.",
    "أطلق الحرس الثوري صواريخ باليستية خلال مناورات في محافظة هرمزكان.",
], ids=["drills_ballistic", "naval_manoeuvres", "irgc_during_manoeuvres"])
def test_military_exercise(text):
    none_in(text)


# --- history: more than a year before publication (GUIDELINES §3) -------------------

@pytest.mark.parametrize("text", [
    "في الأول من تموز عام 1988 أسقطت سفينة حربية أمريكية طائرة ركاب إيرانية فوق مياه الخليج وقتل 290 شخصا.",
    "أسقطت الدفاعات الجوية في 12 آذار 2023 طائرة مسيرة قرب قاعدة حرير في أربيل.",
], ids=["1988_shoot_down", "a_year_and_a_day"])
def test_history_is_not_coded(text):
    assert rasad.extract(text, published="2024-03-12") == []


def test_an_event_within_the_year_is_still_coded():
    evs = rasad.extract("أسقطت الدفاعات الجوية في 14 آذار 2023 طائرة مسيرة قرب قاعدة حرير في أربيل.",
                        published="2024-03-12")
    assert [(e.sub_event_type, e.event_date) for e in evs] == [("Disrupted weapons use", "2023-03-14")]


# --- an attack feared -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "نزح آلاف المدنيين من بلدة تل رفعت خشية من هجوم وشيك للفصائل المسلحة.",
    "أغلقت المحال التجارية في مدينة الباب أبوابها خوفا من قصف تركي على المدينة.",
], ids=["fled_fearing_imminent_attack", "closed_fearing_shelling"])
def test_an_attack_feared_is_no_event(text):
    none_in(text)
