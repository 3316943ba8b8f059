"""End-to-end extraction on Arabic sentences written for the tests."""
import pytest

import rasad

PUB = "2024-03-12"  # a Tuesday


def one(text, pub=PUB):
    evs = rasad.extract(text, published=pub)
    assert len(evs) == 1, [(e.sub_event_type, e.location) for e in evs]
    return evs[0]


@pytest.mark.parametrize("text,sub", [
    ("اندلعت اشتباكات عنيفة بين مسلحين وقوات الأمن في قضاء المقدادية بمحافظة ديالى أمس.", "Armed clash"),
    ("تمكنت قوات الجيش من تحرير قرية الخفشة بعد معارك مع المسلحين، الاثنين.", "Government regains territory"),
    ("شن الطيران الحربي الإسرائيلي غارة على بلدة الخيام جنوبي لبنان أمس.", "Air/drone strike"),
    ("فجر انتحاري يرتدي حزاما ناسفا نفسه وسط سوق في مدينة الرمادي أمس.", "Suicide bomb"),
    ("سقطت ثلاثة صواريخ كاتيوشا على قاعدة عين الأسد الجوية فجر اليوم.", "Shelling/artillery/missile attack"),
    ("انفجرت عبوة ناسفة على رتل عسكري في قضاء المسيب شمالي بابل أمس.", "Remote explosive/landmine/IED"),
    ("ألقى مجهولون قنبلة يدوية على منزل مواطن في مدينة البصرة أمس وأسفر الهجوم عن إصابة شخصين.", "Grenade"),
    ("اختطف مسلحون مجهولون صحفيا في حي الكرادة وسط بغداد أمس.", "Abduction/forced disappearance"),
    ("نظم العشرات وقفة احتجاجية أمام مبنى محافظة البصرة أمس.", "Peaceful protest"),
    ("فرقت قوات الأمن تظاهرة في مدينة الناصرية بالغاز المسيل للدموع أمس.", "Protest with intervention"),
    ("أعلن جهاز الأمن الوطني اعتقال قيادي في تنظيم داعش في قضاء الطارمية أمس.", "Arrests"),
    ("أعلنت قيادة العمليات تفكيك عبوة ناسفة مزروعة على طريق في قضاء المسيب أمس.", "Disrupted weapons use"),
    ("الدفاعات الجوية تعترض طائرتين مسيرتين في سماء أربيل اليوم دون إصابات.", "Disrupted weapons use"),
    ("هجوم بالصواريخ والطائرات المسيرة يستهدف قاعدة حرير في أربيل اليوم.", "Shelling/artillery/missile attack"),
    ("استهداف دبابة إسرائيلية قرب بلدة مارون الراس اليوم.", "Shelling/artillery/missile attack"),
])
def test_subtypes(text, sub):
    evs = rasad.extract(text, published=PUB)
    assert evs and evs[0].sub_event_type == sub, [(e.sub_event_type, e.location) for e in evs]


def test_ied_record_fields():
    e = one("انفجرت عبوة ناسفة، صباح الاثنين، على رتل في محافظة الديوانية بعد جسر عفك، دون أضرار مادية أو بشرية.")
    assert (e.event_date, e.country, e.admin1, e.location) == ("2024-03-11", "IQ", "IQ-QA", "Afak bridge")
    assert e.fatalities == 0 and e.injuries == 0
    assert e.evidence[0].text.startswith("انفجرت عبوة") and e.trigger.text == "انفجرت"


def test_casualty_counts():
    e = one("اندلعت اشتباكات مسلحة في حي السيدية ببغداد اليوم أسفرت عن مقتل شخصين وإصابة خمسة آخرين.")
    assert (e.fatalities, e.injuries) == (2, 5)
    e = one("قتيلان في انفجار عبوة ناسفة استهدفت سيارة في قضاء المسيب اليوم.")
    assert e.fatalities == 2
    e = one("سقطت قذائف هاون على بلدة الخيام اليوم ولم تعرف حصيلة الضحايا.")
    assert e.fatalities is None


@pytest.mark.parametrize("text", [
    "هدد قائد الفصيل باستهداف القواعد الأمريكية في العراق إذا لم تنسحب القوات.",
    "أعلنت الوزارة أن أكثر من 60 هجوما وقعت منذ مطلع العام في محافظة ديالى.",
    "من المقرر أن تجري الجولة المقبلة من الحوار في بغداد يوم الاثنين المقبل.",
    "نفت وزارة الدفاع استهداف أي منشأة مدنية في محافظة نينوى.",
    "في حال تعرضت القاعدة لهجوم فإن الرد سيكون قاسيا.",
    "سمع دوي انفجارات في مدينة أربيل مساء اليوم.",
    "أعلنت الشرطة القبض على تاجر مخدرات في محافظة البصرة بحوزته حبوب كبتاجون.",
    "أجرت القوات تدريبات بالذخيرة الحية وأطلقت صواريخ اختبارية في صحراء الأنبار.",
    "هل تستهدف إسرائيل بيروت مجددا؟",
])
def test_non_events(text):
    assert rasad.extract(text, published=PUB) == []


def test_three_villages_three_events_and_merge():
    text = ("شن الطيران الحربي الإسرائيلي، أمس، غارات على بلدات الخيام وميس الجبل وعيتا الشعب جنوبي لبنان.\n"
            "وأفادت مصادر محلية بأن الغارة على الخيام دمرت منزلا.")
    evs = rasad.extract(text, published=PUB)
    assert sorted(e.location for e in evs) == ["Aita al-Shaab", "Khiam", "Meiss al-Jabal"]
    assert all(e.sub_event_type == "Air/drone strike" and e.admin1 == "LB-NA" for e in evs)


def test_same_rocket_attack_told_twice_is_one():
    text = ("سقط صاروخان على قاعدة بلد الجوية في محافظة صلاح الدين أمس.\n\n"
            "وكانت الخلية قد ذكرت أن الصاروخين سقطا في السياج الخارجي لقاعدة بلد الجوية دون إصابات.")
    evs = rasad.extract(text, published=PUB)
    assert len(evs) == 1 and evs[0].location == "Balad Air Base" and len(evs[0].evidence) >= 1


def test_two_ieds_two_provinces():
    text = "انفجرت عبوتان ناسفتان أمس: الأولى في قضاء المسيب بمحافظة بابل، والثانية في قضاء عفك بمحافظة الديوانية."
    evs = rasad.extract(text, published=PUB)
    assert sorted(e.admin1 for e in evs) == ["IQ-BB", "IQ-QA"]


def test_counted_rockets_are_not_dead():
    e = one("سقوط ثلاثة صواريخ كاتيوشا على قاعدة عين الأسد الجوية اليوم.")
    assert e.fatalities is None
    e = one("سقوط ثلاثة قتلى بقصف مدفعي على بلدة الخيام اليوم.")
    assert e.fatalities == 3
