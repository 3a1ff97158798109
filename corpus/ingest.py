"""Ingest files into the corpus store: read and extract here and in worker processes, write each
document with its records in one transaction, skip what is already stored.

Re-ingesting adds nothing: a file whose bytes were seen is skipped before it is read in full,
and a document whose normalized text is stored (the same article with other page furniture)
only has its file remembered. A failing file is reported with its reason and the run goes on.
"""
from __future__ import annotations

import fnmatch
import gc
import hashlib
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex

from extractor.errors import PatternError, file_error
from extractor.normalize import normalize
from extractor.patternset import Patterns, current, set_default
from extractor.pipeline import analyze, warm
from extractor.record import Record

from . import workers
from .genre import genre_of
from .loaders import load_bytes, load_rows
from .parts import Part, parts, read_part
from .store import RECORD_COLUMNS, IngestLock, Store, db_path, readers_waiting

# Text kinds a directory ingest passes over unless asked (--include '*.xml'): often data, not prose.
ON_REQUEST = {".xml", ".json", ".tsv", ".log"}
SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf", ".jsonl", ".csv"}
_SPACE = regex.compile(r"[\s\p{P}]+")
_SUBSTANTIVE = 16  # characters a line needs to count towards a document's identity


@dataclass
class Report:
    documents: int = 0
    records: int = 0
    skipped: int = 0
    duplicates: int = 0
    errors: list[tuple[str, ...]] = field(default_factory=list)  # (path, reason, traceback text)
    passed_over: Counter = field(default_factory=Counter)  # files of directories not read, by suffix


def iter_files(paths: Iterable[str], include: list[str] | None = None, exclude: list[str] | None = None,
               passed_over: Counter | None = None) -> Iterator[str]:
    """Files under ``paths`` (directories recursively, ``-`` reads paths from stdin), filtered by
    glob patterns on the file name or relative path. Files of a directory whose kind is not read
    (without ``include``) are counted by suffix in ``passed_over``."""
    def wanted(p: Path, rel: str) -> bool:
        if include and not any(fnmatch.fnmatch(p.name, g) or fnmatch.fnmatch(rel, g) for g in include):
            return False
        return not (exclude and any(fnmatch.fnmatch(p.name, g) or fnmatch.fnmatch(rel, g) for g in exclude))

    for raw in paths:
        if raw == "-":
            yield from iter_files([line.strip() for line in sys.stdin if line.strip()], include, exclude, passed_over)
            continue
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = str(f.relative_to(p))
                if not f.is_file() or not wanted(f, rel):
                    continue
                if include or f.suffix.lower() in SUFFIXES:
                    yield str(f)
                elif passed_over is not None and not f.name.startswith("."):
                    passed_over[f.suffix.lower() or "(no suffix)"] += 1
        else:
            yield raw  # a missing file is reported by the worker, with the others still run


def text_key(text: str) -> str:
    r"""The id of a document: its substantive lines (page furniture such as 首页 新闻 or 评论 0 is
    short) with spaces and punctuation taken out, normalized, hashed.

    >>> text_key("首页 新闻\n今年全县新建高标准农田16.07万亩。") == text_key("今年全县新建高标准农田16.07万亩。\n评论 0")
    True
    """
    lines = [_SPACE.sub("", ln) for ln in normalize(text).splitlines()]
    body = [ln for ln in lines if len(ln) >= _SUBSTANTIVE] or lines
    return hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()[:32]


def work(files: Iterable[str], known: set[str]) -> Iterator[str | Part]:
    """What is handed out to be read: each file, or the parts of a large .jsonl or .csv corpus
    file (a file whose bytes are stored is handed out whole, to be reported as seen)."""
    for f in files:
        cut = parts(f)
        if cut is None or cut[0].content_hash in known:
            yield f
        else:
            yield from cut


_KNOWN: set[str] = set()


def _init(known: set[str], patterns: tuple) -> None:
    """A worker process: the files already stored, and the parent's set of patterns."""
    global _KNOWN
    _KNOWN = known
    if current().spec() != patterns:
        set_default(Patterns.from_spec(patterns))


def process(item: str | Part, known: set[str] | None = None) -> list[tuple]:
    """Read, load and extract one file or part of one, a result per document in it: ("ok", doc,
    records) | ("seen", hash, path) | ("error", path, reason). A .jsonl or .csv corpus file holds a
    document a row; its rows are keyed by the file's hash and the row number, so a half-done file
    resumes."""
    known = _KNOWN if known is None else known
    path = item.path if isinstance(item, Part) else item
    try:
        p = Path(path)
        if isinstance(item, Part):
            return _rows_of(read_part(item), path, item.content_hash, known)
        if not p.is_file():
            return [("error", path, "no such file" if not p.exists() else "not a regular file")]
        data = p.read_bytes()
        content_hash = hashlib.sha256(data).hexdigest()[:32]
        if content_hash in known:
            return [("seen", content_hash, path)]
        rows = load_rows(data, path, p.suffix)
        if rows is None:
            return [_one(load_bytes(data, path, p.suffix), p.stem, p, content_hash)]
        return _rows_of(rows, path, content_hash, known)
    except PatternError:
        raise  # every file would fail alike: the run stops with the one line that says where
    except Exception as e:  # noqa: BLE001: a library failing on one odd file must not stop the run
        return [error_result(path, e)]


def _rows_of(rows: list, path: str, content_hash: str, known: set[str]) -> list[tuple]:
    """A result per row of a corpus file, each keyed by the file's hash and its row number."""
    p, out = Path(path), []
    for n, loaded in rows:
        key = f"{content_hash}:{n}"
        out.append(("seen", key, path) if key in known else _one(loaded, f"{p.stem}:{n}", p, key))
    return out


def _lost(item: str | Part) -> list[tuple]:
    """The result for a file or part whose worker died reading it (killed, out of memory)."""
    if isinstance(item, Part):
        return [("error", item.path, f"the worker reading its bytes {item.start}-{item.end} (from row {item.first}) "
                 "died (killed, or out of memory?)", "")]
    return [("error", item, "the worker reading it died (killed, or out of memory?)", "")]


def error_result(path: str, exc: BaseException) -> tuple:
    """("error", path, one-line reason, traceback text for --debug)."""
    reason = str(file_error(path, exc)).removeprefix(f"{path}: ")
    return ("error", path, reason, "".join(traceback.format_exception(exc)))


def _one(loaded, name: str, p: Path, content_hash: str) -> tuple:
    doc_id = text_key(loaded.text)
    records, geo = analyze(loaded.text, doc_id=name, date=loaded.date, title=loaded.title, source=loaded.source)
    region = geo.county or geo.city or geo.province
    doc = {"id": doc_id, "content_hash": content_hash, "name": name, "path": str(p.resolve()), "url": loaded.url,
           "kind": loaded.kind, "title": loaded.title, "source": loaded.source, "published": loaded.date,
           "region_code": region.code if region else None, "region_name": region.name if region else None,
           "n_records": len(records), "text": loaded.text, "genre": genre_of(loaded.title, loaded.text)}
    columns = RECORD_COLUMNS[1:]
    rows = [(doc_id, *(d[c] for c in columns)) for d in map(Record.to_dict, records)]  # one dict a record
    return ("ok", doc, rows)


def ingest(paths: Iterable[str], db: str | None = None, jobs: int = 1, include: list[str] | None = None,
           exclude: list[str] | None = None, progress=None) -> Report:
    """Ingest files; ``progress(report, result)`` is called after each result (a document, or a
    file seen or failed)."""
    report = Report()
    path = db_path(db)
    with IngestLock(path):  # the one writer; after a batch the store is closed for a waiting reader
        with Store.open(path) as store:
            known = store.known_files()
        files = work(iter_files(paths, include, exclude, report.passed_over), known)
        if jobs <= 1:
            results = (process(f, known) for f in files)
            _consume(_Writer(path, report, progress), results)  # DuckDB may use every core between documents
        else:
            # the workers share the parent's tables (copy-on-write) instead of each loading its own,
            # and their cycle collections leave the inherited objects (and so their pages) alone
            warm()
            gc.freeze()
            try:
                # the workers hold the cores: DuckDB's own threads would only take turns with them
                writer = _Writer(path, report, progress, threads=1)
                # this process reads files too, between batches: jobs - 1 workers; with none left
                # to read, it writes what it holds while the workers finish their last files
                found = workers.results(process, files, jobs, lost=_lost, init=_init,
                                        initargs=(known, current().spec()), here=lambda f: process(f, known),
                                        idle=writer.flush)
                _consume(writer, found)
            finally:
                gc.unfreeze()
    return report


BATCH_DOCS = 200  # documents written in one transaction
BATCH_SECONDS = 2.0  # ... or fewer, when this long has passed since the last batch


class _Writer:
    """Documents written in batches, each in one transaction. The store stays open between
    batches while no reader waits (each closing is a checkpoint, as costly as the writing); a
    query, stats or export in another process says it waits, and the store is closed for it after
    the batch being written."""

    def __init__(self, path, report: Report, progress, threads: int | None = None):
        self.path, self.report, self.progress, self.threads = path, report, progress, threads
        self.pending: list = []
        self.last = time.monotonic()
        self.store: Store | None = None

    def take(self, result: tuple) -> None:
        kind = result[0]
        if kind == "ok":
            self.pending.append(result[1:])
            if len(self.pending) >= BATCH_DOCS or time.monotonic() - self.last >= BATCH_SECONDS:
                self.flush()
        elif kind == "seen":
            self.report.skipped += 1
        else:
            self.report.errors.append(tuple(result[1:]))
        if self.progress:
            self.progress(self.report, result)

    def flush(self) -> None:
        """Write the documents held, in one transaction (with none held, nothing happens: it is
        called whenever this process would wait for the workers)."""
        if self.pending:
            if self.store is None:
                self.store = Store.open(self.path, threads=self.threads)
            report = self.report
            for (doc, rows), new in zip(self.pending, self.store.add_batch(self.pending)):
                if new:
                    report.documents += 1
                    report.records += len(rows)
                else:
                    report.duplicates += 1
            if readers_waiting(self.path):
                self.close()
            self.pending, self.last = [], time.monotonic()

    def close(self) -> None:
        if self.store is not None:
            store, self.store = self.store, None
            store.close()


def _consume(writer: _Writer, batches: Iterable[list[tuple]]) -> None:
    """Every result of ``batches`` written or counted, then the store closed."""
    try:
        for result in (r for batch in batches for r in batch):
            writer.take(result)
        writer.flush()
    finally:
        writer.close()
