"""The corpus store: an embedded DuckDB file with documents and their records.

One writer at a time: a second process gets a clear error, not a corrupt file. Each document is
written with its records in one transaction, so an interrupted ingest leaves whole documents
only. The schema is versioned in ``meta``; ``MIGRATIONS`` brings older files up to date.
"""
from __future__ import annotations

import os
import re
import sys
import time
from datetime import datetime, timezone
from glob import escape as glob_escape
from pathlib import Path

import duckdb

from extractor.errors import ZhibiaoError
from extractor.record import FIELDS
from extractor.schema import DUCKDB, KINDS, arrow_types

DEFAULT_DB = "zhibiao.duckdb"
ENV_DB = "ZHIBIAO_DB"
SCHEMA_VERSION = 2

_TYPES = {c: DUCKDB[k] for c, k in KINDS.items()}  # from the one schema (extractor/schema.py)
RECORD_COLUMNS = ("doc_id",) + FIELDS
DOC_COLUMNS = ("id", "name", "path", "url", "kind", "title", "source", "published", "region_code", "region_name",
               "ingested", "n_records", "text", "genre")


def _ident(c: str) -> str:
    return f'"{c}"'


# How a column is stored, where DuckDB's own choice is worse: each record's sentence, as
# dictionary + FSST, took 2.76 MB and 0.079 s of the checkpoint for the 44,731 records of
# work-reports + regulations; zstd 1.76 MB and 0.051 s (every other text column: no gain, or larger).
# Only how the bytes are kept: a store made before reads and grows as it did.
_COMPRESSION = {"sentence": " USING COMPRESSION zstd"}

_SCHEMA_V1 = [
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE documents (id VARCHAR PRIMARY KEY, name VARCHAR, path VARCHAR, url VARCHAR, kind VARCHAR,
        title VARCHAR, source VARCHAR, published DATE, region_code VARCHAR, region_name VARCHAR,
        ingested TIMESTAMP, n_records INTEGER, text VARCHAR, genre VARCHAR)""",
    "CREATE TABLE files (content_hash VARCHAR PRIMARY KEY, doc_id VARCHAR, path VARCHAR, seen TIMESTAMP)",
    "CREATE TABLE records (doc_id VARCHAR NOT NULL, "
    + ", ".join(f"{_ident(c)} {_TYPES.get(c, 'VARCHAR')}{_COMPRESSION.get(c, '')}" for c in FIELDS) + ")",
    "CREATE INDEX records_doc ON records (doc_id)",
]
def _add_genres(con) -> None:
    """Version 2: each document's kind (bulletin, yearbook, work_report, plan, news, other),
    classified from its title and text as ingest now does (corpus/genre.py)."""
    from .genre import genre_of

    con.execute("ALTER TABLE documents ADD COLUMN genre VARCHAR")
    rows = con.execute("SELECT id, title, text FROM documents").fetchall()
    con.executemany("UPDATE documents SET genre = ? WHERE id = ?",
                    [(genre_of(title, text or ""), doc_id) for doc_id, title, text in rows])


# MIGRATIONS[n] takes a store at version n to n + 1: SQL statements or a function of the connection.
MIGRATIONS: dict[int, list] = {1: [_add_genres]}


def db_path(db: str | Path | None) -> Path:
    """The store to use: the option, else $ZHIBIAO_DB, else ./zhibiao.duckdb."""
    return Path(db or os.environ.get(ENV_DB) or DEFAULT_DB)


def _types(**names: str) -> dict:
    """Arrow types of the columns named (a timestamp or an int32; text is the default)."""
    import pyarrow as pa

    arrow = {"timestamp": pa.timestamp("us"), "int": pa.int32()}
    return {c: arrow[t] for c, t in names.items()}


FILE_COLUMNS = ("content_hash", "doc_id", "path", "seen")


_DAMAGED = re.compile(r"read enough bytes|not a valid DuckDB|checksum|corrupt|truncat", re.I)


# A writer checkpoints (compresses what it wrote into the file) when it closes, or when its log
# passes this size. DuckDB's default (16 MB) checkpointed an ingest of 1,400 documents three times,
# each rewriting the last row groups: 8 % more of the writer's time and a store 1.7 times the size.
# 64 MB holds that ingest in one (256 MB measured the same); what is written since the last
# checkpoint is held in memory and replayed from the log after a kill, so not more.
_CHECKPOINT_AT = "64MB"


def _config(read_only: bool, threads: int | None) -> dict:
    config = {} if read_only else {"checkpoint_threshold": _CHECKPOINT_AT}
    if threads:
        config["threads"] = threads
    return config


_WAIT = 600.0  # seconds a reader waits for an ingest's batch at most


def _open_error(path: Path, msg: str) -> ZhibiaoError:
    if _DAMAGED.search(msg):
        return ZhibiaoError(f"{path}: the corpus store is damaged (cut short or overwritten: {msg.splitlines()[0]}); "
                            "restore it from a copy, or ingest again with another --db")
    return ZhibiaoError(f"{path}: cannot open the corpus store ({msg.splitlines()[0]})")


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".ingest.lock")


def _reader_path(path: Path, pid: int) -> Path:
    return path.with_name(f"{path.name}.reader.{pid}")


def _reading(path: Path, pid: int) -> bool:
    """Whether process ``pid`` is a zhibiao reader of ``path`` (query, stats, export)."""
    return _reader_path(path, pid).exists() and _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def readers_waiting(path: Path) -> bool:
    """Whether a zhibiao reader (query, stats, export) of ``path`` is running or waiting."""
    for marker in path.parent.glob(f"{glob_escape(path.name)}.reader.*"):
        pid = marker.name.rpartition(".")[2]
        if pid.isdigit() and _alive(int(pid)):
            return True
    return False


def writer_pid(path: Path) -> int | None:
    """The PID of the zhibiao ingest writing to ``path``, if one runs."""
    try:
        pid = int(_lock_path(path).read_text().strip() or 0)
    except (OSError, ValueError):
        return None
    return pid if pid and _alive(pid) else None


class IngestLock:
    """The one writer of a store: a lock file holding the ingest's PID (a second ingest is
    refused with it; one left by a killed ingest is taken over). The ingest gives up its DuckDB
    connection after a batch when a reader waits, so queries, stats and exports read the store
    while it grows."""

    def __init__(self, path: Path):
        self.path = _lock_path(path)
        self.store = path

    def __enter__(self):
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                pid = writer_pid(self.store)
                if pid is not None and pid != os.getpid():
                    raise ZhibiaoError(f"{self.store}: in use by another process (an ingest, PID {pid}); "
                                       "wait for it to finish") from None
                self.path.unlink(missing_ok=True)  # left by an ingest that was killed
                continue
            with os.fdopen(fd, "w") as f:
                f.write(str(os.getpid()))
            return self
        raise ZhibiaoError(f"{self.store}: cannot take the ingest lock {self.path}")

    def __exit__(self, *exc):
        self.path.unlink(missing_ok=True)


class Store:
    """An open corpus store. Use as a context manager."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection, read_only: bool):
        self.path, self.con, self.read_only = path, con, read_only

    @classmethod
    def open(cls, db: str | Path | None = None, read_only: bool = False, wait: float | None = None,
             threads: int | None = None) -> "Store":
        """Open the store. A store locked by a zhibiao ingest that is writing a batch is waited
        for (``wait`` seconds; by default as long as that ingest runs, readers with a message);
        one locked by any other process is an error naming its PID. ``threads``: DuckDB's own
        threads (default: one a core)."""
        path = db_path(db)
        if read_only and not path.exists():
            raise ZhibiaoError(f"{path}: no corpus store here (run `zhibiao ingest` first, or give --db)")
        deadline, told = time.monotonic() + (wait if wait is not None else _WAIT), False
        # a reader says so before it takes DuckDB's lock, so an ingest that meets the lock waits
        marker = _reader_path(path, os.getpid()) if read_only else None
        try:
            if marker is not None:
                marker.touch()
        except OSError:
            marker = None  # a store on a read-only disk: nothing to tell an ingest
        try:
            store = cls._connect(path, read_only, deadline, told, threads)
        except BaseException:
            if marker is not None:
                marker.unlink(missing_ok=True)
            raise
        store._marker = marker
        return store

    @classmethod
    def _connect(cls, path: Path, read_only: bool, deadline: float, told: bool, threads: int | None = None) -> "Store":
        while True:
            try:
                con = duckdb.connect(str(path), read_only=read_only, config=_config(read_only, threads))
                break
            except duckdb.IOException as e:
                msg = str(e)
                if "lock" not in msg.lower():
                    raise _open_error(path, msg) from None
                m = re.search(r"PID (\d+)", msg)
                holder = int(m.group(1)) if m else None
                ingesting = writer_pid(path)
                # a reader waits for the ingest's batch; the ingest waits for zhibiao's readers
                ours = holder is not None and (holder == ingesting if read_only else _reading(path, holder))
                if not ours or time.monotonic() > deadline:
                    who = f" (PID {holder})" if holder else ""
                    raise ZhibiaoError(f"{path}: in use by another process{who}; wait for it to finish") from None
                if read_only and not told:
                    print(f"waiting: an ingest (PID {ingesting}) is writing a batch to {path}", file=sys.stderr)
                    told = True
                time.sleep(0.05)
            except duckdb.Error as e:
                raise ZhibiaoError(f"{path}: not a zhibiao corpus store ({str(e).splitlines()[0]}); give the --db "
                                   "of a store made by `zhibiao ingest`") from None
        store = cls(path, con, read_only)
        try:
            store._migrate()
        except BaseException:
            con.close()
            raise
        return store

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    _marker: Path | None = None

    def close(self):
        self.con.close()
        if self._marker is not None:
            self._marker.unlink(missing_ok=True)

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
                stmt(self.con) if callable(stmt) else self.con.execute(stmt)
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
        if parquet is None:
            return self.add_batch([(doc, records or [])])[0]
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        self.con.execute("BEGIN")
        try:
            new = not self.has_document(doc["id"])
            if new:
                row = {**doc, "ingested": now}
                self.con.execute(f"INSERT INTO documents VALUES ({', '.join('?' * len(DOC_COLUMNS))})",
                                 [row.get(c) for c in DOC_COLUMNS])
                cols = ", ".join(map(_ident, RECORD_COLUMNS))
                self.con.execute(f"INSERT INTO records ({cols}) SELECT {cols} FROM read_parquet(?) WHERE doc_id = ?",
                                 [parquet, doc["id"]])
            self.con.execute("INSERT OR IGNORE INTO files VALUES (?, ?, ?, ?)",
                             [doc["content_hash"], doc["id"], doc.get("path"), now])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return new

    def add_batch(self, items: list[tuple[dict, list[tuple]]]) -> list[bool]:
        """Store documents and their records, all in one transaction (an interrupted ingest
        leaves whole batches, so whole documents); for each, False if its text is known (stored
        before or earlier in the batch). One insert per table instead of one per document: a
        document at a time was 10 ms of DuckDB work each, more than its extraction."""
        if not items:
            return []
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        ids = sorted({doc["id"] for doc, _ in items})
        self.con.execute("BEGIN")
        try:
            known = {r[0] for r in self.con.execute(
                f"SELECT id FROM documents WHERE id IN ({', '.join('?' * len(ids))})", ids).fetchall()}
            new, docs, records = [], [], []
            for doc, rows in items:
                fresh = doc["id"] not in known
                new.append(fresh)
                if fresh:
                    known.add(doc["id"])
                    row = {**doc, "ingested": now}
                    docs.append([row.get(c) for c in DOC_COLUMNS])
                    records.extend(rows)
            # each batch one Arrow table, which DuckDB reads by its local name and inserts in one
            # statement (executemany is a statement a row)
            from extractor.arrow import table

            if docs:
                # ``published`` stays text in the table and is cast on insert
                doc_batch = table(DOC_COLUMNS, docs, _types(ingested="timestamp", n_records="int"))  # noqa: F841
                cols = ", ".join(f"CAST({c} AS DATE)" if c == "published" else c for c in DOC_COLUMNS)
                self.con.execute(f"INSERT INTO documents SELECT {cols} FROM doc_batch")
            if records:
                batch = table(RECORD_COLUMNS, records, arrow_types(with_doc_id=True))  # noqa: F841
                cols = ", ".join(map(_ident, RECORD_COLUMNS))
                self.con.execute(f"INSERT INTO records ({cols}) SELECT {cols} FROM batch")
            files: dict[str, list] = {}
            for doc, _ in items:  # the first of a batch's files with one hash, as row-by-row inserts kept
                files.setdefault(doc["content_hash"], [doc["content_hash"], doc["id"], doc.get("path"), now])
            file_batch = table(FILE_COLUMNS, list(files.values()), _types(seen="timestamp"))  # noqa: F841
            self.con.execute("INSERT OR IGNORE INTO files SELECT * FROM file_batch")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return new

    def remember_file(self, content_hash: str, doc_id: str, path: str):
        """A file whose text is already stored (a repost): remember it, add nothing."""
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        self.con.execute("INSERT OR IGNORE INTO files VALUES (?, ?, ?, ?)", [content_hash, doc_id, path, now])
