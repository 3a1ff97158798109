"""A large corpus file (.jsonl or .csv) cut into parts of whole rows, each read on its own: the
parts of one file go to every core of an ingest, and ``extract`` reads a part at a time, so
neither holds the whole file. Rows keep the numbers a whole reading gives them."""
from __future__ import annotations

import codecs
import csv
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import InputError

from .loaders import TEXT_FIELDS, Loaded, lift_csv_limit, rows_of, text_field

PART_BYTES = 1 << 16  # a corpus file larger than this is read in parts of about this size, whole
# rows each: an ingest's parts go to every core, their documents are written as each part is done
# (not when the whole file is), and an interrupted file resumes from its last written batch
_BLOCK = 1 << 20  # bytes read at a time while a .jsonl file is cut


@dataclass(frozen=True)
class Part:
    """Whole rows of a large corpus file, read on their own: bytes [start, end) of the file of
    ``size`` bytes whose hash is ``content_hash``; the first of them is row ``first`` (a .jsonl
    file's line, a .csv file's row as a whole reading numbers it). A .csv part is read after the
    file's header, bytes [0, header_end)."""

    path: str
    content_hash: str
    size: int
    start: int
    end: int
    first: int
    header_end: int = 0


def parts(path: str, size: int | None = None) -> list[Part] | None:
    """A .jsonl or .csv corpus file of more than ``size`` bytes of UTF-8 whose rows have a text
    field, cut between rows into parts of about ``size`` bytes; None for any other file (read
    whole, as a file that is missing, unreadable or not UTF-8 is, and reported by ``process``).

    The file is read a block or a line at a time (hashed, its UTF-8 checked, its rows counted),
    not held: the parts are read where they are extracted. A .csv file is cut where Python's
    ``csv`` reader ends a row, so a quoted field's line feeds stay in their row."""
    size = size or PART_BYTES
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix not in (".jsonl", ".csv") or not p.is_file() or (total := p.stat().st_size) <= size:
            return None
        with p.open("rb") as fh:
            cut = (_jsonl_cuts if suffix == ".jsonl" else _csv_cuts)(fh, size)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if cut is None:
        return None
    digest, header_end, cuts, pos = cut
    if len(cuts) < 2 or pos != total:
        return None
    return [Part(path, digest.hexdigest()[:32], total, a, b, n, header_end) for a, b, n in cuts]


def _jsonl_cuts(fh, size: int):
    """(hash, 0, [(start, end, first line)], bytes read) of a .jsonl file, or None."""
    digest, utf8 = hashlib.sha256(), codecs.getincrementaldecoder("utf-8-sig")()
    cuts, start, first, pos, lines = [], 0, 1, 0, 0  # lines: line feeds before the block at pos
    head: list[str] | None = []  # the text up to the first whole row (a row may be many blocks)
    while block := fh.read(_BLOCK):
        digest.update(block)
        text = utf8.decode(block)
        if head is not None:
            head.append(text)
            if "\n" in text and "\n" in (whole := "".join(head).lstrip()):  # joined only where a line may end
                if not _first_row_has_text(whole):
                    return None
                head = None
        while (want := start + size - pos) < len(block):
            i = block.find(b"\n", max(want, 0))
            if i < 0:
                break
            cuts.append((start, pos + i + 1, first))
            start, first = pos + i + 1, lines + block.count(b"\n", 0, i + 1) + 1
        lines += block.count(b"\n")
        pos += len(block)
    utf8.decode(b"", final=True)
    if head is not None and not _first_row_has_text("".join(head)):
        return None
    if start < pos:
        cuts.append((start, pos, first))
    return digest, 0, cuts, pos


def _first_row_has_text(head: str) -> bool:
    """Whether the first line of a .jsonl file's text is a row with a text field."""
    line = next((ln for ln in head.split("\n") if ln.strip()), "")
    try:
        row = json.loads(line)
    except ValueError:
        return False
    return isinstance(row, dict) and text_field(row) is not None


def _csv_cuts(fh, size: int):
    """(hash, header's end, [(start, end, first row)], bytes read) of a .csv file, or None.
    Rows are numbered as ``csv.DictReader`` gives them (the header's is 1, blank rows none)."""
    digest, pos = hashlib.sha256(), 0

    def lines():
        nonlocal pos
        for k, raw in enumerate(fh):
            digest.update(raw)
            pos += len(raw)
            yield raw.decode("utf-8-sig" if k == 0 else "utf-8")

    lift_csv_limit()
    reader = csv.reader(lines())
    header = next(reader, None)
    if not header or not any(f in header for f in TEXT_FIELDS):
        return None
    header_end = start = pos
    cuts, first, n = [], 2, 2  # n: the number of the next row
    for row in reader:
        if row:
            n += 1
        if pos - start >= size:
            cuts.append((start, pos, first))
            start, first = pos, n
    if start < pos:
        cuts.append((start, pos, first))
    return digest, header_end, cuts, pos


def read_part(part: Part) -> list[tuple[int, Loaded]]:
    """The rows of a part, read from its file (which must not have changed since it was cut)."""
    with open(part.path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size != part.size:
            raise InputError(f"{part.path}: changed while it was being ingested (run the ingest again)")
        header = fh.read(part.header_end).decode("utf-8-sig")
        fh.seek(part.start)
        data = fh.read(part.end - part.start)
    body = data.decode("utf-8-sig" if part.start == 0 else "utf-8")
    return rows_of(header + body, part.path, Path(part.path).suffix, part.first) or []
