"""The review page, opened in headless Chromium (Debian's chromium; .ci/run installs it)."""
import os
import re
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from cli import app
from extractor import extract
from extractor.review import render

HOSTILE = ('来源:咸宁网\n<script>document.title="pwned"</script>全县新建高标准农田16.07万亩，'
           '<img src=x onerror="document.title=\'pwned\'">发放小额信贷262笔1138.5万元。\n'
           '通山\n今年全县调整农村低保对象1272户2140人。\n')


def chromium():
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed")
    return exe


def dump_dom(path, tmp_path):
    out = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_page_escapes_everything_and_has_no_script():
    page = render([("x", HOSTILE, extract(HOSTILE))])
    assert "<script>" not in page and "onerror=" not in page.replace("onerror=&quot;", "")
    assert "&lt;script&gt;" in page
    assert "default-src 'none'" in page


def test_chromium_shows_every_highlight_and_runs_nothing(tmp_path):
    src = tmp_path / "hostile.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    page = tmp_path / "review.html"
    res = CliRunner().invoke(app, ["extract", str(src), "--html", str(page), "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    n = len(res.stdout.splitlines())
    dom = dump_dom(page, tmp_path)
    marks = re.findall(r'<mark class="zb[^"]*" id="m-\d+-\d+" data-start="(\d+)" data-end="(\d+)">'
                       r'<a href="#r-\d+-\d+">([^<]*)<', dom)
    assert len(marks) == n == 5
    assert [m[2] for m in marks] == ["16.07万亩", "262笔", "1138.5万元", "1272户", "2140人"]
    for start, end, text in marks:
        assert HOSTILE[int(start) : int(end)] == text
    assert "<title>zhibiao · hostile</title>" in dom and "pwned</title>" not in dom
    assert "<script" not in dom and "<img" not in dom  # shown as text, never as elements
    assert "通山县" in dom  # the hover card says the county


def test_chromium_page_has_a_legend_chinese_labels_and_links_both_ways(tmp_path):
    text = "来源:通山县融媒体中心\n今年全县新建高标准农田约16.07万亩，比上年增加1.2万亩；计划明年新建2万亩。\n"
    page = tmp_path / "review.html"
    page.write_text(render([("通山", text, extract(text))]), encoding="utf-8")
    dom = dump_dom(page, tmp_path)
    assert 'class="legend"' in dom and "水平值" in dom and "计划或预计" in dom
    assert "地区：通山县" in dom  # the county of the section
    assert "True" not in dom and "False" not in dom and ">money<" not in dom and ">area<" not in dom
    assert "面积" in dom and "限定：约" in dom and "性质：计划" in dom and "变化：增加" in dom
    rows = re.findall(r'<tr id="(r-\d+-\d+)">.*?<a href="#(m-\d+-\d+)">([^<]*)</a>', dom)
    assert len(rows) == 3
    for row_id, mark_id, row_text in rows:  # each row's link lands on its mention, and the mention links back
        mark = re.search(rf'<mark [^>]*id="{mark_id}"[^>]*><a href="#{row_id}">([^<]*)</a>', dom)
        assert mark is not None and mark.group(1) == row_text
