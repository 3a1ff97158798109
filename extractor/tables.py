"""Plain-text and pipe tables whose unit stands in a heading (面积(亩), 单位：万元).

Rows are lines whose cells are split by ``|``, tabs or runs of two or more spaces. The first
row of a block is its heading; a numeric cell without a unit of its own takes the unit of its
column heading, else of its row label, else of a ``单位：`` line just above the table.
Cell offsets come from the split itself, never from searching.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import regex

from .data import HOLD_GIL, Unit, alternation, change_verbs, cues, units, yaml_data
from .document import Doc, Mention
from .geography import Geography
from .patternset import derived
from .regexes import compiled
from .scan import number_pattern, plausible_number, split_number
from .value import parse_number

_PIPE = compiled(r"\|")
_TAB = compiled(r"\t+")
_SPACES = compiled(r" {2,}")
_RULE = compiled(r"^\s*:?-{2,}:?\s*$")
_HEAD_UNIT = compiled(r"[(\[【]\s*(?:单位\s*[:]?\s*)?(?P<u>[^()\[\]【】]{1,8}?)\s*[)\]】]\s*$|[/](?P<u2>[^/]{1,6})$|(?P<pct>%)$")
_TABLE_UNIT = compiled(r"单位\s*[:]\s*(?P<u>[^\s,;、]{1,6})")
_YEAR_HEAD = compiled(r"^((?:19|20)\d{2})年?(?:末|底)?$")


@derived
def _change_words():
    """What a change column's heading says besides its measure: the comparison words and change
    cues of cues.yaml, ± and %."""
    against = "|".join(map(regex.escape, cues()["change"]["comparison"]))
    return compiled(f"{against}|{change_verbs()}" + r"|[±%]")
_UNIT_PART = compiled(r"\s*(?:[(\[【][^()\[\]【】]*[)\]】]|/[^/]{1,6}|%)\s*$")


def _name_of(heading: str) -> str:
    """A heading without its unit: 地区生产总值(亿元) -> 地区生产总值."""
    return _UNIT_PART.sub("", heading).strip()


@derived
def _label_words():
    d = yaml_data("naming.yaml")
    return frozenset(d["column_generic"]), tuple(sorted(d["row_lead"], key=len, reverse=True))


def _label(text: str) -> str:
    """A row label as a name: without its unit, spaces and a lead such as 其中: (其中:工业 -> 工业)."""
    text = _name_of(text).replace(" ", "")
    lead = next((w for w in _label_words()[1] if text.startswith(w) and len(text) > len(w)), "")
    return text[len(lead):]


def _is_name(text: str) -> bool:
    """A heading that names what a column holds: words, not a number or a year."""
    return bool(text) and _cell_number().fullmatch(text) is None and not _YEAR_HEAD.match(text)


@derived
def _cell_number():
    return compiled(rf"\s*(?P<sign>[-+−])?\s*(?P<num>{number_pattern()})\s*(?P<pct>%)?\s*", regex.VERBOSE)


@dataclass
class _Row:
    line_start: int
    cells: list[tuple[int, int]]  # spans of cells, stripped


def _split(norm: str, start: int, end: int) -> list[tuple[int, int]] | None:
    line = norm[start:end]
    if line.count("|") >= 2:
        sep = _PIPE
    elif "\t" in line.strip("\t "):
        sep = _TAB
    elif len(_SPACES.findall(line.strip(), None, None, False, HOLD_GIL)) >= 2:
        sep = _SPACES
    else:
        return None
    cells, pos = [], start
    for m in sep.finditer(norm, start, end):
        cells.append((pos, m.start()))
        pos = m.end()
    cells.append((pos, end))
    out = []
    for s, e in cells:
        while s < e and norm[s].isspace():
            s += 1
        while e > s and norm[e - 1].isspace():
            e -= 1
        out.append((s, e))
    if sep is _PIPE:  # | a | b | has empty cells outside the outer bars
        if out and out[0][0] == out[0][1]:
            out = out[1:]
        if out and out[-1][0] == out[-1][1]:
            out = out[:-1]
    if sum(1 for s, e in out if e > s) < 2:
        return None
    return out


def _unit_of(text: str) -> Unit | None:
    m = _HEAD_UNIT.search(text)
    if not m:
        return None
    u = "%" if m.group("pct") else (m.group("u") or m.group("u2") or "").strip()
    return units().get(u)


def _is_change(text: str) -> bool:
    """A heading or row label of changes: a change cue, a comparison (同比) or 增减/± (cues.yaml)."""
    c = cues()["change"]
    text = text.replace(" ", "")  # 增 减
    return any(w in text for w in c["up"] + c["down"] + c["comparison"] + c["either"])


_BAR_ONLY = compiled(r"[ \t]*\|[ \t]*")
_CELL_LINE = compiled(r"[^|\n]*\S[^|\n]*\|[ \t]*")  # one cell closed by a bar: 绝对数(万元) |


def _strip(norm: str, s: int, e: int) -> tuple[int, int]:
    while s < e and norm[s].isspace():
        s += 1
    while e > s and norm[e - 1].isspace():
        e -= 1
    return s, e


def _blocks(norm: str):
    """Yield lists of consecutive table rows. A pasted web table may put each cell on a line of
    its own (``指标 |``) with rows between lines that hold only ``|``; a line that holds only
    ``|`` never ends a table."""
    if "|" not in norm and "\t" not in norm and "  " not in norm:
        return  # every row has a bar, a tab or a run of spaces between its cells
    block: list[_Row] = []
    cells_of_row: list[tuple[int, int]] | None = None  # gathering a row written a cell a line

    def close_row():
        if cells_of_row and sum(1 for a, b in cells_of_row if b > a) >= 2:
            block.append(_Row(cells_of_row[0][0], list(cells_of_row)))

    pos = 0
    while pos <= len(norm):
        end = norm.find("\n", pos)
        end = len(norm) if end < 0 else end
        if _BAR_ONLY.fullmatch(norm, pos, end, HOLD_GIL):
            close_row()
            cells_of_row = []
            pos = end + 1
            continue
        if cells_of_row is not None and _CELL_LINE.fullmatch(norm, pos, end):
            cells_of_row.append(_strip(norm, pos, norm.rindex("|", pos, end)))
            pos = end + 1
            continue
        close_row()
        cells_of_row = None
        cells = _split(norm, pos, end)
        if cells is not None:
            if not all(_RULE.match(norm[s:e]) or s == e for s, e in cells):
                block.append(_Row(pos, cells))
        else:  # any other line, blank ones too, ends the table
            if len(block) >= 2:
                yield block
            block = []
        pos = end + 1
    close_row()
    if len(block) >= 2:
        yield block


def _column_places(head: _Row, geography: Geography) -> list[tuple[int, int] | None]:
    """For each heading cell that is a place's name (咸安, 嘉鱼县), the span of that name."""
    return [_place_of(s, e, geography) for s, e in head.cells]


def _place_of(s: int, e: int, geography: Geography) -> tuple[int, int] | None:
    """The span of the place's name that is the whole cell ``s:e`` (咸安, 嘉鱼县), or None."""
    i = bisect_left(geography.starts, s)
    p = geography.places[i] if i < len(geography.places) else None
    whole = p is not None and p.start == s and p.end <= e and e - p.end <= 1
    return (p.start, p.end) if whole and p.chosen is not None else None


def _placelike(texts: list[str], places: list) -> list[bool]:
    """For each heading cell, whether it is a place's name the gazetteer lacks, read from its row:
    most of the other headings are places and it ends as their names do (下谷乡 beside 松柏镇 and
    宋洛乡)."""
    named = [p is not None for p in places[1:]]
    if sum(named) < 2 or sum(named) * 2 <= len(named):
        return [False] * len(texts)
    ends = tuple(_table_words()["one_character_nouns"])
    return [p is None and 2 <= len(t.strip()) <= 8 and t.strip().endswith(ends) and not _cell_number().fullmatch(t.strip())
            for t, p in zip(texts, places)]


_CAPTION_YEAR = compiled(r"^(?:(?:19|20)\d{2}\s*(?:年|—|-|~|至)?\s*)+")


@derived
def _caption_words():
    d = yaml_data("naming.yaml")
    return compiled(alternation(d["caption_strip"])), frozenset(d["caption_generic"])


@derived
def _table_words() -> dict:
    return yaml_data("naming.yaml")


def _measures(name: str) -> bool:
    """Whether a row label names its measure (工业增加值, 粮食播种面积), not only what is measured."""
    return any(h in name for h in _table_words()["measure_heads"])


def _sector_table(caption: str | None, labels: list[str]) -> str:
    """The measure of the sectors' rows when a table breaks a total down by sector (增加值 under
    2020年全县生产总值 over 第一产业, 其中:工业…: its caption or a row names the total, and two or
    more rows are sectors); '' otherwise."""
    d = _table_words()
    ends = tuple(d["sector_ends"])
    if sum(x.endswith(ends) for x in labels) < 2:
        return ""
    return next((part for total, part in d["sector_totals"].items()
                 if total in (caption or "") or any(total in x for x in labels)), "")


def _caption(norm: str, head_start: int, geography: Geography) -> str | None:
    """What a table's caption names (the first line above it that is not its 单位 line): the
    caption without its years, places and words such as 各县市区, 统计表; None if generic."""
    end = head_start
    for _ in range(3):
        if end <= 0:
            return None
        start = norm.rfind("\n", 0, end - 1) + 1
        line = norm[start:end].strip()
        if line and not _TABLE_UNIT.search(line):
            break
        end = start
    else:
        return None
    if not line or len(line) > 40 or _split(norm, start, end - 1 if norm[end - 1:end] == "\n" else end):
        return None
    first = max(0, bisect_left(geography.starts, start) - 1)
    inside = [p for p in geography.places[first : bisect_left(geography.starts, end)] if p.end > start]
    keep = [c for i, c in enumerate(norm[start:end], start) if not any(p.start <= i < p.end for p in inside)]
    text = _TABLE_UNIT.sub("", "".join(keep)).strip()
    strip, generic = _caption_words()
    text = strip.sub("", _CAPTION_YEAR.sub("", text)).strip(" :()")
    if not text or text in generic or any(c.isdigit() for c in text):
        return None
    return text


def table_cells(doc: Doc, mentions: list[Mention], geography: Geography) -> list[Mention]:
    """Add one mention per unitless numeric cell of a table with a unit in its headings. A
    column headed by a place (counties across, indicators down) gives the cell its place, and
    the row label names it."""
    norm = doc.norm
    covered = sorted((m.start, m.end) for m in mentions)
    added = []
    for block in _blocks(norm):
        head = block[0]
        head_texts = [norm[s:e] for s, e in head.cells]
        col_units = [_unit_of(t) for t in head_texts]
        col_change = [_is_change(t) for t in head_texts]
        col_names = [_name_of(t) for t in head_texts]
        col_years = [int(y.group(1)) if (y := _YEAR_HEAD.match(t)) else None for t in head_texts]
        col_places = _column_places(head, geography)
        col_placelike = _placelike(head_texts, col_places)
        caption = _caption(norm, head.line_start, geography)
        places_down = bool(head_texts) and head_texts[0].strip() in yaml_data("naming.yaml")["place_headings"]
        generic = _label_words()[0]
        hits = list(_TABLE_UNIT.finditer(norm, max(0, head.line_start - 80), head.cells[-1][1]))
        table_unit = units().get(hits[-1].group("u")) if hits else None
        labels = [_label(norm[r.cells[0][0] : r.cells[0][1]]) for r in block[1:] if r.cells]
        by_sector = _sector_table(caption, labels)
        for row in block[1:]:
            label = norm[row.cells[0][0] : row.cells[0][1]] if row.cells else ""
            # A short row lacks its label (right-aligned) only when it starts with a number; a row
            # with its label is short of trailing empty cells and stays aligned left.
            starts_numeric = bool(label) and _cell_number().fullmatch(label) is not None
            shift = len(head.cells) - len(row.cells) if starts_numeric else 0
            row_unit = _unit_of(label)
            row_change = _is_change(label)
            row_name = _label(label)
            if by_sector and row_name.endswith(tuple(_table_words()["sector_ends"])) and not _measures(row_name):
                row_name += by_sector  # 第一产业 under 全县生产总值: its 增加值
            for i, (s, e) in enumerate(row.cells):
                if s == e or any(a < e and s < b for a, b in covered):
                    continue
                m = _cell_number().fullmatch(norm, s, e)
                if not m or not m.group("num")[0].isdigit():
                    continue
                num, bigs = split_number(m.group("num"))
                if bigs or not plausible_number(num):
                    continue
                j = i + shift
                in_col = 0 <= j < len(col_units) and col_units[j] is not None
                unit = col_units[j] if in_col else row_unit or table_unit
                place = col_places[j] if 0 <= j < len(col_places) else None
                named = 0 <= j < len(col_names) and _is_name(col_names[j])
                if place is not None or (0 <= j < len(col_placelike) and col_placelike[j]):
                    heading = row_name  # counties across: the row names the figure
                elif named and col_names[j] in generic:
                    # 绝对数(万元): the row names the figure, unless the rows are places (城关镇 | 1200
                    # under 各乡镇粮食产量统计表): then the caption does
                    heading = caption if caption and (places_down or _place_of(*row.cells[0], geography)) else row_name
                elif in_col or (not row_unit and named):
                    heading = col_names[j]  # the column's name, its unit from the heading or 单位 line
                    if row_change and not col_change[j]:
                        heading += row_name  # the 增减 row under 农业总产值
                elif row_unit:
                    heading = row_name
                    if row_change and named:
                        heading = col_names[j] + heading  # the 增减% row under 农业总产值
                else:
                    heading = caption  # years or places across, places down: the caption names it
                if in_col and col_change[j] and j > 0 and len(_change_words().sub("", heading)) < 2:
                    # 比上年增长(%) after 地区生产总值(亿元), or after 绝对数(万元) in the row of 工业
                    before = col_names[j - 1]
                    heading = (row_name if before in generic else before) + heading
                if m.group("pct"):
                    unit = units()["%"]
                if unit is None:
                    continue
                if heading == row_name and unit.quantity == "area" and caption and not _measures(row_name):
                    measure = next((a for v, a in _table_words()["area_caption_verbs"].items() if v in caption), "")
                    heading = row_name + measure if measure else heading  # 油菜籽 under …种植情况表, 单位:亩
                change = (0 <= j < len(col_change) and col_change[j]) or row_change
                sign = m.group("sign")
                direction = None
                if change:
                    direction = "down" if sign in ("-", "−") else "up"
                start = m.start("sign") if sign else m.start("num")
                end = m.end("pct") if m.group("pct") else m.end("num")
                cell = Mention(start, end, parse_number(num), unit, source="table", change=change,
                               direction=direction, heading=heading or None, place_span=place)
                cell.year = col_years[j] if 0 <= j < len(col_years) else None  # a column headed 2020年
                added.append(cell)
    return mentions + added
