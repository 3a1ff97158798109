"""A large .jsonl or .csv corpus file is read in parts, whole rows each, on every core: the store is the
one its whole reading gives, a part that fails loses only its own rows, and a file that is not
UTF-8 rows, or changed since it was cut, is read whole or reported."""
import csv
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import corpus.parts as parts_mod
from cli import app
from conftest import ROOT, SHARED, needs_shared
from corpus.ingest import _lost, ingest, process
from corpus.parts import Part, parts, read_part
from corpus.query import query, stats

BAODING = SHARED / "data" / "work-reports" / "baoding-hebei-county-city" / "baoding_county_work_reports.jsonl"
COUNTIES = ["通山县", "崇阳县", "嘉鱼县", "通城县", "阳新县", "罗田县", "英山县", "蕲春县"]


def _rows(n: int) -> list[dict]:
    return [{"title": f"{COUNTIES[k % len(COUNTIES)]}{2015 + k % 7}年政府工作报告",
             "full_text": f"过去一年，全县新建高标准农田{k + 1}.5万亩，新增城镇就业{k + 3}00人，"
                          f"实施农村公路改造{k + 2}公里。"} for k in range(n)]


def _write(path, rows, blank_every=7, encoding="utf-8"):
    lines = []
    for k, r in enumerate(rows):
        lines.append(json.dumps(r, ensure_ascii=False))
        if k % blank_every == blank_every - 1:
            lines.append("")  # blank lines count as lines: row numbers are line numbers
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_parts_cut_the_file_at_line_ends_and_cover_it(tmp_path):
    f = _write(tmp_path / "r.jsonl", _rows(40))
    data = f.read_bytes()
    cut = parts(str(f), size=500)
    assert cut and len(cut) > 5
    assert cut[0].start == 0 and cut[-1].end == len(data) == cut[0].size
    assert all(a.end == b.start for a, b in zip(cut, cut[1:]))
    assert all(data[p.end - 1:p.end] == b"\n" for p in cut)
    assert all(p.end - p.start >= 500 for p in cut[:-1])
    assert [p.first for p in cut] == [data.count(b"\n", 0, p.start) + 1 for p in cut]
    assert len({p.content_hash for p in cut}) == 1


def test_a_large_jsonl_read_in_parts_gives_the_store_of_its_whole_reading(tmp_path, monkeypatch):
    f = _write(tmp_path / "reports.jsonl", _rows(60))
    whole, split = tmp_path / "whole.duckdb", tmp_path / "split.duckdb"
    r1 = ingest([str(f)], whole)
    monkeypatch.setattr(parts_mod, "PART_BYTES", 600)
    assert len(parts(str(f))) > 10
    r2 = ingest([str(f)], split, jobs=2)
    assert (r1.documents, r1.records, r1.errors) == (r2.documents, r2.records, r2.errors) == (60, 180, [])
    cols = ["doc", "start", "end", "base_value", "county", "indicator", "year"]
    q = lambda db: query(db)[cols].sort_values(cols[:3]).reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(q(whole), q(split))
    assert "reports:68" in set(q(split)["doc"])  # the 60th row is line 68 (8 blank lines before it)
    again = ingest([str(f)], split, jobs=2)
    assert (again.documents, again.skipped) == (0, 60)  # each row is known by its line, in any part
    resumed = ingest([str(f)], whole)
    assert (resumed.documents, resumed.skipped) == (0, 60)  # and the same key whole or in parts


def test_a_broken_line_loses_only_the_rows_of_its_part(tmp_path, monkeypatch):
    f = _write(tmp_path / "r.jsonl", _rows(30), blank_every=100)
    lines = f.read_text(encoding="utf-8").split("\n")
    lines[20] = lines[20][:-5]  # line 21 cut short
    f.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(parts_mod, "PART_BYTES", 400)
    cut = parts(str(f))
    bad = next(p for p in cut if p.first <= 21 < (p.first + f.read_bytes()[p.start:p.end].count(b"\n")))
    lost = f.read_bytes()[bad.start:bad.end].count(b"\n")
    r = ingest([str(f)], tmp_path / "c.duckdb", jobs=2)
    assert len(r.errors) == 1 and r.errors[0][0] == str(f) and r.errors[0][1].endswith(":21: not JSON (Unterminated string starting at)")
    assert r.documents == 30 - lost and 0 < lost < 30
    res = CliRunner().invoke(app, ["ingest", str(f), "--db", str(tmp_path / "cli.duckdb"), "-q", "--jobs", "2"])
    assert res.exit_code == 1 and f"error: {f}:21: not JSON (Unterminated string starting at)\n" in res.stderr


def test_what_is_not_cut(tmp_path):
    big = _rows(60)
    assert parts(str(_write(tmp_path / "gbk.jsonl", big, encoding="gbk")), size=500) is None  # rows in GBK: read whole
    no_text = tmp_path / "plain.jsonl"
    no_text.write_text("\n".join(json.dumps({"id": k, "n": k * 2}) for k in range(400)), encoding="utf-8")
    assert parts(str(no_text), size=500) is None  # not rows of documents: read whole, as a text
    assert parts(str(_write(tmp_path / "small.jsonl", big[:2])), size=10_000) is None
    assert parts(str(tmp_path / "missing.jsonl"), size=500) is None  # reported by process, as any file
    no_column = tmp_path / "r.csv"
    no_column.write_text("title,note\n" + "\n".join(f"{r['title']},{r['full_text']}" for r in big), encoding="utf-8")
    assert parts(str(no_column), size=500) is None  # no text column: read whole, as a text
    bom = _write(tmp_path / "bom.jsonl", big, encoding="utf-8-sig")
    first = process(parts(str(bom), size=500)[0], set())
    assert first[0][0] == "ok" and first[0][1]["name"] == "bom:1"


def test_a_file_changed_after_it_was_cut_is_reported_not_misread(tmp_path):
    f = _write(tmp_path / "r.jsonl", _rows(30))
    cut = parts(str(f), size=500)
    with f.open("ab") as fh:
        fh.write(json.dumps(_rows(1)[0], ensure_ascii=False).encode() + b"\n")
    (kind, path, reason, _), = process(cut[1], set())
    assert (kind, path) == ("error", str(f)) and "changed while it was being ingested" in reason


def test_a_worker_lost_on_a_part_says_which_bytes():
    (kind, path, reason, _), = _lost(Part("/x/r.jsonl", "h", 9000, 4096, 8192, 57))
    assert (kind, path) == ("error", "/x/r.jsonl") and "bytes 4096-8192 (from row 57)" in reason


def test_dask_reads_the_parts_too(tmp_path, monkeypatch):
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    from corpus.distributed import ingest_dask

    f = _write(tmp_path / "r.jsonl", _rows(24))
    local, dist = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    ingest([str(f)], local)
    monkeypatch.setattr(parts_mod, "PART_BYTES", 500)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        r = ingest_dask([str(f)], dist, cluster.scheduler_address, client=client)
    assert (r.documents, r.records, r.errors) == (24, 72, [])
    cols = ["doc", "start", "end", "base_value", "county", "indicator", "year"]
    q = lambda db: query(db)[cols].sort_values(cols[:3]).reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(q(local), q(dist))


def _write_csv(path, rows):
    """Rows with quoted fields that hold line feeds, quotes and commas, blank lines between some,
    CRLF line ends and a byte-order mark, as spreadsheet programs write them."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(["title", "publish_date", "full_text"])
        for k, r in enumerate(rows):
            text = r["full_text"].replace("，", "，\n", 1) if k % 3 == 0 else r["full_text"]
            w.writerow([r["title"] + ("，\"摘要\"" if k % 4 == 0 else ""), f"2021-03-{k % 28 + 1:02d}", text])
            if k % 5 == 4:
                fh.write("\r\n")  # a blank line: no row, and no row number
    return path


def test_a_large_csv_is_cut_between_rows_and_gives_the_store_of_its_whole_reading(tmp_path, monkeypatch):
    f = _write_csv(tmp_path / "news.csv", _rows(45))
    cut = parts(str(f), size=400)
    assert cut and len(cut) > 5 and cut[0].start == cut[0].header_end > 0 and cut[-1].end == f.stat().st_size
    assert all(a.end == b.start for a, b in zip(cut, cut[1:]))
    data = f.read_bytes()
    header = data[:cut[0].header_end].decode("utf-8-sig")
    numbers = []
    for p in cut:  # each part read alone, after the header, gives whole rows only
        rows = list(csv.DictReader((header + data[p.start:p.end].decode()).splitlines(keepends=True)))
        assert all(r["full_text"].startswith("过去一年") and r["publish_date"].startswith("2021-03") for r in rows)
        numbers += range(p.first, p.first + len(rows))
    assert numbers == list(range(2, 47))  # rows numbered 2..46 across the parts, as a whole reading numbers them
    whole, split = tmp_path / "whole.duckdb", tmp_path / "split.duckdb"
    r1 = ingest([str(f)], whole)
    monkeypatch.setattr(parts_mod, "PART_BYTES", 400)
    r2 = ingest([str(f)], split, jobs=2)
    assert (r1.documents, r1.records, r1.errors) == (r2.documents, r2.records, r2.errors) == (45, 135, [])
    cols = ["doc", "start", "end", "base_value", "county", "indicator", "year"]
    q = lambda db: query(db)[cols].sort_values(cols[:3]).reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(q(whole), q(split))
    assert (again := ingest([str(f)], whole, jobs=2)).documents == 0 and again.skipped == 45


def test_extract_reads_a_large_file_a_part_at_a_time_with_the_records_of_a_whole_reading(tmp_path, monkeypatch):
    from corpus.inputs import extract_inputs

    f = _write(tmp_path / "r.jsonl", _rows(30))
    whole = [(o.doc_id, [r.to_dict() for r in o.records]) for o in extract_inputs([str(f)])]
    monkeypatch.setattr(parts_mod, "PART_BYTES", 400)
    assert len(parts(str(f))) > 5
    assert [(o.doc_id, [r.to_dict() for r in o.records]) for o in extract_inputs([str(f)])] == whole
    lines = f.read_text(encoding="utf-8").split("\n")
    lines[9] = lines[9][:-5]  # line 10 cut short: its part is one error, the other parts still give records
    f.write_text("\n".join(lines), encoding="utf-8")
    out = list(extract_inputs([str(f)]))
    errors = [o for o in out if o.error]
    assert len(errors) == 1 and str(errors[0].error).startswith(f"{f}:10: not JSON")
    assert 20 < len([o for o in out if o.records]) < 30


@needs_shared()
def test_a_corpus_file_killed_mid_ingest_resumes_to_the_store_of_one_clean_run(tmp_path):
    """Rows are written a batch at a time as parts finish, so a run killed in the middle of one
    file has stored some of its rows, whole, and the next run adds exactly the others."""
    f = tmp_path / "reports.jsonl"
    f.write_bytes(BAODING.read_bytes())
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    ingest([str(f)], clean)
    small_batches = "import corpus.ingest as m; m.BATCH_DOCS = 4; from cli import app; app()"
    proc = subprocess.Popen([sys.executable, "-c", small_batches, "ingest", str(f), "--db", str(killed), "-q", "--jobs", "2"],
                            cwd=ROOT, stderr=subprocess.DEVNULL, start_new_session=True)
    wal = Path(str(killed) + ".wal")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not (wal.exists() and wal.stat().st_size > 300_000):
        time.sleep(0.02)  # documents are being committed: kill mid-file
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = stats(killed)
    again = ingest([str(f)], killed, jobs=2)
    assert 0 < partial["documents"] < 76 and again.skipped == partial["documents"]
    assert again.documents == 76 - partial["documents"]
    ids = lambda db: duckdb.connect(str(db), read_only=True).sql(  # noqa: E731
        "SELECT id, name, n_records, (SELECT count(*) FROM records r WHERE r.doc_id = d.id) FROM documents d ORDER BY id").fetchall()
    assert ids(clean) == ids(killed)


def test_rows_longer_than_a_read_block_are_cut_too(tmp_path, monkeypatch):
    """The first row is checked for a text field once it is whole, however many blocks it spans
    (a yearbook a row); each part then holds a row or more."""
    monkeypatch.setattr(parts_mod, "_BLOCK", 256)
    long = [dict(r, full_text=r["full_text"] * 12) for r in _rows(12)]
    f = _write(tmp_path / "long.jsonl", long, blank_every=100)
    cut = parts(str(f), size=300)
    assert cut and len(cut) == 12 and [p.first for p in cut] == list(range(1, 13))
    assert [process(p, set())[0][1]["name"] for p in cut] == [f"long:{n}" for n in range(1, 13)]
    no_text = tmp_path / "meta.jsonl"
    no_text.write_text("\n".join(json.dumps({"id": k, "note": "备注" * 300}, ensure_ascii=False) for k in range(9)),
                       encoding="utf-8")
    assert parts(str(no_text), size=300) is None


def test_a_csv_with_cells_past_the_csv_modules_limit_is_cut(tmp_path):
    rows = [dict(r, full_text=r["full_text"] + "各项工作稳步推进。" * 16000) for r in _rows(3)]
    f = _write_csv(tmp_path / "long.csv", rows)
    cut = parts(str(f), size=1000)
    assert cut and [p.first for p in cut] == [2, 3, 4]
    assert [len(process(p, set())) for p in cut] == [1, 1, 1]


_CELL = st.text(st.sampled_from(list("全县新建农田万亩 ,\"\n\r\t\u2028\u0085") + ["１", "é", "😀"]), min_size=1, max_size=60)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(_CELL, _CELL), min_size=1, max_size=25), st.integers(min_value=1, max_value=400),
       st.sampled_from([".jsonl", ".csv"]), st.booleans())
def test_parts_read_alone_give_the_rows_of_the_whole_file(rows, size, suffix, crlf):
    """Any rows (quotes, commas, line feeds and U+2028 in cells, CRLF or LF): the parts, each read
    on its own, give exactly the rows and row numbers of the whole file's reading."""
    from corpus.loaders import load_rows

    rows = [(t, b) for t, b in rows if b.strip()]  # a row needs text to be a document
    end = "\r\n" if crlf else "\n"
    if suffix == ".jsonl":
        data = end.join(json.dumps({"title": t, "full_text": b}, ensure_ascii=False) for t, b in rows) + end
    else:
        out = io.StringIO()
        # with LF line ends csv.writer leaves a cell's lone CR unquoted, which no reader takes back:
        # every cell quoted then, as spreadsheet exports do
        w = csv.writer(out, lineterminator=end, quoting=csv.QUOTE_MINIMAL if crlf else csv.QUOTE_ALL)
        w.writerow(["title", "full_text"])
        w.writerows(rows)
        data = out.getvalue()
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"r{suffix}"
        f.write_bytes(data.encode("utf-8"))
        whole = load_rows(f.read_bytes(), str(f), suffix) or []
        cut = parts(str(f), size=size)
        if cut is None:
            return  # too small to cut, or one row: read whole, as before
        got = [row for p in cut for row in read_part(p)]
    assert [(n, d.title, d.text) for n, d in got] == [(n, d.title, d.text) for n, d in whole]
