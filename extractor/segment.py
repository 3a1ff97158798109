"""Word segmentation where it is needed: the project's own jieba ``Tokenizer``.

Its user dictionary comes from patterns/ (units, cue words, place names, indicator terms), so
潘家湾镇, 高标准农田 and 万亩 stay whole. jieba's module-level tokenizer is never touched.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import sys
from pathlib import Path
from functools import lru_cache

from .data import cues, units
from .diskcache import cache_dir, key_of, prune
from .patternset import current, derived


def import_jieba():
    """The ``jieba`` module, imported without ``pkg_resources``: jieba 0.42.1 reaches for it only
    to open its own data files, and falls back to a plain ``open`` when it is missing. The
    import of ``pkg_resources`` costs 75 ms at every start (three quarters of jieba's own) and
    warns that it is deprecated (jieba issues #1026, #1043; setuptools 81 drops it)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # an import of it raises ImportError
    try:
        import jieba
    finally:
        if blocked and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


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
    """A ``jieba.Tokenizer`` of our own, with the user dictionary added. Its dictionary (jieba's
    350,000 words, their prefixes and ours) is built once into an SQLite file in the cache
    (``extractor.diskcache``), keyed by jieba's version, its dictionary and our words, and read
    word by word as segmentation asks: a document needs a few hundred of them, so no process
    pays for loading all (jieba's own start-up does: 0.5-0.8 s)."""
    jieba = import_jieba()

    tok = jieba.Tokenizer()
    folder = cache_dir()
    if folder is not None:
        path = folder / f"jieba-{_words_key(jieba.__version__, str(tok.dictionary))}.sqlite"
        try:
            tok.FREQ = LazyFreq(path)
        except (OSError, sqlite3.Error):
            try:
                _write_freq(path, *_built(tok, sorted(user_words())))
                prune(folder, "jieba")
                tok.FREQ = LazyFreq(path)
            except (OSError, sqlite3.Error):
                tok.FREQ = None  # no cache to be had: keep it in memory
        if tok.FREQ is not None:
            tok.total = tok.FREQ.total
            tok.initialized = True
            return tok
    tok.FREQ, tok.total = _built(tok, sorted(user_words()))
    tok.initialized = True
    return tok


def _words_key(version: str, dictionary: str) -> str:
    """The cache entry's name: a hash of what ``user_words`` reads (the gazetteer's sources, every
    file at the top of the pattern folders, the code that reads them) and of jieba's version and
    dictionary. The words themselves took 25 ms to gather and sort at every start."""
    from . import data, gazetteer, indicators, normalize

    p = current()
    files = sorted(f for folder in (p.folder, *p.extra) for f in Path(folder).iterdir() if f.is_file())
    code = [Path(m.__file__) for m in (data, indicators, normalize)] + [Path(__file__)]
    return key_of([version, dictionary, _FREQ_FORMAT, gazetteer.source_key(), *code, *map(str, files), *files])


_FREQ_FORMAT = "sqlite-1"
_MISS = object()


def _built(tok, added: list[str]) -> tuple[dict, int]:
    """jieba's dictionary with our words added (0.5 s to load, 1 s to add ours)."""
    jieba = import_jieba()

    logger = jieba.default_logger
    level = logger.level
    logger.setLevel(logging.WARNING)  # jieba announces its dictionary on stderr; not for our users
    try:
        tok.initialize()
    finally:
        logger.setLevel(level)
    for w in added:
        tok.add_word(w, freq=max(tok.suggest_freq(w, tune=False), 2000))
    return tok.FREQ, tok.total


def _write_freq(path: Path, freq: dict, total: int) -> None:
    """The dictionary as an SQLite file, written whole under a temporary name and then renamed."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp)
        with db:
            db.execute("CREATE TABLE freq (k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE meta (total INTEGER NOT NULL)")
            db.executemany("INSERT INTO freq VALUES (?, ?)", freq.items())
            db.execute("INSERT INTO meta VALUES (?)", (total,))
        db.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class LazyFreq:
    """jieba's word -> frequency table read from its SQLite file on demand, each answer kept.
    It is what ``Tokenizer.FREQ`` is asked (``in``, ``[]``, ``get``). A forked process opens its
    own connection."""

    def __init__(self, path: Path):
        if not path.is_file():
            raise OSError(f"{path}: not built yet")
        self.path = path
        self._pid = -1
        self._db = None
        self._memo: dict[str, int | None] = {}
        self.total = self._connect().execute("SELECT total FROM meta").fetchone()[0]

    def _connect(self):
        if self._pid != os.getpid():
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def get(self, word: str, default=None):
        v = self._memo.get(word, _MISS)
        if v is _MISS:
            row = self._connect().execute("SELECT v FROM freq WHERE k = ?", (word,)).fetchone()
            v = self._memo[word] = row[0] if row else None
        return default if v is None else v

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        v = self.get(word)
        if v is None:
            raise KeyError(word)
        return v

    def __reduce__(self):  # a worker process opens the same file
        return LazyFreq, (self.path,)


def words(text: str) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) for ``text``; offsets are into ``text`` itself.

    >>> [w for w, _, _ in words("新建高标准农田16.07万亩")][:2]
    ['新建', '高标准农田']
    """
    return _words(tokenizer(), text)


@lru_cache(maxsize=4096)
def _words(tok, text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(tok.tokenize(text, HMM=True))
