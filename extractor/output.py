"""Write records as JSON Lines, CSV, Parquet or a table for people."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from .record import FIELDS, Record

FORMATS = ("table", "jsonl", "csv", "parquet")


def write_jsonl(records: Iterable[Record], out: IO[str]) -> int:
    n = 0
    for r in records:
        out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[Record], out: IO[str], header: bool = True) -> int:
    w = csv.DictWriter(out, fieldnames=list(FIELDS))
    if header:
        w.writeheader()
    n = 0
    for r in records:
        w.writerow(r.to_dict())
        n += 1
    return n


def write_parquet(records: Iterable[Record], path) -> int:
    """One row per record, typed columns (see ``to_dataframe``), via pyarrow."""
    from .frame import to_dataframe

    df = to_dataframe(records)
    df.to_parquet(path, engine="pyarrow", index=False)
    return len(df)


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
