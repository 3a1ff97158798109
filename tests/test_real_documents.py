"""Smoke run over every real document in ../shared/data: no crash, every offset valid."""
import csv
import json


from conftest import SHARED, needs_shared
from corpus.reader import decode
from extractor import extract

DATA = SHARED / "data"


def _texts():
    """(name, text) of every document: JSONL and CSV rows, Markdown, text and HTML files."""
    for path in sorted(DATA.rglob("*")):
        if not path.is_file() or path.name == "README.md" or path.suffix in (".xlsx",):
            continue
        if path.suffix == ".jsonl":
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                row = json.loads(line)
                for key in ("full_text", "content", "text"):
                    if isinstance(row.get(key), str):
                        yield f"{path.name}:{n}", row[key]
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as f:
                for n, row in enumerate(csv.DictReader(f)):
                    if row.get("full_text"):
                        yield f"{path.name}:{n}", row["full_text"]
        else:
            yield path.name, decode(path.read_bytes(), str(path))


@needs_shared()
def test_every_real_document_extracts_with_valid_offsets():
    docs = records = 0
    for name, text in _texts():
        docs += 1
        for r in extract(text, doc_id=name):
            records += 1
            assert text[r.start : r.end] == r.text, f"{name}:{r.start}"
            # a negative level writes its sign (-, −, －) or a word for it (负, 零下)
            assert r.base_value >= 0 or r.text[0] in "-−－" or r.text.startswith(("负", "零下")), f"{name}:{r.start}"
    assert docs > 3000 and records > 50000
