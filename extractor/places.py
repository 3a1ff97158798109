"""Find place names in a document: divisions by full name, alias or former name, townships, and
short names where the context allows them (headings, lists, the document's own prefecture)."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

import regex

from .data import alternation
from .document import Doc
from .gazetteer import Division, Town, _hand, gazetteer
from .pairs import PairSet
from .patternset import derived
from .regexes import compiled
from .wrap import noise

# After a name, these characters make it part of another word: 东方市场, 城区域.
_NOT_AFTER = {"市": "场", "区": "域间块位"}


@dataclass
class Place:
    start: int
    end: int
    candidates: list            # Divisions or Towns the name may stand for
    place: str | None = None    # town (with village) as written, for the record's place field
    chosen: object = None       # the candidate picked for this document
    via: str = "name"           # name | short


def _han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


@derived
def _village():
    """A village's name after a township: up to five characters and 村, not 村民 or 村级."""
    not_after = alternation(_hand()["not_village_after"])
    return compiled(rf"\p{{Han}}{{1,5}}?村(?!{not_after})")


@derived
def _suffix_pairs() -> PairSet:
    """The last two characters of the names (``Gazetteer.lengths``'s keys)."""
    return PairSet(gazetteer().lengths)


# Inside a name, these are not part of it: a pinyin gloss (殷都區(qū)), BBCode ([b]平[/b]), a space
# between two characters (巫 山 县). Names are looked up with them taken out.


def compact(norm: str) -> tuple[str, list[tuple[int, int]] | None]:
    """``norm`` without glosses, markup tags and single spaces between characters, and the
    pieces kept as (offset in the result, offset in ``norm``); None when nothing was taken out.

    >>> compact("安陽市殷都區(qū)都里鎮")[0], compact("巫 山 县")[0], compact("[b]平[/b][b]遥县[/b]")[0]
    ('安陽市殷都區都里鎮', '巫山县', '平遥县')
    """
    pieces, segments, last, length = [], [], 0, 0
    for m in noise(norm):
        if m.start() > last:
            pieces.append(norm[last : m.start()])
            segments.append((length, last))
            length += m.start() - last
        last = m.end()
    if not segments and last == 0:
        return norm, None
    pieces.append(norm[last:])
    segments.append((length, last))
    return "".join(pieces), segments


def _to_norm(segments: list[tuple[int, int]], starts: list[int], c: int) -> int:
    k = bisect_right(starts, c) - 1
    cstart, ostart = segments[k]
    return ostart + (c - cstart)


def find_names(doc: Doc) -> list[Place]:
    """Full names, aliases, former names and township names, longest first, not overlapping.
    Offsets are into ``doc.norm`` even when a gloss or markup stood inside the name."""
    text, segments = compact(doc.norm)
    found = _names_in(text)
    if segments is not None:
        starts = [c for c, _ in segments]
        for p in found:
            p.start, p.end = _to_norm(segments, starts, p.start), _to_norm(segments, starts, p.end - 1) + 1
    return found


def _names_in(norm: str) -> list[Place]:
    g = gazetteer()
    names = g.names
    found = []
    suffixes = g.lengths  # last two characters -> the names' lengths, longest first
    for i in _suffix_pairs().starts(norm):
        ls = suffixes[norm[i : i + 2]]  # names end in these two characters
        i += 1
        bad_next = _NOT_AFTER.get(norm[i])
        if bad_next and i + 1 < len(norm) and norm[i + 1] in bad_next:
            continue
        for n in ls:
            s = i - n + 1
            if s < 0:
                continue
            key = norm[s : i + 1]
            if names.get(key):
                cands = g.candidates(key)  # townships made Town objects when first met
                if n == 2 and not _two_char_ok(norm, s, i + 1, cands):
                    continue
                found.append(Place(s, i + 1, list(cands)))
                break
    out, taken = [], bytearray(len(norm))  # longest names first; a character belongs to one name
    for p in sorted(found, key=lambda p: (-(p.end - p.start), p.start)):
        if not any(taken[p.start : p.end]):
            taken[p.start : p.end] = b"\x01" * (p.end - p.start)
            out.append(p)
    out.sort(key=lambda p: p.start)
    _towns_in_named_county(out)
    for p in out:  # the place field is normalized (simplified), like every name field
        if any(isinstance(c, Town) for c in p.candidates):
            v = _village().match(norm, p.end)
            p.place = norm[p.start : v.end() if v else p.end]
    return out


def _towns_in_named_county(places: list[Place]) -> None:
    """A township written right after a county (殷都区都里镇) lies in that county, whatever
    the township table says (towns move between counties)."""
    for prev, p in zip(places, places[1:]):
        if p.start != prev.end or not any(isinstance(c, Town) for c in p.candidates):
            continue
        counties = [c for c in prev.candidates if isinstance(c, Division) and c.level == "county"]
        if len(counties) != 1:
            continue
        code = counties[0].code
        towns = [c for c in p.candidates if isinstance(c, Town)]
        own = [t for t in towns if t.county == code]
        p.candidates = own or [replace(towns[0], county=code)]


def _two_char_ok(norm: str, s: int, e: int, cands) -> bool:
    if any(not isinstance(c, Division) or c.level != "county" for c in cands):
        return True
    if s == 0 or not _han(norm[s - 1]):
        return True
    if any(norm.startswith(w, e) for w in _hand()["two_char_after"]):
        return True
    g = gazetteer()
    for c in cands:  # 保定市蠡县, 保定蠡县, 安徽省和县
        parent = g.parent(c)
        while parent is not None:
            if norm.endswith(parent.name, 0, s) or norm.endswith(parent.short, 0, s):
                return True
            parent = g.parent(parent)
    return False


def find_shorts(doc: Doc, allowed: dict[str, list[Division]], taken: list[Place]) -> list[Place]:
    """Short names from ``allowed`` that do not overlap a name already found."""
    if not allowed:
        return []
    pattern = regex.compile(alternation(allowed))  # the document's own: not kept (extractor/regexes.py)
    used = bytearray(len(doc.norm))
    for p in taken:
        used[p.start : p.end] = b"\x01" * (p.end - p.start)
    return [Place(m.start(), m.end(), list(allowed[m.group()]), via="short")
            for m in pattern.finditer(doc.norm) if not any(used[m.start() : m.end()])]
