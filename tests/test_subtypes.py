"""ACLED sub-types (GUIDELINES §2), end to end: one short report, one event, the right sub-type.

Places are not asserted here (the gazetteer is being rebuilt); each sentence names a
well-known town or governorate so that the event can be located at all.
"""
import pytest

import rasad

PUB = "2024-03-11"  # a Monday

BATTLES = "Battles"
ERV = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
SD = "Strategic developments"


def codes(text: str) -> list[tuple[str, str]]:
    return [(e.event_type, e.sub_event_type) for e in rasad.extract(text, published=PUB)]


CASES = [
    # Battles
    ("armed_clash", BATTLES, "Armed clash",
     "اندلعت اشتباكات بين قوات الجيش ومسلحين في قضاء المقدادية بمحافظة ديالى يوم الأحد."),
    ("armed_clash_maarik", BATTLES, "Armed clash",
     "دارت معارك عنيفة بين الجيش السوداني وقوات الدعم السريع في مدينة الفاشر."),
    ("regains_tahrir", BATTLES, "Government regains territory",
     "حررت القوات الأمنية مدينة الرمادي من سيطرة تنظيم داعش."),
    ("regains_istiada", BATTLES, "Government regains territory",
     "استعادت القوات العراقية السيطرة على قرية البو عيثة جنوب بغداد بعد معارك مع مسلحي داعش."),
    ("overtakes_ijtah", BATTLES, "Non-state actor overtakes territory",
     "اجتاحت عناصر تنظيم داعش مدينة الرمادي."),
    ("overtakes_saytara", BATTLES, "Non-state actor overtakes territory",
     "سيطر مسلحو تنظيم داعش على مدينة الرمادي."),
    ("overtakes_hts", BATTLES, "Non-state actor overtakes territory",
     "سيطرت هيئة تحرير الشام على بلدة سراقب في ريف إدلب بعد انسحاب قوات النظام منها."),
    # Explosions/Remote violence
    ("air_drone_strike", ERV, "Air/drone strike",
     "شنت طائرة مسيرة غارة على سيارة في قضاء القائم غربي الأنبار."),
    ("suicide_bomb", ERV, "Suicide bomb",
     "فجر انتحاري يرتدي حزاما ناسفا نفسه في سوق شعبي بمدينة كركوك."),
    ("shelling_mortars", ERV, "Shelling/artillery/missile attack",
     "سقطت ثلاث قذائف هاون على حي سكني في مدينة الموصل."),
    ("ied", ERV, "Remote explosive/landmine/IED",
     "انفجرت عبوة ناسفة على دورية للشرطة في قضاء الطارمية شمال بغداد."),
    ("grenade_exploded", ERV, "Grenade",
     "انفجرت قنبلة يدوية ألقاها مجهولون على منزل في مدينة العمارة."),
    ("grenade_thrown", ERV, "Grenade",
     "ألقى مجهولون قنبلة يدوية على منزل ضابط في مدينة العمارة."),
    ("chemical_sarin", ERV, "Chemical weapon",
     "تعرضت بلدة خان شيخون لهجوم بغاز السارين."),
    ("chemical_attack_with_weapons", ERV, "Chemical weapon",
     "هاجمت قوات النظام بلدة خان شيخون بالأسلحة الكيماوية."),
    # Violence against civilians
    ("attack_assassination", VAC, "Attack",
     "اغتال مسلحون مجهولون ناشطا مدنيا في مدينة البصرة."),
    ("attack_civilian_shot_dead", VAC, "Attack",
     "قتل مدني برصاص مسلحين مجهولين في مدينة البصرة."),
    ("attack_gunmen_opened_fire", VAC, "Attack",
     "أطلق مسلحون مجهولون النار على مواطن أمام منزله في مدينة البصرة."),
    ("abduction", VAC, "Abduction/forced disappearance",
     "اختطف مسلحون مجهولون ناشطا مدنيا في مدينة الناصرية."),
    # Protests
    ("peaceful_protest", PROTESTS, "Peaceful protest",
     "تظاهر المئات في مدينة البصرة للمطالبة بتوفير فرص العمل."),
    ("peaceful_sit_in", PROTESTS, "Peaceful protest",
     "اعتصم العشرات من الخريجين أمام مبنى محافظة البصرة."),
    ("protest_dispersed", PROTESTS, "Protest with intervention",
     "فرقت قوات الأمن بالغاز المسيل للدموع تظاهرة لعشرات الخريجين في مدينة الكوت."),
    ("protesters_arrested", PROTESTS, "Protest with intervention",
     "اعتقلت قوات الأمن عشرات المتظاهرين خلال تظاهرة في ساحة التحرير وسط بغداد."),
    ("excessive_force", PROTESTS, "Excessive force against protesters",
     "قتل ثلاثة متظاهرين بالرصاص الحي خلال تظاهرة في مدينة الناصرية."),
    # Riots
    ("violent_demo_burning", RIOTS, "Violent demonstration",
     "أحرق محتجون غاضبون مقر حزب سياسي في مدينة الناصرية."),
    ("violent_demo_stones", RIOTS, "Violent demonstration",
     "رشق متظاهرون غاضبون قوات الأمن بالحجارة خلال تظاهرة في مدينة الناصرية."),
    ("violent_demo_storm_and_burn", RIOTS, "Violent demonstration",
     "اقتحم متظاهرون غاضبون مبنى مجلس محافظة البصرة وأضرموا النار فيه."),
    # Strategic developments
    ("arrest_militant", SD, "Arrests",
     "اعتقلت القوات الأمنية قياديا في تنظيم داعش في قضاء الحويجة غرب كركوك."),
    ("arrest_journalist", SD, "Arrests",
     "اعتقلت القوات الأمنية صحفيا في مدينة السليمانية."),
    ("disrupted_defused_ied", SD, "Disrupted weapons use",
     "تمكنت القوات الأمنية من تفكيك عبوة ناسفة مزروعة على جانب طريق في قضاء الطارمية."),
    ("disrupted_seized_rockets", SD, "Disrupted weapons use",
     "ضبطت القوات الأمنية صواريخ معدة للإطلاق في مدينة البصرة."),
    ("disrupted_found_rockets", SD, "Disrupted weapons use",
     "عثرت القوات الأمنية على صواريخ معدة للإطلاق في مدينة البصرة."),
]


@pytest.mark.parametrize("event_type,sub,text", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_scored_subtype(event_type, sub, text):
    assert codes(text) == [(event_type, sub)]


# --- the special cases of GUIDELINES §2 ----------------------------------------------

SPECIAL = [
    ("intercepted_drones_nothing_hit", SD, "Disrupted weapons use",
     "اعترضت الدفاعات الجوية طائرتين مسيرتين في سماء أربيل دون وقوع أضرار."),
    ("shot_down_missile", SD, "Disrupted weapons use",
     "أسقطت الدفاعات الجوية صاروخا باليستيا في سماء أربيل."),
    ("drone_shot_down_near_base", SD, "Disrupted weapons use",
     "أعلنت قوات التحالف إسقاط طائرة مسيرة قرب قاعدة حرير في أربيل."),
    ("some_intercepted_one_hit", ERV, "Shelling/artillery/missile attack",
     "اعترضت الدفاعات الجوية صاروخين فيما سقط صاروخ ثالث على مطار أربيل الدولي."),
    ("missiles_and_drones_one_place", ERV, "Shelling/artillery/missile attack",
     "هجوم بالصواريخ والطائرات المسيرة يستهدف قاعدة عين الأسد في الأنبار."),
    ("targeting_a_tank_no_means", ERV, "Shelling/artillery/missile attack",
     "استهداف دبابة إسرائيلية في محيط بلدة الخيام جنوبي لبنان."),
    ("israeli_raids", ERV, "Air/drone strike",
     "شن الطيران الإسرائيلي غارات على مدينة النبطية جنوبي لبنان."),
    ("us_raids", ERV, "Air/drone strike",
     "شنت طائرات أمريكية غارات على مواقع لكتائب حزب الله في قضاء القائم غربي الأنبار."),
    ("us_bombardment_qasf_amriki", ERV, "Air/drone strike",
     "استهدف قصف أمريكي مقرا لفصيل مسلح في منطقة جرف الصخر شمال بابل."),
    ("booby_trapped_drone_on_base", ERV, "Air/drone strike",
     "هاجمت طائرة مسيرة مفخخة قاعدة حرير في أربيل."),
    ("suicide_drone_on_gas_field", ERV, "Air/drone strike",
     "استهدفت مسيرة انتحارية حقل كورمور الغازي في محافظة السليمانية."),
    ("drone_exploded_on_airport", ERV, "Air/drone strike",
     "انفجرت طائرة مسيرة مفخخة على مطار أربيل الدولي."),
]


@pytest.mark.parametrize("event_type,sub,text", [c[1:] for c in SPECIAL], ids=[c[0] for c in SPECIAL])
def test_special_case(event_type, sub, text):
    assert codes(text) == [(event_type, sub)]


def test_event_type_always_matches_sub_type():
    from rasad.events.classify import SUBTYPE_TYPE
    for _, event_type, sub, text in CASES + SPECIAL:
        for et, st in codes(text):
            assert SUBTYPE_TYPE[st] == et, (text, et, st)
