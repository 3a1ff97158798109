"""From records to a county × year panel of an indicator: one value per cell, with its source.

The rules, in the order they are applied (README "A panel of an indicator"):

1. **What enters**: records of the indicator's canonical id (``--indicator`` takes an id, a
   name or a synonym of ``patterns/indicators.tsv``), with a year and a county (or, with
   ``city``, the city's own figures as the city's row), of the modality asked (actual by
   default), levels only unless ``changes``, single values (a range has no one value).
2. **One unit**: values are in their base unit, converted by ``patterns/conversions.tsv`` into one
   panel unit per quantity (公顷 and 平方公里 into 亩, 公斤 and 斤 into 吨); the panel's unit is the
   one most of the indicator's records are in; a value in a unit that does not convert is left out.
3. **Today's division**: a county's retired code or name maps to its successor in the gazetteer;
   the code at the time stays in the provenance (``code_at_time``).
4. **Agreement**: two values agree when they differ by at most half the rounding step of the
   coarser one (``16万亩`` is 160000 to the nearest 10000 and agrees with ``16.07万亩``); values that
   agree are one value, shown as its most precise form. A document gives a value once, however
   often it says it.
5. **The choice** among values that do not agree: the value of the highest kind of source (a
   bulletin or yearbook, then a work report or plan, then news, then other; ``corpus/genre.py``),
   then of the latest publication within that kind (a revision outranks what it revises), then
   the value the most documents give, then the more precise.

``panel`` returns the long form (a row per cell) or, with ``wide``, counties × years;
``conflicts`` the cells whose sources disagree, a row per value with its document and sentence.
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import regex

from extractor.data import tsv_rows
from extractor.errors import PatternError, ZhibiaoError
from extractor.patternset import derived

from .genre import genre_of, rank
from .store import Store

MODALITIES = ("actual", "planned", "expected")
LONG_COLUMNS = ("county_code", "county", "city", "province", "indicator_id", "year", "value", "unit", "n_sources",
                "n_values", "doc", "title", "published", "genre", "start", "end", "sentence", "code_at_time")
_NUMBER = regex.compile(r"\d+(?:\.(\d+))?")


@derived
def conversions() -> dict[str, tuple[str, Decimal]]:
    """base unit -> (panel unit, factor)."""
    out = {}
    for path, n, row in tsv_rows("conversions.tsv", ("base_unit", "panel_unit", "factor")):
        try:
            out[row["base_unit"]] = (row["panel_unit"], Decimal(row["factor"]))
        except ArithmeticError:
            raise PatternError(f"{path}:{n}: factor {row['factor']!r} is not a number (expected digits like 15)") from None
    return out


def resolve_indicators(names: list[str] | tuple[str, ...] | str) -> list[str]:
    """Canonical ids for ids, names or synonyms; an unknown one is refused with close names."""
    from extractor.indicators import canonical

    rows = canonical()
    out = []
    for name in [names] if isinstance(names, str) else names:
        hit = next((i.id for i in rows if name == i.id), None) or next(
            (i.id for i in rows if name == i.name or name in i.synonyms), None)
        if hit is None:
            close = difflib.get_close_matches(name, [i.id for i in rows] + [i.name for i in rows], n=5, cutoff=0.4)
            raise ZhibiaoError(f"--indicator {name!r} is not a canonical indicator (close: {', '.join(close) or 'none'}; "
                               "expected an id or name of patterns/indicators.tsv, e.g. gdp or 地区生产总值)")
        out.append(hit)
    return list(dict.fromkeys(out))


@dataclass
class _Said:
    """One record, as a candidate value of one cell."""

    cell: tuple
    value: Decimal       # in the panel unit
    step: Decimal        # its rounding step as written, in the panel unit
    unit: str
    doc_id: str
    doc: str
    title: str | None
    published: object
    genre: str
    start: int
    end: int
    sentence: str
    code_at_time: str | None


def _step(text: str, value: float, base_value: float) -> Decimal:
    """The rounding step of a figure as written (16.07万亩: 0.01 万亩 = 100 亩), in its base unit."""
    m = _NUMBER.search(text.replace(",", ""))
    decimals = len(m.group(1) or "") if m else 0
    magnitude = Decimal(repr(base_value)) / Decimal(repr(value)) if value else Decimal(1)
    return Decimal(1).scaleb(-decimals) * magnitude


def _today(code: str | None):
    """Today's division for a county code, following retired codes to their successors."""
    from extractor.gazetteer import gazetteer

    g = gazetteer()
    d = g.divisions.get(code) if code else None
    seen = set()
    while d is not None and d.former and d.successor and d.code not in seen:
        seen.add(d.code)
        d = g.divisions.get(d.successor)
    return d


def _candidates(db, ids, county, city, province, start_year, end_year, modality, changes) -> list[_Said]:
    from .query import _where

    where, args = _where(county=county, city=city, province=province)
    conds = [where.removeprefix(" WHERE ")] if where else []
    conds += [f"r.indicator_id IN ({', '.join('?' * len(ids))})", "r.year IS NOT NULL", "r.modality = ?",
              "r.value_high IS NULL"]
    args += [*ids, modality]
    conds.append("r.county_code IS NOT NULL" if city is None else "(r.county_code IS NOT NULL OR r.city_code IS NOT NULL)")
    if not changes:
        conds.append("NOT r.change")
    if start_year is not None:
        conds.append("r.year >= ?")
        args.append(int(start_year))
    if end_year is not None:
        conds.append("r.year <= ?")
        args.append(int(end_year))
    with Store.open(db, read_only=True) as store:
        has_genre = "genre" in {r[0] for r in store.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'documents'").fetchall()}
        genre_col = "d.genre" if has_genre else "NULL"
        sql = (f'SELECT r.county_code, r.county, r.city_code, r.city, r.province, r.indicator_id, r.year, r.text, '
               f'r.value, r.base_value, r.base_unit, r.change, r.doc_id, r.doc, d.title, d.published, {genre_col}, '
               f'r.start, r."end", r.sentence FROM records r JOIN documents d ON d.id = r.doc_id '
               f'WHERE {" AND ".join(conds)} ORDER BY r.doc, r.start')
        rows = store.con.execute(sql, args).fetchall()
        genres = {}
        ids = sorted({r[12] for r in rows})
        if not has_genre and ids:  # a store not yet migrated: each document classified here, once
            genres = {i: genre_of(title, text or "") for i, title, text in store.con.execute(
                f"SELECT id, title, text FROM documents WHERE id IN ({', '.join('?' * len(ids))})", ids).fetchall()}
    conv = conversions()
    out = []
    for (county_code, county_name, city_code, city_name, prov, ind, year, text, value, base_value, base_unit, change,
         doc_id, doc, title, published, genre, start, end, sentence) in rows:
        if county_code is not None:
            d = _today(county_code)
            code = d.code if d is not None else county_code
            name = d.name if d is not None else county_name
        else:
            code, name = city_code, None  # the city's own figure: the city's row
        unit, factor = conv.get(base_unit, (base_unit, Decimal(1)))
        genre = genre if has_genre else genres[doc_id]
        out.append(_Said(cell=(code, name, city_name, prov, ind, year, bool(change)),
                         value=Decimal(repr(base_value)) * factor, step=_step(text, value, base_value) * factor,
                         unit=unit, doc_id=doc_id, doc=doc, title=title, published=published, genre=genre,
                         start=start, end=end, sentence=sentence,
                         code_at_time=county_code if county_code not in (None, code) else None))
    return out


def _one_unit(said: list[_Said]) -> list[_Said]:
    """Each indicator in the unit most of its records are in; values in other units left out."""
    counts = defaultdict(lambda: defaultdict(int))
    for s in said:
        counts[s.cell[4]][s.unit] += 1
    unit = {ind: max(us, key=lambda u: (us[u], u)) for ind, us in counts.items()}
    return [s for s in said if s.unit == unit[s.cell[4]]]


def _agree(a: _Said, b: _Said) -> bool:
    return abs(a.value - b.value) * 2 <= max(a.step, b.step)


def _clusters(said: list[_Said]) -> list[list[_Said]]:
    """Values that agree, most precise first in each: a value joins the first group whose most
    precise value it agrees with."""
    groups: list[list[_Said]] = []
    for s in sorted(said, key=lambda s: (s.step, s.doc, s.start)):
        for g in groups:
            if _agree(g[0], s):
                g.append(s)
                break
        else:
            groups.append([s])
    return groups


def _published_key(p) -> str:
    return str(p) if p is not None else ""


def _cluster_key(g: list[_Said]):
    """(highest kind of source, latest publication within that kind, documents, precision)."""
    top = max(rank(s.genre) for s in g)
    latest = max(_published_key(s.published) for s in g if rank(s.genre) == top)
    return top, latest, len({s.doc_id for s in g}), -g[0].step


def _cells(said: list[_Said]):
    """(cell, its value groups best first) for each cell."""
    by_cell = defaultdict(list)
    for s in said:
        by_cell[s.cell].append(s)
    for cell in sorted(by_cell, key=lambda c: (c[4], c[0] or "", c[5])):
        groups = sorted(_clusters(by_cell[cell]), key=_cluster_key, reverse=True)
        yield cell, groups


def _shown(g: list[_Said]) -> _Said:
    """The most precise value of a group, from its best source among those as precise."""
    finest = min(s.step for s in g)
    return max((s for s in g if s.step == finest), key=lambda s: (rank(s.genre), _published_key(s.published)))


def _panel_cells(indicator, db, county, city, province, start, end, modality, changes):
    """The cells of the panel asked for, each with its value groups best first."""
    if modality not in MODALITIES:
        raise ZhibiaoError(f"--modality {modality!r} is not known (expected {', '.join(MODALITIES)})")
    ids = resolve_indicators(indicator)
    return _cells(_one_unit(_candidates(db, ids, county, city, province, start, end, modality, changes)))


def panel(indicator, db=None, county=None, city=None, province=None, start=None, end=None,
          modality: str = "actual", changes: bool = False, wide: bool = False) -> pd.DataFrame:
    """One value per county and year of ``indicator`` (an id, name or synonym, or several), with
    the source of each (long form), or counties × years (``wide``). See the module's rules."""
    rows = []
    for cell, groups in _panel_cells(indicator, db, county, city, province, start, end, modality, changes):
        s = _shown(groups[0])
        code, name, city_name, prov, ind, year, change = cell
        rows.append({"county_code": code, "county": name, "city": city_name, "province": prov, "indicator_id": ind,
                     "year": year, "value": float(s.value), "unit": s.unit,
                     "n_sources": len({x.doc_id for x in groups[0]}), "n_values": len(groups), "doc": s.doc,
                     "title": s.title, "published": None if s.published is None else str(s.published),
                     "genre": s.genre, "start": s.start, "end": s.end, "sentence": s.sentence,
                     "code_at_time": s.code_at_time, **({"change": change} if changes else {})})
    cols = list(LONG_COLUMNS) + (["change"] if changes else [])
    df = pd.DataFrame(rows, columns=cols)
    df = df.astype({"year": "Int64", "value": "Float64", "n_sources": "Int64", "n_values": "Int64",
                    "start": "Int64", "end": "Int64"})
    if wide:
        if not len(df):
            return pd.DataFrame()
        index = ["indicator_id", "county_code", "county"] + (["change"] if changes else [])
        w = df.assign(county=df.county.fillna(df.city)).pivot(index=index, columns="year", values="value")
        w.columns = [int(c) for c in w.columns]
        return w.reset_index()
    return df


def conflicts(indicator, db=None, county=None, city=None, province=None, start=None, end=None,
              modality: str = "actual", changes: bool = False) -> pd.DataFrame:
    """The cells whose sources disagree beyond rounding: a row per value (the chosen one first),
    with its document, date, kind and sentence."""
    rows = []
    for cell, groups in _panel_cells(indicator, db, county, city, province, start, end, modality, changes):
        if len(groups) < 2:
            continue
        code, name, city_name, prov, ind, year, change = cell
        for k, g in enumerate(groups):
            for s in sorted(g, key=lambda s: (rank(s.genre), _published_key(s.published)), reverse=True):
                rows.append({"county_code": code, "county": name, "indicator_id": ind, "year": year,
                             "chosen": k == 0, "value": float(s.value), "unit": s.unit, "doc": s.doc,
                             "published": None if s.published is None else str(s.published), "genre": s.genre,
                             "start": s.start, "end": s.end, "sentence": s.sentence})
    cols = ["county_code", "county", "indicator_id", "year", "chosen", "value", "unit", "doc", "published", "genre",
            "start", "end", "sentence"]
    return pd.DataFrame(rows, columns=cols).astype({"year": "Int64", "value": "Float64", "start": "Int64",
                                                   "end": "Int64"})
