"""Sentence splitting: enders, lines, quotes, decimals and abbreviations."""
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.text.normalize import normalize
from rasad.text.sentences import split_sentences


def S(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_splits_on_full_stop():
    assert S("سقطت قذيفة على الحي. ولم تسجل إصابات.") == ["سقطت قذيفة على الحي.", "ولم تسجل إصابات."]


def test_splits_on_exclamation_and_latin_question_mark():
    assert S("انفجار عنيف! ما السبب? لا أحد يعلم") == ["انفجار عنيف!", "ما السبب?", "لا أحد يعلم"]


def test_splits_on_arabic_question_mark():
    assert S("هل انتهت المعارك؟ يقول السكان إنها مستمرة.") == ["هل انتهت المعارك؟", "يقول السكان إنها مستمرة."]


def test_splits_on_newline_without_full_stop():
    assert S("عاجل: اشتباكات في المدينة\nمصادر محلية تتحدث عن قتلى") == [
        "عاجل: اشتباكات في المدينة", "مصادر محلية تتحدث عن قتلى"]


def test_blank_line_starts_a_new_paragraph():
    text = "الفقرة الأولى انتهت.\n\nالفقرة الثانية بدأت."
    sents = split_sentences(text)
    assert [text[s.start:s.end] for s in sents] == ["الفقرة الأولى انتهت.", "الفقرة الثانية بدأت."]
    assert sents[0].paragraph < sents[1].paragraph


def test_no_split_inside_guillemets():
    text = "قال المتحدث «سقط صاروخ على القاعدة. لم يصب أحد» مساء أمس. وأضاف أن التحقيق جار."
    assert S(text) == ["قال المتحدث «سقط صاروخ على القاعدة. لم يصب أحد» مساء أمس.",
                       "وأضاف أن التحقيق جار."]


def test_no_split_inside_curly_quotes():
    text = "وكتب المحافظ “الوضع تحت السيطرة. لا داعي للقلق” على حسابه. وانتهى الأمر."
    assert S(text) == ["وكتب المحافظ “الوضع تحت السيطرة. لا داعي للقلق” على حسابه.", "وانتهى الأمر."]


def test_no_split_inside_decimal_number():
    assert S("ارتفعت النسبة إلى 1.7 بالمئة. وهذا رقم قياسي.") == [
        "ارتفعت النسبة إلى 1.7 بالمئة.", "وهذا رقم قياسي."]


def test_no_split_inside_decimal_after_normalisation():
    text = normalize("ارتفعت النسبة إلى ١٫٧ بالمئة. وهذا رقم قياسي.").text
    assert S(text) == ["ارتفعت النسبه الي 1.7 بالميه.", "وهذا رقم قياسي."]


def test_no_split_after_doctor_abbreviation():
    assert S("صرح د. أحمد الخفاجي بأن المصابين نقلوا إلى المستشفى. وأضاف أن حالتهم مستقرة.") == [
        "صرح د. أحمد الخفاجي بأن المصابين نقلوا إلى المستشفى.", "وأضاف أن حالتهم مستقرة."]


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert split_sentences("  \n \n\t ") == []


def test_offsets_are_stripped_slices():
    text = "  أولى.   ثانية!  \n  ثالثة؟  "
    sents = split_sentences(text)
    assert [(s.start, s.end) for s in sents] == [(2, 7), (10, 16), (21, 27)]


PIECES = ["قصف", "على", "بغداد", "1.7", "د.", " ", " ", " ", ".", "!", "?", "؟", "\n", "\n\n",
          "«", "»", "“", "”", "(", ")", '"', "...", "في", "\t"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_property_sentences_are_ordered_nonempty_stripped_slices(text):
    sents = split_sentences(text)
    prev_end = 0
    for s in sents:
        piece = text[s.start:s.end]
        assert piece, (text, s)
        assert piece == piece.strip()
        assert s.start >= prev_end  # in order, no overlap
        prev_end = s.end
    # nothing but whitespace is lost between sentences
    covered = "".join(text[s.start:s.end] for s in sents)
    assert "".join(covered.split()) == "".join(text.split())


def test_a_line_that_is_only_a_date_runs_on_into_the_next():
    from rasad.text.normalize import normalize
    t = normalize("مشاهد من عملية استهداف بتاريخ\n03-06-2026\nآلية عسكرية عند أطراف بلدة الخيام.").text
    sents = split_sentences(t)
    assert len(sents) == 1 and "03-06-2026" in t[sents[0].start:sents[0].end]
