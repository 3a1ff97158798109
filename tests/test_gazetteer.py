"""The shipped gazetteer: counts, known rows, former names and the post-2024 patch."""
import pytest

from extractor import ZhibiaoError, extract
from extractor.data import patterns_dir
from extractor.gazetteer import Division, gazetteer
from extractor.geography import resolve_region


def current(level):
    return [d for d in gazetteer().divisions.values() if d.level == level and not d.former]


def test_counts():
    assert len(current("province")) == 31
    assert len(current("city")) == 333
    assert len(current("county")) == 2847
    towns = sum(len(gazetteer().towns(c)) for c in gazetteer().towns_in)
    assert 41000 <= towns <= 42000


def test_known_rows():
    g = gazetteer()
    tongshan = g.divisions["421224"]
    assert (tongshan.name, tongshan.parent, g.divisions["421200"].name) == ("通山县", "421200", "咸宁市")
    assert {t.code: t.county for t in g.candidates("潘家湾镇")}["421221106"] == "421221"  # 嘉鱼县
    assert [t.county for t in g.candidates("赵李桥镇")] == ["421281"]  # 赤壁市
    assert "421202" in [t.county for t in g.candidates("大幕乡")]  # 咸安区
    shinan = {g.divisions[t.county].name for t in g.candidates("石南镇")}
    assert {"通城县", "兴业县"} <= shinan


def test_the_cached_form_answers_as_the_built_one():
    """Cached, a township is a plain tuple (quick to load) until it is asked for; then the
    answers are the same Town and Division values as before caching."""
    import pickle

    from extractor.gazetteer import Town

    g = gazetteer()
    h = pickle.loads(pickle.dumps(g))
    assert type(h.names["潘家湾镇"]) is tuple and type(h.towns_in["421224"]) is tuple
    for name in ("潘家湾镇", "石南镇", "通山县", "江北区", "密云县", "大幕乡", "没有这个地方"):
        assert h.candidates(name) == g.candidates(name)
        assert all(isinstance(c, (Town, Division)) for c in h.candidates(name))
    assert h.towns("421224") == g.towns("421224") and len(h.towns("421224")) > 5
    assert h.candidates("潘家湾镇") is h.candidates("潘家湾镇")  # made once


def test_changes_after_2024_and_former_names():
    g = gazetteer()
    assert g.divisions["500157"].name == "两江新区"
    assert g.divisions["653132"].name == "岑岭县" and g.divisions["653132"].parent == "653100"
    assert g.divisions["659013"].name == "草湖市"
    assert all(d.former for d in g.candidates("江北区") if d.code == "500105")
    for old, new in (("密云县", "110118"), ("上饶县", "361104"), ("临安市", "330112")):
        (d,) = [x for x in g.candidates(old) if isinstance(x, Division)]
        assert d.former and d.successor == new


def test_every_township_has_a_county_or_a_flag():
    g = gazetteer()
    for code in g.towns_in:
        d = g.divisions.get(code)
        for t in g.towns(code):
            assert (d is not None and d.level == "county") or t.flag, t


def test_short_names_that_need_context():
    g = gazetteer()
    assert g.divisions["421022"].needs_context  # 公安县: 公安 is a word
    assert g.divisions["431221"].needs_context  # 中方县
    assert not g.divisions["421224"].needs_context  # 通山


def test_tables_stay_small():
    size = sum(p.stat().st_size for p in (patterns_dir() / "regions").glob("*.tsv"))
    assert size < 4 * 2**20


def test_region_hint_by_name_short_or_code():
    assert resolve_region("通山县").code == "421224"
    assert resolve_region("通山").code == "421224"
    assert resolve_region("421223").name == "崇阳县"
    with pytest.raises(ZhibiaoError, match="close: .*通山县"):
        resolve_region("通山线")
    with pytest.raises(ZhibiaoError, match="ambiguous"):
        resolve_region("朝阳区")


def test_extract_with_unknown_region_is_a_clear_error():
    with pytest.raises(ZhibiaoError, match="not a known division"):
        extract("全县3万亩", region="不存在县")


def test_every_current_county_resolves_to_itself_inside_its_prefecture():
    from extractor.document import Doc
    from extractor.geography import _resolve
    from extractor.places import find_names

    g = gazetteer()
    counties = [d for d in g.divisions.values() if d.level == "county" and not d.former]
    assert len(counties) > 2800
    wrong = []
    for d in counties:
        area = g.parent(d) or d
        doc = Doc(f"{d.name}新建农田100亩。")
        chosen = [p.chosen for p in _resolve(find_names(doc), area, doc.norm) if p.start == 0]
        if not chosen or chosen[0] != d:
            # a few names repeat inside one prefecture's province (市中区, 鼓楼区): still inside the area
            inside = [c for c in g.candidates(d.name) if isinstance(c, Division) and g.within(c.code, area.code)]
            if len(inside) == 1:
                wrong.append(d.name)
    assert not wrong, wrong[:20]


def test_region_accepts_every_name_of_one_current_division():
    from extractor.geography import resolve_region

    g = gazetteer()
    refused = []
    for name in g.names:
        cands = g.candidates(name)
        current = [c for c in cands if isinstance(c, Division) and not c.former and c.level != "zone"]
        if len(current) == 1 and all(isinstance(c, Division) for c in cands):
            try:
                if resolve_region(name) != current[0]:
                    refused.append(name)
            except Exception:  # noqa: BLE001
                refused.append(name)
    assert not refused, refused[:20]
