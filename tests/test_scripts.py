"""The same facts written in traditional characters or Chinese numerals give the same records."""
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED, needs_shared
from extractor import extract
from extractor.data import t2s
from extractor.value import parse_number

DIGITS = "零一二三四五六七八九"


def to_traditional(text: str) -> str:
    """Character-for-character simplified -> traditional, from our own table reversed."""
    s2t = {}
    for trad, simp in sorted(t2s().items()):
        s2t.setdefault(simp, trad)
    return "".join(s2t.get(c, c) for c in text)


def chinese_numeral(n: int) -> str:
    """Write 0 <= n < 10**12 in Chinese numerals (一千零五, 三万四千, 十二亿零三百万)."""
    if n == 0:
        return "零"

    def under_10k(x: int) -> str:
        out, zero = "", False
        for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // value % 10
            if d:
                out += ("零" if zero and out else "") + DIGITS[d] + name
                zero = False
            else:
                zero = bool(out)
        return out

    out = ""
    for value, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        part = n // value % 10**4 if value < 10**8 else n // value
        if part:
            if out and part < 1000:
                out += "零"
            out += under_10k(part) + name
    return out


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_numerals_round_trip(n):
    assert parse_number(chinese_numeral(n)) == n, chinese_numeral(n)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=99999), st.sampled_from(["户", "人", "亩", "个", "吨"]))
def test_chinese_numeral_mentions(n, unit):
    text = f"全县新增{chinese_numeral(n)}{unit}。"
    (r,) = extract(text)
    assert r.base_value == n and text[r.start : r.end] == r.text


FIELDS = ("start", "end", "base_value", "base_unit", "qualifier", "change", "direction", "modality", "county",
          "city", "place", "year", "indicator", "indicator_id")


def _real_texts():
    import json

    yield (SHARED / "dev" / "seed.txt").read_text(encoding="utf-8")
    reports = SHARED / "data" / "work-reports" / "baoding-hebei-county-city" / "baoding_county_work_reports.jsonl"
    yield json.loads(reports.read_text(encoding="utf-8").splitlines()[30])["full_text"]


@needs_shared()
def test_traditional_text_gives_the_same_records_in_every_field():
    for simple in _real_texts():
        trad = to_traditional(simple)
        assert trad != simple and len(trad) == len(simple)
        a = [tuple(getattr(r, f) for f in FIELDS) for r in extract(simple)]
        b = [tuple(getattr(r, f) for f in FIELDS) for r in extract(trad)]
        assert a == b and len(a) > 50
