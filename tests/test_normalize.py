"""Normalisation: each character mapping, and the offset map back to the original text."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.text.normalize import normalize, normalize_key


def N(s: str) -> str:
    return normalize(s).text


# --- one mapping at a time ----------------------------------------------------------

@pytest.mark.parametrize("src,out", [
    ("أحمد", "احمد"),      # alef with hamza above
    ("إربيل", "اربيل"),    # alef with hamza below
    ("آمنة", "امنه"),      # alef madda (and ta marbuta)
    ("ٱلله", "الله"),      # alef wasla
    ("مؤتمر", "موتمر"),    # waw with hamza
    ("رئيس", "رييس"),      # ya with hamza
])
def test_hamza_and_alef_forms(src, out):
    assert N(src) == out


def test_three_spellings_of_erbil_meet():
    assert N("أربيل") == N("اربيل") == N("إربيل") == "اربيل"


def test_ta_marbuta_becomes_ha():
    assert N("مدينة البصرة") == "مدينه البصره"


def test_alef_maqsura_becomes_ya():
    assert N("مستشفى على") == "مستشفي علي"


def test_diacritics_removed():
    # fathatan, dammatan, kasratan, fatha, damma, kasra, shadda, sukun, superscript alef
    assert N("قُتِلَ مُسَلَّحٌ وَجُرِحَ اثْنانِ بِسُرْعَةٍ هٰذا") == "قتل مسلح وجرح اثنان بسرعه هذا"


def test_tatweel_removed():
    assert N("شـــهداء الـمدينة") == "شهداء المدينه"


def test_arabic_indic_digits():
    assert N("٠١٢٣٤٥٦٧٨٩") == "0123456789"


def test_persian_digits():
    assert N("۰۱۲۳۴۵۶۷۸۹") == "0123456789"


def test_digits_inside_text():
    assert N("مقتل ١٧ شخصاً و۴ جرحى") == "مقتل 17 شخصا و4 جرحي"


@pytest.mark.parametrize("src,out", [
    ("ﻻ", "لا"),          # lam-alef ligature
    ("ﻷ", "لا"),          # lam-alef with hamza above
    ("ﻹ", "لا"),          # lam-alef with hamza below
    ("ﻵ", "لا"),          # lam-alef with madda
    ("ﷲ", "الله"),        # the Allah ligature
    ("ﺑﻐﺪاد", "بغداد"),   # initial / medial / final presentation forms of letters
    ("ﻣﺪﻳﻨﺔ", "مدينه"),   # presentation form of ta marbuta maps on like the letter
])
def test_presentation_forms(src, out):
    assert N(src) == out


def test_presentation_form_harakah_is_deleted_not_turned_into_a_space():
    # U+FE70 is the isolated form of fathatan: a diacritic, which is deleted like U+064B;
    # it must not split the word with a space (NFKC gives " ً").
    assert N("شكرﹰا") == "شكرا"


@pytest.mark.parametrize("ctrl", ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u061c",
                                  "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                  "\u2066", "\u2067", "\u2068", "\u2069", "\u00ad"])
def test_bidi_and_zero_width_controls_removed(ctrl):
    assert N(f"قصف{ctrl} بغداد{ctrl}") == "قصف بغداد"


def test_runs_of_spaces_fold_to_one():
    assert N("قصف    على  بغداد") == "قصف علي بغداد"


def test_tabs_and_nbsp_are_spaces_and_fold():
    assert N("قصف\t\t على\xa0\xa0بغداد") == "قصف علي بغداد"


def test_newline_kept_and_spaces_after_it_dropped():
    assert N("قصف.\n   ثم") == "قصف.\nثم"


def test_latin_lowercased():
    assert N("ISIS وCNN") == "isis وcnn"


def test_normalize_key_collapses_whitespace():
    assert normalize_key("  قاعدة   عين\u0640 الأسد ") == "قاعده عين الاسد"


def test_already_normal_text_unchanged():
    s = "قصف مدفعي علي بلده الخيام"
    assert N(s) == s


# --- offsets -------------------------------------------------------------------------

def _check_words(text: str) -> None:
    n = normalize(text)
    for m in re.finditer(r"\S+", n.text):
        s, e = n.span(m.start(), m.end())
        assert normalize(text[s:e]).text == m.group(), (text, m.group(), text[s:e])


def test_span_of_word_after_harakat_tatweel_and_spaces():
    text = "قُتِلَ   ثـلاثةُ أشخاصٍ في المـوصلِ"
    n = normalize(text)
    i = n.text.index("ثلاثه")
    s, e = n.span(i, i + len("ثلاثه"))
    assert text[s:e] == "ثـلاثةُ"[:-1]  # the trailing damma is outside the last letter's span
    assert normalize(text[s:e]).text == "ثلاثه"
    _check_words(text)


def test_span_after_ligature():
    text = "ﻻ قصف في ﺑﻐﺪاد"
    n = normalize(text)
    assert n.text == "لا قصف في بغداد"
    i = n.text.index("بغداد")
    s, e = n.span(i, i + 5)
    assert text[s:e] == "ﺑﻐﺪاد"
    s, e = n.span(0, 2)
    assert text[s:e] == "ﻻ"


def test_span_after_controls_and_digits():
    text = "\u200fمقتل\u200e ١٢ شخصاً"
    n = normalize(text)
    i = n.text.index("12")
    s, e = n.span(i, i + 2)
    assert text[s:e] == "١٢"
    s, e = n.span(0, 4)
    assert text[s:e] == "مقتل"


def test_empty_span_maps_to_a_point():
    n = normalize("قَصف")
    assert n.span(2, 2) == (n.to_original(2),) * 2


ALPHABET = (list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئىة")
            + list("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")  # harakat
            + ["\u0640"]  # tatweel
            + list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
            + [" ", "  ", "\n", "\t", "\xa0"]
            + list("ﻻﻷﻹﻵﷲﺑﻐﺪﻪﺔ")  # ligatures and presentation forms
            + ["\u200f", "\u200e", "\u200b", "\u200c", "\u202b", "\u202c", "\u2067", "\u2069", "\ufeff"])

texts = st.lists(st.sampled_from(ALPHABET), max_size=50).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_property_each_word_round_trips(text):
    _check_words(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_property_offsets_monotonic_and_in_range(text):
    n = normalize(text)
    prev = -1
    for i, ch in enumerate(n.text):
        o = n.to_original(i)
        assert 0 <= o < len(text)
        assert o >= prev
        # the original character at o is the one this normalised character came from
        assert ch in normalize(text[o]).text or (ch == " " and text[o].isspace())
        prev = o
    assert n.to_original(len(n.text)) == len(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_property_whole_span_covers_text(text):
    n = normalize(text)
    s, e = n.span(0, len(n.text))
    assert normalize(text[s:e]).text == n.text
    # what lies outside the span is only characters that normalisation deletes or folds away
    assert normalize(text[:s]).text.strip() == "" and normalize(text[e:]).text.strip() == ""
