"""When a fact holds (``year``) and whether it is done, planned or expected (``modality``).

Years come from the words before the mention (2020年, 截至2022年底, 今年, 去年) resolved against
the document's date; a year that is the base of a comparison (比2020年增加) is skipped. A
modality cue (计划, 力争, 预计, 建成后) covers the rest of its sentence; a heading such as
二、2021年工作安排 makes its section planned.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import cache

import regex

from .data import yaml_data
from .docmeta import date_of
from .document import Doc, Mention

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_YEAR = regex.compile(r"(?<![\d-])(?P<y>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年(?![\d-]|—\d)")
_RANGE_AFTER = regex.compile(r"\s*[-—~至到]\s*(?:19|20)?\d{2,4}年")
_CLAUSE = regex.compile(r"[。;！？!?\n]")
_CLAUSE_MARK = regex.compile(r"[,。;]")
_HEADING = regex.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")


@cache
def _data() -> dict:
    return yaml_data("context.yaml")


@cache
def _cue_pattern():
    m = _data()["modality"]
    words = [(w, "planned") for w in m["planned"]] + [(w, "expected") for w in m["expected"]]
    words += [(w, None) for w in m["not_cue"]]
    kinds = {w: k for w, k in words}
    alt = "|".join(regex.escape(w) for w, _ in sorted(words, key=lambda t: len(t[0]), reverse=True))
    return regex.compile(alt), kinds


@cache
def _relative():
    rel = _data()["year"]["relative"]
    return regex.compile("|".join(regex.escape(w) for w in sorted(rel, key=len, reverse=True))), rel


def document_year(doc: Doc) -> int | None:
    """The year of the document's date line (时间:2021-12-09) or report line (——2020年1月21日)."""
    if doc.date_year is not None:
        return doc.date_year
    date = date_of(doc.norm[:1500])
    return int(date[:4]) if date else None


def _anchors(doc: Doc, year: int | None) -> tuple[list[int], list[int | None]]:
    """Positions where a year is stated, in order, with that year (None: a comparison or a span)."""
    norm, spots = doc.norm, []
    ydata = _data()["year"]
    for m in _YEAR.finditer(norm):
        y = m.group("y")
        y = int("".join(_CN_DIGITS.get(c, c) for c in y))
        before = norm[max(0, m.start() - 3) : m.start()]
        after = norm[m.end() : m.end() + 3]
        skip = (any(before.endswith(w) for w in ydata["comparison_before"])
                or any(after.startswith(w) for w in ydata["not_after"])
                or _RANGE_AFTER.match(norm, m.end())
                or (norm[max(0, m.start() - 1) : m.start()] in ("-", "—", "至") and not before.endswith(("截至", "直至"))))
        spots.append((m.start(), None if skip else y))
    pattern, rel = _relative()
    for m in pattern.finditer(norm):
        before = norm[max(0, m.start() - 2) : m.start()]
        if year is None or any(before.endswith(w) for w in ydata["comparison_before"]):
            spots.append((m.start(), None))
        else:
            spots.append((m.start(), year + rel[m.group()]))
    spots.sort()
    return [p for p, _ in spots], [y for _, y in spots]


_LEAD = regex.compile(r"(?:^|[,;。!?\n:])\s*(?:在|于|截至|截止|到|至|自|从|\d+[.、]|[一二三四五六七八九十]+[、是])?\s*$")


def _leading(norm: str, pos: int) -> bool:
    """Whether a year opens its clause (2020年，全县… / 截至2022年底), so it holds for what follows."""
    return bool(_LEAD.search(norm, max(0, pos - 6), pos)) or pos == 0


def years(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Set ``year``: the nearest stated year before the mention in its paragraph or heading,
    else the document's year."""
    year = document_year(doc)
    pos, ys = _anchors(doc, year)
    norm = doc.norm
    for m in mentions:
        if m.year is not None:
            continue  # a table column's year
        start = m.group_start if m.group_start is not None else m.start
        para = norm.rfind("\n", 0, start) + 1
        i = bisect_right(pos, start) - 1
        found = None
        sent = doc.sentence_span(start)[0]
        while i >= 0:
            # in the sentence; else opening a clause earlier in the paragraph, or in a heading above
            if ys[i] is not None and (pos[i] >= sent or (pos[i] >= para and _leading(norm, pos[i]))
                                      or _is_heading(norm, pos[i])):
                found = ys[i]
                break
            i -= 1
        m.year = found if found is not None else year
    return mentions


def _is_heading(norm: str, pos: int) -> bool:
    start = norm.rfind("\n", 0, pos) + 1
    end = norm.find("\n", pos)
    line = norm[start : end if end >= 0 else len(norm)].strip()
    return len(line) <= 30 and not _CLAUSE_MARK.search(line)


def modality(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Set ``modality`` from the nearest cue earlier in the sentence, else the section's heading."""
    norm = doc.norm
    pattern, kinds = _cue_pattern()
    sections = _section_modality(doc)
    for m in mentions:
        start = m.group_start if m.group_start is not None else m.start
        s0 = max((x.end() for x in _CLAUSE.finditer(norm, max(0, start - 300), start)), default=max(0, start - 300))
        kind = None
        for c in pattern.finditer(norm, s0, start):
            if kinds[c.group()] is not None and not _quoted(norm, s0, c.start()):
                kind = kinds[c.group()]
        if kind is None:
            i = bisect_right([p for p, _ in sections], start) - 1
            kind = sections[i][1] if i >= 0 else None
        m.modality = kind or "actual"
    return mentions


def _quoted(norm: str, s0: int, pos: int) -> bool:
    """Inside “…” or 《…》: a name (“一村多名大学生计划”), not a cue."""
    span = norm[s0:pos]
    return span.count("“") > span.count("”") or span.count("《") > span.count("》") or span.count('"') % 2 == 1


def _section_modality(doc: Doc) -> list[tuple[int, str]]:
    """(start, planned|actual) at each heading that names plans or results."""
    d = _data()["modality"]
    out, pos = [], 0
    for line in doc.norm.split("\n"):
        if _HEADING.match(line) and len(line.strip()) <= 40:
            if any(w in line for w in d["section_planned"]) and not any(w in line for w in d["section_actual"]):
                out.append((pos, "planned"))
            elif any(w in line for w in d["section_actual"]):
                out.append((pos, "actual"))
        pos += len(line) + 1
    return out
