"""The sentence tables: each case lists the records its text must give, field by field."""
import math

import pytest

from conftest import load_cases
from extractor import extract

NUMERIC = {"value", "value_high", "base_value", "base_value_high"}


def same(field, want, got):
    if field in NUMERIC and want is not None:
        return got is not None and math.isclose(float(got), want, rel_tol=1e-9)
    return want == got


@pytest.mark.parametrize("case", load_cases())
def test_case(case):
    records = extract(case["text"], doc_id="case", region=case.get("region"), date=case.get("date"))
    got = [r.to_dict() for r in records]
    want = case["records"]
    assert [g["text"] for g in got] == [w["text"] for w in want], f"mentions of {case['text']!r}"
    for w, g in zip(want, got):
        wrong = {k: (v, g.get(k)) for k, v in w.items() if not same(k, v, g.get(k))}
        assert not wrong, f"{w['text']} in {case['text']!r}: field (expected, got) {wrong}"
    for r in records:
        assert case["text"][r.start : r.end] == r.text


def test_there_are_enough_cases():
    assert len(load_cases()) >= 150
