"""Text layer: normalisation with offsets, sentences, clitics, numbers."""
import random

from rasad.text.normalize import normalize
from rasad.text.numbers import find_numbers
from rasad.text.sentences import split_sentences
from rasad.text.tokens import split_prefix


def test_letters_digits_marks():
    n = normalize("أَعلنت إدارةُ الـمدينة آمنة ٣ ۴ مستشفى")
    assert n.text == "اعلنت اداره المدينه امنه 3 4 مستشفي"


def test_ligature_and_controls():
    n = normalize("\u200fﻻ قصف\u200e")
    assert n.text == "لا قصف"
    s, e = n.span(0, 2)
    assert n.original[s:e] == "ﻻ"


def test_offsets_round_trip_each_word():
    text = "قُتِلَ   ثلاثةُ أشخاصٍ، وأُصيب ٤ آخرون في الموصلِ"
    n = normalize(text)
    for word in n.text.split():
        i = n.text.index(word)
        s, e = n.span(i, i + len(word))
        assert normalize(text[s:e]).text == word


def test_offsets_monotonic_on_random_text():
    rng = random.Random(7)
    alphabet = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "\u064e\u064f\u0650\u0651\u0640" + "٠١٢٣ ۴" + "ﻻ" + "  \n"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        n = normalize(text)
        prev = -1
        for i in range(len(n.text)):
            o = n.to_original(i)
            assert 0 <= o < len(text) and o >= prev
            prev = o


def test_sentences_respect_quotes_and_numbers():
    text = "قال المتحدث «انفجرت العبوة. ولم يصب أحد» أمس. بلغت النسبة 1.7 بالمئة! هل انتهى؟\nسطر جديد"
    sents = [text[s.start:s.end] for s in split_sentences(text)]
    assert sents == ["قال المتحدث «انفجرت العبوة. ولم يصب أحد» أمس.", "بلغت النسبة 1.7 بالمئة!",
                     "هل انتهى؟", "سطر جديد"]


def test_proclitics():
    assert split_prefix("وبالموصل") == ("وبال", "موصل")
    assert split_prefix("للتحالف") == ("لل", "تحالف")
    assert split_prefix("وبحسب") == ("وب", "حسب")


def test_numbers():
    def vals(t):
        return [x.value for x in find_numbers(normalize(t).text)]
    assert vals("ثلاثة أشخاص") == [3]
    assert vals("خمسة وعشرين جريحا") == [25]
    assert vals("احد عشر شخصا") == [11]
    assert vals("3 آلاف") == [3000]
    assert vals("١٧ قتيلا") == [17]
    assert vals("مئة وخمسين") == [150]
