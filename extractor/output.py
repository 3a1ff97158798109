"""Write records as JSON Lines, CSV, Parquet or a table for people."""
from __future__ import annotations

import csv
from decimal import Decimal
from collections.abc import Iterable
from operator import itemgetter
from typing import IO

from .record import FIELDS, Record
from .schema import arrow_schema, arrow_types, csv_row, csv_value, decimal_text, json_line

FORMATS = ("table", "jsonl", "csv", "parquet")


def write_jsonl(records: Iterable[Record], out: IO[str]) -> int:
    n = 0
    for r in records:
        out.write(json_line(r.to_dict(), ordered=True) + "\n")
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
    import pyarrow.parquet as pq

    rows = [r.to_dict() for r in records]
    pq.write_table(_arrow(rows), str(path))
    return len(rows)


def _arrow(rows: list[dict]):
    """Record dicts as an Arrow table of the one schema (extractor/arrow.py: no pandas)."""
    from .arrow import table

    schema = arrow_schema()
    return table(FIELDS, list(map(itemgetter(*FIELDS), rows)), arrow_types(), schema.metadata)


class RecordWriter:
    """Records written as they come, a document's at a time, so memory does not grow with the
    number of documents: JSON Lines and CSV line by line (one CSV header), Parquet a row group
    per ``ROW_GROUP`` records (pyarrow's ParquetWriter). ``out`` is a text stream for jsonl and
    csv, a path for parquet. Use as a context manager."""

    ROW_GROUP = 20_000

    def __init__(self, fmt: str, out):
        if fmt not in ("jsonl", "csv", "parquet"):
            raise ValueError(f"RecordWriter writes jsonl, csv or parquet, not {fmt}")
        self.fmt, self.out, self.n = fmt, out, 0
        self._pending: list[dict] = []
        self._parquet = None
        self._header = False

    def write(self, records: Iterable[Record]) -> None:
        if self.fmt == "jsonl":
            self.n += write_jsonl(records, self.out)
        elif self.fmt == "csv":
            self.n += write_csv(records, self.out, header=not self._header)
            self._header = True  # once, rows or not
        else:
            self._pending.extend(r.to_dict() for r in records)
            if len(self._pending) >= self.ROW_GROUP:
                self._flush()

    def _flush(self) -> None:
        import pyarrow.parquet as pq

        if self._parquet is None:
            self._parquet = pq.ParquetWriter(str(self.out), arrow_schema())
        if self._pending:
            self._parquet.write_table(_arrow(self._pending))
            self.n += len(self._pending)
            self._pending = []

    def close(self) -> None:
        if self.fmt == "parquet":
            self._flush()
            self._parquet.close()
        elif self.fmt == "csv" and not self._header:
            write_csv([], self.out)  # a header, also for no records
            self._header = True

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.close()
        elif self._parquet is not None:
            self._parquet.close()


def _plain(d) -> str:
    """A Decimal with thousands separators and no exponent: 61,240,000,000 and 7.8."""
    return decimal_text(d, grouped=True)


# Columns of the terminal table, most needed first; a narrow terminal shows the first ones only
# (80 columns: text, indicator, base value, unit, county, year), ``columns`` chooses them.
TABLE_COLUMNS = ("text", "indicator", "base value", "unit", "county", "year", "notes", "city", "start", "doc")
_NARROW = {80: 6, 100: 7, 120: 8, 140: 9}


def table_columns(width: int) -> tuple[str, ...]:
    """The columns that fit a terminal ``width`` characters wide.

    >>> table_columns(80)
    ('text', 'indicator', 'base value', 'unit', 'county', 'year')
    >>> len(table_columns(200))
    10
    """
    n = next((k for w, k in sorted(_NARROW.items()) if width < w + 20), len(TABLE_COLUMNS))
    return TABLE_COLUMNS[:n]


def render_table(records: list[Record], console, columns: tuple[str, ...] | None = None) -> None:
    """A readable rich table that fits the console: what was written, what it measures, its
    value in the base unit (61,240,000,000), where and when; cells wrap instead of being cut."""
    from rich.table import Table

    cols = columns or table_columns(console.width)
    unknown = [c for c in cols if c not in TABLE_COLUMNS]
    if unknown:
        from .errors import ZhibiaoError

        raise ZhibiaoError(f"--columns {','.join(unknown)} is not a table column (expected some of {', '.join(TABLE_COLUMNS)})")
    t = Table(show_lines=False, header_style="bold", expand=False)
    right = {"base value", "start", "year"}
    widths = {"indicator": {"min_width": 12}, "base value": {"max_width": 17}, "text": {"max_width": 16}}
    for col in cols:
        t.add_column(col, justify="right" if col in right else "left", overflow="fold",
                     no_wrap=col in ("start", "year", "unit"), **widths.get(col, {}))
    for r in records:
        base = _plain(r.base_value) if r.value_high is None else f"{_plain(r.base_value)}–{_plain(r.base_value_high)}"
        notes = [r.qualifier if r.qualifier != "exact" else "", f"change {r.direction}" if r.change else "",
                 r.modality if r.modality != "actual" else ""]
        cells = {"doc": r.doc or "", "start": str(r.start), "text": r.text, "indicator": r.indicator or "",
                 "base value": base, "unit": r.base_unit, "county": r.county or "", "city": r.city or r.province or "",
                 "year": str(r.year or ""), "notes": " ".join(n for n in notes if n)}
        t.add_row(*(cells[c] for c in cols))
    console.print(t)


def frame_rows(df) -> list[dict]:
    """A DataFrame's rows as dicts of plain Python values (None for missing)."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


def _cell(v) -> str:
    """A CSV or table cell in the one dialect of records (schema.csv_value), its kind read off
    the value: true/false, numbers without exponent."""
    kind = "bool" if isinstance(v, bool) else "float" if isinstance(v, float) else "text"
    return csv_value(kind, v)


def write_frame(df, fmt: str, out=None, path=None, console=None) -> None:
    """A panel or a list of conflicts as a table, csv, jsonl or parquet (``path``), in the
    number format of records."""
    import json

    if fmt == "parquet":
        df.rename(columns=str).to_parquet(str(path), index=False)
        return
    rows = frame_rows(df)
    cols = [str(c) for c in df.columns]
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(cols)
        for row in rows:
            w.writerow([_cell(v) for v in row.values()])
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps({str(k): v for k, v in row.items()}, ensure_ascii=False, default=str) + "\n")
    else:
        from rich.table import Table

        t = Table(header_style="bold")
        for c in cols:
            t.add_column(c, overflow="fold")
        for row in rows:
            t.add_row(*(_plain(Decimal(repr(v))) if isinstance(v, float) else _cell(v)
                        for v in row.values()))
        console.print(t)
