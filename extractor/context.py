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
from .document import Doc, Mention
from .timeline import Timeline

_CLAUSE = regex.compile(r"[。;！？!?\n]")
_CLAUSE_MARK = regex.compile(r"[,。;]")
_DATELINE = regex.compile(r"[(\[【—-]*\s*(?:19|20)\d{2} ?年\d{1,2}月(?:\d{1,2}日)?\s*[)\]】]*")
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


_LEAD = regex.compile(r"(?:^|[,;。!?\n:])\s*(?:在|于|截至|截止|到|至|自|从|\d+[.、]|[一二三四五六七八九十]+[、是])?\s*$")
# A year right before the figure, with 的: 由2015年的5.6万人增加到2020年的8.9万人 (each its own year).
_OWN_YEAR = regex.compile(r"(?P<y>(?:19|20)\d{2}) ?年(?:底|末)?的\s*$")


def _leading(norm: str, pos: int) -> bool:
    """Whether a year opens its clause (2020年，全县… / 截至2022年底), so it holds for what follows."""
    return bool(_LEAD.search(norm, max(0, pos - 6), pos)) or pos == 0


@cache
def _present_words():
    words = sorted(_data()["year"]["present"], key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, words)))


def years(doc: Doc, mentions: list[Mention], timeline: Timeline) -> list[Mention]:
    """Set ``year``: the year written right before the figure (2015年的5.6万人); else the nearest
    stated year before it in its sentence, opening a clause earlier in its paragraph, or in a
    heading above; else the document's (``Timeline.fallback``). A present state (现有, 目前)
    after an older year is the document's own year."""
    pos, ys = timeline.positions, timeline.years
    norm = doc.norm
    present = _present_words()
    for m in mentions:
        if m.year is not None:
            continue  # a table column's year
        start = m.group_start if m.group_start is not None else m.start
        own = _OWN_YEAR.search(norm, max(0, start - 8), start)
        if own and m.unit.quantity != "ratio":  # 是2015年的2.4倍: the multiple is this year's
            m.year = int(own.group("y"))
            continue
        para = norm.rfind("\n", 0, start) + 1
        i = bisect_right(pos, start) - 1
        found, at = None, -1
        sent = doc.sentence_span(start)[0]
        while i >= 0:
            # in the sentence; else opening a clause earlier in the paragraph, or in a heading above
            if ys[i] is not None and (pos[i] >= sent or (pos[i] >= para and _leading(norm, pos[i]))
                                      or _is_heading(norm, pos[i])):
                found, at = ys[i], pos[i]
                break
            i -= 1
        if found is not None and at >= para and present.search(norm, max(at + 1, sent), start):
            found = timeline.present  # 于2018年成立合作社，…现有150余亩: today's state
        m.year = found if found is not None else timeline.fallback
    return mentions


def _is_heading(norm: str, pos: int) -> bool:
    start = norm.rfind("\n", 0, pos) + 1
    end = norm.find("\n", pos)
    line = norm[start : end if end >= 0 else len(norm)].strip()
    if _DATELINE.fullmatch(line):
        return False  # (2021年6月29日): when it was published, not what a section is about
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
