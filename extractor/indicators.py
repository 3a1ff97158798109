"""Canonical indicators (patterns/indicators.tsv): which common indicator a phrase names."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .data import HOLD_GIL, QUANTITIES, _rows
from .errors import PatternError
from .patternset import derived, remembered
from .regexes import compiled

# A change or a share of any indicator is counted in these, whatever the indicator's own unit.
_RELATIVE = {"percent", "percentage_point", "ratio", "permille", "basis_point"}


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    quantity: str
    synonyms: tuple[str, ...]
    example: str


@derived
def canonical() -> tuple[Indicator, ...]:
    out, seen = [], set()
    for path, n, row in _rows("indicators.tsv", ("id", "name", "quantity", "synonyms", "example")):
        if row["id"] in seen:
            raise PatternError(f"{path}:{n}: id {row['id']!r} listed twice (expected one row an indicator)")
        if row["quantity"] not in QUANTITIES:
            raise PatternError(f"{path}:{n}: quantity {row['quantity']!r} (expected one of {', '.join(sorted(QUANTITIES))})")
        syn = tuple(s for s in row["synonyms"].split("|") if s)
        if not syn:
            raise PatternError(f"{path}:{n}: no synonyms (expected phrases separated by |)")
        if any(len(s) < 2 for s in syn):
            raise PatternError(f"{path}:{n}: synonym {min(syn, key=len)!r} has one character (expected two or more)")
        seen.add(row["id"])
        out.append(Indicator(row["id"], row["name"], row["quantity"], syn, row["example"]))
    return tuple(out)


@derived
def _by_first_two() -> dict[str, tuple[tuple[int, dict[str, tuple[Indicator, ...]]], ...]]:
    """First two characters of a synonym -> (length, synonym -> its indicators), longest first:
    most positions of a phrase start no synonym and cost one dictionary look (every synonym has
    two characters or more: ``canonical`` checks it)."""
    grouped: dict[str, dict[int, dict[str, list[Indicator]]]] = {}
    for ind in canonical():
        for syn in ind.synonyms:
            grouped.setdefault(syn[:2], {}).setdefault(len(syn), {}).setdefault(syn, []).append(ind)
    return {pair: tuple((n, {syn: tuple(inds) for syn, inds in by_len[n].items()})
                        for n in sorted(by_len, reverse=True))
            for pair, by_len in grouped.items()}


# A share or a rate of something (占GDP比重, 普及率) is not that something.
_SHARE_WORDS = ("占", "比重", "占比", "率", "强度")
_SHARE = compiled("|".join(_SHARE_WORDS))


def _compatible(ind: Indicator, quantity: str, strict: bool = False, share: bool = False) -> bool:
    if share:
        return ind.quantity in _RELATIVE
    return (ind.quantity == quantity or (quantity in _RELATIVE and not strict)
            or {ind.quantity, quantity} <= {"people", "households", "person_times"})


def match(phrase: str | None, quantity: str, context: str = "") -> Indicator | None:
    """The indicator whose longest synonym occurs in ``phrase`` (else in ``context``), of a
    compatible kind: 茶园面积 -> tea_area, but 茶园 counted in 个 is not an area.

    >>> match("新建高标准农田", "area").id
    'high_standard_farmland'
    >>> match("地区生产总值增长", "percent").id
    'gdp'
    >>> match("茶园", "count") is None
    True
    >>> match("数字经济核心产业增加值占GDP比重", "percent") is None
    True
    """
    if phrase and len(phrase) > 2:
        return _match(phrase, quantity, "")  # the context is read only for a phrase that says nothing
    return _match.uncached(phrase, quantity, context)  # a clause seldom recurs: not remembered


@remembered()
def _match(phrase: str | None, quantity: str, context: str) -> Indicator | None:
    table = _by_first_two()
    share = phrase is not None and _SHARE.search(phrase, None, None, HOLD_GIL) is not None
    tries = [(phrase or "", False)]
    if not phrase or len(phrase) <= 2:
        tries.append((context, True))  # only when the phrase says nothing, and strictly
    for text, strict in tries:
        best = near = None  # near: a count of people for households or the other way (低保户2140人)
        for i in range(len(text) - 1):
            for n, syns in table.get(text[i : i + 2], ()):
                syn = text[i : i + n]
                for ind in syns.get(syn, ()) if len(syn) == n else ():
                    if not _compatible(ind, quantity, strict=strict, share=share):
                        continue
                    same = share or ind.quantity == quantity or quantity in _RELATIVE
                    if same and (best is None or n > len(best[0])):
                        best = (syn, ind)
                    elif not same and (near is None or n > len(near[0])):
                        near = (syn, ind)
        if best or near:
            return (best or near)[1]
    return None
