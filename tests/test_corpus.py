"""The corpus store: ingest once, re-ingest adds nothing, interrupted runs complete, a second
writer is refused, queries match extraction, exports read back, Dask gives the same store."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from conftest import ROOT, SHARED, needs_shared
from corpus.ingest import ingest
from corpus.query import export, query, stats
from extractor import FIELDS, extract
from extractor.errors import ZhibiaoError

SAMPLE = ROOT / "samples" / "huanggang-news.txt"
ZHEJIANG = SHARED / "data" / "regulations" / "lawrefbook" / "地方性法规" / "浙江"
ZHIBIAO = [sys.executable, "-c", "from cli import app; app()"]
runner = CliRunner()


def _docs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SAMPLE, d / "huanggang.txt")
    (d / "tongshan.txt").write_text("来源:通山县融媒体中心 时间:2021-12-09\n今年全县发放小额信贷262笔1138.5万元。",
                                    encoding="utf-8")
    (d / "junk.bin.txt").write_bytes(bytes(range(256)) * 8)
    return d


def test_two_workers_give_the_store_one_process_gives(tmp_path):
    """--jobs 2 forks workers that share the parent's warmed tables; the store is the same, and the
    parent's collector is left as it was (nothing stays frozen)."""
    import gc

    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    r1, r2 = ingest([str(_docs(tmp_path))], one), ingest([str(tmp_path / "in")], two, jobs=2)
    assert (r1.documents, r1.records, len(r1.errors)) == (r2.documents, r2.records, len(r2.errors)) == (2, r1.records, 1)
    assert gc.get_freeze_count() == 0
    q = lambda db: query(db)[["doc", "start", "end", "base_value", "county", "indicator", "year"]]  # noqa: E731
    pd.testing.assert_frame_equal(q(one), q(two))


def test_ingest_once_and_again_adds_nothing(tmp_path):
    db = tmp_path / "c.duckdb"
    r1 = ingest([str(_docs(tmp_path))], db)
    assert (r1.documents, len(r1.errors)) == (2, 1) and "binary" in r1.errors[0][1]
    s1 = stats(db)
    r2 = ingest([str(tmp_path / "in")], db)
    assert (r2.documents, r2.records, r2.skipped) == (0, 0, 2)
    assert stats(db)["records"] == s1["records"] == r1.records


def test_a_repost_with_other_furniture_is_one_document(tmp_path):
    body = "<article><p>今年全县新建高标准农田16.07万亩，发放小额信贷262笔1138.5万元。</p></article>"
    a = f"<html><head><title>A</title></head><body><nav>首页 新闻</nav>{body}<footer>版权所有 甲网</footer></body></html>"
    b = f"<html><head><title>B</title></head><body><div class=menu>返回 导航</div>{body}<p class=c>评论 0</p></body></html>"
    d = tmp_path / "pages"
    d.mkdir()
    (d / "a.html").write_text(a, encoding="utf-8")
    (d / "b.html").write_text(b, encoding="utf-8")
    r = ingest([str(d)], tmp_path / "c.duckdb")
    assert (r.documents, r.duplicates) == (1, 1)
    assert stats(tmp_path / "c.duckdb")["files"] == 2


def test_query_matches_extract(tmp_path):
    db = tmp_path / "c.duckdb"
    ingest([str(_docs(tmp_path))], db)
    text = SAMPLE.read_text(encoding="utf-8")
    want = [(r.start, r.end, float(r.base_value)) for r in extract(text) if r.county == "红安县"]
    got = query(db, county="红安")
    assert list(zip(got["start"], got["end"], got["base_value"])) == want and len(want) > 5
    assert list(query(db, county="421122")["text"]) == list(got["text"])
    tour = query(db, indicator="旅游综合收入")
    assert set(tour["indicator_id"]) == {"tourism_revenue"} and len(tour) >= 1
    assert list(query(db, county="通山县", year=2021)["text"]) == ["262笔", "1138.5万元"]


def test_export_formats_read_back(tmp_path):
    db = tmp_path / "c.duckdb"
    r = ingest([str(_docs(tmp_path))], db)
    pq, csv, jl = tmp_path / "r.parquet", tmp_path / "r.csv", tmp_path / "r.jsonl"
    assert export(pq, "parquet", db) == export(csv, "csv", db) == export(jl, "jsonl", db) == r.records
    df = pd.read_parquet(pq)
    assert list(df.columns) == list(FIELDS) and len(df) == r.records
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{pq}')").fetchall()[0][0] == r.records
    assert len(pd.read_csv(csv)) == r.records
    assert json.loads(jl.read_text(encoding="utf-8").splitlines()[0])["doc"] in ("huanggang", "tongshan")


def test_cli_ingest_query_export_stats(tmp_path):
    d = _docs(tmp_path)
    db = str(tmp_path / "c.duckdb")
    res = runner.invoke(app, ["ingest", str(d), "--db", db, "-q", "--exclude", "junk*"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["ingest", "-", "--db", db, "-q"], input=f"{d / 'tongshan.txt'}\n")
    assert res.exit_code == 0 and "1 files already stored" in res.stderr
    res = runner.invoke(app, ["query", "--db", db, "--county", "通山县", "-f", "jsonl"])
    assert [json.loads(x)["text"] for x in res.stdout.splitlines()] == ["262笔", "1138.5万元"]
    res = runner.invoke(app, ["export", "--db", db, "--format", "parquet", str(tmp_path / "o.parquet")])
    assert res.exit_code == 0 and (tmp_path / "o.parquet").exists()
    res = runner.invoke(app, ["stats", "--db", db])
    assert json.loads(res.stdout)["documents"] == 2
    res = runner.invoke(app, ["query", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 1 and res.stderr.startswith("error: ") and "ingest" in res.stderr


def test_ingest_query_stats_and_export_do_not_import_pandas(tmp_path):
    """Only what returns frames (panel; query and to_dataframe from Python) needs it: importing it
    was 0.2 s of each command's start. The first Parquet file makes pandas' metadata, then keeps it."""
    db = str(tmp_path / "c.duckdb")
    code = "import sys\nfrom cli import app\ntry: app()\nexcept SystemExit: pass\nprint('pandas' in sys.modules)"
    env = {**os.environ, "ZHIBIAO_CACHE": str(tmp_path / "cache")}

    def imports_pandas(*args: str) -> bool:
        out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                             env=env, check=True)
        return out.stdout.splitlines()[-1] == "True"

    assert not imports_pandas("ingest", str(SAMPLE), "--db", db, "-q")
    assert not imports_pandas("query", "--db", db, "-f", "csv")
    assert not imports_pandas("stats", "--db", db)
    assert imports_pandas("export", "--db", db, "--format", "parquet", str(tmp_path / "first.parquet"))
    assert not imports_pandas("export", "--db", db, "--format", "parquet", str(tmp_path / "again.parquet"))
    assert len(pd.read_parquet(tmp_path / "again.parquet")) == 63


def test_env_var_chooses_the_store(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHIBIAO_DB", str(tmp_path / "env.duckdb"))
    ingest([str(SAMPLE)])
    assert stats()["documents"] == 1 and (tmp_path / "env.duckdb").exists()


def test_second_writer_gets_a_clear_error(tmp_path):
    db = tmp_path / "c.duckdb"
    ingest([str(SAMPLE)], db)
    holder = duckdb.connect(str(db))  # this process holds the write lock
    try:
        out = subprocess.run(ZHIBIAO + ["ingest", str(SAMPLE), "--db", str(db), "-q"], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    finally:
        holder.close()
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1].startswith("error: ") and "in use by another process" in out.stderr
    assert "Traceback" not in out.stderr
    assert stats(db)["documents"] == 1  # the store is intact


def test_not_a_store(tmp_path):
    bad = tmp_path / "x.duckdb"
    bad.write_bytes(b"not a database at all" * 100)
    res = runner.invoke(app, ["stats", "--db", str(bad)])
    assert res.exit_code == 1 and res.stderr.startswith("error: ")


@needs_shared()
def test_killed_ingest_then_rerun_equals_one_clean_run(tmp_path):
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    ingest([str(ZHEJIANG)], clean)
    proc = subprocess.Popen(ZHIBIAO + ["ingest", str(ZHEJIANG), "--db", str(killed), "-q", "--jobs", "2"],
                            cwd=ROOT, stderr=subprocess.DEVNULL, start_new_session=True)
    wal = Path(str(killed) + ".wal")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not (wal.exists() and wal.stat().st_size > 200_000):
        time.sleep(0.05)  # wait until documents are being committed, then kill mid-run
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = stats(killed)
    ingest([str(ZHEJIANG)], killed)
    a, b = stats(clean), stats(killed)
    assert partial["documents"] < a["documents"]
    assert (a["documents"], a["records"]) == (b["documents"], b["records"])
    ids = lambda db: duckdb.connect(str(db), read_only=True).sql(  # noqa: E731
        "SELECT id, n_records, (SELECT count(*) FROM records r WHERE r.doc_id = d.id) FROM documents d ORDER BY id").fetchall()
    assert ids(clean) == ids(killed)


def test_dask_local_cluster_gives_the_same_store(tmp_path):
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    from corpus.distributed import ingest_dask

    d = _docs(tmp_path)
    local, dist = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    ingest([str(d)], local)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        r = ingest_dask([str(d)], dist, cluster.scheduler_address, client=client)
        again = ingest_dask([str(d)], dist, cluster.scheduler_address, client=client)
    assert (r.documents, len(r.errors)) == (2, 1) and again.documents == 0 and again.skipped == 2
    q = lambda db: query(db)[["doc", "start", "end", "base_value", "county", "indicator"]]  # noqa: E731
    pd.testing.assert_frame_equal(q(local), q(dist))
    assert not list((tmp_path / "dask.parts").glob("*.parquet"))  # parts are loaded, then removed


def test_jsonl_and_csv_corpus_files_hold_a_document_a_row(tmp_path):
    d = tmp_path / "rows"
    d.mkdir()
    rows = [{"title": "通山县2021年政府工作报告", "full_text": "过去一年，全县新建高标准农田3.2万亩。"},
            {"title": "崇阳县2021年政府工作报告", "full_text": "过去一年，全县新增就业3200人。"}]
    (d / "reports.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    (d / "more.csv").write_text("title,publish_date,full_text\n赤壁市报告,2021-03-01,全市接待游客520万人次。\n",
                                encoding="utf-8-sig")
    db = tmp_path / "c.duckdb"
    r = ingest([str(d)], db)
    assert (r.documents, r.records) == (3, 3)
    got = query(db)
    assert dict(zip(got["text"], got["county"])) == {"3.2万亩": "通山县", "3200人": "崇阳县", "520万人次": "赤壁市"}
    assert set(got["doc"]) == {"reports:1", "reports:2", "more:2"}
    again = ingest([str(d)], db)
    assert (again.documents, again.skipped) == (0, 3)  # every row seen


def test_a_damaged_store_is_one_error_line_for_every_command(tmp_path):
    d = _docs(tmp_path)
    good = str(tmp_path / "good.duckdb")
    assert runner.invoke(app, ["ingest", str(d), "--db", good, "-q", "--exclude", "junk*"]).exit_code == 0
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(Path(good).read_bytes()[:20000])  # an interrupted copy
    for args in (["query"], ["stats"], ["export", "--format", "csv", str(tmp_path / "x.csv")], ["ingest", str(d)]):
        res = runner.invoke(app, [*args, "--db", str(cut)])
        assert res.exit_code == 1, args
        lines = [line for line in res.output.splitlines() if line.strip() and not line.startswith("⠋")]
        assert lines[-1].startswith("error: ") and "damaged" in lines[-1] and "cut.duckdb" in lines[-1], args
        assert "Traceback" not in res.output


def test_query_refuses_an_unknown_county_city_or_indicator(tmp_path):
    d = _docs(tmp_path)
    db = str(tmp_path / "c.duckdb")
    assert runner.invoke(app, ["ingest", str(d), "--db", db, "-q", "--exclude", "junk*"]).exit_code == 0
    for flag, value in (("--county", "不存在县"), ("--city", "不存在市"), ("--indicator", "火星产量")):
        res = runner.invoke(app, ["query", "--db", db, flag, value])
        assert res.exit_code == 1 and res.output.strip().splitlines()[-1].startswith(f"error: {flag} "), res.output
    assert runner.invoke(app, ["query", "--db", db, "--county", "通山县"]).exit_code == 0
    with pytest.raises(ZhibiaoError):
        query(db, county="不存在县")


def test_directory_ingest_says_what_it_skipped_by_kind(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SAMPLE, d / "news.txt")
    for i in range(3):
        (d / f"r{i}.xml").write_text(f"<item>新建村卫生室{i + 2}个</item>", encoding="utf-8")
    (d / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    res = runner.invoke(app, ["ingest", str(d), "--db", str(tmp_path / "a.duckdb"), "-q"])
    assert res.exit_code == 0
    assert "3 .xml files skipped: --include '*.xml' reads them" in res.output
    assert "1 .jpg file skipped: not a kind zhibiao reads" in res.output
    res = runner.invoke(app, ["ingest", str(d), "--db", str(tmp_path / "b.duckdb"), "-q", "--include", "*.xml"])
    assert res.exit_code == 0 and "3 documents" in res.output and "skipped:" not in res.output


def test_extract_and_export_write_one_schema_and_one_csv_dialect(tmp_path):
    import pyarrow.parquet as pq

    d = _docs(tmp_path)
    db = str(tmp_path / "c.duckdb")
    assert runner.invoke(app, ["ingest", str(d / "huanggang.txt"), "--db", db, "-q"]).exit_code == 0
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    assert runner.invoke(app, ["extract", str(d / "huanggang.txt"), "-o", str(a)]).exit_code == 0
    assert runner.invoke(app, ["export", "--db", db, "--format", "parquet", str(b)]).exit_code == 0
    sa, sb = pq.read_schema(a), pq.read_schema(b)
    assert sa.equals(sb, check_metadata=True)
    for name in FIELDS:  # column by column
        assert sa.field(name).type == sb.field(name).type, name
    da, dbf = pd.read_parquet(a), pd.read_parquet(b)
    assert str(da["year"].dtype) == "Int64" and str(da["change"].dtype) == "boolean"
    pd.testing.assert_frame_equal(da, dbf)
    ca, cb = tmp_path / "a.csv", tmp_path / "b.csv"
    res = runner.invoke(app, ["extract", str(d / "huanggang.txt"), "-f", "csv"])
    ca.write_text(res.stdout, encoding="utf-8")
    assert runner.invoke(app, ["export", "--db", db, "--format", "csv", str(cb)]).exit_code == 0
    assert ca.read_text(encoding="utf-8").splitlines()[1:] == cb.read_text(encoding="utf-8").splitlines()[1:]
    body = ca.read_text(encoding="utf-8")
    assert ",false," in body and "61240000000," in body and "e+" not in body and "False" not in body
    q = runner.invoke(app, ["query", "--db", db, "-f", "csv"])
    assert q.stdout.splitlines()[1:] == cb.read_text(encoding="utf-8").splitlines()[1:]


def test_queries_stats_and_exports_run_while_an_ingest_runs(tmp_path):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(150):  # distinct documents: every line of each says other figures
        lines = [f"第{i}期简报第{k}条：全县新建高标准农田{i}.{k}万亩，发放小额信贷{i + k}笔{i * 7 + k}万元，"
                 f"调整农村低保对象{i * 3 + k}户{i * 5 + k}人。" for k in range(30)]
        (d / f"n{i:03d}.txt").write_text("来源:通山县融媒体中心\n" + "\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "c.duckdb"
    ingest([str(SAMPLE)], db)  # the store exists before the long ingest starts
    proc = subprocess.Popen(ZHIBIAO + ["ingest", str(d), "--db", str(db), "-q"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        seen, reads = [], 0
        while proc.poll() is None and reads < 6:
            for cmd in (["stats", "--db", str(db)], ["query", "--db", str(db), "--limit", "3", "-f", "jsonl"]):
                out = subprocess.run(ZHIBIAO + cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
                assert out.returncode == 0, out.stderr
                assert "in use by another process" not in out.stderr
                if cmd[0] == "stats":
                    seen.append(json.loads(out.stdout)["documents"] if out.stdout.startswith("{") else None)
            reads += 1
        assert reads >= 1
        # a second ingest is still refused, naming the first one's PID
        if proc.poll() is None:
            second = subprocess.run(ZHIBIAO + ["ingest", str(SAMPLE), "--db", str(db), "-q"], cwd=ROOT,
                                    capture_output=True, text=True, timeout=120)
            if proc.poll() is None:
                assert second.returncode == 1 and f"PID {proc.pid}" in second.stderr, second.stderr
    finally:
        out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert stats(db)["documents"] == 151
