"""The corpus store: an embedded DuckDB file with documents and their records.

One writer at a time: a second process gets a clear error, not a corrupt file. Each document is
written with its records in one transaction, so an interrupted ingest leaves whole documents
only. The schema is versioned in ``meta``; ``MIGRATIONS`` brings older files up to date.
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from extractor.errors import ZhibiaoError
from extractor.record import FIELDS
from extractor.schema import DUCKDB, KINDS, arrow_schema

DEFAULT_DB = "zhibiao.duckdb"
ENV_DB = "ZHIBIAO_DB"
SCHEMA_VERSION = 1

_TYPES = {c: DUCKDB[k] for c, k in KINDS.items()}  # from the one schema (extractor/schema.py)
RECORD_COLUMNS = ("doc_id",) + FIELDS
DOC_COLUMNS = ("id", "name", "path", "url", "kind", "title", "source", "published", "region_code", "region_name",
               "ingested", "n_records", "text")


def _ident(c: str) -> str:
    return f'"{c}"'


_SCHEMA_V1 = [
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE documents (id VARCHAR PRIMARY KEY, name VARCHAR, path VARCHAR, url VARCHAR, kind VARCHAR,
        title VARCHAR, source VARCHAR, published DATE, region_code VARCHAR, region_name VARCHAR,
        ingested TIMESTAMP, n_records INTEGER, text VARCHAR)""",
    "CREATE TABLE files (content_hash VARCHAR PRIMARY KEY, doc_id VARCHAR, path VARCHAR, seen TIMESTAMP)",
    "CREATE TABLE records (doc_id VARCHAR NOT NULL, "
    + ", ".join(f"{_ident(c)} {_TYPES.get(c, 'VARCHAR')}" for c in FIELDS) + ")",
    "CREATE INDEX records_doc ON records (doc_id)",
]
# MIGRATIONS[n] takes a store at version n to n + 1.
MIGRATIONS: dict[int, list[str]] = {}


def db_path(db: str | Path | None) -> Path:
    """The store to use: the option, else $ZHIBIAO_DB, else ./zhibiao.duckdb."""
    return Path(db or os.environ.get(ENV_DB) or DEFAULT_DB)


def _arrow(records: list[tuple]):
    """Record tuples as one Arrow table with the store's column types."""
    import pyarrow as pa

    schema = arrow_schema(with_doc_id=True)
    cols = list(zip(*records))
    return pa.table({c: pa.array(col, schema.field(c).type) for c, col in zip(RECORD_COLUMNS, cols)})


_DAMAGED = re.compile(r"read enough bytes|not a valid DuckDB|checksum|corrupt|truncat", re.I)


class Store:
    """An open corpus store. Use as a context manager."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection, read_only: bool):
        self.path, self.con, self.read_only = path, con, read_only

    @classmethod
    def open(cls, db: str | Path | None = None, read_only: bool = False) -> "Store":
        path = db_path(db)
        if read_only and not path.exists():
            raise ZhibiaoError(f"{path}: no corpus store here (run `zhibiao ingest` first, or give --db)")
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as e:
            msg = str(e)
            if "lock" in msg.lower():
                pid = re.search(r"PID (\d+)", msg)
                who = f" (PID {pid.group(1)})" if pid else ""
                raise ZhibiaoError(f"{path}: in use by another process{who}; wait for it to finish") from None
            if _DAMAGED.search(msg):
                raise ZhibiaoError(f"{path}: the corpus store is damaged (cut short or overwritten: "
                                   f"{msg.splitlines()[0]}); restore it from a copy, or ingest again with "
                                   "another --db") from None
            raise ZhibiaoError(f"{path}: cannot open the corpus store ({msg.splitlines()[0]})") from None
        except duckdb.Error as e:
            raise ZhibiaoError(f"{path}: not a zhibiao corpus store ({str(e).splitlines()[0]}); give the --db "
                               "of a store made by `zhibiao ingest`") from None
        store = cls(path, con, read_only)
        store._migrate()
        return store

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.con.close()

    def _migrate(self):
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "meta" not in tables:
            if tables:
                raise ZhibiaoError(f"{self.path}: a DuckDB file that is not a zhibiao store (tables: {', '.join(sorted(tables))})")
            if self.read_only:
                raise ZhibiaoError(f"{self.path}: an empty store (run `zhibiao ingest` first)")
            self.con.execute("BEGIN")
            for stmt in _SCHEMA_V1:
                self.con.execute(stmt)
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            self.con.execute("COMMIT")
            return
        version = int(self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()[0][0])
        if version > SCHEMA_VERSION:
            raise ZhibiaoError(f"{self.path}: schema version {version} is newer than this zhibiao ({SCHEMA_VERSION}); upgrade zhibiao")
        while version < SCHEMA_VERSION and not self.read_only:
            self.con.execute("BEGIN")
            for stmt in MIGRATIONS[version]:
                self.con.execute(stmt)
            version += 1
            self.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])
            self.con.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------------

    def known_files(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT content_hash FROM files").fetchall()}

    def has_document(self, doc_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchall() != []

    def add(self, doc: dict, records: list[tuple] | None = None, parquet: str | None = None) -> bool:
        """Store one document and its records in one transaction; False if its text is known.

        ``records`` are tuples in ``RECORD_COLUMNS`` order; ``parquet`` is a file of them instead.
        """
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        self.con.execute("BEGIN")
        try:
            new = not self.has_document(doc["id"])
            if new:
                row = {**doc, "ingested": now}
                self.con.execute(f"INSERT INTO documents VALUES ({', '.join('?' * len(DOC_COLUMNS))})",
                                 [row.get(c) for c in DOC_COLUMNS])
                cols = ", ".join(map(_ident, RECORD_COLUMNS))
                if parquet is not None:
                    self.con.execute(f"INSERT INTO records ({cols}) SELECT {cols} FROM read_parquet(?) WHERE doc_id = ?",
                                     [parquet, doc["id"]])
                elif records:
                    batch = _arrow(records)  # noqa: F841 (DuckDB reads the local Arrow table by name)
                    self.con.execute(f"INSERT INTO records ({cols}) SELECT {cols} FROM batch")
            self.con.execute("INSERT OR IGNORE INTO files VALUES (?, ?, ?, ?)",
                             [doc["content_hash"], doc["id"], doc.get("path"), now])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return new

    def remember_file(self, content_hash: str, doc_id: str, path: str):
        """A file whose text is already stored (a repost): remember it, add nothing."""
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        self.con.execute("INSERT OR IGNORE INTO files VALUES (?, ?, ?, ?)", [content_hash, doc_id, path, now])
