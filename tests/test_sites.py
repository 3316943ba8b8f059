"""Sites as reports name them: a one-line attack report on a base, port, plant, crossing or embassy
gives an event in the site's ISO 3166-2 unit (tests/data/site_attacks.tsv), also when the report
names the country, a nearby city or a region as well."""
from pathlib import Path

import pytest

import rasad
from rasad.mentions.gazetteer import default_gazetteer
from rasad.mentions.places import geocode

DATA = Path(__file__).parent / "data" / "site_attacks.tsv"
REPORT = "هجوم بطائرات مسيرة يستهدف {} فجر اليوم"


def _sites() -> list[list[str]]:
    rows = [ln.split("\t") for ln in DATA.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return rows[1:]


def _unit(text: str) -> tuple:
    events = rasad.extract(text, published="2026-03-02")
    return (events[0].country, events[0].admin1, events[0].geo_precision) if events else (None, None, None)


def test_site_attacks_land_in_their_unit():
    sites = _sites()
    assert len(sites) >= 72
    misses = []
    for site, country, admin1 in sites:
        got = _unit(REPORT.format(site))
        if got[:2] != (country, admin1):
            misses.append((site, admin1, got))
    right = len(sites) - len(misses)
    print(f"site attacks in the right unit: {right}/{len(sites)} = {right / len(sites):.3f}")
    assert right / len(sites) >= 0.95, misses


@pytest.mark.parametrize("text,admin1", [
    ("هجوم بطائرات مسيرة يستهدف قاعدة موفق السلطي الجوية في الأردن فجر اليوم", "JO-AZ"),
    ("سقوط صاروخ على معسكر بيورينغ شمال الكويت فجر اليوم", "KW-JA"),
    ("قصف صاروخي يستهدف قاعدة عين الأسد غربي الأنبار صباح اليوم", "IQ-AN"),
    ("هجوم بطائرة مسيرة على مطار أربيل قرب مدينة أربيل فجر اليوم", "IQ-AR"),
    ("قصف إسرائيلي يستهدف مطار التيفور العسكري في ريف حمص الشرقي", "SY-HI"),
    ("غارة جوية على ميناء رأس عيسى النفطي في اليمن", "YE-HU"),
    # the press puts the airport in a town of another district: the site, not the town
    ("الحوثيون يعلنون استهداف مطار بن غوريون في يافا المحتلة بصاروخ", "IL-M"),
    ("انفجارات في قاعدة العديد الأمريكية في قطر بعد هجوم صاروخي", "QA-RA"),
    ("غارة على تلة الحمامص قرب الخيام جنوب لبنان", "LB-NA"),
])
def test_site_beats_country_city_and_region(text, admin1):
    assert _unit(text)[1] == admin1


def test_a_site_likened_to_is_not_the_place():
    assert geocode("على غرار فشل منظومة الدفاع بالسفارة الأمريكية") == []
    assert geocode("هجوم على السفارة الأمريكية في بغداد")[0][1].admin1 == "IQ-BG"


def test_site_is_precise():
    country, admin1, precision = _unit(REPORT.format("قاعدة العديد الجوية في قطر"))
    assert (country, admin1, precision) == ("QA", "QA-RA", 1)


def test_every_site_has_a_unit_and_coordinates():
    kinds = {"base", "airbase", "airport", "port", "oil_terminal", "refinery", "oilfield", "gasfield", "power_plant",
             "desalination_plant", "nuclear_site", "facility", "dam", "border_crossing", "checkpoint", "embassy",
             "hill", "camp"}
    sites = [p for p in default_gazetteer().places.values() if p.id.startswith("site-")]
    assert len(sites) >= 300
    bad = [p.id for p in sites if p.kind not in kinds or p.lat is None or not p.country
           or (p.admin1 or "").split("-")[0] != p.country]
    assert not bad, bad



def test_two_countries_tie_goes_to_the_place_nearest_the_trigger():
    from rasad.model import Article
    from rasad.pipeline import extract_article

    post = Article("t", "طائرة تفشل في الهبوط في مطار بن غوريون بسبب القصف الإيراني على الأردن",
                   published="2026-03-02T10:00:00+03:00", source="channel (Telegram)")
    assert [e.country for e in extract_article(post, learned=False)] == ["JO"]
