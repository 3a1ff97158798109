"""Every row of patterns/ carries an example that must parse to that row."""
import pytest

from extractor import extract
from extractor.data import numerals, units
from extractor.normalize import normalize

UNIT_ROWS = [u for u in units().values() if u.example]


@pytest.mark.parametrize("row", UNIT_ROWS, ids=[u.unit for u in UNIT_ROWS])
def test_unit_example_parses_to_its_row(row):
    records = extract(row.example)
    hits = [r for r in records if r.unit.endswith(row.unit) or r.unit.split("/")[0] == row.unit]
    assert hits, f"{row.example!r} gave {[r.text for r in records]} (expected a mention in {row.unit})"
    r = hits[0]
    assert r.base_unit.split("/")[0] == row.base_unit or r.quantity == "rate"
    assert r.quantity in (row.quantity, "rate")


@pytest.mark.parametrize("char", sorted(numerals()))
def test_numeral_example_uses_the_numeral(char):
    from patterns_rows import numeral_examples

    example = numeral_examples()[char]
    records = extract(example)
    assert any(char in normalize(r.text) for r in records), f"{example!r} gave {[r.text for r in records]}"


def test_generated_prefixes():
    u = units()
    assert u["万头"].base_unit == "头" and u["万头"].magnitude == 10000
    assert u["亿千瓦时"].base_unit == "千瓦时"
    assert "万%" not in u  # % takes no magnitude


def test_bad_pattern_file_names_file_and_line(tmp_path, monkeypatch):
    from extractor import data
    from extractor.errors import PatternError

    (tmp_path / "units.tsv").write_text(
        "unit\tbase_unit\tquantity\tmagnitude\tflags\texample\n亩\t亩\tacreage\t1\t\t新建100亩。\n", encoding="utf-8")
    monkeypatch.setattr(data, "patterns_dir", lambda: tmp_path)
    data.units.cache_clear()
    try:
        with pytest.raises(PatternError, match=r"units.tsv:2: quantity 'acreage'"):
            data.units()
    finally:
        data.units.cache_clear()


def test_indicator_example_maps_to_its_row():
    from extractor.indicators import canonical

    wrong = []
    for row in canonical():
        records = extract(row.example)
        if not records or records[0].indicator_id != row.id:
            wrong.append((row.id, row.example, [(r.text, r.indicator, r.indicator_id) for r in records][:2]))
    assert not wrong, wrong


def test_at_least_80_canonical_indicators():
    from extractor.indicators import canonical

    assert len(canonical()) >= 80


def _unit_values():
    from pathlib import Path

    path = Path(__file__).parent / "cases" / "unit_values.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [pytest.param(s, v, u, id=s) for s, v, u in rows]


@pytest.mark.parametrize("sentence,base_value,base_unit", _unit_values())
def test_unit_rows_give_the_base_value_worked_out_by_hand(sentence, base_value, base_unit):
    from decimal import Decimal

    records = extract(sentence)
    assert len(records) == 1, [r.text for r in records]
    assert records[0].base_unit == base_unit and records[0].base_value == Decimal(base_value), records[0]
