"""Events at sea follow GUIDELINES §5: the sea or strait is the location, the coastal state is the
country only where the report names its waters, admin1 is always null (issue 15)."""
import pytest

import extractkit

PUB = "2026-06-10T08:00:00+03:00"


def only(text):
    return extractkit.only(text, PUB)


@pytest.mark.parametrize("text,where,country", [
    ("استهداف سفينة تجارية في البحر الأحمر بصاروخ باليستي فجر اليوم", "Red Sea", None),
    ("هجوم بطائرة مسيرة على ناقلة نفط في مضيق هرمز فجر اليوم", "Strait of Hormuz", None),
    # fifty miles off Aden is not Yemen's waters: the report names a distance, not the waters
    ("استهداف سفينة في خليج عدن على بعد 50 ميلا بحريا جنوب شرق عدن", "Gulf of Aden", None),
    ("استهداف سفينة تجارية بصاروخ في البحر الأحمر قبالة سواحل الحديدة فجر اليوم", "Red Sea", "YE"),
    ("هجوم بزورق مسير على ناقلة نفط في المياه الإقليمية الإيرانية قرب مضيق هرمز", "Strait of Hormuz", "IR"),
    ("هجوم على سفينة شحن في باب المندب قبالة سواحل اليمن", "Bab al-Mandab", "YE"),
])
def test_a_ship_hit_at_sea(text, where, country):
    e = only(text)
    assert (e.location, e.country, e.admin1, e.geo_precision) == (where, country, None, 3)


def test_named_waters_without_a_sea_name_the_state():
    e = only("استهداف سفينة شحن بطائرة مسيرة قبالة سواحل الحديدة فجر اليوم")
    assert (e.country, e.admin1, e.geo_precision) == ("YE", None, 3)
    assert "سواحل الحديدة" in e.location


def test_an_attack_on_land_by_the_sea_is_on_land():
    e = only("قصف صاروخي يستهدف مدينة الحديدة المطلة على البحر الأحمر فجر اليوم")
    assert (e.country, e.admin1) == ("YE", "YE-HU")
