"""The order of extraction stages, written once, and the public ``extract`` function."""
from __future__ import annotations

import gc
import inspect
from collections.abc import Callable
from dataclasses import dataclass

from .context import modality, years
from .coordination import fill_coordinated, merge_ranges
from .cues import changes, qualifiers
from .document import Doc, Mention
from .filters import drop_not_quantities
from .geography import Geo, attribute, document_geography, resolve_region
from .naming import name_indicators
from .patternset import Patterns
from .record import Record, record_of
from .scan import find_mentions
from .tables import table_cells
from .timeline import document_timeline

@dataclass(frozen=True)
class Stage:
    """A step over the mentions: ``fn(doc, mentions, *facts)`` returns the mentions. ``writes``
    and ``reads`` name what it sets on mentions and what of other stages' work it uses; ``facts``
    the document facts it is given (computed once, before any stage)."""

    name: str
    fn: Callable
    writes: frozenset = frozenset()
    reads: frozenset = frozenset()
    facts: tuple[str, ...] = ()


def _stage(name, fn, writes=(), reads=(), facts=()) -> Stage:
    return Stage(name, fn, frozenset(writes), frozenset(reads), tuple(facts))


STAGES = [
    _stage("scan", find_mentions, writes={"mentions"}),
    _stage("ranges", merge_ranges, writes={"range", "group_start"}, reads={"mentions"}),
    _stage("coordination", fill_coordinated, writes={"ellipsis", "group_start"}, reads={"mentions", "range"}),
    _stage("tables", table_cells, writes={"cells", "heading", "change", "place_span"}, reads={"mentions"},
           facts=("geography",)),
    _stage("not_quantity", drop_not_quantities, writes={"kept"}, reads={"cells", "ellipsis", "group_start"}),
    _stage("qualifiers", qualifiers, writes={"qualifier"}, reads={"kept", "range", "group_start"}),
    _stage("changes", changes, writes={"change"}, reads={"kept", "group_start"}),
    _stage("geography", attribute, writes={"geo"}, reads={"kept", "group_start", "place_span"},
           facts=("geography",)),
    _stage("years", years, writes={"year"}, reads={"kept", "group_start"}, facts=("timeline",)),
    _stage("modality", modality, writes={"modality"}, reads={"kept", "year"}, facts=("timeline",)),
    _stage("indicators", name_indicators, writes={"indicator"}, reads={"kept", "change", "heading", "ellipsis"},
           facts=("geography",)),
]

# Facts about the whole document, each a frozen value from a function that reads the document only.
FACTS: dict[str, Callable] = {"geography": document_geography, "timeline": document_timeline}


def check_order(stages: list[Stage]) -> None:
    """Every stage comes after every stage that writes what it reads, and takes exactly the facts
    it declares; a wrong order or signature fails here, at import, not by shaving a score."""
    from .errors import ZhibiaoError

    for i, st in enumerate(stages):
        for tag in st.reads:
            writers = [w.name for w in stages if tag in w.writes and w is not st]
            if not writers:
                raise ZhibiaoError(f"stage {st.name} reads {tag!r}, which no stage writes")
            late = [w for w in writers if [x.name for x in stages].index(w) > i]
            if late:
                raise ZhibiaoError(f"stage {st.name} reads {tag!r} before stage {late[0]} writes it")
        params = list(inspect.signature(st.fn).parameters)[2:]
        if params != list(st.facts):
            raise ZhibiaoError(f"stage {st.name} takes {params} but declares facts {list(st.facts)}")
        unknown = set(st.facts) - set(FACTS)
        if unknown:
            raise ZhibiaoError(f"stage {st.name} wants unknown facts {sorted(unknown)}")


check_order(STAGES)


def to_record(doc: Doc, m: Mention) -> Record:
    s, e = doc.in_text(*doc.sentence_span(m.start))
    start, end = doc.in_text(m.start, m.end)
    geo = m.geo or Geo()
    unit, county, city, province = m.unit, geo.county, geo.city, geo.province
    mag = unit.magnitude
    return record_of((  # in Record's order (record.ORDER)
        doc.text[start:end], start, end, m.value, unit.unit, m.value * mag, unit.base_unit, unit.quantity,
        m.qualifier, m.value_high, None if m.value_high is None else m.value_high * mag, m.change,
        m.direction, m.modality, m.indicator, m.indicator_id,
        county.name if county else None, county.code if county else None,
        city.name if city else None, city.code if city else None,
        province.name if province else None, geo.place, m.year, doc.text[s:e], doc.doc_id,
    ))


def _year_of(date) -> int | None:
    if date is None or date == "":
        return None
    if isinstance(date, int):
        return date
    if hasattr(date, "year"):
        return int(date.year)
    text = str(date).strip()
    if len(text) >= 4 and text[:4].isdigit():
        return int(text[:4])
    from .errors import ZhibiaoError

    raise ZhibiaoError(f"date {date!r} is not a date (expected YYYY-MM-DD or a year)")


def extract(text: str, doc_id: str | None = None, region: str | None = None,
            date: str | int | None = None, title: str | None = None, source: str | None = None,
            patterns: Patterns | None = None) -> list[Record]:
    """Every quantity mention in ``text`` as a ``Record``, in text order.

    ``region`` (a division's name, short name or code) says which place the document speaks
    for when the text does not say it itself. ``date`` (``2021-12-09`` or a year) is when the
    document was published; relative years (今年, 去年) resolve against it. ``title`` and
    ``source`` (咸宁网) say where the document comes from when they are not in ``text`` itself.
    ``patterns`` is the set of patterns to use (``Patterns(extra=[folder])`` adds rows of your
    own); by default the current one (see ``extractor.patternset``).

    >>> [(r.text, float(r.base_value), r.base_unit) for r in extract("调整农村低保对象1272户2140人")]
    [('1272户', 1272.0, '户'), ('2140人', 2140.0, '人')]
    """
    return analyze(text, doc_id, region, date, title, source, patterns)[0]


_WARM = "2023年，通山县新建高标准农田16.07万亩，发放脱贫人口小额信贷262笔1138.5万元，同比增长12.5%。"


def warm() -> int:
    """Load what extraction needs (patterns, gazetteer, segmenter) by extracting a sentence of
    our own; the number of its records. A parent calls it before forking workers, which then
    share the tables instead of each loading its own."""
    return len(analyze(_WARM, date="2023-12-31")[0])


def analyze(text: str, doc_id: str | None = None, region: str | None = None, date: str | int | None = None,
            title: str | None = None, source: str | None = None,
            patterns: Patterns | None = None) -> tuple[list[Record], Geo]:
    """``extract``, and the geography the document speaks for (its publisher's region)."""
    if patterns is not None:
        with patterns.active():
            return analyze(text, doc_id, region, date, title, source)
    if not isinstance(text, str):
        raise TypeError(f"extract() takes str, not {type(text).__name__}")
    # Extraction makes many small objects and no reference cycles: each full pass of Python's
    # cycle collector would walk them and the patterns' 100,000 (a quarter of a 3 MB document's
    # time). It is paused while one document is read, and resumed after if it was on.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        doc = Doc(text, doc_id, resolve_region(region) if region else None, _year_of(date), title, source)
        facts = {name: fn(doc) for name, fn in FACTS.items()}
        mentions: list[Mention] = []
        for st in STAGES:
            mentions = st.fn(doc, mentions, *(facts[f] for f in st.facts))
        mentions.sort(key=lambda m: (m.start, m.end))
        return [to_record(doc, m) for m in mentions], facts["geography"].scope_geo
    finally:
        if paused:
            gc.enable()
