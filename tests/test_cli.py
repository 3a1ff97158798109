"""The zhibiao command, driven through Typer's CliRunner."""
import csv
import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from conftest import ROOT
from extractor import FIELDS

runner = CliRunner()
SAMPLE = ROOT / "samples" / "huanggang-news.txt"
DOC = "今年全县发放脱贫人口小额信贷262笔1138.5万元；调整农村低保对象1272户2140人。\n"


def _write(tmp_path, name="report.txt", text=DOC, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_jsonl_has_every_field_and_doc(tmp_path):
    p = _write(tmp_path)
    res = runner.invoke(app, ["extract", str(p), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["262笔", "1138.5万元", "1272户", "2140人"]
    assert all(tuple(r) == FIELDS for r in rows)
    assert rows[0]["doc"] == "report" and rows[1]["base_value"] == 11385000.0
    assert rows[0]["sentence"].startswith("今年全县发放")


def test_csv_and_parquet(tmp_path):
    p = _write(tmp_path)
    res = runner.invoke(app, ["extract", str(p), "-f", "csv"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 4 and rows[2]["unit"] == "户"
    out = tmp_path / "r.parquet"
    res = runner.invoke(app, ["extract", str(p), "--output", str(out)])
    assert res.exit_code == 0, res.output
    df = pd.read_parquet(out)
    assert list(df.columns) == list(FIELDS) and df["base_value"].tolist()[:2] == [262.0, 11385000.0]


def test_table_format(tmp_path):
    p = _write(tmp_path)
    res = runner.invoke(app, ["extract", str(p), "-f", "table"])
    assert res.exit_code == 0 and "1138.5万元" in res.stdout and "11,385,000" in res.stdout


def test_stdin_and_several_files(tmp_path):
    a = _write(tmp_path, "a.txt")
    b = _write(tmp_path, "b.txt", "完成投資48.6億元。", "big5")
    res = runner.invoke(app, ["extract", str(a), str(b), "-", "-f", "jsonl"], input="新建高标准农田16.07万亩。".encode())
    assert res.exit_code == 0, res.output
    docs = [json.loads(line)["doc"] for line in res.stdout.splitlines()]
    assert docs == ["a"] * 4 + ["b", "stdin"]


def test_bad_inputs_are_one_line_each_and_others_still_run(tmp_path):
    good = _write(tmp_path, "good.txt")
    empty = _write(tmp_path, "empty.txt", "")
    binary = tmp_path / "junk.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes("中文".encode("utf-8") + b"\x81")
    res = runner.invoke(app, ["extract", str(empty), str(binary), str(tmp_path), str(tmp_path / "missing.txt"),
                              str(undecodable), str(good), "-f", "jsonl"])
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if line]
    assert len(errors) == 5 and all(line.startswith("error: ") for line in errors)
    assert "Traceback" not in res.output + res.stderr
    assert len(res.stdout.splitlines()) == 4  # the good file still gave its records


def test_parquet_needs_output(tmp_path):
    res = runner.invoke(app, ["extract", str(_write(tmp_path)), "-f", "parquet"])
    assert res.exit_code == 2 and res.stderr.startswith("error: ")


def test_help_has_an_example():
    res = runner.invoke(app, ["extract", "--help"])
    assert res.exit_code == 0 and "Example: zhibiao extract" in res.stdout


def test_help_paragraphs_are_not_broken_where_the_docstring_wrapped():
    import typer

    commands = typer.main.get_command(app).commands
    wrapped = [name for name, c in commands.items() if any("\n" in par for par in c.help.split("\n\n"))]
    assert len(commands) >= 8 and wrapped == []
    res = runner.invoke(app, ["--help"])
    assert "date, kind and sentence" in res.stdout  # the docstring's break after "date," is gone


def test_region_hint(tmp_path):
    p = _write(tmp_path, text="今年全县新建高标准农田3.2万亩。")
    res = runner.invoke(app, ["extract", str(p), "--region", "通山县", "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    row = json.loads(res.stdout)
    assert (row["county"], row["county_code"], row["city"], row["province"]) == ("通山县", "421224", "咸宁市", "湖北省")
    res = runner.invoke(app, ["extract", str(p), "--region", "通山线"])
    assert res.exit_code == 2 and res.stderr.startswith("error: region '通山线'") and "通山县" in res.stderr


def test_extract_reads_html_main_text_and_corpus_rows(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>通山县新闻</title></head><body><nav>首页 新闻 3个栏目</nav><article>"
                    "<p>来源：通山县融媒体中心 发布时间：2021-12-09</p>"
                    "<p>今年全县新建高标准农田3.2万亩，发放小额信贷262笔1138.5万元。</p></article></body></html>",
                    encoding="utf-8")
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"title": "崇阳县报告", "full_text": "全县新增就业3200人。"}, ensure_ascii=False),
                    encoding="utf-8")
    res = runner.invoke(app, ["extract", str(page), str(rows), "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    got = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(r["doc"], r["text"], r["county"], r["year"]) for r in got] == [
        ("page", "3.2万亩", "通山县", 2021), ("page", "262笔", "通山县", 2021), ("page", "1138.5万元", "通山县", 2021),
        ("rows:1", "3200人", "崇阳县", None)]


@pytest.mark.parametrize("width", [80, 100, 160])
def test_the_table_fits_the_terminal(width, monkeypatch):
    import unicodedata

    monkeypatch.setenv("COLUMNS", str(width))
    res = runner.invoke(app, ["extract", str(SAMPLE), "-f", "table"])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    cells = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)  # noqa: E731
    assert max(cells(line) for line in lines) <= width
    header = lines[1]
    assert "text" in header and "indicator" in header and "base value" in header and "county" in header
    body = res.stdout
    assert "612.4亿元" in body and "61,240,000,000" in body  # a mention and a value whole, never cut
    assert ("doc" in header) == (width >= 160)


def test_table_columns_can_be_chosen(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    res = runner.invoke(app, ["extract", str(SAMPLE), "-f", "table", "--columns", "text,year"])
    assert res.exit_code == 0 and "indicator" not in res.stdout.splitlines()[1]
    res = runner.invoke(app, ["extract", str(SAMPLE), "-f", "table", "--columns", "text,nope"])
    assert res.exit_code == 2 and "error: --columns nope" in res.output


def test_the_command_freezes_what_its_first_document_loaded_and_collects_the_rest():
    """``frozen_after_first``: the collector is off while the first item is made, everything
    alive then is frozen and the collector is back on for the rest; as it was if it was off."""
    import gc

    from cli import frozen_after_first

    seen, before = [], gc.get_freeze_count()

    def items():
        for i in range(3):
            seen.append((gc.isenabled(), gc.get_freeze_count() > before))
            yield i

    assert gc.isenabled()
    try:
        assert list(frozen_after_first(items())) == [0, 1, 2]
        assert seen == [(False, False), (True, True), (True, True)] and gc.isenabled()
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        seen.clear()
        assert list(frozen_after_first(items())) == [0, 1, 2]
        assert seen == [(False, False)] * 3 and not gc.isenabled() and gc.get_freeze_count() == before
    finally:
        gc.enable()
