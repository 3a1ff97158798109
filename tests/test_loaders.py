"""Loading real files: HTML pages against their ground truth, re-encoded copies, .docx and .pdf
made here from real text, and bad files that must fail with one clear line."""
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import SHARED, needs_shared
from corpus.loaders import load_bytes, load_path, load_rows, sniff
from extractor import extract
from extractor.errors import InputError

HTML = SHARED / "data" / "html-pages"
PINS = json.loads((Path(__file__).parent / "scores.json").read_text(encoding="utf-8"))["html_main_text"]


def char_f1(gold: str, got: str) -> float:
    a, b = Counter("".join(gold.split())), Counter("".join(got.split()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(b.values()), common / sum(a.values())
    return 2 * p * r / (p + r)


@needs_shared()
def test_main_text_of_every_page_is_close_to_the_ground_truth():
    rows = [json.loads(line) for line in (HTML / "magic-html-zh-news" / "groundtruth.jsonl").read_text().splitlines()]
    scores = [char_f1(r["content"], load_path(HTML / "magic-html-zh-news" / r["file"]).text) for r in rows]
    assert len(scores) == 29
    assert sum(scores) / len(scores) >= PINS["mean_char_f1"] and min(scores) >= PINS["min_char_f1"]


@needs_shared()
def test_every_page_loads_with_title_and_offsets_hold():
    pages = [p for p in HTML.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")]
    assert len(pages) >= 50
    for page in pages:
        doc = load_path(page)
        assert doc.text.strip(), page
        for r in extract(doc.text, date=doc.date, title=doc.title, source=doc.source):
            assert doc.text[r.start : r.end] == r.text


@needs_shared()
def test_metadata_from_chinese_lines_and_lying_charsets():
    doc = load_path(HTML / "gne-news-gov" / "gzggw_1.html")  # fgw.zj.gov.cn: 德清县 investment
    assert doc.kind == "html" and doc.title and "德清" in doc.title and doc.date and doc.date.startswith("20")
    people = load_path(HTML / "gne-news-gov" / "people_1.html")  # meta says GB2312, bytes are UTF-8
    assert "\ufffd" not in people.text and people.title


@needs_shared()
@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_copies_of_real_pages_read_the_same(tmp_path, encoding):
    for name in ("gzggw_1.html", "people_1.html"):
        raw = (HTML / "gne-news-gov" / name).read_bytes()
        page = raw.decode("utf-8")
        copy = page.encode(encoding, errors="replace")
        if encoding == "gb18030":
            copy = page.replace('charset="utf-8"', 'charset="gb18030"').encode(encoding)
        a, b = load_bytes(raw, name), load_bytes(copy, name)
        assert char_f1(a.text, b.text) > 0.99, name


@needs_shared()
def test_gb2312_bytes_page():
    for p in (HTML / "chardet-gb2312").iterdir():
        if p.suffix in (".html", ".xml"):
            doc = load_path(p)
            assert doc.text.strip() and "\ufffd" not in doc.text[:2000], p


def _seed_paragraphs(n=12):
    lines = [ln for ln in (SHARED / "dev" / "seed.txt").read_text(encoding="utf-8").splitlines() if "万元" in ln]
    return lines[:n]


@needs_shared()
def test_docx_made_from_real_text(tmp_path):
    import docx

    paras = _seed_paragraphs()
    d = docx.Document()
    for p in paras:
        d.add_paragraph(p)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "乡镇", "面积(亩)"
    t.cell(1, 0).text, t.cell(1, 1).text = "潘家湾镇", "4272"
    path = tmp_path / "report.docx"
    d.save(path)
    doc = load_path(path)
    assert doc.kind == "docx" and "潘家湾镇\t4272" in doc.text
    want = sum(len(extract(p)) for p in paras)
    records = extract(doc.text)
    assert len(records) == want + 1 and records[-1].text == "4272" and records[-1].base_unit == "亩"


@needs_shared()
def test_pdf_made_from_real_text(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "report.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 10)
    y = 800
    facts = ["今年，全县发放脱贫人口小额信贷262笔1138.5万元。", "调整农村低保对象1272户2140人。", "新建高标准农田16.07万亩。"]
    for line in facts:
        c.drawString(40, y, line)
        y -= 20
    c.save()
    doc = load_path(path)
    assert doc.kind == "pdf"
    assert [r.text for r in extract(doc.text)] == ["262笔", "1138.5万元", "1272户", "2140人", "16.07万亩"]


@pytest.mark.parametrize("data,suffix,message", [
    (b"", ".txt", "empty"),
    (bytes(range(256)) * 16, ".bin", "binary"),
    (b"PK\x03\x04" + b"\x00" * 100, ".docx", "zip archive|damaged"),
    (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", ".pdf", "PDF|no text"),
])
def test_bad_files_give_one_line(data, suffix, message):
    with pytest.raises(InputError, match=message) as e:
        load_bytes(data, f"bad{suffix}", suffix)
    assert "\n" not in str(e.value)


def test_truncated_docx_is_a_clear_error(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("新建高标准农田16.07万亩。")
    buf = io.BytesIO()
    d.save(buf)
    with pytest.raises(InputError):
        load_bytes(buf.getvalue()[: len(buf.getvalue()) // 2], "cut.docx", ".docx")


def test_truncated_and_malformed_html_still_reads():
    page = "<html><head><title>通山县新闻</title></head><body><div><p>全县新建高标准农田16.07万亩，发放贷款1138.5万元".encode()
    doc = load_bytes(page, "cut.html", ".html")
    assert [r.text for r in extract(doc.text)] == ["16.07万亩", "1138.5万元"]


def test_script_tags_are_text_never_code():
    page = ('<html><head><title>t</title><script>var x = "新建999万亩";</script></head><body><article>'
            '<p>全县新建高标准农田16.07万亩。</p><script>document.write("增加777户")</script></article></body></html>')
    doc = load_bytes(page.encode(), "s.html", ".html")
    assert "999万亩" not in doc.text and "777户" not in doc.text and "16.07万亩" in doc.text


def test_sniff_by_content_not_suffix():
    assert sniff(b"<!DOCTYPE html><html>", ".txt") == "html"
    assert sniff("新建高标准农田".encode(), ".html") == "html"
    assert sniff(b"%PDF-1.4", ".txt") == "pdf"


BROKEN_PAGES = {
    "an unclosed title": "<html><head><title>通山县发布<body><article><p>全县新建高标准农田16.07万亩。</p>"
                         "<p>发放小额信贷262笔1138.5万元。</p><p>调整农村低保对象1272户2140人。</p></article></body></html>",
    "a p and a div crossed": "<html><head><title>通山新闻</title></head><body><article><p>全县新建高标准农田16.07万亩。"
                             "<div>发放小额信贷262笔1138.5万元。</p></div><p>调整农村低保对象1272户2140人。</p></article></body></html>",
    "tags never closed": "<html><head><title>通山新闻</title></head><body><div><p>全县新建高标准农田16.07万亩。<p>"
                         "发放小额信贷262笔1138.5万元。<div><p>调整农村低保对象1272户2140人。",
    "an attribute's quote never closed": "<html><head><title>通山新闻</title></head><body><div class=\"main><p>"
                                         "全县新建高标准农田16.07万亩。</p><p>发放小额信贷262笔1138.5万元。</p><p>"
                                         "调整农村低保对象1272户2140人。</p></div></body></html>",
    "markup written as text": "<html><head><title>通山新闻</title></head><body><article><p>&lt;div&gt;&lt;p&gt;"
                              "全县新建高标准农田16.07万亩。</p><p>发放小额信贷262笔1138.5万元。&lt;/p&gt;</p><p>"
                              "调整农村低保对象1272户2140人。</p></article></body></html>",
}


@pytest.mark.parametrize("name", sorted(BROKEN_PAGES))
def test_hand_broken_html_loses_no_sentence_and_holds_no_markup(name):
    doc = load_bytes(BROKEN_PAGES[name].encode(), "broken.html", ".html")
    assert "<" not in doc.text and ">" not in doc.text, doc.text
    assert doc.title and "<" not in doc.title and len(doc.title) <= 10, doc.title
    records = extract(doc.text)
    assert [r.text for r in records] == ["16.07万亩", "262笔", "1138.5万元", "1272户", "2140人"], doc.text
    assert records[1].indicator and "<" not in records[1].indicator


def _pdf_with_table(path, rows, text_above, text_below):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10, leading=14)
    table = Table(rows)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph(text_above, style), Spacer(1, 12), table, Spacer(1, 12), Paragraph(text_below, style)])


def test_pdf_table_reads_as_a_table(tmp_path):
    path = tmp_path / "table.pdf"
    rows = [["乡镇", "面积(亩)", "产量(吨)"], ["城关镇", "1200", "340"], ["石南镇", "860.5", "215"],
            ["南林镇", "730", "198"]]
    _pdf_with_table(path, rows, "今年全县新建高标准农田16.07万亩。", "调整农村低保对象1272户2140人。")
    doc = load_path(path)
    lines = doc.text.splitlines()
    assert "城关镇\t1200\t340" in lines and "乡镇\t面积(亩)\t产量(吨)" in lines  # a row a line, cells by tabs
    records = extract(doc.text)
    assert [r.text for r in records] == ["16.07万亩", "1200", "340", "860.5", "215", "730", "198", "1272户", "2140人"]
    by_text = {r.text: r for r in records}
    assert by_text["860.5"].base_unit == "亩" and by_text["215"].base_unit == "吨"
    assert by_text["860.5"].indicator == "面积"


def test_json_lines_are_cut_at_line_feeds_only():
    """A JSON string may hold U+2028 or U+0085 as they are; only a line feed ends a row
    (``str.splitlines`` cut such a row in two, and the file failed as not JSON)."""
    rows = [{"title": "通山县报告", "full_text": "过去一年，\u2028全县新建高标准农田3.2万亩。\x85"},
            {"title": "崇阳县报告", "full_text": "全县新增就业3200人。"}]
    data = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")
    got = load_rows(data, "r.jsonl", ".jsonl")
    assert [(n, d.title) for n, d in got] == [(1, "通山县报告"), (2, "崇阳县报告")]
    assert "\u2028" in got[0][1].text
    old_mac = b"\r".join(json.dumps(r, ensure_ascii=False).encode() for r in rows)  # carriage returns only
    assert [n for n, _ in load_rows(old_mac, "m.jsonl", ".jsonl")] == [1, 2]


def test_a_csv_cell_may_hold_a_whole_yearbook():
    """Python's csv stops at 131,072 characters a field; a year's report in one cell is longer."""
    import csv

    out = io.StringIO()
    csv.writer(out).writerows([["title", "full_text"], ["通山县年鉴", "全县新建高标准农田3.2万亩。" + "各项工作稳步推进。" * 20000]])
    (n, doc), = load_rows(out.getvalue().encode("utf-8"), "big.csv", ".csv")
    assert n == 2 and len(doc.text) > 180_000
    assert [r.text for r in extract(doc.text[:40])] == ["3.2万亩"]
