"""When a document speaks: its date, the year it reports on, and the years it states, found once.

- ``date_year``: the year of its date line (or the caller's date). Relative words (今年, 去年)
  resolve against it. A text with no date may still fix its present itself: a sentence that
  opens with a year and says 今年 in it (2020年，…今年…) makes that year its present.
- ``reference_year``: the year a bulletin or report is about, stated once: in a title with a
  reference word (2023年X县国民经济和社会发展统计公报) or opening the text (2015年，面对…).
- ``fallback``: the year of a fact that states none: the reference year, else the present;
  None for a historical text (every year it states lies ten or more years before its date and it
  has no relative word: an annal or profile reposted much later says nothing of the repost year).
- ``positions``/``years``: every stated year in text order; None where the year is the base of
  a comparison (比2020年) or opens a span (2012年以来).
- ``periods``: where the text speaks of a period, not a year (1988年后, 1978~1980年, “十三五”期间,
  此后, 2016年以来 before the present): a figure after one in its sentence, with no year of its own
  after it, has none.
"""
from __future__ import annotations

from dataclasses import dataclass

from .data import HOLD_GIL, alternation, yaml_data
from .docmeta import date_of
from .document import Doc
from .normalize import normalize
from .patternset import derived
from .places import compact
from .regexes import compiled
from .value import parse_number

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
# 2020年, 2016 年, 二〇二〇年; 2021年1—9月 and 2021年10月 too, but not a span (2016-2020年).
_YEAR = compiled(r"(?<![\d-])(?P<y>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4}) ?年"
                      r"(?:(?=\d{1,2}(?:[-—~至]\d{1,2})?月)|(?!\d{1,2}日|-|—\d))")
_RANGE_AFTER = compiled(r"\s*[-—~至到]\s*(?:19|20)?\d{2,4}年")
_OPENING = compiled(r"\s*(?P<y>(?:19|20)\d{2}) ?年(?:是|,)")
_HISTORICAL_GAP = 10
_TIMES_BASE = compiled(r"(?:底|末)?的\s*[\d.]+\s*倍")
_BREAK_OR_DIGIT = compiled(r"[,;。!?\n\d]")
_AFTER_MARK = compiled(r"[,，。;；]\s*$")
_SENTENCE_END = compiled(r"[。!?\n]")


@dataclass(frozen=True)
class Timeline:
    date_year: int | None = None
    present: int | None = None          # the date's year, or the year a text without one fixes as now
    reference_year: int | None = None
    fallback: int | None = None
    positions: tuple[int, ...] = ()
    years: tuple[int | None, ...] = ()
    periods: tuple[int, ...] = ()


@derived
def _data() -> dict:
    return yaml_data("context.yaml")["year"]


@derived
def _now():
    return compiled(alternation(_data()["now"]))


@derived
def _relative():
    rel = _data()["relative"]
    return compiled(alternation(rel)), rel


def _year_value(text: str) -> int:
    return int("".join(_CN_DIGITS.get(c, c) for c in text))


_ROC = compiled(r"民国(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})年")
_ROC_BARE = compiled(r"(?:^|(?<=[,;。\n]))\s*(?P<n>\d{1,2})年")
_ROC_START = 1911


def _far_comparison(norm: str, pos: int) -> bool:
    """比 a few words before the year in the same clause: 比历史上最好的1984年."""
    window = norm[max(0, pos - 12) : pos]
    for w in _data()["comparison_far"]:
        i = window.rfind(w)
        if i >= 0 and not _BREAK_OR_DIGIT.search(window, i + len(w)):
            return True
    return False


@derived
def _year_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """context.yaml's comparison_before, not_after and until as tuples (one endswith each)."""
    d = _data()
    return tuple(d["comparison_before"]), tuple(d["not_after"]), tuple(d["until"])


@derived
def _periods():
    """A plan period with its mark (“十三五”期间) or a period word (此后): where a period is spoken of."""
    d = _data()
    plans = alternation(d.get("plan_periods", {}))
    named = (rf"|(?:{alternation(d['named_periods'])})[\"'”’」]?(?:{alternation(d['named_period_marks'])})"
             if d.get("named_periods") else "")  # “文化大革命”中
    return compiled(rf"(?<![一二三四五六七八九十])(?:{plans})[\"'”’」]?(?:{alternation(d['plan_period_marks'])})"
                         rf"|{alternation(d['period_words'])}{named}")


def _stated(norm: str) -> tuple[list[tuple[int, int | None]], list[int], list[tuple[int, int]]]:
    """Each written year: (position, year), year None for a comparison's base or a span's start;
    where a period opens (a span of years, a year followed by 后); and each year followed by 以来,
    which is this year so far when it is the present, else a period (its position, its year).
    ``norm`` is the reading view, so 20[/b][b]23年 is read whole; 民国24年 is 1935, and a bare
    30年 opening a clause after it goes on counting from 民国."""
    d, out, since = _data(), [], []
    comparison, not_after, until = _year_words()
    # not a base (比“十一五”期间, 是“十五”时期的4.8倍), nor a period its year dates (1958年的大跃进中)
    periods = [m.start() for m in _periods().finditer(norm)
               if not norm[max(0, m.start() - 3) : m.start()].rstrip("\"'“‘「").endswith((*comparison, "年", "年的"))
               and _TIMES_BASE.match(norm, m.end()) is None]
    period_after, since_after = tuple(d["period_after"]), tuple(d["since_after"])
    for m in _YEAR.finditer(norm):
        at, end = m.start(), m.end()
        before = norm[max(0, at - 3) : at]
        after = norm[end : end + 3]
        # a span's end: a mark with a date or a figure before it (2016—2020年, 2015年10月至2016年5月;
        # 下调至2016年 is a point in time)
        span_end = before[-1:] in d["span_marks"] and (before[-2:-1].isdigit() or before[-2:-1] in ("年", "月", "日"))
        span = _RANGE_AFTER.match(norm, end, None, HOLD_GIL)
        span_start = span is not None
        span_end = span_end and not before.endswith(until)
        # a span in brackets names a plan or a document (…规划(2018—2035年)), no period of the facts
        named = norm.startswith((")", "）"), span.end() if span else end)
        comparing = before.endswith(comparison) or _far_comparison(norm, at)
        skip = (comparing or after.startswith(not_after) or span_start or span_end
                or _TIMES_BASE.match(norm, end, None, HOLD_GIL) is not None)  # 是2015年的2.4倍
        if not comparing and not named and (span_start or span_end or after.startswith(period_after)):
            periods.append(at)
            skip = True
        elif not comparing and after.startswith(since_after):
            since.append((at, _year_value(m.group("y"))))
        out.append((at, None if skip else _year_value(m.group("y"))))
    roc = list(_ROC.finditer(norm))
    if roc:
        for m in roc:
            out.append((m.start(), _ROC_START + int(parse_number(m.group("n")))))
        for m in _ROC_BARE.finditer(norm, roc[0].end()):
            if not any(r.start() <= m.start() < r.end() for r in roc):
                out.append((m.start("n"), _ROC_START + int(m.group("n"))))
        out.sort()
    return out, periods, since


def _title_year(doc: Doc) -> int | None:
    """The year of a title that names what the document reports on (…年…统计公报)."""
    lines = [normalize(doc.title)] if doc.title else []
    lines += [line for line in doc.norm[:400].split("\n") if line.strip()][:2]
    for line in lines:
        line = compact(line)[0].strip()  # 國民經(jīng)濟 -> 國民經濟
        if len(line) > 80 or not any(w in line for w in _data()["reference_titles"]):
            continue
        found = {_year_value(m.group("y")) for m in _YEAR.finditer(line)}
        if len(found) == 1:
            return found.pop()
    return None


def _opening_year(norm: str) -> int | None:
    """A year that opens the text's first paragraph (2015年,面对…; 2022年是…)."""
    for n, line in enumerate(norm[:3000].split("\n")):
        if n > 12:
            break
        if len(line.strip()) < 20:
            continue  # a title, a dateline, a heading
        m = _OPENING.match(line)
        return int(m.group("y")) if m else None
    return None


def _self_dated(norm: str, stated: list[tuple[int, int | None]]) -> int | None:
    """A text without a date that fixes its present: a sentence opening with a year and saying
    今年 (2020年，…今年…) makes that year its present."""
    for pos, y in stated:
        if y is None:
            continue
        line_start = norm.rfind("\n", 0, pos) + 1
        lead = norm[max(line_start, pos - 6) : pos]
        if pos != line_start and not _AFTER_MARK.search(lead):
            continue
        end = _SENTENCE_END.search(norm, pos)
        if _now().search(norm, pos, end.start() if end else len(norm)):
            return y
    return None


def document_timeline(doc: Doc) -> Timeline:
    """The ``Timeline`` of a document (reads the document only)."""
    norm = doc.norm
    date_year = doc.date_year
    if date_year is None:
        date = date_of(norm[:1500])
        date_year = int(date[:4]) if date else None
    stated, periods, since = _stated(norm)
    present = date_year if date_year is not None else _self_dated(norm, stated)
    if since:
        now = {at for at, y in since if y == present}
        stated = [(at, present if at in now else y) for at, y in stated]  # 2022年以来 in 2022: as 今年以来
        periods = periods + [at for at, _ in since if at not in now]  # sorted with the rest below
    pattern, rel = _relative()
    spots = list(stated)
    relative_words = False
    for m in pattern.finditer(norm):
        relative_words = True
        before = norm[max(0, m.start() - 2) : m.start()]
        if present is None or before.endswith(_year_words()[0]):
            spots.append((m.start(), None))
        else:
            spots.append((m.start(), present + rel[m.group()]))
    spots.sort()
    reference = _title_year(doc) or _opening_year(norm)
    plain = [y for _, y in stated if y is not None]
    historical = (date_year is not None and bool(plain) and not relative_words
                  and max(plain) <= date_year - _HISTORICAL_GAP)
    fallback = reference if reference is not None else (None if historical else present)
    return Timeline(date_year, present, reference, fallback, tuple(p for p, _ in spots), tuple(y for _, y in spots),
                    tuple(sorted(periods)))
