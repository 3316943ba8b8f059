"""Numbers in normalised text: digits, words, compounds, multipliers."""
import pytest

from rasad.text.normalize import normalize
from rasad.text.numbers import find_numbers, number_before, word_value


def values(s: str) -> list[int]:
    return [n.value for n in find_numbers(normalize(s).text)]


@pytest.mark.parametrize("src,val", [
    ("3", 3), ("17", 17), ("250", 250), ("1,200", 1200), ("1.200", 1200),
])
def test_digits(src, val):
    assert values(src) == [val]


@pytest.mark.parametrize("src,val", [
    ("واحد", 1), ("ثلاثة", 3), ("ثلاث", 3), ("خمسة", 5), ("عشرة", 10), ("عشرين", 20), ("عشرون", 20),
    ("تسعين", 90), ("مئة", 100), ("مائة", 100), ("مئتين", 200), ("ثلاثمئة", 300), ("خمسمائة", 500),
    ("ألف", 1000), ("ألفين", 2000), ("الفين", 2000), ("ألفان", 2000), ("مليون", 1_000_000),
])
def test_number_words(src, val):
    assert values(src) == [val]


@pytest.mark.parametrize("src,val", [
    ("خمسة وعشرين", 25), ("تسعة وتسعين", 99), ("أحد عشر", 11), ("احد عشر", 11), ("إحدى عشرة", 11),
    ("اثنا عشر", 12), ("ثلاثة عشر", 13), ("خمسة عشر", 15), ("مئة وخمسين", 150),
    ("ثلاث مئة", 300), ("ألف ومئتين", 1200), ("سبعة آلاف وخمسمئة", 7500),
])
def test_compounds(src, val):
    assert values(src) == [val]


@pytest.mark.parametrize("src,val", [
    ("3 آلاف", 3000), ("ثلاثة آلاف", 3000), ("2 مليون", 2_000_000), ("٣ آلاف", 3000),
])
def test_multipliers(src, val):
    assert values(src) == [val]


@pytest.mark.parametrize("src,val", [
    ("١٧", 17), ("٢٥", 25), ("۴۵", 45), ("١٬٢٠٠", 1200),
])
def test_arabic_indic_digits_after_normalisation(src, val):
    assert values(src) == [val]


def test_numbers_in_a_sentence_with_offsets():
    text = normalize("قتل ١٢ شخصا وأصيب خمسة وعشرون آخرون").text
    found = find_numbers(text)
    assert [(text[n.start:n.end], n.value) for n in found] == [("12", 12), ("خمسه وعشرون", 25)]


def test_number_glued_to_conjunction_waw():
    # «17 قتيلا و30 جريحا»: the «و» written against the digits does not hide the 30
    assert values("أسفر عن 17 قتيلا و30 جريحا") == [17, 30]


def test_two_separate_number_words_are_not_added():
    # «ثلاثة» and «خمسة» counted different things: no «و» joins them into a compound
    assert values("ثلاثة قتلى خمسة جرحى") == [3, 5]


def test_proclitic_on_number_word():
    assert values("والعشرين") == [20]


def test_word_value():
    assert word_value("ثلاثه") == 3
    assert word_value("والعشرين") == 20
    assert word_value("17") == 17
    assert word_value("قصف") is None


def test_vague_words_are_not_counts():
    assert values("عشرات الجرحى ومئات النازحين") == []


def test_number_before():
    text = normalize("سقط 17 قتيلا").text
    n = number_before(text, text.index("قتيلا"))
    assert n is not None and n.value == 17 and text[n.start:n.end] == "17"


def test_no_numbers_in_plain_words():
    assert values("قصف مدفعي على البلدة") == []
