"""Numbers that share one unit: ranges (3至5万亩, 6%-8.7%) and coordinated lists whose unit is
written once (分别为4272、2033、1311和729亩; 分别达15.33亿和5119万元)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import regex

from .data import cues, units
from .document import Doc, Mention, word_before
from .patternset import derived
from .regexes import compiled
from .scan import _signed, number_pattern, plausible_number, split_number
from .value import parse_number

_LOOKBACK = 40


@derived
def _number_before():
    """A number that ends exactly where the search window ends."""
    return compiled(rf"(?<![\d.A-Za-z])(?P<num>{number_pattern()})$", regex.VERBOSE)


def _bare_number(doc: Doc, end: int):
    """(start, value written, trailing magnitude) of a unitless number ending at ``end``."""
    m = _number_before().search(doc.norm, max(0, end - _LOOKBACK), end)
    if not m:
        return None
    num, bigs = split_number(m.group("num"))
    if not plausible_number(num):
        return None
    return m.start(), num, bigs


def _in_unit(value: Decimal, bigs: str, target) -> Decimal | None:
    """A number written with its own magnitude (3万) restated in the unit of ``target``."""
    if not bigs:
        return value
    u = units().get(bigs + target.base_unit)
    if u is None:
        return None
    return value * u.magnitude / target.magnitude


def _base(high_unit, low_base: Decimal, high: Decimal):
    """A range whose ends stand in different magnitudes, given in the base unit (SPEC)."""
    base = units().get(high_unit.base_unit)
    if base is None or base.magnitude != 1:
        return high_unit, low_base / high_unit.magnitude, high
    return base, low_base, high * high_unit.magnitude


def merge_ranges(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Join ``low SEP high`` into one range mention with ``value_high``."""
    seps = cues()["range_separators"]
    by_end = {m.end: m for m in mentions}
    dropped, out = set(), []
    for m in sorted(mentions, key=lambda m: m.start):
        sep = word_before(doc.norm, m.start, seps)
        if not sep:
            out.append(m)
            continue
        cut = m.start - len(sep)
        left = by_end.get(cut)
        unit, high = m.unit, m.value
        if left is not None and left.unit.base_unit == m.unit.base_unit and id(left) not in dropped:
            low = left.value * left.unit.magnitude / m.unit.magnitude
            start = left.start
            dropped.add(id(left))
            if left.unit.magnitude != m.unit.magnitude:
                unit, low, high = _base(m.unit, left.value * left.unit.magnitude, m.value)  # 8500元到3万元
        else:
            bare = _bare_number(doc, cut)
            if bare is None or cut in by_end:
                out.append(m)
                continue
            start, num, bigs = bare
            low = _in_unit(parse_number(num), bigs, m.unit)
            if low is None or (num[0].isdigit() != (not m.chinese)):
                out.append(m)
                continue
            if not bigs and low > m.value and m.unit.magnitude > 1:
                # 8500到3万元: the low end takes 万 only when it stays below the high end (3至5万亩)
                unit, low, high = _base(m.unit, parse_number(num), m.value)
        out.append(replace(m, start=start, value=low, value_high=high, unit=unit, qualifier="range",
                           group_start=start))
    return [m for m in out if id(m) not in dropped]


def fill_coordinated(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Give unitless numbers in a list the unit of its last member (Arabic digits only)."""
    coords = cues()["coordinators"]
    taken = {(m.start, m.end) for m in mentions}
    ends = {m.end for m in mentions}
    added = []
    for m in mentions:
        if m.chinese or m.qualifier == "range":
            continue
        pos, chain = m.start, []
        while True:
            c = word_before(doc.norm, pos, coords)
            if not c:
                break
            bare = _bare_number(doc, pos - len(c))
            if bare is None or pos - len(c) in ends or not bare[1][0].isdigit():
                break
            start, num, bigs = bare
            unit = units().get(bigs + m.unit.base_unit) if bigs else m.unit
            if unit is None:
                break
            value = parse_number(num)
            if _signed(doc.norm, start):  # 0.6、-2.3、1.8个百分点: a negative item, the list goes on
                start, value = start - 1, -value
            chain.append(Mention(start, pos - len(c), value, unit, source="ellipsis"))
            pos = start
        if chain:
            for c in chain:
                c.group_start = pos
                if (c.start, c.end) not in taken:
                    added.append(c)
            m.group_start = pos
    return mentions + added
