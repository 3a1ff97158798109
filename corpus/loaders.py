"""Load a document of any supported kind: plain text, an HTML page, a Word .docx or a PDF's text
layer. The kind is told by the bytes first and the suffix second. Each loader gives the text
that extraction reads (for HTML the article's main text), with the title, source and
publication date it can find.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from extractor.docmeta import date_of, source_of
from extractor.errors import InputError

from .reader import decode, read_bytes

KINDS = ("txt", "html", "docx", "pdf")
# The modules each kind of input is read with; tests import every one, so an install that lacks
# one fails there, loudly, and not on a user's first page.
NEEDS = {"txt": ("charset_normalizer",), "html": ("trafilatura", "lxml.html", "lxml_html_clean", "lxml.html.clean"),
         "docx": ("zipfile", "xml.etree.ElementTree"), "pdf": ("pdfminer.high_level",)}
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p)\b", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Loaded:
    text: str
    kind: str
    title: str | None = None
    source: str | None = None
    date: str | None = None        # YYYY-MM-DD
    url: str | None = None


def sniff(data: bytes, suffix: str = "") -> str:
    """The kind of a document from its bytes, else its suffix.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"<!DOCTYPE html><html>"), sniff("全县".encode())
    ('pdf', 'html', 'txt')
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        return "binary"
    if _HTML_START.match(data[:2048]) or suffix.lower() in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    return "txt"


def load_path(path: str | Path) -> Loaded:
    p = Path(path)
    return load_bytes(read_bytes(p), str(p), p.suffix)


# Rows of a JSON Lines or CSV corpus file: the first of these fields that holds text is the
# document; title, date and source come from their usual column names.
TEXT_FIELDS = ("full_text", "content", "text", "body", "正文")
META_FIELDS = {"title": ("title", "标题"), "date": ("publish_date", "date", "published", "发文时间"),
               "source": ("source", "来源"), "url": ("url", "source_url")}


def load_rows(data: bytes, name: str, suffix: str) -> list[tuple[int, Loaded]] | None:
    """The documents of a .jsonl or .csv corpus file, (row number, document); None if the file
    is not one (no text column)."""
    if suffix.lower() not in (".jsonl", ".csv"):
        return None
    return rows_of(decode(data, name), name, suffix)


def rows_of(text: str, name: str, suffix: str, first: int | None = None) -> list[tuple[int, Loaded]] | None:
    """The documents of a corpus file's text, or of a part of one read on its own (whole lines
    of a .jsonl file from line ``first``; a .csv file's header and rows from row ``first``);
    None if none has a text field. A .csv file's rows are numbered from 2 (its header is 1).

    JSON Lines are cut at line feeds only (a JSON string may hold U+2028 or U+0085, which
    ``str.splitlines`` cuts at), or at carriage returns in a file that has no line feed.

    >>> [(n, d.text) for n, d in rows_of('{"text": "甲"}\\n\\n{"text": "乙"}\\n', "a.jsonl", ".jsonl", first=7)]
    [(7, '甲'), (9, '乙')]
    """
    import csv
    import json

    if suffix.lower() == ".jsonl":
        rows = []
        for n, line in enumerate(text.split("\n" if "\n" in text else "\r"), first or 1):
            if line.strip():
                try:
                    rows.append((n, json.loads(line)))
                except json.JSONDecodeError as e:
                    raise InputError(f"{name}:{n}: not JSON ({e.msg})") from None
    else:
        lift_csv_limit()
        rows = list(enumerate(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))), first or 2))
    out = []
    for n, row in rows:
        if not isinstance(row, dict):
            continue
        body = text_field(row)
        if body is None:
            continue
        meta = {k: next((str(row[f]) for f in fs if row.get(f)), None) for k, fs in META_FIELDS.items()}
        out.append((n, Loaded(body, "row", meta["title"], meta["source"], date_of(meta["date"] or "", labeled=False), meta["url"])))
    return out or None


CSV_FIELD_LIMIT = 2**31 - 1  # characters a .csv field may hold: Python's csv stops at 131,072
# ("field larger than field limit"), and a yearbook or a year's work report in one cell is longer


def lift_csv_limit() -> None:
    """Let a .csv field be as long as ``CSV_FIELD_LIMIT`` (the limit is the csv module's own)."""
    import csv

    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)


def text_field(row: dict) -> str | None:
    """The document of a corpus row: the first of ``TEXT_FIELDS`` that holds text."""
    return next((row[f] for f in TEXT_FIELDS if isinstance(row.get(f), str) and row[f].strip()), None)


def load_bytes(data: bytes, name: str, suffix: str = "") -> Loaded:
    if not data:
        raise InputError(f"{name}: the file is empty (expected text, HTML, .docx or .pdf)")
    kind = sniff(data, suffix)
    if kind == "pdf":
        doc = _pdf(data, name)
    elif kind == "docx":
        doc = _docx(data, name)
    elif kind == "html":
        doc = _html(data, name)
    elif kind == "txt":
        text = decode(data, name)
        doc = Loaded(text, "txt", *_head_meta(text))
    else:
        raise InputError(f"{name}: a zip archive that is not a Word .docx (expected text, HTML, .docx or .pdf)")
    if not doc.text.strip():
        raise InputError(f"{name}: no text found in this {doc.kind} file")
    return doc


def _head_meta(text: str) -> tuple[str | None, str | None, str | None]:
    """(title, source, date) from the first lines of a text: 来源:咸宁网 时间:2021-12-09."""
    head = text[:1500]
    lines = [ln.strip() for ln in head.splitlines() if ln.strip()]
    title = next((ln for ln in lines if 4 <= len(ln) <= 60 and ln.count(" ") <= 3 and not source_of(ln)), None)
    return title, source_of(head), date_of(head, labeled=False)


def html_text(data: bytes, name: str = "<html>") -> str:
    """Decode HTML bytes. A declared charset is checked against the bytes: many pages say gb2312
    and are UTF-8, or the reverse; bytes that are valid UTF-8 are read as UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        enc = "gb18030" if declared in ("gb2312", "gbk", "gb18030", "x-gbk") else declared
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)


_OPEN_TITLE = re.compile(r"(<title[^>]*>)([^<]*)", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>")
_SCRIPTS = re.compile(r"<(script|style|noscript)\b.*?(?:</\1\s*>|$)", re.I | re.S)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _repaired(page: str) -> str:
    """A page whose <title> is never closed gets it closed where its text ends, so the page is
    not read as its title."""
    if re.search(r"<title", page, re.I) and not re.search(r"</title\s*>", page, re.I):
        page = _OPEN_TITLE.sub(lambda m: m.group(1) + m.group(2) + "</title>", page, count=1)
    return page


def _crude_text(page: str) -> str:
    """The page's text with every tag cut out by pattern: what a broken tree may have lost."""
    import html as htmllib

    body = _SCRIPTS.sub("\n", page)
    body = re.split(r"</head\s*>", body, maxsplit=1, flags=re.I)[-1]
    lines = (htmllib.unescape(line).strip() for line in _TAG.sub("\n", body).splitlines())
    return "\n".join(line for line in lines if line)


def _html(data: bytes, name: str) -> Loaded:
    import trafilatura
    from lxml import html as lxml_html

    page = _repaired(html_text(data, name))
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        raise InputError(f"{name}: not a readable HTML page") from None
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    visible = tree.text_content()
    main = trafilatura.extract(page, output_format="txt", include_comments=False, include_tables=True,
                               favor_precision=True, deduplicate=False)
    meta = trafilatura.extract_metadata(page)
    title = (meta.title if meta and meta.title else None) or (tree.findtext(".//title") or "").strip() or None
    text = main or visible
    if len(_HAN.findall(visible)) < 0.5 * len(_HAN.findall(_SCRIPTS.sub("", page))):
        text = _crude_text(page)  # the tree itself lost the body (an unclosed quote swallowed it): read it by pattern
    text = _TAG.sub("", text)  # markup written as text (&lt;div&gt;) is never part of the text
    source = source_of(visible)
    date = date_of(visible, labeled=False) or (meta.date if meta and meta.date else None)
    url = meta.url if meta and meta.url else None
    return Loaded(text.strip() + "\n", "html", title, source or (meta.sitename if meta else None), date, url)


def _docx(data: bytes, name: str) -> Loaded:
    """Paragraphs and table rows of word/document.xml, a line each (cells joined by tabs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = ElementTree.fromstring(z.read("word/document.xml"))
            core = z.read("docProps/core.xml").decode("utf-8", "replace") if "docProps/core.xml" in z.namelist() else ""
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as e:
        raise InputError(f"{name}: a damaged .docx file ({e})") from None
    lines = []
    body = root.find(f"{_W}body")
    for block in (body if body is not None else []):
        if block.tag == f"{_W}p":
            lines.append("".join(t.text or "" for t in block.iter(f"{_W}t")))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = ["".join(t.text or "" for t in c.iter(f"{_W}t")) for c in row.iter(f"{_W}tc")]
                lines.append("\t".join(cells))
    text = "\n".join(lines) + "\n"
    title, source, date = _head_meta(text)
    m = re.search(r"<dc:title>([^<]+)</dc:title>", core)
    return Loaded(text, "docx", m.group(1) if m else title, source, date)


def _pdf(data: bytes, name: str) -> Loaded:
    """The text layer's lines as they are, page by page, with each ruled table a row a line and
    its cells joined by tabs (pdfplumber finds the cells from the page's lines), in page order;
    joining wrapped lines is the extractor's job."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_pdf_page(page) for page in pdf.pages]
    except Exception as e:  # pdfminer and pdfplumber raise many kinds for a damaged or truncated file
        raise InputError(f"{name}: a PDF whose text cannot be read ({e.__class__.__name__})") from None
    text = "\n".join(p for p in pages if p) + "\n"
    return Loaded(text, "pdf", *_head_meta(text))


def _pdf_page(page) -> str:
    tables = [t for t in page.find_tables() if len(t.rows) >= 2]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    blocks = [(line["top"], line["bottom"], line["text"], False)
              for line in rest.extract_text_lines(return_chars=False)]
    for t in tables:
        rows = ["\t".join(" ".join((c or "").split()) for c in row) for row in t.extract()]
        blocks.append((t.bbox[1], t.bbox[3], "\n".join(rows), True))
    out, last = [], None
    for top, bottom, text, table in sorted(blocks, key=lambda b: b[0]):
        # a gap wider than a line is a new paragraph (as pdfminer's text boxes gave); a table
        # stands apart from the text around it
        if last is not None and (table or last[2] or top - last[1] > 0.8 * (last[1] - last[0])):
            out.append("")
        out.append(text)
        last = (top, bottom, table)
    return "\n".join(out)
