"""An event whose place no gazetteer resolves is still written, with the place as read (issue 15).

The village, base and refinery names here are invented for the test: no gazetteer has them."""
import pytest

import extractkit
import rasad
from rasad.mentions.unresolved import place_texts
from rasad.text.normalize import normalize

PUB = "2026-06-10T08:30:00+03:00"


def only(text):
    return extractkit.only(text, PUB)


@pytest.mark.parametrize("text,where", [
    ("هجوم بطائرات مسيرة يستهدف قاعدة أبو خشيبة الجوية فجر اليوم", "قاعدة أبو خشيبة الجوية"),
    ("هجوم بطائرة مسيرة يستهدف مصفاة الحويجل فجر اليوم", "مصفاة الحويجل"),
    ("قصف مدفعي يستهدف قرية كفر زنبرة صباح اليوم", "قرية كفر زنبرة"),
    ("انفجار عبوة ناسفة على رتل في منطقة تلال المسيرب دون إصابات", "منطقة تلال المسيرب"),
])
def test_unresolved_place_is_still_an_event(text, where):
    e = only(text)
    assert e.location == where and e.location_ar == where
    assert e.admin1 is None and e.geo_precision == 3 and e.latitude is None
    assert any(p.field == "place" and p.rule == "place:unresolved" for p in e.provenance)


def test_unresolved_place_is_less_sure_than_a_resolved_one():
    placed = only("هجوم بطائرات مسيرة يستهدف قاعدة حرير في أربيل فجر اليوم")
    unplaced = only("هجوم بطائرات مسيرة يستهدف قاعدة أبو خشيبة الجوية فجر اليوم")
    assert placed.admin1 == "IQ-AR"
    assert unplaced.confidence < placed.confidence


def test_country_from_the_sentence_beats_a_country_level_fallback():
    e = only("هجوم بطائرة مسيرة على حقل أبو زنيبة النفطي في العراق فجر اليوم")
    assert (e.location, e.country, e.admin1, e.geo_precision) == ("حقل أبو زنيبة النفطي", "IQ", None, 3)


def test_country_from_the_articles_other_places():
    text = ("قصف مدفعي تركي يستهدف قرية كاني زركيت فجر اليوم دون إصابات.\n"
            "وتتعرض المناطق الحدودية في العراق لقصف متكرر منذ أشهر.")
    evs = [e for e in rasad.extract(text, published=PUB) if e.location == "قرية كاني زركيت"]
    assert evs and evs[0].country == "IQ" and evs[0].admin1 is None


def test_no_country_when_nothing_says_one():
    assert only("قصف مدفعي يستهدف قرية كفر زنبرة صباح اليوم").country is None


@pytest.mark.parametrize("text", [
    "هدد الحرس الثوري باستهداف قاعدة أبو خشيبة الجوية إذا استمر التصعيد",
    "نفى المتحدث العسكري تعرض مصفاة الحويجل لأي هجوم",
])
def test_a_named_unknown_site_does_not_make_a_threat_or_denial_an_event(text):
    assert rasad.extract(text, published=PUB) == []


@pytest.mark.parametrize("text,names", [
    ("استهداف قاعدة عسكرية أمريكية فجر اليوم", []),  # a description, not a name
    ("استهداف قاعدة أبو خشيبة الجوية في الصحراء", ["قاعده ابو خشيبه الجويه"]),
    ("قصف بلدة أم الخنازير، وقرية الدويرة", ["بلده ام الخنازير", "قريه الدويره"]),
    ("غارة على مخيم للنازحين", []),
])
def test_place_texts(text, names):
    t = normalize(text).text
    assert [p.text for p in place_texts(t, 0, len(t))] == names


def test_a_resolved_name_is_not_unresolved():
    t = normalize("قصف قرية الموصل").text
    start = t.index("الموصل")
    assert place_texts(t, 0, len(t), taken=[(start, start + len("الموصل"))]) == []


def test_a_country_adjective_after_the_name_says_the_country():
    e = only("هجمات صاروخية عنيفة تتعرض لها مدينة زرنوفسك الروسية من قبل أوكرانيا")
    assert (e.location, e.country, e.admin1) == ("مدينة زرنوفسك", "RU", None)


def test_two_unknown_places_in_one_article_are_two_events():
    evs = rasad.extract("قصف مدفعي يستهدف قرية كفر زنبرة صباح اليوم. وقصف مدفعي آخر يستهدف قرية تل الشويحطة",
                        published=PUB)
    assert sorted(e.location for e in evs) == ["قرية تل الشويحطة", "قرية كفر زنبرة"]
