"""Query, export and count the corpus: the same functions behind `zhibiao query/export/stats`.
``query`` returns a pandas DataFrame; ``stats`` and ``export`` do not import pandas (0.2 s of
their start)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from extractor.errors import ZhibiaoError
from extractor.record import FIELDS

if TYPE_CHECKING:
    import pandas as pd

from .store import Store

_SELECT = ", ".join(f'r."{c}"' for c in FIELDS)


def _where(county=None, city=None, province=None, indicator=None, year=None) -> tuple[str, list]:
    """SQL conditions for the filters; names, short names and codes are all accepted."""
    conds, args = [], []
    for value, name_col, code_col in ((county, "county", "county_code"), (city, "city", "city_code"),
                                      (province, "province", None)):
        if value is None:
            continue
        value = str(value).strip()
        names = {value}
        from extractor.geography import is_division_name, resolve_region

        try:
            d = resolve_region(value)
            names.add(d.name)
            if code_col is None:
                value = d.name
        except ZhibiaoError as e:
            if not is_division_name(value):  # refused as extract --region is, with close names
                raise ZhibiaoError(str(e).replace("region ", f"--{name_col} ", 1)) from None
        if code_col and value.isdigit():
            conds.append(f"r.{code_col} = ?")
            args.append(value)
        else:
            conds.append(f"r.{name_col} IN ({', '.join('?' * len(names))})")
            args.extend(sorted(names))
    if indicator is not None:
        from extractor.indicators import canonical

        ids = {i.id for i in canonical() if indicator in (i.id, i.name) or indicator in i.synonyms}
        part = "r.indicator LIKE ?"
        args.append(f"%{indicator}%")
        if ids:
            part = f"(r.indicator_id IN ({', '.join('?' * len(ids))}) OR {part})"
            args[-1:-1] = sorted(ids)
        conds.append(part)
    if year is not None:
        conds.append("r.year = ?")
        args.append(int(year))
    return (" WHERE " + " AND ".join(conds)) if conds else "", args


def records(db=None, county=None, city=None, province=None, indicator=None, year=None, limit=None) -> list[dict]:
    """Records matching every filter given, in document order, as dicts of SPEC fields (None for
    null): what ``zhibiao query`` prints, without pandas."""
    where, args = _where(county, city, province, indicator, year)
    sql = f"SELECT {_SELECT} FROM records r{where} ORDER BY r.doc, r.start"
    if limit:
        sql += f" LIMIT {int(limit)}"
    with Store.open(db, read_only=True) as store:
        found = store.con.execute(sql, args).fetchall()
        if not found and indicator is not None:
            _known_indicator(store, indicator)
    return [dict(zip(FIELDS, row)) for row in found]


def query(db=None, county=None, city=None, province=None, indicator=None, year=None, limit=None) -> pd.DataFrame:
    """Records matching every filter given, one typed column per SPEC field, in document order."""
    import pandas as pd

    from extractor.frame import DTYPES

    rows = records(db, county=county, city=city, province=province, indicator=indicator, year=year, limit=limit)
    return pd.DataFrame(rows, columns=list(FIELDS)).astype(DTYPES)


def _known_indicator(store: Store, indicator: str) -> None:
    """Refuse an indicator that is neither canonical nor part of any stored phrase."""
    from extractor.indicators import canonical

    if any(indicator in (i.id, i.name) or indicator in i.synonyms for i in canonical()):
        return
    if store.con.execute("SELECT 1 FROM records WHERE indicator LIKE ? LIMIT 1", [f"%{indicator}%"]).fetchall():
        return
    import difflib

    names = [i.name for i in canonical()] + [i.id for i in canonical()]
    close = difflib.get_close_matches(indicator, names, n=5, cutoff=0.4)
    raise ZhibiaoError(f"--indicator {indicator!r} is neither a canonical indicator nor in any stored phrase "
                       f"(close: {', '.join(close) or 'none'}; expected an id such as gdp, a name or a phrase's part)")


def stats(db=None) -> dict:
    """Documents, records, counties, indicators and years in the store."""
    with Store.open(db, read_only=True) as store:
        c = store.con
        one = lambda sql: c.execute(sql).fetchall()[0][0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "files": one("SELECT count(*) FROM files"),
            "records": one("SELECT count(*) FROM records"),
            "counties": one("SELECT count(DISTINCT county_code) FROM records"),
            "indicators": one("SELECT count(DISTINCT indicator_id) FROM records"),
            "years": [r[0] for r in c.execute("SELECT DISTINCT year FROM records WHERE year IS NOT NULL ORDER BY 1").fetchall()],
            "top_counties": c.execute("SELECT county, count(*) n FROM records WHERE county IS NOT NULL "
                                      "GROUP BY 1 ORDER BY 2 DESC LIMIT 5").fetchall(),
        }


def export(out: str | Path, fmt: str, db=None, batch: int = 50_000, **filters) -> int:
    """Write every record (or those matching ``filters``) as parquet, csv or jsonl, streaming."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from extractor.output import write_csv_rows
    from extractor.schema import arrow_schema, json_line

    where, args = _where(**filters)
    sql = f"SELECT {_SELECT} FROM records r{where} ORDER BY r.doc, r.start"
    n = 0
    with Store.open(db, read_only=True) as store:
        reader = store.con.sql(sql, params=args).to_arrow_reader(batch)  # streams, batch by batch
        if fmt == "parquet":
            schema = arrow_schema()  # the one schema: the same file extract -o writes
            with pq.ParquetWriter(str(out), schema) as w:
                for b in reader:
                    w.write_table(pa.Table.from_batches([b]).cast(schema))
                    n += b.num_rows
        elif fmt == "csv":
            with open(out, "w", encoding="utf-8", newline="") as f:
                write_csv_rows([], f)  # the header, also for no rows
                for b in reader:
                    n += write_csv_rows(b.to_pylist(), f, header=False)
        elif fmt == "jsonl":
            with open(out, "w", encoding="utf-8") as f:
                for b in reader:
                    for row in b.to_pylist():
                        f.write(json_line(row) + "\n")
                    n += b.num_rows
        else:
            raise ZhibiaoError(f"export format {fmt!r} is not known (expected parquet, csv or jsonl)")
    return n
