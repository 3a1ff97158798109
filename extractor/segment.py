"""Word segmentation where it is needed: the project's own jieba ``Tokenizer``.

Its user dictionary comes from patterns/ (units, cue words, place names, indicator terms), so
潘家湾镇, 高标准农田 and 万亩 stay whole. jieba's module-level tokenizer is never touched.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from .data import cues, units
from .patternset import derived


def user_words() -> set[str]:
    """Every word patterns/ knows: units, cue words, place names and indicator terms."""
    from .gazetteer import Division, gazetteer
    from .indicators import canonical

    words = {u for u in units() if len(u) > 1 and not u.isascii()}
    c = cues()
    for group in c["qualifier"].values():
        for ws in group.values():
            words.update(ws)
    for k in ("up", "down"):
        words.update(c["change"][k])
    g = gazetteer()
    words.update(g.names)
    for d in g.divisions.values():
        if isinstance(d, Division) and len(d.short) > 1:
            words.add(d.short)
    for row in canonical():  # short terms only: 中药材种植面积 must still split into 中药材 | 种植 | 面积
        words.update(w for w in (row.name, *row.synonyms) if w.isalpha() and len(w) <= 5)
    return {w for w in words if len(w) > 1}


@derived
def tokenizer():
    """A ``jieba.Tokenizer`` of our own, with the user dictionary added; built once."""
    import jieba

    tok = jieba.Tokenizer()
    logger = jieba.default_logger
    level = logger.level
    logger.setLevel(logging.WARNING)  # jieba announces its dictionary on stderr; not for our users
    try:
        tok.initialize()
    finally:
        logger.setLevel(level)
    for w in sorted(user_words()):
        tok.add_word(w, freq=max(tok.suggest_freq(w, tune=False), 2000))
    return tok


def words(text: str) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) for ``text``; offsets are into ``text`` itself.

    >>> [w for w, _, _ in words("新建高标准农田16.07万亩")][:2]
    ['新建', '高标准农田']
    """
    return _words(tokenizer(), text)


@lru_cache(maxsize=4096)
def _words(tok, text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(tok.tokenize(text, HMM=True))
