"""The order of extraction stages, written once, and the public ``extract`` function."""
from __future__ import annotations

from .context import modality, years
from .coordination import fill_coordinated, merge_ranges
from .cues import changes, qualifiers
from .document import Doc, Mention
from .filters import drop_not_quantities
from .naming import name_indicators
from .geography import Geo, attribute, resolve_region
from .record import Record
from .scan import find_mentions
from .tables import table_cells

# Each stage takes the document and the mentions so far and returns the mentions.
STAGES = [
    ("scan", find_mentions),
    ("ranges", merge_ranges),
    ("coordination", fill_coordinated),
    ("tables", table_cells),
    ("not_quantity", drop_not_quantities),
    ("qualifiers", qualifiers),
    ("changes", changes),
    ("geography", attribute),
    ("years", years),
    ("modality", modality),
    ("indicators", name_indicators),
]


def to_record(doc: Doc, m: Mention) -> Record:
    s, e = doc.sentence_span(m.start)
    geo = m.geo or Geo()
    mag = m.unit.magnitude
    return Record(
        text=doc.text[m.start : m.end], start=m.start, end=m.end,
        value=m.value, unit=m.unit.unit, base_value=m.value * mag, base_unit=m.unit.base_unit,
        quantity=m.unit.quantity, qualifier=m.qualifier,
        value_high=m.value_high, base_value_high=None if m.value_high is None else m.value_high * mag,
        change=m.change, direction=m.direction, sentence=doc.text[s:e], doc=doc.doc_id,
        county=geo.county.name if geo.county else None, county_code=geo.county.code if geo.county else None,
        city=geo.city.name if geo.city else None, city_code=geo.city.code if geo.city else None,
        province=geo.province.name if geo.province else None, place=geo.place,
        year=m.year, modality=m.modality, indicator=m.indicator, indicator_id=m.indicator_id,
    )


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
            date: str | int | None = None, title: str | None = None, source: str | None = None) -> list[Record]:
    """Every quantity mention in ``text`` as a ``Record``, in text order.

    ``region`` (a division's name, short name or code) says which place the document speaks
    for when the text does not say it itself. ``date`` (``2021-12-09`` or a year) is when the
    document was published; relative years (今年, 去年) resolve against it. ``title`` and
    ``source`` (咸宁网) say where the document comes from when they are not in ``text`` itself.

    >>> [(r.text, float(r.base_value), r.base_unit) for r in extract("调整农村低保对象1272户2140人")]
    [('1272户', 1272.0, '户'), ('2140人', 2140.0, '人')]
    """
    return analyze(text, doc_id, region, date, title, source)[0]


def analyze(text: str, doc_id: str | None = None, region: str | None = None, date: str | int | None = None,
            title: str | None = None, source: str | None = None) -> tuple[list[Record], Geo]:
    """``extract``, and the geography the document speaks for (its publisher's region)."""
    if not isinstance(text, str):
        raise TypeError(f"extract() takes str, not {type(text).__name__}")
    doc = Doc(text, doc_id, resolve_region(region) if region else None, _year_of(date), title, source)
    mentions: list[Mention] = []
    for _, stage in STAGES:
        mentions = stage(doc, mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    return [to_record(doc, m) for m in mentions], doc.scope_geo or Geo()
