"""When a fact holds (``year``) and whether it is done, planned or expected (``modality``).

Years come from the words before the mention (2020年, 截至2022年底, 今年, 去年) resolved against
the document's date; a year that is the base of a comparison (比2020年增加) is skipped. A
modality cue (计划, 力争, 预计, 建成后) covers the rest of its sentence; a heading such as
二、2021年工作安排 makes its section planned.
"""
from __future__ import annotations

from bisect import bisect_right

import regex

from .data import HOLD_GIL, alternation, change_verbs, cues, yaml_data
from .document import Doc, Mention, clause_end
from .patternset import derived
from .regexes import compiled
from .timeline import Timeline, _year_words

_CLAUSE_MARK = compiled(r"[,。;]")
_DATELINE = compiled(r"[(\[【—-]*\s*(?:19|20)\d{2} ?年\d{1,2}月(?:\d{1,2}日)?\s*[)\]】]*")
_DAY = compiled(r"(?:19|20)\d{2} ?年\d{1,2}月\d{1,2}日")  # a year opening a day's date
_HEADING = compiled(r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")


@derived
def _data() -> dict:
    return yaml_data("context.yaml")


@derived
def _cue_pattern():
    m = _data()["modality"]
    words = [(w, "planned") for w in m["planned"]] + [(w, "expected") for w in m["expected"]]
    words += [(w, None) for w in m["not_cue"]]
    kinds = {w: k for w, k in words}
    return compiled(alternation(kinds)), kinds


@derived
def _lead():
    """A clause's start, with at most a preposition (context.yaml year_clause_leads) or a list
    number before the position: 在2020年, 截至2021年底, 3、2019年."""
    words = alternation(_data()["year"]["clause_leads"])
    return compiled(rf"(?:^|[,;。!?\n:])\s*(?:{words}|\d+[.、]|[一二三四五六七八九十]+[、是])?\s*$")
@derived
def _own_year():
    """A year right before the figure, with 的: 由2015年的5.6万人增加到2020年的8.9万人 (each its own
    year); or with a few words between, in the same clause: 由2013年占全州总面积的16.71%下调至….
    Not a span's end (2016—2020年的: context.yaml span_marks)."""
    marks = "".join(regex.escape(c) for c in _data()["year"]["span_marks"])
    return compiled(rf"(?<![\d{marks}])(?P<y>(?:19|20)\d{{2}}) ?年(?:底|末)?(?P<gap>[^\d,;。!?\n年:]{{0,12}}?)的\s*$")


def _leading(norm: str, pos: int) -> bool:
    """Whether a year opens its clause (2020年，全县… / 截至2022年底), so it holds for what follows."""
    return bool(_lead().search(norm, max(0, pos - 6), pos)) or pos == 0


@derived
def _present_words():
    return compiled(alternation(_data()["year"]["present"]))


@derived
def _period_end():
    """The end of a five-year plan period right before a figure: “十二五”末的, 十三五期末."""
    alt = alternation(_data()["year"].get("plan_periods", {}))
    return compiled(rf"(?<![一二三四五六七八九十])[\"'“”‘’]?(?P<p>{alt})[\"'“”‘’]?(?:期)?末(?:时)?的?\s*$")


def years(doc: Doc, mentions: list[Mention], timeline: Timeline) -> list[Mention]:
    """Set ``year``: the year written right before the figure (2015年的5.6万人); else the nearest
    stated year before it in its sentence, opening a clause earlier in its paragraph, or in a
    heading above; else the document's (``Timeline.fallback``). A present state (现有, 目前)
    after an older year is the document's own year. A period spoken of in the sentence after the
    year found (1988年后，…; 此后…; “十三五”期间…) leaves the figure without one."""
    pos, ys, periods = timeline.positions, timeline.years, timeline.periods
    norm = doc.norm
    present = _present_words()
    period_end = _period_end()
    own_year, not_after = _own_year(), _year_words()[1]
    headings = None
    for m in mentions:
        if m.year is not None:
            continue  # a table column's year
        start = m.group_start if m.group_start is not None else m.start
        # (both patterns end in a word the text before the figure must hold: 的, 末)
        own = own_year.search(norm, max(0, start - 24), start) \
            if norm[max(0, start - 8) : start].rstrip().endswith("的") else None
        if own and own.group("gap").startswith(not_after):
            own = None  # 2012年以来累计的…: a span, no year of its own
        if own and m.unit.quantity != "ratio":  # 是2015年的2.4倍: the multiple is this year's
            m.year = int(own.group("y"))
            continue
        near = max(0, start - 12)
        period = period_end.search(norm, near, start) if "末" in norm[near:start] else None
        if period and m.unit.quantity != "ratio":  # “十二五”末的29.1亿元: the period's last year (是…的1.7倍 is not)
            m.year = _data()["year"]["plan_periods"][period.group("p")]
            continue
        para = norm.rfind("\n", 0, start) + 1
        i = bisect_right(pos, start) - 1
        found, at, day = None, -1, None
        sent = doc.sentence_span(start)[0]  # never before the paragraph's start
        while i >= 0 and pos[i] >= para:
            # in the sentence; else opening a clause earlier in the paragraph, or in a heading above
            if ys[i] is not None and (pos[i] >= sent or _leading(norm, pos[i]) or _is_heading(norm, pos[i])):
                if pos[i] < sent and timeline.present is not None and _DAY.match(norm, pos[i]):
                    # a day's date dates its own sentence only (1984年10月9日成立。…面积2374平方公里)
                    # where the document has a present of its own; an older year before it holds,
                    # brought up to the day's (2016年…，2018年7月24日…)
                    day = (ys[i], pos[i]) if day is None else day
                    i -= 1
                    continue
                found, at = ys[i], pos[i]
                break
            i -= 1
        else:
            if i >= 0:  # above the paragraph only a heading's year holds
                if headings is None:
                    headings = _headings_before(norm, pos, ys)
                if headings[i] >= 0:
                    found, at = ys[headings[i]], pos[headings[i]]
        if day is not None and found is not None and day[0] > found:
            found, at = day
        k = bisect_right(periods, start) - 1 if periods else -1
        if k >= 0 and periods[k] >= sent and at < periods[k] and ";" not in norm[periods[k] : start]:
            m.year = None  # 1988年后，棉田面积稳定在6万亩左右: of a period, no one year
            continue
        if found is not None and at >= para and present.search(norm, max(at + 1, sent), start, HOLD_GIL):
            found = timeline.present  # 于2018年成立合作社，…现有150余亩: today's state
        m.year = found if found is not None else timeline.fallback
    _title_figures_take_the_body_year(norm, mentions)
    return mentions


_TITLE_MAX = 60  # characters: a first line longer than this is a paragraph, not a title


def _title_figures_take_the_body_year(norm: str, mentions: list[Mention]) -> None:
    """A figure in the text's title line said again in its body (甘孜州36.9288万人纳入… over
    …2010年底,我州农村扶贫对象为36.9288万人) takes the year the body gives it."""
    end = norm.find("\n")
    if end <= 0 or end > _TITLE_MAX or not mentions or mentions[0].start >= end:
        return
    later: dict[tuple, Mention] = {}
    for m in reversed(mentions):
        if m.start >= end:
            later[(m.value, m.unit.base_unit, m.change)] = m  # the first said in the body wins
    for m in mentions:
        if m.start >= end:
            break
        again = later.get((m.value, m.unit.base_unit, m.change))
        if again is not None:
            m.year = again.year


def _headings_before(norm: str, pos, ys) -> list[int]:
    """For each of the timeline's years, the index of the last year at or before it that stands in
    a heading (-1: none), found once per document instead of walking back from every figure."""
    out, last = [], -1
    for j, (p, y) in enumerate(zip(pos, ys)):
        if y is not None and _is_heading(norm, p):
            last = j
        out.append(last)
    return out


def _is_heading(norm: str, pos: int) -> bool:
    start = norm.rfind("\n", 0, pos) + 1
    end = norm.find("\n", pos)
    line = norm[start : end if end >= 0 else len(norm)].strip()
    if _DATELINE.fullmatch(line, None, None, HOLD_GIL):
        return False  # (2021年6月29日): when it was published, not what a section is about
    return len(line) <= 30 and not _CLAUSE_MARK.search(line)


_SENTENCE = compiled(r"[。！？!?\n]")
_SENTENCE_BACK = compiled(r"(?r)" + r"[。！？!?\n]")  # searched from the end
_CLAUSE_DELIM = compiled(r"[,;，；]")
# 到2025年 opening a clause: a target year when it lies after the document's present.
_TARGET_YEAR = compiled(r"(?:到|至)\s*(?P<y>(?:19|20)\d{2}) ?年(?:底|末)?")


@derived
def _modality_words():
    d = _data()["modality"]
    lead = compiled(rf"(?:\s|(?:19|20)\d{{2}}年|{alternation(d['cue_lead'])})*")
    actual = compiled(rf"[,;]\s*[^,;。]{{0,8}}?(?:{alternation(d['actual_after'])})")
    words = d["planned_before_figure"]
    before_figure = tuple(sorted(words + [w + "为" for w in words], key=len, reverse=True))  # 任务14815亩, 任务为…
    not_cue = tuple(d["not_cue"])
    return (lead, actual, before_figure, frozenset(d["noun_cues"]), frozenset(d["covers_sentence"]), not_cue,
            tuple(d["inside_sentence_cue"]))


# A cue that ends its clause or introduces a list (初步预计，…; 主要预期目标是：…) covers the sentence.
_CUE_ALONE = compiled(r"(?:是|为)?\s*[:,]")


@derived
def _disposal():
    return compiled("|".join(map(regex.escape, _data()["modality"]["disposal_verbs"])))


def _cues(norm: str, s0: int, start: int, present: int | None):
    """(start, end, kind) of each modality cue in ``norm[s0:start]``: the cue words, and a
    target year after the document's present (到2025年)."""
    pattern, kinds = _cue_pattern()
    disposal = _disposal()
    out = [(c.start(), c.end(), kinds[c.group()]) for c in pattern.finditer(norm, s0, start)
           if kinds[c.group()] is not None and not _quoted(norm, s0, c.start())
           and not (c.group() == "将" and disposal.search(norm, c.end() + 1, clause_end(norm, c.end())))]
    if present is not None:
        out += [(t.start(), t.end(), "planned") for t in _TARGET_YEAR.finditer(norm, s0, start)
                if int(t.group("y")) > present]
    return sorted(out)


_CLAUSE_YEAR = compiled(r"[,;]\s*(?P<y>(?:19|20)\d{2}) ?年")


def _closed_after(norm: str, s0: int, c0: int, start: int) -> bool:
    """The cue at ``c0`` stands inside brackets that close before ``start``."""
    before = norm[s0:c0]
    if before.count("(") <= before.count(")"):
        return False
    return ")" in norm[c0:start]


def _past_year_opens(norm: str, at: int, start: int, present: int | None) -> bool:
    """A clause after the cue opens with a year that is not after the present: it is a result."""
    return present is not None and any(int(y["y"]) <= present for y in _CLAUSE_YEAR.finditer(norm, at, start))


def modality(doc: Doc, mentions: list[Mention], timeline: Timeline) -> list[Mention]:
    """Set ``modality`` from the cues before the mention in its sentence (see patterns/context.yaml:
    a cue opening its clause covers the rest of the sentence, one after its subject its clause
    only, until a clause says what is done), else the section's heading."""
    norm = doc.norm
    lead, actual, before_figure, nouns, sentence_wide, not_cue, inside_wide = _modality_words()
    sections = _section_modality(doc)
    heads = [p for p, _ in sections]
    present = timeline.present if timeline.present is not None else timeline.reference_year
    pattern = _cue_pattern()[0]
    quiet: dict[int, bool] = {}  # sentence start -> no cue anywhere in the sentence
    whole: dict[int, list] = {}  # sentence start -> the cues of the whole sentence
    for m in mentions:
        start = m.group_start if m.group_start is not None else m.start
        last = _SENTENCE_BACK.search(norm, max(0, start - 300), start, HOLD_GIL)  # the last sentence end before
        s0 = last.end() if last else max(0, start - 300)
        if s0 not in quiet:
            # one search of the whole sentence for all its figures: where it finds nothing, no
            # scan of a part of it can (every figure with this start stands before its end)
            stop = _SENTENCE.search(norm, start, None, HOLD_GIL)
            end = stop.start() if stop else len(norm)
            quiet[s0] = pattern.search(norm, s0, end, HOLD_GIL) is None and (
                present is None or _TARGET_YEAR.search(norm, s0, end, HOLD_GIL) is None)
            whole[s0] = [] if quiet[s0] else _cues(norm, s0, end, present)
        # the cues before the figure are the whole sentence's that end before it, unless one runs
        # across its start (then the text up to the figure may read otherwise)
        found = whole[s0]
        if any(c0 < start < c1 for c0, c1, _ in found):
            found = _cues(norm, s0, start, present)
        kind, at, wide = None, s0, False
        for c0, c1, k in (c for c in found if c[1] <= start):
            if c1 < len(norm) and norm[c1] in ",;" and norm[c0:c1] in nouns:
                continue  # 实施搬迁计划，…: a noun ending its clause
            clause0 = max((x.end() for x in _CLAUSE_DELIM.finditer(norm, s0, c0, False, HOLD_GIL)), default=s0)
            if _closed_after(norm, s0, c0, start):
                continue  # (按可比口径，可达839.8亿元): a cue inside brackets ends with them
            if norm[c0:c1] in sentence_wide:
                reaches = ";" not in norm[c1:start]  # 建成后，…: up to the list's ；
            else:
                opens = lead.fullmatch(norm, clause0, c0, HOLD_GIL) is not None or _CUE_ALONE.match(norm, c1, None, HOLD_GIL) is not None
                # 其中 details the clause, and a clause of its change only (，增长5.1%) goes on with it
                reaches = opens or not any(not norm.startswith("其中", d.end()) and not _same_subject(norm, d.end())
                                           for d in _CLAUSE_DELIM.finditer(norm, c1, start))
            if reaches and not (wide and norm[c0:c1].startswith(inside_wide)):  # 建成后，年产值将达…: still expected
                kind, at = k, c1
                wide = wide or norm[c0:c1] in sentence_wide
        if kind is not None and (actual.search(norm, at, start) or _past_year_opens(norm, at, start, present)):
            kind = "actual"  # 今年计划投资800万元，已完成投资640万元; 到2025年达到65%，2022年为61.3%
        if norm.endswith(before_figure, 0, start) and not norm.endswith(not_cue, 0, start):
            kind = "planned"  # (任务14815亩)
        if kind is None:
            i = bisect_right(heads, start) - 1
            kind = sections[i][1] if i >= 0 else None
        m.modality = kind or "actual"
    return mentions


@derived
def _change_opening():
    c = cues()["change"]
    against = alternation(c["comparison"] + c["basis"])  # ，同比下降2%, ，同口径增长9%
    return compiled(rf"\s*(?:{against})?(?:{change_verbs()})")


def _same_subject(norm: str, pos: int) -> bool:
    """A clause that states only the change of the figure before it: ，增长5.1%, ，同比下降2%."""
    return _change_opening().match(norm, pos) is not None


def _quoted(norm: str, s0: int, pos: int) -> bool:
    """Inside “…” or 《…》: a name (“一村多名大学生计划”), not a cue."""
    span = norm[s0:pos]
    return span.count("“") > span.count("”") or span.count("《") > span.count("》") or span.count('"') % 2 == 1


def _section_modality(doc: Doc) -> list[tuple[int, str]]:
    """(start, planned|actual) at each heading that names plans or results."""
    d = _data()["modality"]
    out, pos = [], 0
    for line in doc.norm.split("\n"):
        if _HEADING.match(line, None, None, HOLD_GIL) and len(line.strip()) <= 40 and not line.rstrip().endswith("。"):  # not a body line
            if any(w in line for w in d["section_planned"]) and not any(w in line for w in d["section_actual"]):
                out.append((pos, "planned"))
            elif any(w in line for w in d["section_actual"]):
                out.append((pos, "actual"))
        pos += len(line) + 1
    return out
