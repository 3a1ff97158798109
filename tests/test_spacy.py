"""spaCy integration and segmentation: our own jieba Tokenizer, jieba's global one untouched."""
import jieba
import spacy

from extractor import extract
from extractor.segment import words
from extractor.spacy_zh import make_nlp

TEXT = "今年全县在潘家湾镇新建高标准农田16.07万亩，发放小额信贷262笔1138.5万元。"


def test_component_from_the_entry_point():
    nlp = spacy.blank("zh")
    nlp.add_pipe("zhibiao", config={"region": "嘉鱼县"})
    doc = nlp(TEXT)
    spans = doc.spans["zhibiao"]
    assert [s.text for s in spans] == ["16.07万亩", "262笔", "1138.5万元"]
    r = spans[0]._.zhibiao
    assert (float(r.base_value), r.base_unit, r.county, r.place) == (160700.0, "亩", "嘉鱼县", "潘家湾镇")
    assert spans[0].label_ == "area"


def test_pipeline_segments_with_our_dictionary():
    nlp = make_nlp()
    doc = nlp(TEXT)
    tokens = [t.text for t in doc]
    assert "潘家湾镇" in tokens and "高标准农田" in tokens
    assert len(doc.spans["zhibiao"]) == 3


def test_jieba_global_state_is_untouched():
    extract(TEXT)  # naming segments clauses
    assert [w for w, _, _ in words("潘家湾镇新建高标准农田")][:2] == ["潘家湾镇", "新建"]
    assert "潘家湾镇" not in jieba.dt.FREQ  # the module-level tokenizer never got our words
