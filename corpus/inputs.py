"""The inputs of one ``zhibiao extract`` call, each read, loaded and extracted on its own: a
file that fails (damaged, undecodable, a library's exception, a package not installed) gives
an ``Outcome`` with its error and the next file is still read. Only a broken ``patterns/``
file, which would fail every input alike, stops the run (``PatternError``)."""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from extractor import extract
from extractor.errors import PatternError, ZhibiaoError, file_error
from extractor.record import Record

from .loaders import Loaded, load_bytes, load_rows
from .parts import Part, parts, read_part
from .reader import read_bytes


@dataclass
class Outcome:
    """One document of an input, with its records, or the error that stopped it."""

    name: str                       # the input as given (a path, or - for stdin)
    doc_id: str | None = None       # the file's stem, or stem:row for a corpus file's row
    doc: Loaded | None = None
    records: list[Record] = field(default_factory=list)
    error: ZhibiaoError | None = None


def load_input(name: str, stdin=None) -> list[tuple[str, Loaded]]:
    """The documents of one input, (doc id, document): a file, or ``-`` for ``stdin``'s bytes."""
    if name == "-":
        data, stem, suffix = (stdin or sys.stdin.buffer).read(), "stdin", ""
    else:
        p = Path(name)
        data, stem, suffix = read_bytes(p), p.stem, p.suffix
    rows = load_rows(data, name, suffix) if data else None
    if rows:
        return _row_ids(stem, rows)
    return [(stem, load_bytes(data, name, suffix))]


def extract_inputs(names: Iterable[str], region: str | None = None, stdin=None) -> Iterator[Outcome]:
    """An ``Outcome`` per document of each input, in order; a failing input gives one with
    ``error`` set, and the rest go on. A large corpus file is read a part at a time (its rows are
    not all held), and a part that fails (a broken line) costs only its own rows."""
    for name in names:
        cut = parts(name) if name != "-" else None
        readers = [partial(_part, name, part) for part in cut] if cut else [partial(load_input, name, stdin)]
        for read in readers:
            try:
                loaded = read()
            except PatternError:
                raise
            except Exception as e:  # noqa: BLE001: whatever one file does, the others are still read
                yield Outcome(name, error=file_error(name, e))
                continue
            yield from _extract(name, loaded, region)


def _part(name: str, part: Part) -> list[tuple[str, Loaded]]:
    """The documents of one part of a corpus file, (doc id, document), ids as a whole reading's."""
    return _row_ids(Path(name).stem, read_part(part))


def _row_ids(stem: str, rows: list[tuple[int, Loaded]]) -> list[tuple[str, Loaded]]:
    """A corpus file's rows as (doc id, document): stem:row."""
    return [(f"{stem}:{n}", loaded) for n, loaded in rows]


def _extract(name: str, docs: list[tuple[str, Loaded]], region: str | None) -> Iterator[Outcome]:
    for doc_id, doc in docs:
        where = f"{name}:{doc_id.rsplit(':', 1)[1]}" if doc.kind == "row" else name  # rows.jsonl:3
        try:
            records = extract(doc.text, doc_id=doc_id, region=region, date=doc.date, title=doc.title,
                              source=doc.source)
        except PatternError:
            raise
        except Exception as e:  # noqa: BLE001
            yield Outcome(name, doc_id, doc, error=file_error(where, e))
            continue
        yield Outcome(name, doc_id, doc, records)
