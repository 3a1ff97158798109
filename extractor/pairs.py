"""Where strings start in a text: any of a set of two-character strings (``PairSet``), any of a
few words (``found_at``), and a pattern's matches tried only there (``hits_from``).

Place names and short names are looked up only where their last (or first) two characters
stand. Looking at every pair of a text in Python costs ~100 ns a character; a long text (or any,
once numpy is imported) is screened instead in one array pass: a pair needs a character that
may come first and one that may come second, and only the few positions passing both are looked
up. Both ways give the same positions (tests/test_properties.py).
"""
from __future__ import annotations

import sys

from .data import HOLD_GIL

ARRAY_FROM = 20_000  # characters: below this, and before numpy is imported (0.1 s), pair by pair


class PairSet:
    """A set of two-character strings and the screen for finding them.

    >>> PairSet(["县城", "城区"]).starts("全县城区")
    [1, 2]
    """

    def __init__(self, pairs):
        self.pairs = frozenset(pairs)
        bad = [p for p in self.pairs if len(p) != 2]
        if bad:
            raise ValueError(f"PairSet holds two-character strings, not {bad[0]!r}")
        self._tables = None

    def starts(self, text: str, pos: int = 0) -> list[int]:
        """The offsets ``i >= pos`` where ``text[i:i+2]`` is one of the pairs."""
        pairs = self.pairs
        if len(text) - pos >= ARRAY_FROM or "numpy" in sys.modules:
            found = self._screened(text, pos)
            if found is not None:
                return found
        return [i for i in range(pos, len(text) - 1) if text[i : i + 2] in pairs]

    def _screened(self, text: str, pos: int) -> list[int] | None:
        try:
            import numpy as np
        except ImportError:
            return None
        if self._tables is None:
            first, second = np.zeros(0x110000, dtype=bool), np.zeros(0x110000, dtype=bool)
            for p in self.pairs:
                first[ord(p[0])] = second[ord(p[1])] = True
            self._tables = first, second
        first, second = self._tables
        try:
            cps = np.frombuffer(text[pos:].encode("utf-32-le"), dtype=np.uint32)
        except UnicodeEncodeError:  # a lone surrogate from a broken page
            return None
        maybe = np.flatnonzero(first[cps[:-1]] & second[cps[1:]]).tolist()
        pairs = self.pairs
        return [i + pos for i in maybe if text[i + pos : i + pos + 2] in pairs]


def hits_from(norm: str, pattern, starts) -> list:
    """What ``pattern.finditer(norm)`` finds when a match can only start at one of ``starts``: the
    pattern tried at those alone, in order, each after the last match's end (as finditer goes on).
    A ``regex`` scan costs ~10 ns a character even where nothing starts; ``str.find`` much less."""
    out, after = [], 0
    for p in sorted(starts):
        if p >= after and (m := pattern.match(norm, p, None, HOLD_GIL)) is not None:
            out.append(m)
            after = m.end()
    return out


def found_at(norm: str, words) -> set[int]:
    """Every offset where one of ``words`` starts (found by their last character: ``str.find`` of
    one character is several times faster than of two)."""
    out = set()
    for w in words:
        back, last = len(w) - 1, w[-1]
        i = norm.find(last, back)
        while i >= 0:
            if not back or norm.startswith(w, i - back):
                out.add(i - back)
            i = norm.find(last, i + 1)
    return out
