"""Write records as JSON Lines, CSV, Parquet or a table for people."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from .record import FIELDS, Record
from .schema import arrow_schema, csv_row, json_line

FORMATS = ("table", "jsonl", "csv", "parquet")


def write_jsonl(records: Iterable[Record], out: IO[str]) -> int:
    n = 0
    for r in records:
        out.write(json_line(r.to_dict()) + "\n")
        n += 1
    return n


def write_csv_rows(rows: Iterable[dict], out: IO[str], header: bool = True) -> int:
    """Record dicts as CSV in the one dialect (extractor/schema.py): SPEC columns, true/false,
    numbers without exponent; ``extract``, ``query`` and ``export`` all write through here."""
    w = csv.writer(out, lineterminator="\n")
    if header:
        w.writerow(FIELDS)
    n = 0
    for row in rows:
        w.writerow(csv_row(row))
        n += 1
    return n


def write_csv(records: Iterable[Record], out: IO[str], header: bool = True) -> int:
    return write_csv_rows((r.to_dict() for r in records), out, header)


def write_parquet(records: Iterable[Record], path) -> int:
    """One row per record in the one Parquet schema (extractor/schema.py), via pyarrow."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    rows = [r.to_dict() for r in records]
    table = pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()
    pq.write_table(table, str(path))
    return len(rows)


def _plain(d) -> str:
    """A Decimal with thousands separators and no exponent: 61,240,000,000 and 7.8."""
    d = d.quantize(1) if d == d.to_integral_value() else d.normalize()
    return f"{d:,f}"


def render_table(records: list[Record], console) -> None:
    """A readable rich table: where, what was written, what it measures, where and when."""
    from rich.table import Table

    t = Table(show_lines=False, header_style="bold")
    for col, kw in (("doc", {}), ("start", {"justify": "right"}), ("text", {}), ("indicator", {"max_width": 22}),
                    ("base value", {"justify": "right"}), ("unit", {}), ("county", {}), ("city", {}),
                    ("year", {}), ("notes", {})):
        t.add_column(col, **kw)
    for r in records:
        base = _plain(r.base_value) if r.value_high is None else f"{_plain(r.base_value)}–{_plain(r.base_value_high)}"
        notes = [r.qualifier if r.qualifier != "exact" else "", f"change {r.direction}" if r.change else "",
                 r.modality if r.modality != "actual" else ""]
        t.add_row(r.doc or "", str(r.start), r.text, r.indicator or "", base, r.base_unit, r.county or "",
                  r.city or r.province or "", str(r.year or ""), " ".join(n for n in notes if n))
    console.print(t)
