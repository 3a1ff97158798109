"""A review page: the text with every mention highlighted, its meaning on hover, and the records
table below. One self-contained HTML file; every piece of input is HTML-escaped and the page's
Content-Security-Policy allows no script at all, so nothing in a document can run."""
from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .output import _plain
from .record import Record

_CSS = """
body{font:15px/1.7 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC",sans-serif;margin:2em auto;max-width:60em;color:#222}
h1{font-size:1.3em}h2{font-size:1.1em;border-bottom:1px solid #ccc;margin-top:2em}
.text{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:1em}
mark.zb{position:relative;background:#ffe08a;border-radius:3px;padding:0 2px;cursor:help}
mark.zb.change{background:#b9e4ff}mark.zb.planned,mark.zb.expected{background:#d8f5c4}
mark.zb .tip{display:none;position:absolute;left:0;top:1.6em;z-index:9;min-width:16em;background:#333;color:#fff;
 font-size:12px;line-height:1.5;padding:.5em .7em;border-radius:4px;white-space:normal}
mark.zb:hover .tip{display:block}mark.zb .lbl{font-size:11px;color:#7a5b00;margin-left:2px}
table{border-collapse:collapse;font-size:13px;margin-top:1em}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}
td.n{text-align:right}
"""
_COLUMNS = ("start", "text", "indicator", "indicator_id", "base_value", "base_unit", "qualifier", "change",
            "modality", "county", "city", "year")


def _tip(r: Record) -> str:
    value = _plain(r.base_value) + (f"–{_plain(r.base_value_high)}" if r.base_value_high is not None else "")
    rows = [("指标", r.indicator or "—"), ("值", f"{value} {r.base_unit}"), ("县", r.county or "—"),
            ("市", r.city or "—"), ("年", str(r.year) if r.year else "—")]
    if r.change:
        rows.append(("变化", r.direction or "change"))
    if r.modality != "actual":
        rows.append(("性质", r.modality))
    return "<br>".join(f"{escape(k)}：{escape(v)}" for k, v in rows)


def _highlighted(text: str, records: list[Record]) -> str:
    out, pos = [], 0
    for r in sorted(records, key=lambda r: r.start):
        if r.start < pos:
            continue  # overlapping records are listed in the table only
        cls = " ".join(c for c in ("zb", "change" if r.change else "", r.modality if r.modality != "actual" else "") if c)
        out.append(escape(text[pos : r.start]))
        out.append(f'<mark class="{cls}" data-start="{r.start}" data-end="{r.end}">{escape(r.text)}'
                   f'<span class="lbl">{escape(r.quantity)}</span><span class="tip">{_tip(r)}</span></mark>')
        pos = r.end
    out.append(escape(text[pos:]))
    return "".join(out)


def _table(records: list[Record]) -> str:
    head = "".join(f"<th>{c}</th>" for c in _COLUMNS)
    body = []
    for r in records:
        d = r.to_dict()
        cells = []
        for c in _COLUMNS:
            v = d[c]
            v = _plain(getattr(r, c)) if c == "base_value" else ("" if v is None else str(v))
            cells.append(f'<td{" class=n" if c in ("start", "base_value") else ""}>{escape(v)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render(documents: Iterable[tuple[str, str, list[Record]]], title: str = "zhibiao review") -> str:
    """The page for ``(doc id, text, records)`` triples."""
    parts = []
    for doc_id, text, records in documents:
        parts.append(f'<section class="doc" data-doc="{escape(doc_id)}"><h2>{escape(doc_id)} · {len(records)} records</h2>'
                     f'<div class="text">{_highlighted(text, records)}</div>{_table(records)}</section>')
    return ("<!DOCTYPE html><html lang=zh><head><meta charset=utf-8>"
            "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{escape(title)}</h1>{''.join(parts)}</body></html>")
