"""A document being extracted: its text as written, the normalized text, and its mentions."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache

import regex

from .data import HOLD_GIL, Unit
from .normalize import normalize
from .regexes import compiled
from .wrap import Offsets, cuts, join, soft_breaks

_SENTENCE_END = compiled(r"[。!?！？]+[”’」』\"')）]*|\n")
# Characters that end a clause (full-width forms are normalized to these before matching).
CLAUSE_DELIMS = frozenset(",;。!?\n；，！？")


def word_before(norm: str, end: int, words) -> str | None:
    """The first of ``words`` (longest first) that ends exactly at ``end``, or None.

    >>> word_before("比2020年", 1, ["较", "比"])
    '比'
    """
    if end <= 0:
        return None
    entry = _BY_LAST.get(id(words))
    if entry is None or entry[0] is not words:
        index: dict[str, list[str]] = {}
        for w in words:
            index.setdefault(w[-1], []).append(w)  # the list's order (longest first) kept
        entry = _BY_LAST[id(words)] = (words, index)
    for w in entry[1].get(norm[end - 1], ()):
        if len(w) <= end and norm.startswith(w, end - len(w)):
            return w
    return None


_BY_LAST: dict[int, tuple] = {}  # id(words) -> (words, last character -> words): one look per call


# No clause or sentence is read further than this from a mention: text without punctuation
# (a run of 12、12、12… a hundred thousand long) must not make every lookup walk all of it.
REACH = 300


@lru_cache(maxsize=16)
def _delims(delims: frozenset) -> tuple:
    """A character class of ``delims``, searched forward and from the end."""
    cls = "[" + "".join(regex.escape(c) for c in sorted(delims)) + "]"
    return compiled(cls), compiled("(?r)" + cls)


def clause_start(norm: str, pos: int, delims=CLAUSE_DELIMS) -> int:
    """Where the clause holding ``pos`` begins (at most ``REACH`` characters back).

    >>> clause_start("全县新建,农田16万亩", 9)
    5
    """
    stop = max(0, pos - REACH)
    m = _delims(delims)[1].search(norm, stop, pos, HOLD_GIL)
    return m.end() if m else stop


def clause_end(norm: str, pos: int, delims=CLAUSE_DELIMS) -> int:
    """Where the clause holding ``pos`` ends (at most ``REACH`` characters on).

    >>> clause_end("全县新建,农田16万亩", 1)
    4
    """
    stop = min(len(norm), pos + REACH)
    m = _delims(delims)[0].search(norm, pos, stop, HOLD_GIL)
    return m.start() if m else stop


@dataclass(slots=True)
class Mention:
    """A quantity mention while it is being built; becomes a ``Record`` at the end."""

    start: int
    end: int
    value: Decimal
    unit: Unit
    chinese: bool = False          # the number is written with Chinese numerals
    qualifier: str = "exact"
    value_high: Decimal | None = None
    change: bool = False
    direction: str | None = None
    source: str = "text"           # text | ellipsis | table
    group_start: int | None = None  # where a coordinated list or range begins
    sentence: tuple[int, int] | None = None
    geo: object = None              # a geography.Geo once attributed
    year: int | None = None
    modality: str = "actual"
    indicator: str | None = None
    indicator_id: str | None = None
    indicator_base: str | None = None   # the subject shared by two figures side by side
    heading: str | None = None          # a table cell's column heading or row label, unit removed
    place_span: tuple[int, int] | None = None  # a table cell's place, named by its column heading


@dataclass
class Doc:
    text: str
    doc_id: str | None = None
    region: object = None           # a gazetteer.Division the caller says the document speaks for
    date_year: int | None = None    # the year of the document's date, when the caller knows it
    title: str | None = None        # the title and source when they come apart from the text
    source: str | None = None       # (an HTML page's <title>, its 来源 line)
    norm: str = field(init=False)       # normalized; read without soft line breaks, glosses and markup
    origin: Offsets | None = field(init=False, default=None)  # norm offset -> text offset, if they differ
    _spans: dict = field(init=False, default_factory=dict, repr=False, compare=False)  # sentence_span's answers

    def __post_init__(self):
        norm = normalize(self.text)
        cut = cuts(norm, soft_breaks(norm))
        if cut:
            norm, self.origin = join(norm, cut)
        self.norm = norm

    def in_text(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text as written that the span ``start:end`` of ``norm`` reads
        (a soft line break inside it is part of it: ``2.`` newline ``45亿元``)."""
        if self.origin is None:
            return start, end
        return self.origin[start], (self.origin[end - 1] + 1 if end > start else self.origin[start])

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [0] + [m.end() for m in _SENTENCE_END.finditer(self.norm)]

    def sentence_span(self, pos: int) -> tuple[int, int]:
        """(start, end) in ``norm`` of the sentence holding ``pos``, without surrounding blanks."""
        span = self._spans.get(pos)
        if span is None:
            span = self._spans[pos] = self._sentence_span(pos)
        return span

    def _sentence_span(self, pos: int) -> tuple[int, int]:
        starts = self.sentence_starts
        i = bisect_right(starts, pos) - 1
        s = max(starts[i], pos - REACH)
        e = min(starts[i + 1] if i + 1 < len(starts) else len(self.norm), pos + REACH)
        while s < e and self.norm[s].isspace():
            s += 1
        while e > s and self.norm[e - 1].isspace():
            e -= 1
        return s, e
