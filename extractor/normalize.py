"""Character-for-character normalization: full-width to half-width, traditional to simplified.

The normalized text has exactly the length of the original, so an offset found in one is the
same offset in the other and ``text[start:end]`` is always the mention as written.
"""
from __future__ import annotations


import regex

from .data import t2s
from .patternset import derived
from .regexes import compiled

# Other one-character spellings seen in web copy.
_EXTRA = {"\u3000": " ", "\xa0": " ", "﹪": "%", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " "}


@derived
def _table() -> dict[int, str]:
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}  # ！..～ -> !..~
    table.update({ord(k): v for k, v in _EXTRA.items()})
    table.update({ord(k): v for k, v in t2s().items()})
    return table


# Once a process has normalized this many characters, the table is applied as one array lookup
# (numpy, which pandas brings): 10x faster than str.translate, whose per-character dict lookups
# cost 75 ns; before that numpy's import (0.1 s) is not worth it. A text this long alone is
# reason enough.
_ARRAY_FROM = 100_000
_SEEN = [0]  # characters normalized so far in this process


@derived
def _lookup():
    """(the table as an array over the Basic Multilingual Plane, the entries beyond it), or None
    when numpy is missing. Every entry maps one character to one."""
    try:
        import numpy as np
    except ImportError:
        return None
    lut = np.arange(0x10000, dtype=np.uint32)
    beyond = {}
    for cp, v in _table().items():
        if cp < 0x10000:
            lut[cp] = ord(v)
        else:
            beyond[cp] = v
    return lut, beyond


def _translate(text: str) -> str:
    _SEEN[0] += len(text)
    found = _lookup() if _SEEN[0] >= _ARRAY_FROM and len(text) >= 64 else None
    if found is None:
        return text.translate(_table())
    import numpy as np

    lut, beyond = found
    try:
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate from a broken page
        return text.translate(_table())
    if cps.max() < 0x10000:
        return lut[cps].tobytes().decode("utf-32-le")
    bmp = cps < 0x10000
    out = cps.copy()
    out[bmp] = lut[cps[bmp]]
    result = out.tobytes().decode("utf-32-le")
    return result.translate(beyond) if beyond else result


# Literal "\\r\\n" sequences left in scraped text stand for line breaks: same length, so offsets keep.
_LITERAL_BREAK = ("\\r\\n", "   \n")
# A middle dot between digits before a percent sign or a magnitude is a decimal point (2·6%,
# 3·5万); 4·27 alone (a date: April 27) is left as it is.
_MIDDOT_DECIMAL = compiled(r"(?<=\d)[·•](?=\d+(?:%|[万亿]))")


def normalize(text: str) -> str:
    """Normalize for matching, keeping every offset.

    >>> normalize("１２３萬畝，")
    '123万亩,'
    >>> len(normalize("全縣１.２萬戶")) == len("全縣１.２萬戶")
    True
    >>> normalize("增长2·6%，4·27那天")
    '增长2.6%,4·27那天'
    >>> normalize("一、回顾\\\\r\\\\n二、")
    '一、回顾   \\n二、'
    """
    out = _translate(text)
    if _LITERAL_BREAK[0] in out:
        out = out.replace(*_LITERAL_BREAK)
    if "·" in out or "•" in out:
        out = _MIDDOT_DECIMAL.sub(".", out)
    assert len(out) == len(text)
    return out

