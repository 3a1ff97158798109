"""Every row of patterns/ carries an example that must parse to that row."""
from decimal import Decimal

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


def test_bad_pattern_file_names_file_and_line(tmp_path):
    from extractor import Patterns, data
    from extractor.errors import PatternError

    (tmp_path / "units.tsv").write_text(
        "unit\tbase_unit\tquantity\tmagnitude\tflags\texample\n亩\t亩\tacreage\t1\t\t新建100亩。\n", encoding="utf-8")
    with Patterns(tmp_path).active(), pytest.raises(PatternError, match=r"^patterns/units.tsv:2: quantity 'acreage'"):
        data.units()
    with Patterns(extra=[tmp_path]).active(), pytest.raises(PatternError, match=rf"^{tmp_path}/units.tsv:2: quantity"):
        data.units()
    assert data.units()["亩"].quantity == "area"  # the default set is untouched


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


def _extra(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_extra_yaml_words_are_added_to_the_shipped_lists(tmp_path):
    from extractor import Patterns

    sentence = "全县新建蔬菜大棚差不多1200个。"
    assert extract(sentence)[0].qualifier == "exact"
    extra = Patterns(extra=[_extra(tmp_path, {"cues.yaml": "qualifier:\n  approx:\n    before: [差不多]\n"})])
    assert extract(sentence, patterns=extra)[0].qualifier == "approx"
    assert extract("大约500人", patterns=extra)[0].qualifier == "approx"  # the shipped words stay
    assert extract(sentence)[0].qualifier == "exact"  # the default set is untouched


def test_extra_region_aliases_name_a_county(tmp_path):
    from extractor import Patterns

    sentence = "东胜区某某:全区新增就业3000人。"
    extra = Patterns(extra=[_extra(tmp_path, {"regions/hand.yaml": "aliases:\n  东胜区: [东胜新城]\n"})])
    records = extract("东胜新城今年新增就业3000人。", patterns=extra)
    assert records[0].county == "东胜区"
    assert extract("东胜新城今年新增就业3000人。")[0].county is None
    assert extract(sentence, patterns=extra)[0].county == "东胜区"


def test_an_extra_unit_row_replaces_the_shipped_row(tmp_path):
    from extractor import Patterns

    header = "unit\tbase_unit\tquantity\tmagnitude\tflags\texample\n"
    extra = Patterns(extra=[_extra(tmp_path, {"units.tsv": header + "亩\t公顷\tarea\t0.0666667\tprefix\t新建100亩。\n"})])
    r = extract("新建农田1600亩。", patterns=extra)[0]
    assert (r.base_unit, r.base_value) == ("公顷", 1600 * Decimal("0.0666667"))
    assert extract("新建农田16万亩。")[0].base_unit == "亩"


def test_a_broken_extra_file_names_its_own_path(tmp_path):
    from extractor import Patterns
    from extractor.errors import PatternError

    folder = _extra(tmp_path, {"naming.yaml": "lead_verbs: [新增, 新增]\n"})
    with pytest.raises(PatternError, match=rf"^{folder}/naming.yaml:1: lead_verbs lists '新增' twice"):
        extract("新增100人。", patterns=Patterns(extra=[folder]))
    with pytest.raises(PatternError, match=r"not a folder"):
        Patterns(extra=[tmp_path / "missing"])


def test_patterns_option_reaches_ingest_workers(tmp_path):
    import json
    import subprocess
    import sys

    from conftest import ROOT

    extra = _extra(tmp_path / "mine", {"units.tsv": "unit\tbase_unit\tquantity\tmagnitude\tflags\texample\n"
                                                     "垧\t垧\tarea\t1\tprefix\t开垦荒地300垧。\n"})
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(4):
        (docs / f"d{i}.txt").write_text(f"开垦荒地{300 + i}垧，新修水渠{i + 1}公里。", encoding="utf-8")
    db = tmp_path / "c.duckdb"

    def run(*args):
        res = subprocess.run([sys.executable, "-m", "cli", "--patterns", str(extra), *args], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        return res.stdout

    run("ingest", str(docs), "--db", str(db), "--jobs", "2")
    rows = [json.loads(line) for line in run("query", "--db", str(db), "-f", "jsonl").splitlines()]
    assert sorted(r["text"] for r in rows if r["unit"] == "垧") == ["300垧", "301垧", "302垧", "303垧"]


# --- every word group of patterns/*.yaml has an example sentence that shows it at work ---------

_TABLES = {"removed_counties", "added_counties", "town_county_codes", "no_county_level"}  # data, not words
_NOT_WORDS = {"article_quantities", "lone_banker_quantities"}  # unit kinds (count, people), not words a sentence holds
# Files whose words act on something other than records: scoring (tools), kinds of documents
# (tests/test_panel.py checks a title or text of each kind).
_NOT_RECORDS = {"scoring.yaml", "genres.yaml"}


def _groups(data, shape, path=""):
    """(dotted path, words) of each word group: every leaf of the file's shape it holds."""
    from extractor.yamldata import MapOf

    if isinstance(shape, dict):
        for key, sub in shape.items():
            key = key.rstrip("?")
            if key == "examples" or key in _TABLES or key not in data:
                continue
            yield from _groups(data[key], sub, f"{path}.{key}" if path else key)
        return
    if isinstance(shape, MapOf):
        words = list(data)
        for v in data.values():
            words += v if isinstance(v, list) else [v] if isinstance(v, str) else []
        yield path, words
    else:
        yield path, list(data)


def _example_params():
    from extractor.data import SHAPES, yaml_data

    out = []
    for name, shape in SHAPES.items():
        if name in _NOT_RECORDS:
            continue
        data = yaml_data(name)
        for path, words in _groups(data, shape):
            out.append(pytest.param(name, path, words, (data.get("examples") or {}).get(path), id=f"{name}:{path}"))
    return out


def test_every_example_names_a_group():
    from extractor.data import SHAPES, yaml_data

    for name, shape in SHAPES.items():
        groups = {p for p, _ in _groups(yaml_data(name), shape)}
        stray = set(yaml_data(name).get("examples") or {}) - groups
        assert not stray, f"patterns/{name}: examples for no group: {sorted(stray)}"


@pytest.mark.parametrize("name,group,words,example", _example_params())
def test_each_word_group_has_an_example_that_it_gives(name, group, words, example):
    assert example, f"patterns/{name}: group {group} has no example (expected one under examples:)"
    sentence = example["sentence"]
    seen = normalize(sentence).replace(" ", "")
    if group.split(".")[-1] not in _NOT_WORDS:
        assert any(normalize(w).replace(" ", "") in seen for w in words), (
            f"patterns/{name}: the example of {group} uses none of its words: {sentence!r}")
    records = extract(sentence)
    if "no_record" in example:
        assert example["no_record"] not in [r.text for r in records], (group, [r.text for r in records])
        return
    hits = [r for r in records if r.text == example["text"]]
    assert hits, f"{group}: {sentence!r} gave {[r.text for r in records]} (expected {example['text']!r})"
    got = {k: getattr(hits[0], k) for k in example["record"]}
    want = {k: Decimal(str(v)) if isinstance(got[k], Decimal) else v for k, v in example["record"].items()}
    assert got == want, f"{group}: {sentence!r}"


def test_remembered_answers_are_kept_per_set_of_patterns_and_bounded(tmp_path):
    """indicators.match and naming._trim remember their answers (patternset.remembered): an extra
    set of patterns must not get the default set's answer, and the memory stays bounded."""
    from extractor import Patterns
    from extractor.patternset import remembered

    sentence = "全县新建蘑菇大棚1200个。"
    header = "id\tname\tquantity\tsynonyms\texample\n"
    extra = Patterns(extra=[_extra(tmp_path, {"indicators.tsv": header + "mushroom_sheds\t蘑菇大棚\tcount\t蘑菇大棚\t新建蘑菇大棚1200个\n"})])
    assert extract(sentence)[0].indicator_id is None
    assert extract(sentence, patterns=extra)[0].indicator_id == "mushroom_sheds"
    assert extract(sentence)[0].indicator_id is None

    calls = []

    @remembered(size=2)
    def twice(text: str) -> str:
        calls.append(text)
        return text * 2

    assert [twice("a"), twice("a"), twice("b"), twice("c"), twice("a")] == ["aa", "aa", "bb", "cc", "aa"]
    assert calls == ["a", "b", "c", "a"]  # the third answer made room by forgetting the first two
    long = "长" * 49
    assert twice(long) == twice(long) and calls[-2:] == [long, long]  # a long text is not kept


def test_a_one_character_indicator_synonym_is_refused_with_its_line(tmp_path):
    """Synonyms are looked up by their first two characters: a one-character synonym is an error
    that names its file and line."""
    from extractor import Patterns
    from extractor.errors import PatternError

    header = "id\tname\tquantity\tsynonyms\texample\n"
    extra = Patterns(extra=[_extra(tmp_path, {"indicators.tsv": header + "tea\t茶\tarea\t茶园|茶\t新建茶园100亩\n"})])
    with pytest.raises(PatternError, match=r"indicators.tsv:2: synonym '茶' has one character"):
        extract("新建茶园100亩。", patterns=extra)
