"""The gazetteer files load, name what reports name, and resolve ambiguous names by context."""
import rasad
from rasad.mentions.gazetteer import default_gazetteer


def test_codes_of_well_known_places():
    g = default_gazetteer()
    for name, admin1 in [("قاعدة بلد الجوية", "IQ-SD"), ("جسر عفك", "IQ-QA"), ("الخيام", "LB-NA"),
                         ("مجدل زون", "LB-JA"), ("الضاحية الجنوبية", "LB-JL"), ("بندرعباس", "IR-22"),
                         ("ذيبان", "SY-DY"), ("قاعدة العديد", "QA-RA")]:
        assert admin1 in {p.admin1 for p in g.lookup(name)}, name


def test_common_words_are_not_places():
    evs = rasad.extract("اندلعت اشتباكات في المدينة بعد بيان التحالف أمس.", published="2024-03-12")
    assert all(e.location is None for e in evs) or evs == []


def test_ambiguous_name_follows_article_country():
    text = "سوريا: قصف مدفعي على بلدة الطيبة في ريف درعا أمس."
    evs = rasad.extract(text, published="2024-03-12")
    assert evs and evs[0].country == "SY"
    text = "جنوب لبنان: قصف مدفعي على بلدة الطيبة أمس."
    evs = rasad.extract(text, published="2024-03-12")
    assert evs and (evs[0].country, evs[0].admin1) == ("LB", "LB-NA")


def test_country_alone_is_not_its_capital():
    e = rasad.extract("دوي انفجارات في الكويت نتيجة هجوم صاروخي", published="2024-03-12T10:00:00+03:00")[0]
    assert (e.country, e.admin1) == ("KW", None)
