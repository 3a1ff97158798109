"""Ingest on a Dask cluster: documents are read and extracted on the workers, records come back
as partitioned Parquet (one part a batch), and the store loads them, a document and its records
in one transaction, on this machine."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from extractor.errors import ZhibiaoError
from extractor.patternset import current

from .ingest import Report, iter_files, process, work
from .parts import Part
from .store import RECORD_COLUMNS, Store, db_path

BATCH = 16


def extract_batch(paths: list[str | Part], known: set[str], parts_dir: str,
                  patterns: tuple | None = None) -> tuple[str | None, list[tuple]]:
    """On a worker: process files (or parts of a large corpus file) and write their records to one
    Parquet part; return the part's path and, per file, ("ok", doc) | ("seen", hash, path) |
    ("error", path, reason). ``patterns`` is the client's ``Patterns.spec()`` (its folders must
    exist on the worker too)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from extractor.patternset import Patterns, current
    from extractor.schema import arrow_schema

    results, rows = [], []
    with (Patterns.from_spec(patterns) if patterns else current()).active():
        for path in paths:
            for r in process(path, known):
                if r[0] == "ok":
                    results.append(("ok", r[1]))
                    rows.extend(r[2])
                else:
                    results.append(r)
    part = None
    if rows:
        part = os.path.join(parts_dir, f"part-{uuid.uuid4().hex}.parquet")
        cols = list(zip(*rows))
        schema = arrow_schema(with_doc_id=True)
        arrays = [pa.array(col, schema.field(name).type) for name, col in zip(RECORD_COLUMNS, cols)]
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), part)
    return part, results


def ingest_dask(paths, db, scheduler: str, parts: Path | None = None, include=None, exclude=None,
                progress=None, client=None) -> Report:
    """Ingest with the Dask scheduler at ``scheduler`` (or an existing ``client``)."""
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise ZhibiaoError("--scheduler needs Dask: pip install 'zhibiao[dask]'") from None

    report = Report()
    parts_dir = Path(parts) if parts else db_path(db).with_suffix(".parts")
    parts_dir.mkdir(parents=True, exist_ok=True)
    own = client is None
    try:
        client = client or Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as e:
        raise ZhibiaoError(f"cannot reach the Dask scheduler at {scheduler} ({e.__class__.__name__}); "
                           "is `dask scheduler` running there?") from None
    try:
        with Store.open(db) as store:
            known = store.known_files()
            files = list(work(iter_files(paths, include, exclude, report.passed_over), known))
            known_f = client.scatter([frozenset(known)], broadcast=True)[0]  # one object, not its items
            batches = [files[i : i + BATCH] for i in range(0, len(files), BATCH)]
            spec = current().spec()
            futures = [client.submit(extract_batch, b, known_f, str(parts_dir.resolve()), spec, pure=False)
                       for b in batches]
            for fut in as_completed(futures):
                part, results = fut.result()
                for r in results:
                    if r[0] == "ok":
                        doc = r[1]
                        if store.add(doc, parquet=part):
                            report.documents += 1
                            report.records += doc["n_records"]
                        else:
                            report.duplicates += 1
                    elif r[0] == "seen":
                        report.skipped += 1
                    else:
                        report.errors.append(tuple(r[1:]))
                    if progress:
                        progress(report, r)
                if part:
                    os.remove(part)
                fut.release()
    finally:
        if own:
            client.close()
    return report
