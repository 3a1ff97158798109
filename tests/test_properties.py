"""Property tests: no input crashes the extractor, and every offset points at its mention."""
from hypothesis import assume, given, settings
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



# Sentences of our own for a wrapped paragraph: a figure in each clause, digits and units that
# a line break may cut anywhere.
CLAUSES = ["全县新建高标准农田16.07万亩", "完成造林面积1360.5公顷", "发放小额信贷1138.5万元",
           "地区生产总值增长5.1%", "年末常住人口23.6万人", "新建农村公路128.4公里", "粮食总产量21.37万吨",
           "接待游客86.2万人次", "城镇新增就业3260人", "新增规模以上工业企业12家"]


def _wrap(text: str, columns: int) -> str:
    lines, line, used = [], "", 0
    for c in text:
        w = 2 if ord(c) >= 0x2E80 else 1
        if used + w > columns:
            lines.append(line)
            line, used = "", 0
        line, used = line + c, used + w
    return "\n".join(lines + [line]) + "\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(CLAUSES), min_size=10, max_size=18), st.integers(min_value=30, max_value=70))
def test_wrapped_paragraph_reads_as_one(clauses, columns):
    """A paragraph hard-wrapped at any width (a PDF text layer) gives the records it gives in one
    line: the same values and units, each pointing at its mention as written (a break inside).
    Four lines or more: two or three lines alike in width are not yet a wrapped text (a title
    and its subtitle are too)."""
    para = "今年以来，" + "，".join(clauses) + "。"
    wrapped = _wrap(para, columns)
    assume(wrapped.count("\n") >= 4)
    flat = [(r.value, r.unit, r.indicator) for r in extract(para)]
    got = extract(wrapped)
    assert [(r.value, r.unit, r.indicator) for r in got] == flat
    for r in got:
        assert wrapped[r.start : r.end] == r.text and r.text.replace("\n", "") in para

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


def test_the_array_translation_of_long_texts_equals_str_translate():
    """normalize applies its table as one numpy lookup once a process has read _ARRAY_FROM
    characters: it must give exactly what str.translate gives, astral characters and lone
    surrogates included."""
    import random

    from extractor.normalize import _ARRAY_FROM, _table, _translate

    rng = random.Random(13)
    pools = [(0x20, 0x7E), (0x4E00, 0x9FFF), (0xFF01, 0xFF5E), (0x20000, 0x2FFFF), (0xE000, 0xFFFF)]
    text = "".join(chr(rng.randint(*rng.choice(pools))) for _ in range(_ARRAY_FROM + 5000)) + "萬畝，１２３𠮷"
    assert _translate(text) == text.translate(_table())
    broken = "全縣\ud800１２" * (_ARRAY_FROM // 5 + 1)
    assert _translate(broken) == broken.translate(_table())


def test_the_array_screen_of_pairs_finds_what_the_pair_by_pair_look_finds():
    """extractor.pairs screens a long text with numpy: the same positions as looking up every
    pair of characters, for the short names' and the full names' pairs, pairs at the text's
    ends and lone surrogates included."""
    import random

    from extractor.geography import _short_pairs
    from extractor.pairs import ARRAY_FROM
    from extractor.places import _suffix_pairs

    rng = random.Random(7)
    for pairs in (_short_pairs(), _suffix_pairs()):
        keys = sorted(pairs.pairs)
        pieces = [rng.choice(keys) if rng.random() < 0.05 else chr(rng.randint(0x4E00, 0x9FFF))
                  for _ in range(ARRAY_FROM)]
        text = keys[0] + "".join(pieces) + "，12" + keys[-1]
        for t in (text, text[:500] + "\ud800" + text[500:]):
            slow = [i for i in range(len(t) - 1) if t[i : i + 2] in pairs.pairs]
            assert len(slow) > 100
            assert pairs.starts(t) == slow
            assert pairs.starts(t, 300) == [i for i in slow if i >= 300]


def test_counted_nouns_found_by_their_first_two_characters_are_what_finditer_finds():
    """scan._noun_hits tries the counted-noun pattern only where a noun's first two characters
    stand: the same hits as one finditer over the text, overlapping nouns included."""
    import random

    from extractor.scan import _counted_noun, _noun_hits

    nouns, pattern, _ = _counted_noun()
    words = sorted(nouns)
    rng = random.Random(11)
    text = "".join(rng.choice(words) if rng.random() < 0.1 else rng.choice("全县新增万余户人名12，")
                   for _ in range(30_000))
    text += words[0] + words[0][:1]
    expected = [m.span() for m in pattern.finditer(text)]
    assert len(expected) > 100
    assert [m.span() for m in _noun_hits(text, pattern)] == expected
    assert [m.span() for m in _noun_hits(text[:300], pattern)] == [m.span() for m in pattern.finditer(text[:300])]


_PIECES = ["近", "将近", "接近", "超过", "上", "逾", "百", "千", "万", "亿", "一二", "三四", "七八", "十", "元", "块钱",
           "块", "圆", "角", "毛", "分", "5", "三", "人", "，", "亩", "钱"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_patterns_tried_at_their_possible_starts_find_what_finditer_finds(pieces):
    """scan tries the lone-magnitude, neighbour-digit and money-tail patterns only where a
    ``str.find`` says a match can start: the same matches as scanning every position."""
    from extractor.pairs import found_at, hits_from
    from extractor.scan import _NEIGHBOUR_PAIRS, _NEIGHBOURS, _has_money_tail, _lone_hits, _lone_magnitude, _money_tail

    text = "".join(pieces)
    assert [m.span() for m in _lone_hits(text)] == [m.span() for m in _lone_magnitude().finditer(text)]
    # neighbours: the matches whose two digits are neighbours (三四, not 三三, which the stage drops)
    kept = [m.span() for m in _NEIGHBOURS.finditer(text) if m["a"] + m["b"] in _NEIGHBOUR_PAIRS]
    assert [m.span() for m in hits_from(text, _NEIGHBOURS, found_at(text, _NEIGHBOUR_PAIRS))] == kept
    assert _has_money_tail(text) == (_money_tail().search(text) is not None)
    words = ["块钱", "近", "七八"]
    assert found_at(text, words) == {i for i in range(len(text)) for w in words if text.startswith(w, i)}


@given(st.lists(st.sampled_from(["(", ")", "xiāng", "cun", "[b]", "[/b]", "[", " ", "  ", "鄉", "巫", "a", "1"]),
                max_size=30))
def test_noise_tried_at_its_first_characters_is_what_finditer_finds(pieces):
    """Glosses, tags and spaces inside words are looked for only at a ( [ or space."""
    from extractor.pairs import found_at, hits_from
    from extractor.wrap import _NOISE_FIRST, NOISE, noise

    text = "".join(pieces)
    expected = [m.span() for m in NOISE.finditer(text)]
    assert [m.span() for m in noise(text)] == expected
    assert [m.span() for m in hits_from(text, NOISE, found_at(text, _NOISE_FIRST))] == expected
