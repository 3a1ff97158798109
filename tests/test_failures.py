"""One failing file never stops the others; a broken patterns/ file is one line; a closed pipe
ends quietly. Driven through the CLI (CliRunner, and real processes where the shell matters)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import corpus.inputs
import corpus.ingest
from cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
GOOD = "今年全县新建高标准农田3.2万亩，新增就业3200人。\n"


def _files(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><p>全县新建农田1万亩。</p></body></html>", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    return bad, good


def _explode_on_html(real):
    def load(data, name, suffix=""):
        if name.endswith(".html"):
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.\nInstall it.")
        return real(data, name, suffix)
    return load


def test_a_loader_that_raises_does_not_stop_the_next_file(tmp_path, monkeypatch):
    bad, good = _files(tmp_path)
    monkeypatch.setattr(corpus.inputs, "load_bytes", _explode_on_html(corpus.inputs.load_bytes))
    res = runner.invoke(app, ["extract", str(bad), str(good), "-f", "jsonl"])
    assert res.exit_code == 1
    assert [json.loads(line)["text"] for line in res.stdout.splitlines()] == ["3.2万亩", "3200人"]
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}: a package this kind of file needs is not installed")
    assert "Traceback" not in res.stderr


def test_an_extraction_that_raises_names_the_file_and_goes_on(tmp_path, monkeypatch):
    bad, good = _files(tmp_path)
    real = corpus.inputs.extract

    def extract(text, **kw):
        if "1万亩" in text:
            raise KeyError("boom")
        return real(text, **kw)
    monkeypatch.setattr(corpus.inputs, "extract", extract)
    res = runner.invoke(app, ["extract", str(bad), str(good), "-f", "jsonl"])
    assert res.exit_code == 1 and len(res.stdout.splitlines()) == 2
    assert res.stderr.splitlines() == [f"error: {bad}: KeyError: 'boom'"]


def test_debug_shows_the_traceback(tmp_path, monkeypatch):
    bad, good = _files(tmp_path)
    monkeypatch.setattr(corpus.inputs, "load_bytes", _explode_on_html(corpus.inputs.load_bytes))
    res = runner.invoke(app, ["--debug", "extract", str(bad), str(good), "-f", "jsonl"])
    assert res.exit_code == 1 and "Traceback" in res.stderr and "ImportError" in res.stderr
    assert res.stderr.rstrip().splitlines()[-1].startswith(f"error: {bad}: ")


def test_ingest_reports_a_raising_loader_and_stores_the_rest(tmp_path, monkeypatch):
    bad, good = _files(tmp_path)
    monkeypatch.setattr(corpus.ingest, "load_bytes", _explode_on_html(corpus.ingest.load_bytes))
    db = tmp_path / "c.duckdb"
    res = runner.invoke(app, ["ingest", str(bad), str(good), "--db", str(db), "-q"])
    assert res.exit_code == 1
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {bad}: a package this kind of file needs")
    assert "1 documents, 2 records added" in res.stderr


def test_ingest_debug_shows_the_worker_traceback(tmp_path, monkeypatch):
    bad, good = _files(tmp_path)
    monkeypatch.setattr(corpus.ingest, "load_bytes", _explode_on_html(corpus.ingest.load_bytes))
    res = runner.invoke(app, ["--debug", "ingest", str(bad), "--db", str(tmp_path / "c.duckdb"), "-q"])
    assert res.exit_code == 1 and "Traceback" in res.stderr and "ImportError: lxml.html.clean" in res.stderr


def _zhibiao(args, env=None, stdin=None, shell=False):
    cmd = args if shell else [sys.executable, "-m", "cli", *args]
    return subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, input=stdin, capture_output=True,
                          shell=shell, executable="/bin/bash" if shell else None, timeout=120)


@pytest.fixture
def broken_patterns(tmp_path):
    def make(name, old, new):
        folder = tmp_path / "patterns"
        shutil.copytree(ROOT / "patterns", folder)
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        line = text[: text.index(old)].count("\n") + 1
        return {"ZHIBIAO_PATTERNS": str(folder)}, line
    return make


@pytest.mark.parametrize("name, old, new, says", [
    ("context.yaml", "  planned: [", "  planed: [", "modality has an unknown key 'planed'"),
    ("cues.yaml", "before: [约, 大约", "before: [约, 12, 大约", "qualifier.approx.before[1] is 12"),
    ("naming.yaml", "lead_verbs: [新增,", "lead_verbs: [新增, 新增,", "lead_verbs lists '新增' twice"),
    ("regions/hand.yaml", 'zones:\n  雄安新区: "130000"', 'zones:\n  雄安新区: "13000"', "zones['雄安新区'] is '13000'"),
])
def test_a_broken_pattern_file_is_one_line_with_file_and_line(broken_patterns, name, old, new, says):
    env, line = broken_patterns(name, old, new)
    res = _zhibiao(["extract", "-", "-f", "jsonl"], env=env, stdin=GOOD.encode())
    err = res.stderr.decode()
    assert res.returncode == 1 and res.stdout == b""
    assert err.count("\n") == 1 and err.startswith(f"error: patterns/{name}:"), err
    shown = int(err.split(":")[2])
    assert line <= shown <= line + 1 and says in err, err


def test_a_closed_pipe_ends_quietly(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text((ROOT / "samples" / "huanggang-news.txt").read_text(encoding="utf-8") * 20, encoding="utf-8")
    res = _zhibiao(f"set -o pipefail; {sys.executable} -m cli extract {big} -f jsonl | head -1", shell=True)
    assert res.stderr == b"" and res.stdout.count(b"\n") == 1
    assert res.returncode in (0, 141)


def test_evaluate_scores_gold_and_predictions_and_a_folder(tmp_path):
    doc = tmp_path / "t1.txt"
    doc.write_text("通山县今年新建高标准农田3.2万亩，新增就业3200人。\n", encoding="utf-8")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = [{"doc": "t1", "start": 12, "end": 17, "text": "3.2万亩", "base_value": 32000, "base_unit": "亩",
             "county": "通山县"},
            {"doc": "t1", "start": 22, "end": 27, "text": "3200人", "base_value": 3200, "base_unit": "人",
             "county": "崇阳县"}]
    (gold_dir / "t1.gold.jsonl").write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in gold), encoding="utf-8")
    res = runner.invoke(app, ["evaluate", "--gold", str(gold_dir), str(doc), "--json", "--errors", "5"])
    assert res.exit_code == 0, res.output
    figures = json.loads(res.stdout.splitlines()[0])
    assert figures["overall"]["mention_f1"] == 1.0 and figures["overall"]["record_f1"] == 0.5
    assert figures["by_doc"]["t1"]["county_accuracy"] == 0.5
    assert any(line.startswith("WRONG  t1:22") and "[3200人]" in line for line in res.stdout.splitlines())
    pred = tmp_path / "pred.jsonl"
    out = runner.invoke(app, ["extract", str(doc), "-f", "jsonl"])
    pred.write_text(out.stdout, encoding="utf-8")
    res = runner.invoke(app, ["evaluate", str(gold_dir / "t1.gold.jsonl"), str(pred)])
    assert res.exit_code == 0 and "record_f1" in res.stdout and "0.500" in res.stdout
    res = runner.invoke(app, ["evaluate", str(pred)])
    assert res.exit_code == 2 and res.stderr.startswith("error: evaluate takes GOLD PRED")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", str(bad), str(pred)])
    assert res.exit_code == 1 and res.stderr == f"error: {bad}:1: not JSON (Expecting property name enclosed in double quotes) (expected one record a line)\n"
