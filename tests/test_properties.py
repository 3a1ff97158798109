"""Property tests: no input crashes the extractor, and every offset points at its mention."""
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract

# Text made of the characters that matter to the scanner, so that numbers and units meet often.
ALPHABET = st.sampled_from(list("0123456789.,， %％万亿千百十一二两三四五六七八九零〇点余多约近以上下至-—、和元亩户人个家吨公里次头年月第“”|\t\n萬畝戶億１２．"))
mixed = st.text(alphabet=st.one_of(ALPHABET, st.characters()), max_size=120)


@settings(max_examples=400, deadline=None)
@given(mixed)
def test_any_text_gives_valid_records(text):
    for r in extract(text):
        assert text[r.start : r.end] == r.text
        assert r.start < r.end
        assert r.base_value >= 0
        assert r.sentence is None or r.text in r.sentence


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_is_safe(text):
    for r in extract(text):
        assert text[r.start : r.end] == r.text


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["户", "万元", "亩", "人次", "%"]))
def test_arabic_numbers_round_trip(n, unit):
    text = f"全县共有{n}{unit}。"
    (r,) = extract(text)
    assert r.value == n and r.unit == unit


PATHOLOGICAL = {
    "a list without end": "12、" * 20000 + "3亩",
    "numerals without end": "一二三四五六七八九十万亿" * 5000,
    "magnitudes": "万" * 30000,
    "quotes": "“五个一”" * 10000,
    "places": "通山县崇阳县石南镇" * 6000,
    "short names in their prefecture": "来源:咸宁网\n" + "通山崇阳通城" * 8000,
    "one endless sentence": "全县新建高标准农田16.07万亩" * 5000,
    "table rows": "县\t面积(亩)\t12\n" * 8000,
}


def test_pathological_inputs_finish():
    """Long runs without punctuation must not make any stage quadratic (each takes well under a
    second; a quadratic stage would take minutes)."""
    for name, text in PATHOLOGICAL.items():
        for r in extract(text):
            assert text[r.start : r.end] == r.text, name
            assert len(r.sentence) <= 700, name
