"""The one table schema of a record, derived from ``Record``'s field types: the pandas dtypes,
the Arrow (Parquet) schema, the DuckDB column types and the CSV dialect all come from here, so
``extract -o x.parquet``, ``export``, the corpus store and the Dask parts agree column by column.

>>> KINDS["year"], KINDS["base_value"], KINDS["change"], KINDS["county"]
('int', 'float', 'bool', 'text')
>>> csv_value("float", 61240000000.0), csv_value("float", 7.8), csv_value("bool", False), csv_value("int", None)
('61240000000', '7.8', 'false', '')
"""
from __future__ import annotations

import os
import typing
from decimal import Decimal
from functools import cache
from pathlib import Path

import orjson

from .record import FIELDS, Record

_PY_KINDS = {int: "int", Decimal: "float", bool: "bool", str: "text"}


def _kind(tp) -> str:
    args = [a for a in typing.get_args(tp) if a is not type(None)] or [tp]
    return _PY_KINDS[args[0]]


_HINTS = typing.get_type_hints(Record)
KINDS: dict[str, str] = {name: _kind(_HINTS[name]) for name in FIELDS}  # SPEC order
CATEGORIES = ("quantity", "qualifier", "direction", "modality")  # few values: categorical in a DataFrame

PANDAS = {"int": "Int64", "float": "Float64", "bool": "boolean", "text": "string"}
DUCKDB = {"int": "INTEGER", "float": "DOUBLE", "bool": "BOOLEAN", "text": "VARCHAR"}


def dataframe_dtypes() -> dict[str, str]:
    """pandas dtypes of ``to_dataframe``: nullable integers, floats and booleans, strings, and
    categories for the few-valued columns."""
    return {c: "category" if c in CATEGORIES else PANDAS[k] for c, k in KINDS.items()}


def _kinds(with_doc_id: bool) -> dict[str, str]:
    return ({"doc_id": "text"} if with_doc_id else {}) | KINDS


@cache
def arrow_types(with_doc_id: bool = False) -> dict:
    """Each column's Arrow type (what the store's inserts need: no pandas)."""
    import pyarrow as pa

    arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "text": pa.string()}
    return {c: arrow[k] for c, k in _kinds(with_doc_id).items()}


def _pandas_metadata(kinds: dict[str, str]) -> dict:
    import pandas as pd
    import pyarrow as pa

    empty = pd.DataFrame({c: pd.Series([], dtype=PANDAS[k]) for c, k in kinds.items()})
    return dict(pa.Schema.from_pandas(empty, preserve_index=False).metadata)


@cache
def arrow_schema(with_doc_id: bool = False):
    """The Parquet schema of every file zhibiao writes, with pandas metadata so that
    ``pd.read_parquet`` gives ``year`` as Int64 and ``change`` as boolean even with nulls. The
    metadata is pandas' own, made once and kept in the cache (by the columns and the versions of
    pandas and pyarrow): importing pandas to make it again was 0.2 s of every Parquet output."""
    import importlib.util

    import pyarrow as pa

    from .diskcache import key_of, load_or_build

    kinds = _kinds(with_doc_id)
    spec = importlib.util.find_spec("pandas")
    installed = os.stat(spec.origin) if spec and spec.origin else None
    key = key_of([repr(kinds), pa.__version__, repr(installed and (installed.st_size, installed.st_mtime_ns)),
                  Path(__file__)])
    meta = load_or_build("pandas-metadata", key, lambda: _pandas_metadata(kinds))
    return pa.schema([pa.field(c, t) for c, t in arrow_types(with_doc_id).items()], metadata=meta)


def csv_value(kind: str, v) -> str:
    """One CSV cell: empty for null, true/false, numbers without exponent or trailing .0."""
    if v is None:
        return ""
    if kind == "bool":
        return "true" if v else "false"
    if kind == "float":
        return decimal_text(Decimal(repr(float(v))))
    return str(v)


def decimal_text(d: Decimal, grouped: bool = False) -> str:
    """A Decimal without exponent or trailing zeros (61240000000, 7.8), grouped for people
    (61,240,000,000) when ``grouped``: the one number format of tables and CSV."""
    d = d.quantize(1) if d == d.to_integral_value() else d.normalize()
    return format(d, ",f" if grouped else "f")


def csv_row(row: dict) -> list[str]:
    """A record's dict (``Record.to_dict`` or a stored row) as CSV cells in SPEC order."""
    return [csv_value(KINDS[c], row.get(c)) for c in FIELDS]


# orjson writes a record 4x faster than json (18 vs 75 ms for a 3 MB document's 12,000), compact
# and in UTF-8 as json with ensure_ascii=False; dates and anything else it does not know are
# written as their str(), as before.
_JSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME


def json_line(row: dict, ordered: bool = False) -> str:
    """A row as one JSON object with SPEC's fields in order (``ordered``: the row has exactly
    those already, as ``Record.to_dict`` gives them).

    >>> json_line({"doc": "a", "text": "16.07万亩", "value": 16.07, "change": False}, ordered=True)
    '{"doc":"a","text":"16.07万亩","value":16.07,"change":false}'
    """
    return orjson.dumps(row if ordered else {c: row.get(c) for c in FIELDS}, default=str,
                        option=_JSON_OPTIONS).decode()
