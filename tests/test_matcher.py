"""The automaton pass: clitics, the article, wildcards and word boundaries."""
from rasad.mentions.matcher import Entry, Form, Matcher
from rasad.text.normalize import normalize


def _matcher() -> Matcher:
    m = Matcher()
    trig = Entry("trigger", "clash")
    m.add("اشتباك*", Form(trig, False, False, False))
    m.add("قصف", Form(Entry("trigger", "shelling"), False, False, False))
    place = Entry("place", "iq-mosul")
    m.add("الموصل", Form(place, False, False, True))
    m.add("بغداد", Form(Entry("place", "iq-baghdad"), False, False, True))
    return m.build()


def _labels(text: str) -> list[tuple[str, str]]:
    t = normalize(text).text
    return [(h.label, t[h.start:h.end]) for h in _matcher().find(t)]


def test_place_with_proclitics_and_article():
    assert _labels("وقع هجوم بالموصل") == [("iq-mosul", "بالموصل")]
    assert _labels("وفي الموصل") == [("iq-mosul", "الموصل")]
    assert _labels("للموصل") == [("iq-mosul", "للموصل")]


def test_place_with_article_needs_it():
    # «موصل» without the article is not the city
    assert _labels("جهاز موصل للكهرباء") == []


def test_place_without_article_refuses_it_and_suffixes():
    assert _labels("وببغداد") == [("iq-baghdad", "وببغداد")]
    assert _labels("البغداد") == []
    assert _labels("بغدادي") == []


def test_wildcard_and_pronoun_suffix():
    assert _labels("اشتباكات عنيفة") == [("clash", "اشتباكات")]
    assert _labels("وقصفها الجيش") == [("shelling", "وقصفها")]
    assert _labels("القصف") == [("shelling", "القصف")]


def test_inside_other_word_is_not_a_hit():
    assert _labels("مقصفة") == []
