"""Hard-wrapped text: which line breaks fall inside a sentence, and the text read without them.

PDF text layers, OCR pages and typed-in annals break lines at a width, not at sentences: a
number (``2.`` / ``45亿元``), a unit (``48.2公`` / ``顷``) or a clause runs on the next line. A
break is soft when the line before it does not end a sentence and either

- it cuts a number or a unit in two, the line ends with a clause mark (``，``) or the next line
  starts with a mark no sentence starts with (``，`` ``%``), or
- the line is about as wide as the text's other wrapped lines (the text's wrap width), and
  the next line does not open a paragraph (an indent) or an item (``一、``, ``(二)``, ``●``).

Tables (``|``, tabs, runs of spaces), headings and one-paragraph-a-line text have no such
lines and are left as they are. ``join`` gives the text without its soft breaks and, for each
character kept, its offset in the text as written, so a record still points into that text.
"""
from __future__ import annotations

from bisect import bisect_right
from statistics import median

import regex

from .data import HOLD_GIL, units, yaml_data
from .pairs import found_at, hits_from
from .patternset import derived
from .regexes import compiled

_ITEM = compiled(r"(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、]"
                      r"|\d{1,2}\.(?!\d)|第[一二三四五六七八九十百\d]+[章节条部分篇])")
_TABLE_ROW = compiled(r"[|\t]| {3,}")
_NUMBER_END = compiled(r"\d[.]$")
_NUMBER_UNIT_END = compiled(r"\d ?(?P<part>\p{Han}{0,2})$")
MIN_WIDTH = 16    # display columns: a shorter line is a heading or a paragraph's last line
BAND = 0.85       # a wrapped line is at least this share of the wrap width
MIN_LINES = 3     # wrapped lines needed before a text counts as wrapped by width


@derived
def _layout() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in yaml_data("context.yaml")["layout"].items()}


@derived
def _unit_keys() -> frozenset[str]:
    return frozenset(units())


def width(line: str) -> int:
    """Display columns: a Han character or full-width form is two, ASCII one (GB18030's byte
    count, which is that for every character a Chinese text uses, counted in C).

    >>> width("全县12")
    6
    """
    return len(line.encode("gb18030", "replace"))


def _splits_unit(part: str, following: str) -> bool:
    """``公`` + ``顷…``: the unit is only whole across the break (a unit longer than ``part``)."""
    keys = _unit_keys()
    joined = part + following[:4]
    return any(joined[:n] in keys for n in range(len(part) + 1, len(joined) + 1))


def soft_breaks(norm: str) -> list[int]:
    """Offsets of the line breaks of ``norm`` that fall inside a sentence.

    >>> soft_breaks("全县地区生产总值完成2.\\n45亿元。\\n")
    [12]
    >>> soft_breaks("一、综合\\n全年生产总值45亿元。\\n")
    []
    """
    if "\n" not in norm:
        return []
    layout = _layout()
    ends, marks = layout["line_ends"], layout["item_marks"]
    lines, texts, start = [], [], 0
    parts = norm.split("\n")
    for k, part in enumerate(parts):
        if k < len(parts) - 1 or part.strip():  # the last line, without a break after it, if any
            lines.append((start, start + len(part)))
            texts.append(part)
        start += len(part) + 1
    certain, by_width, bodies, ended = [], [], [], set()
    for (start, nl), line in zip(lines, texts):
        body = line.rstrip(" \r\t")
        if not body:
            continue
        bodies.append(body)  # its width is needed only if the text looks wrapped (_wrapped)
        if body.endswith(ends):
            ended.add(nl)
            continue
        following = norm[nl + 1 : nl + 12]
        if not following or following[0].isspace():
            continue
        w = width(body)
        if w < MIN_WIDTH or _TABLE_ROW.search(body, None, None, HOLD_GIL):
            continue
        first = following[0]
        m = _NUMBER_UNIT_END.search(body, None, None, HOLD_GIL)
        if ((_NUMBER_END.search(body, None, None, HOLD_GIL) and first.isdigit()) or (m and _splits_unit(m["part"], following))
                or following.startswith(layout["runs_on_before"]) or body.endswith(layout["runs_on_after"])):
            certain.append((nl, w))
            continue
        if following.startswith(marks) or _ITEM.match(following, None, None, HOLD_GIL):
            continue
        by_width.append((nl, w))
    soft = {nl for nl, _ in certain}
    return sorted(soft | set(_wrapped(by_width, certain, bodies, ended, lines)))


def _wrapped(by_width, certain, bodies, ended, lines) -> list[int]:
    """The breaks of lines as wide as the text's wrap width, in runs that end a sentence: a text
    counts as wrapped when such lines are many, alike in width, and no other line is much wider
    (a list of headlines has no sentence end; text with a paragraph a line has long lines)."""
    if len(by_width) + len(certain) < MIN_LINES or not by_width:
        return []
    wrap = median(w for _, w in by_width + certain)
    certain = {nl for nl, _ in certain}
    full = {nl: w for nl, w in by_width if BAND * wrap <= w <= wrap / BAND}
    if len(full) + len(certain) < MIN_LINES or len(full) * 3 < len(by_width) * 2:
        return []
    widths = [width(b) for b in bodies]
    if sum(w > wrap / BAND for w in widths) * 10 > len(widths):
        return []
    out, run = [], []
    for _, nl in lines:
        if nl in full or nl in certain:
            run.append(nl)
            continue
        if nl in ended and run:
            out.extend(r for r in run if r in full)  # the run's last line ends the sentence: a wrapped paragraph
        run = []
    return out


# Glosses, markup and spaces that web copy puts inside words: 鄉(xiāng)村, [b]平[/b], 巫 山 县.
NOISE = compiled(r"(?<=\p{Han})\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7})\)|\[/?[a-z]{1,6}\]|(?<=\p{Han}) (?=\p{Han})")
_NOISE_FIRST = "([ "  # every match of NOISE starts with one of these


def noise(norm: str) -> list:
    """``NOISE.finditer(norm)``, tried only where a match can start when such places are few (a
    text with spaces between many words is scanned in one pass: a try a space costs more)."""
    if sum(map(norm.count, _NOISE_FIRST)) * 50 > len(norm):
        return list(NOISE.finditer(norm))
    return hits_from(norm, NOISE, found_at(norm, _NOISE_FIRST))


def cuts(norm: str, breaks: list[int]) -> list[tuple[int, int, str]]:
    """What the reading view leaves out of ``norm``: (start, end, replacement) for each soft
    break (with the blanks around it; two ASCII words keep a space) and each gloss or tag.

    >>> cuts("增长2. \\n45%，鄉(xiāng)村", [5])
    [(4, 6, ''), (11, 18, '')]
    """
    out = []
    for nl in breaks:
        a = nl
        while a > 0 and norm[a - 1] in " \r\t":
            a -= 1
        words = (a > 0 and nl + 1 < len(norm) and norm[a - 1].isascii() and norm[a - 1].isalpha()
                 and norm[nl + 1].isascii() and norm[nl + 1].isalpha())
        out.append((a, nl + 1, " " if words else ""))
    out += [(m.start(), m.end(), "") for m in noise(norm)]
    out.sort()
    merged: list[tuple[int, int, str]] = []
    for c in out:
        if merged and c[0] < merged[-1][1]:
            continue  # overlapping: keep the first
        merged.append(c)
    return merged


class Offsets:
    """For each character of the joined text (and one past its end), its offset in the text it
    was joined from: kept as one entry per piece, not one per character (a 3 MB text's list of
    offsets took 40 MB and 30 ms to build)."""

    __slots__ = ("_starts", "_origins", "_runs", "_len")

    def __init__(self, starts: list[int], origins: list[int], runs: list[bool], length: int):
        self._starts, self._origins, self._runs, self._len = starts, origins, runs, length

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: int) -> int:
        if not 0 <= i < self._len:
            raise IndexError(i)
        k = bisect_right(self._starts, i) - 1
        return self._origins[k] + (i - self._starts[k] if self._runs[k] else 0)


def join(norm: str, cut: list[tuple[int, int, str]]) -> tuple[str, Offsets]:
    """``norm`` with each cut replaced, and each kept character's offset in ``norm`` (a
    replacement points at the cut's start), with ``len(norm)`` at the end.

    >>> text, offsets = join("增长2.\\n45%", [(4, 5, "")])
    >>> text, list(offsets)
    ('增长2.45%', [0, 1, 2, 3, 5, 6, 7, 8])
    >>> list(join("a\\nb", [(1, 2, " ")])[1])
    [0, 1, 2, 3]
    """
    out, starts, origins, runs = [], [], [], []
    last, at = 0, 0  # in norm, in the joined text

    def piece(origin: int, length: int, run: bool) -> None:
        nonlocal at
        if length:
            starts.append(at)
            origins.append(origin)
            runs.append(run)
            at += length

    for s, e, repl in cut:
        out.append(norm[last:s])
        piece(last, s - last, True)
        if repl:
            out.append(repl)
            piece(s, len(repl), False)
        last = e
    out.append(norm[last:])
    piece(last, len(norm) - last + 1, True)  # the end, one past the last character
    return "".join(out), Offsets(starts, origins, runs, at)
