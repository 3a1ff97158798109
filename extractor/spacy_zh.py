"""spaCy integration: a ``zh`` pipeline segmented by our jieba, and the ``zhibiao`` component.

    import spacy
    nlp = spacy.blank("zh")
    nlp.add_pipe("zhibiao")            # found through the spacy_factories entry point
    doc = nlp("全县新建高标准农田16.07万亩。")
    span = doc.spans["zhibiao"][0]
    span._.zhibiao.base_value          # Decimal('160700.00'); every Record field is there

Importing this module registers the factory with spaCy (that is what it is for); importing
``extractor`` does not import it.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .pipeline import extract
from .segment import tokenizer


class JiebaTokenizer:
    """A spaCy tokenizer that cuts with the project's jieba ``Tokenizer`` (not jieba's global one)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = [w for w, _, _ in tokenizer().tokenize(text, HMM=True)]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


def make_nlp(components: bool = True) -> Language:
    """A blank ``zh`` pipeline with our segmenter, and the zhibiao component unless asked not to."""
    import spacy

    nlp = spacy.blank("zh")
    nlp.tokenizer = JiebaTokenizer(nlp.vocab)
    if components:
        nlp.add_pipe("zhibiao")
    return nlp


class ZhibiaoComponent:
    """Puts every record on ``doc.spans["zhibiao"]``; ``span._.zhibiao`` is the ``Record``."""

    def __init__(self, region: str | None = None, date: str | None = None):
        self.region, self.date = region, date
        if not Span.has_extension("zhibiao"):
            Span.set_extension("zhibiao", default=None)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for r in extract(doc.text, region=self.region, date=self.date):
            span = doc.char_span(r.start, r.end, label=r.quantity, alignment_mode="expand")
            if span is not None:
                span._.zhibiao = r
                spans.append(span)
        doc.spans["zhibiao"] = spans
        return doc


@Language.factory("zhibiao", default_config={"region": None, "date": None})
def make_component(nlp: Language, name: str, region: str | None, date: str | None) -> ZhibiaoComponent:
    return ZhibiaoComponent(region, date)
