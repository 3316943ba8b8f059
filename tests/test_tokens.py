"""Clitics: proclitic chains split off written words."""
import pytest

from rasad.text.normalize import normalize
from rasad.text.tokens import split_prefix, tokenize, word_bounds


@pytest.mark.parametrize("word,prefix,stem", [
    ("وبالموصل", "وبال", "موصل"),
    ("للتحالف", "لل", "تحالف"),
    ("وبحسب", "وب", "حسب"),
    ("والجيش", "وال", "جيش"),
    ("بالصواريخ", "بال", "صواريخ"),
    ("فالقوات", "فال", "قوات"),
    ("وللقوات", "ولل", "قوات"),
    ("كالعاده", "كال", "عاده"),
])
def test_split_prefix(word, prefix, stem):
    assert split_prefix(word) == (prefix, stem)


def test_split_prefix_leaves_a_stem_of_two_letters_at_least():
    assert split_prefix("ول") == ("", "ول")
    assert split_prefix("بل") == ("", "بل")


def test_word_without_proclitic():
    assert split_prefix("قصف") == ("", "قصف")
    assert split_prefix("موصل") == ("", "موصل")


def test_tokenize_offsets_and_clitics():
    text = normalize("وبالموصل قُتل عنصر للتحالف، وبحسب المصدر").text
    toks = tokenize(text)
    assert [(t.text, t.prefix, t.stem) for t in toks] == [
        ("وبالموصل", "وبال", "موصل"), ("قتل", "", "قتل"), ("عنصر", "", "عنصر"),
        ("للتحالف", "لل", "تحالف"), ("وبحسب", "وب", "حسب"), ("المصدر", "ال", "مصدر")]
    for t in toks:
        assert text[t.start:t.end] == t.text


def test_tokenize_skips_punctuation():
    assert [t.text for t in tokenize("قصف، ثم «هدوء».")] == ["قصف", "ثم", "هدوء"]


def test_word_bounds_expands_to_the_written_word():
    text = "وبالموصل اليوم"
    assert word_bounds(text, 4, 8) == (0, 8)
