"""The numeral grammar: every integer written in Chinese numerals in each style people use reads
back as itself (parse_number alone and inside a sentence), and what is not a number is refused."""
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.errors import ZhibiaoError
from extractor.value import NumberError, parse_number

PLAIN = "零一二三四五六七八九"
FORMAL = "零壹贰叁肆伍陆柒捌玖"
SMALL = {"plain": "十百千", "formal": "拾佰仟"}


def _section(n: int, digits: str, small: str, elide: bool) -> str:
    """0 < n < 10000 in Chinese: 1305 -> 一千三百零五; with ``elide`` 1300 -> 一千三."""
    out, zero, places = [], False, [(1000, small[2]), (100, small[1]), (10, small[0]), (1, "")]
    for i, (p, name) in enumerate(places):
        d = n // p % 10
        if d:
            if zero and out:
                out.append(digits[0])
            out.append(digits[d] + name)
            zero = False
            rest = n % p
            if elide and name and rest and rest % (p // 10) == 0 and rest // (p // 10) < 10 and p >= 100:
                out.append(digits[rest // (p // 10)])  # 一千三: the next place left out
                return "".join(out)
        elif out:
            zero = True
    return "".join(out)


def chinese(n: int, style: str = "plain", elide: bool = False) -> str:
    """n (0 < n < 10**12) written with 万 and 亿 sections."""
    digits = FORMAL if style == "formal" else PLAIN
    small = SMALL[style]
    groups = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")]
    out, need_zero = [], False
    for i, (g, big) in enumerate(groups):
        if not g:
            need_zero = bool(out)
            continue
        last = i == len(groups) - 1 or not any(x for x, _ in groups[i + 1 :])
        if elide and last and out and not need_zero and not big and g % 1000 == 0:
            out.append(digits[g // 1000])  # 一万三: the 千 left out after 万
            break
        if out and (need_zero or g < 1000):
            out.append(digits[0])
        out.append(_section(g, digits, small, elide and last and not big) + big)
        need_zero = False
    return "".join(out)


def mixed(n: int) -> str:
    """n written with Arabic digits in Chinese sections: 13500 -> 1万3千5百."""
    out, zero = [], False
    for p, name in ((10**8, "亿"), (10**4, "万"), (1000, "千"), (100, "百")):
        d = n // p % (10**4 if p >= 10**4 else 10)
        if d:
            out.append(("零" if zero else "") + str(d) + name)
        zero = bool(out) and not d
    rest = n % 100
    if rest:
        out.append(("零" if zero else "") + str(rest))
    return "".join(out)


def test_the_renderers_write_what_people_write():
    assert chinese(13000) == "一万三千" and chinese(13000, elide=True) == "一万三"
    assert chinese(1012) == "一千零一十二" and chinese(100056) == "一十万零五十六"
    assert chinese(2450, elide=True) == "二千四百五" and chinese(3000, "formal") == "叁仟"
    assert mixed(13500) == "1万3千5百" and mixed(20300030) == "2030万零30"


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=1, max_value=10**12 - 1), st.sampled_from(["plain", "formal"]), st.booleans())
def test_chinese_numerals_round_trip(n, style, elide):
    assert parse_number(chinese(n, style, elide)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**11))
def test_mixed_scripts_round_trip(n):
    assert parse_number(mixed(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["plain", "formal", "mixed"]))
def test_a_written_amount_is_one_record_of_its_value(n, style):
    written = mixed(n) if style == "mixed" else chinese(n, style)
    text = f"全年发放补贴{written}元。"
    records = extract(text)
    assert [r.text for r in records] == [f"{written}元"]
    assert records[0].base_value == n and records[0].base_unit == "元"


@pytest.mark.parametrize("text", ["", "x", "三x", "点", "万a", "%", "第三"])
def test_what_is_not_a_number_is_refused_with_one_error(text):
    with pytest.raises(NumberError) as err:
        parse_number(text)
    assert isinstance(err.value, ZhibiaoError) and "\n" not in str(err.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="〇零一二三四五六七八九十百千万亿两廿卅点壹贰拾佰仟0123456789.", max_size=12))
def test_parse_number_is_total(text):
    try:
        parse_number(text)
    except NumberError:
        pass


def _table():
    path = Path(__file__).parent / "cases" / "numerals.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return [pytest.param(w, v, id=f"{f}-{w}") for w, v, f in rows]


@pytest.mark.parametrize("written,value", _table())
def test_written_numbers_table(written, value):
    assert parse_number(written) == Decimal(value)
