"""The order of stages is checked: a stage reading what a later stage writes fails at once."""
import pytest

from extractor.errors import ZhibiaoError
from extractor.pipeline import STAGES, Stage, check_order


def test_the_shipped_order_holds():
    check_order(STAGES)


@pytest.mark.parametrize("first, second", [("changes", "indicators"), ("tables", "not_quantity"),
                                           ("scan", "ranges"), ("years", "modality")])
def test_moving_a_stage_before_what_it_reads_fails(first, second):
    names = [s.name for s in STAGES]
    order = list(STAGES)
    i, j = names.index(first), names.index(second)
    order[i], order[j] = order[j], order[i]
    with pytest.raises(ZhibiaoError, match="before stage"):
        check_order(order)


def test_a_stage_must_take_the_facts_it_declares():
    geo = next(s for s in STAGES if s.name == "geography")
    wrong = Stage(geo.name, geo.fn, geo.writes, geo.reads, ())
    with pytest.raises(ZhibiaoError, match="declares facts"):
        check_order([wrong if s is geo else s for s in STAGES])


def test_no_stage_writes_into_the_document():
    from extractor.document import Doc
    from extractor.pipeline import analyze

    doc_fields = set(Doc.__dataclass_fields__)
    analyze("来源:咸宁网\\n通山县今年新建高标准农田3.2万亩。")
    assert not {"places", "place_starts", "scope_geo"} & doc_fields


def test_extraction_pauses_the_cycle_collector_and_leaves_it_as_it_found_it(monkeypatch):
    """analyze pauses gc for one document (speed); the caller's setting comes back, also when
    extraction fails."""
    import gc

    from extractor import extract, pipeline

    real, seen = pipeline.Doc, []

    def spy(*a, **kw):
        seen.append(gc.isenabled())
        if a[0] == "fail":
            raise RuntimeError("a stage failed")
        return real(*a, **kw)

    monkeypatch.setattr(pipeline, "Doc", spy)
    assert gc.isenabled()
    extract("全县新建高标准农田16.07万亩")
    assert seen == [False] and gc.isenabled()
    with pytest.raises(RuntimeError):
        extract("fail")
    assert gc.isenabled()
    gc.disable()
    try:
        extract("全县新建高标准农田16.07万亩")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_record_made_from_its_values_is_the_dataclass_record():
    """``record_of`` (the pipeline's quick constructor) gives what ``Record(*values)`` gives: equal,
    same hash, every field set, frozen; a wrong number of values is refused."""
    import dataclasses
    from decimal import Decimal

    from extractor.record import ORDER, Record, record_of

    values = tuple(Decimal(i) if name.endswith("value") else f"{name}{i}" for i, name in enumerate(ORDER))
    a, b = record_of(values), Record(*values)
    assert a == b and hash(a) == hash(b) and a.to_dict() == b.to_dict()
    assert [getattr(a, name) for name in ORDER] == list(values)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.county = "x"
    with pytest.raises(ValueError):
        record_of(values[:-1])
