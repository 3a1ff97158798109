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
td.n{text-align:right}mark.zb a{color:inherit;text-decoration:none}:target{outline:2px solid #e07000}
.legend{font-size:13px;color:#555}.where{font-size:13px;color:#555;margin:.2em 0 .6em}
"""
# The table's columns with Chinese headings; values shown in Chinese where they are words.
_COLUMNS = (("start", "位置"), ("text", "原文"), ("indicator", "指标"), ("indicator_id", "标准指标"),
            ("base_value", "基本单位值"), ("base_unit", "单位"), ("qualifier", "限定"), ("change", "变化"),
            ("modality", "性质"), ("county", "县"), ("city", "市"), ("year", "年"))
QUANTITY = {"money": "金额", "area": "面积", "households": "户数", "household_times": "户次", "people": "人数",
            "person_times": "人次", "count": "数量", "weight": "重量", "length": "长度", "volume": "体积",
            "power": "功率", "energy": "电量", "percent": "百分比", "permille": "千分比", "permyriad": "万分比",
            "percentage_point": "百分点", "ratio": "倍数", "duration": "时长", "age": "年龄",
            "temperature": "温度", "rate": "比率", "basis_point": "基点", "permille_point": "千分点",
            "voltage": "电压"}
QUALIFIER = {"exact": "", "approx": "约", "more_than": "以上", "less_than": "以下", "range": "区间"}
MODALITY = {"actual": "实绩", "planned": "计划", "expected": "预计"}
DIRECTION = {"up": "增加", "down": "减少"}
_LEGEND = ('<p class="legend">图例：<mark class="zb">水平值</mark> <mark class="zb change">变化（增减）</mark> '
           '<mark class="zb planned">计划或预计</mark>　悬停看详情，点击跳到表中一行，行首原文跳回文中。</p>')


def _tip(r: Record) -> str:
    value = _plain(r.base_value) + (f"–{_plain(r.base_value_high)}" if r.base_value_high is not None else "")
    rows = [("指标", r.indicator or "—"), ("值", f"{value} {r.base_unit}"), ("县", r.county or "—"),
            ("市", r.city or "—"), ("年", str(r.year) if r.year else "—")]
    if QUALIFIER.get(r.qualifier):
        rows.append(("限定", QUALIFIER[r.qualifier]))
    if r.change:
        rows.append(("变化", DIRECTION.get(r.direction or "", "变化")))
    rows.append(("性质", MODALITY.get(r.modality, r.modality)))
    return "<br>".join(f"{escape(k)}：{escape(v)}" for k, v in rows)


def _anchor(doc_index: int, i: int, kind: str) -> str:
    return f"{kind}-{doc_index}-{i}"


def _highlighted(text: str, records: list[Record], doc_index: int) -> str:
    out, pos = [], 0
    for i, r in sorted(enumerate(records), key=lambda t: t[1].start):
        if r.start < pos:
            continue  # overlapping records are listed in the table only
        cls = " ".join(c for c in ("zb", "change" if r.change else "", r.modality if r.modality != "actual" else "") if c)
        out.append(escape(text[pos : r.start]))
        out.append(f'<mark class="{cls}" id="{_anchor(doc_index, i, "m")}" data-start="{r.start}" data-end="{r.end}">'
                   f'<a href="#{_anchor(doc_index, i, "r")}">{escape(r.text)}</a>'
                   f'<span class="lbl">{escape(QUANTITY.get(r.quantity, r.quantity))}</span>'
                   f'<span class="tip">{_tip(r)}</span></mark>')
        pos = r.end
    out.append(escape(text[pos:]))
    return "".join(out)


def _cell(r: Record, c: str) -> str:
    v = getattr(r, c)
    if c == "base_value":
        return _plain(v) + (f"–{_plain(r.base_value_high)}" if r.base_value_high is not None else "")
    if c == "change":
        return DIRECTION.get(r.direction or "", "是") if v else "否"  # never Python's True/False
    if c == "qualifier":
        return QUALIFIER.get(v, v) or "—"
    if c == "modality":
        return MODALITY.get(v, v)
    return "" if v is None else str(v)


def _table(records: list[Record], doc_index: int) -> str:
    head = "".join(f"<th>{escape(label)}</th>" for _, label in _COLUMNS)
    body = []
    for i, r in enumerate(records):
        cells = []
        for c, _ in _COLUMNS:
            v = escape(_cell(r, c))
            if c == "text":
                v = f'<a href="#{_anchor(doc_index, i, "m")}">{v}</a>'  # back to the mention in the text
            cells.append(f'<td{" class=n" if c in ("start", "base_value") else ""}>{v}</td>')
        body.append(f'<tr id="{_anchor(doc_index, i, "r")}">' + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _places(records: list[Record]) -> str:
    """The counties (and cities) a section's records speak for, most records first."""
    from collections import Counter

    n = Counter(r.county or (f"{r.city}（市级）" if r.city else None) or (r.province or "未定") for r in records)
    return "、".join(f"{k} {v}条" for k, v in n.most_common(6))


def render(documents: Iterable[tuple[str, str, list[Record]]], title: str = "zhibiao review") -> str:
    """The page for ``(doc id, text, records)`` triples."""
    parts = []
    for k, (doc_id, text, records) in enumerate(documents):
        where = f'<p class="where">地区：{escape(_places(records))}</p>' if records else ""
        parts.append(f'<section class="doc" data-doc="{escape(doc_id)}"><h2>{escape(doc_id)} · {len(records)} 条记录</h2>'
                     f'{where}<div class="text">{_highlighted(text, records, k)}</div>{_table(records, k)}</section>')
    return ("<!DOCTYPE html><html lang=zh><head><meta charset=utf-8>"
            "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{escape(title)}</h1>{_LEGEND}{''.join(parts)}</body></html>")
