"""No wildcard merges (issue 15): a report whose place is unresolved joins another only when both
name the same place or site, and a merged record takes all its place fields from one report."""
from __future__ import annotations

import rasad
from rasad.dedupe import cluster_events, match_score, merge_cluster
from rasad.dedupe.cluster import same_site, unresolved_place
from rasad.model import Event, FieldSource, Span

PUB = "2026-06-10T09:00:00+03:00"


def _extract(aid: str, text: str, pub: str = PUB) -> list[Event]:
    evs = rasad.extract(text, published=pub, article_id=aid)
    assert evs, text
    for e in evs:
        e.published = pub
    return evs


def _ev(aid, loc, country=None, admin1=None, precision=1, lat=None, lon=None, text="سقطت صواريخ",
        place_id="x", rule="place:frame", sub="Shelling/artillery/missile attack") -> Event:
    prov = [FieldSource("event_date", "2026-06-10", "time:today"), FieldSource("place", place_id, rule)]
    return Event(aid, "Explosions/Remote violence", sub, event_date="2026-06-10", country=country,
                 admin1=admin1, location=loc, location_ar=loc, latitude=lat, longitude=lon,
                 geo_precision=precision, published=PUB, evidence=[Span(0, len(text), text)],
                 provenance=prov, event_id=aid)


def test_an_attack_on_erbil_never_merges_with_a_ship_at_bab_al_mandab():
    erbil = _extract("a", "هجوم صاروخي إيراني يستهدف مدينة أربيل فجر اليوم")[0]
    ship = _extract("b", "استهداف سفينة تجارية بصاروخ في مضيق باب المندب فجر اليوم")[0]
    assert erbil.admin1 == "IQ-AR" and ship.location == "Bab al-Mandab"
    assert match_score(erbil, ship) is None and match_score(ship, erbil) is None
    assert len(cluster_events([erbil, ship])) == 2


def test_a_placeless_report_is_no_wildcard():
    placed = _ev("a", "Erbil", "IQ", "IQ-AR", lat=36.19, lon=44.01, text="هجوم بصواريخ على أربيل")
    nowhere = _ev("b", None, precision=3, place_id=None, rule="place:none", text="هجوم بالصواريخ فجر اليوم")
    assert unresolved_place(nowhere) and not unresolved_place(placed)
    assert match_score(placed, nowhere) is None


def test_statements_do_not_merge_into_a_country_level_event():
    first = _ev("a", "Iran", "IR", precision=3, place_id="cc-IR", text="انفجار في إيران")
    second = _ev("b", "Iran", "IR", precision=3, place_id="cc-IR", text="دوي انفجارات في إيران")
    assert match_score(first, second) is None  # one country named by both is not one site


def test_reports_naming_the_same_unknown_site_merge():
    a = _extract("a", "هجوم بطائرات مسيرة يستهدف قاعدة أبو خشيبة الجوية فجر اليوم")[0]
    b = _extract("b", "طائرات مسيرة تهاجم قاعدة أبو خشيبة فجر اليوم", pub="2026-06-10T10:00:00+03:00")[0]
    assert unresolved_place(a) and unresolved_place(b)
    assert same_site(a, b)
    assert len(cluster_events([a, b])) == 1


def test_two_unknown_sites_are_two_events():
    a = _extract("a", "هجوم بطائرات مسيرة يستهدف قاعدة أبو خشيبة الجوية فجر اليوم")[0]
    b = _extract("b", "هجوم بطائرات مسيرة يستهدف مصفاة الحويجل فجر اليوم")[0]
    assert match_score(a, b) is None


def test_the_same_ship_merges_even_when_one_report_names_no_sea():
    a = _ev("a", "Red Sea", None, precision=3, place_id="s-red-sea", text="استهداف السفينة «ماجيك سيز» في البحر الأحمر")
    b = _ev("b", None, None, precision=3, place_id=None, rule="place:none", text="غرق السفينة «ماجيك سيز» بعد استهدافها")
    c = _ev("c", None, None, precision=3, place_id=None, rule="place:none", text="استهداف سفينة تجارية")
    assert same_site(a, b) and match_score(a, b) is not None
    assert match_score(a, c) is None


def test_a_merged_record_takes_every_place_field_from_one_report():
    precise = _ev("a", "Erbil", "IQ", "IQ-AR", lat=36.19, lon=44.01, place_id="p-erbil")
    coarse = _ev("b", "Iraq", "IQ", None, precision=3, place_id="cc-IQ")
    sea = _ev("c", "Bab al-Mandab", None, None, precision=3, place_id="s-bab-mandab")
    for members in ([sea, coarse], [coarse, sea], [precise, coarse], [coarse, precise]):
        m = merge_cluster(members)
        src = next(x for x in members if x.location == m.location)
        assert (m.country, m.admin1, m.latitude, m.geo_precision) == \
            (src.country, src.admin1, src.latitude, src.geo_precision)
        assert next(p.value for p in m.provenance if p.field == "place") == \
            next(p.value for p in src.provenance if p.field == "place")
