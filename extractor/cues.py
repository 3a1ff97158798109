"""Qualifiers (约 近 余 以上 不足 …) and changes (增长 下降 增幅 …) from the words around a mention."""
from __future__ import annotations


import regex

from .data import HOLD_GIL, alternation, cues
from .document import Doc, Mention, word_before
from .patternset import derived
from .regexes import compiled


@derived
def _before_pattern():
    """One regex of every qualifier's cues plus fillers that end right before a number, or before
    a line break right before it, matched from its end ((?r): one try at the number, not one at
    each character before it), and the qualifier of each cue. The cues are one alternation,
    longest first, so the longest cue wins whatever its qualifier: 不超过 (less_than), not the
    超过 (more_than) it ends with. A cue listed under two qualifiers is the first one's."""
    c = cues()
    owner: dict[str, str] = {}
    for q, pos in c["qualifier"].items():
        for w in pos["before"]:
            owner.setdefault(w, q)
    filler = f"(?:{alternation(c['filler'])})*"
    return compiled(f"(?r)(?P<cue>{alternation(owner)}){filler}[\n \u3000]?"), owner


@derived
def _change_pattern():
    c = cues()["change"]
    filler = cues()["filler"]
    quals = [w for q in cues()["qualifier"].values() for w in q["before"]]
    return compiled(
        rf"(?P<cue>(?P<up>{alternation(c['up'])})|(?P<down>{alternation(c['down'])}))"
        rf"(?P<fill>(?:{alternation(filler)})*)(?:{alternation(quals)})?(?:{alternation(filler)})*[ \u3000]?$")


_WINDOW = 12


@derived
def _change_firsts():
    """The first characters of the change cues: a window without one holds no change."""
    c = cues()["change"]
    return compiled("[" + "".join(sorted({regex.escape(w[0]) for w in c["up"] + c["down"]})) + "]")


def qualifiers(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Set ``qualifier`` from cue words before and after the mention; a range stays a range."""
    norm = doc.norm
    after = [(q, w) for q, pos in cues()["qualifier"].items() for w in pos["after"]]
    after.sort(key=lambda t: len(t[1]), reverse=True)
    before, owner = _before_pattern()
    after_words = tuple(w for _, w in after)
    for m in mentions:
        if m.qualifier != "exact":
            continue
        start = m.group_start if m.group_start is not None else m.start
        hit = before.match(norm, max(0, start - _WINDOW), start, HOLD_GIL)  # a match from the end ends at start
        if hit:
            m.qualifier = owner[hit.group("cue")]
        else:
            for q, w in after if norm.startswith(after_words, m.end) else ():
                if norm.startswith(w, m.end):
                    m.qualifier = q
                    break
    return mentions


def _list_predecessor(doc: Doc, mentions: list[Mention]) -> dict[int, Mention]:
    """For each mention that follows another across a coordinator (10%、35%), that other one."""
    coords = cues()["coordinators"]
    by_end = {m.end: m for m in mentions}
    out = {}
    for m in mentions:
        w = word_before(doc.norm, m.start, coords)
        if w is not None and by_end.get(m.start - len(w)) is not None:
            out[id(m)] = by_end[m.start - len(w)]
    return out


def changes(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mark changes against an earlier period (增长10%, 比上年减少3个) and their direction.

    A cue covers the list it heads: in 分别增长10%、35% both are changes.
    """
    norm = doc.norm
    c = cues()["change"]
    prev = _list_predecessor(doc, mentions)
    pattern, firsts = _change_pattern(), _change_firsts()
    for m in sorted(mentions, key=lambda m: m.start):
        start = m.group_start if m.group_start is not None else m.start
        lo = max(0, start - _WINDOW)
        hit = pattern.search(norm, lo, start, HOLD_GIL) if firsts.search(norm, lo, start, HOLD_GIL) else None
        if not hit:
            p = prev.get(id(m))
            if p is not None and p.change and p.unit.quantity == m.unit.quantity:
                m.change, m.direction = True, p.direction
            continue
        if hit.group("fill").startswith(tuple(c["to_level"])):
            continue  # 增加到155万头 states the new level
        cue_end = hit.end("cue")
        if word_before(norm, cue_end, c["not_change"]) is not None:
            continue
        m.change = True
        m.direction = "up" if hit.group("up") else "down"
    for m in mentions:  # 增长-5.64%, 分别增长0.6、-2.3: a change keeps its sign in text, value positive (SPEC)
        if m.change and m.value < 0:
            m.value, m.direction = -m.value, "down"
            if m.value_high is not None and m.value_high < 0:
                m.value_high = -m.value_high
    return mentions
