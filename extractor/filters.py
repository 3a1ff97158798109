"""Drop what looks like a quantity but is not one (SPEC: ordinals, slogans, names).

Each rule is a ``(name, function)``; a function takes the document and a mention and says
whether the mention is *not* a quantity. The rules' words live in patterns/not_quantity.yaml.
"""
from __future__ import annotations


import regex

from bisect import bisect_right
from functools import lru_cache

from .data import HOLD_GIL, cues, not_quantity, numerals
from .document import Doc, Mention, word_before
from .patternset import derived
from .regexes import compiled
from .segment import words

# A short quoted phrase (“五个一”, “三支一扶”) holding a Chinese numeral is a slogan.
_QUOTED = compiled(r"[“\"‘「『][^“”\"‘’「」『』\n]{1,8}[”\"’」』]")
_LIST_MARKS = frozenset("、，,；;和及与至到—-~～ ")


@derived
def _digit_chars() -> str:
    return "".join(c for c, (r, _) in numerals().items() if r in ("digit", "small"))


@derived
def _phrase_pattern():
    return compiled("|".join(regex.escape(p) for p in not_quantity()["phrases"]))


@derived
def _phrase_chars() -> frozenset[str]:
    """Every character of a listed phrase: a phrase overlapping a mention shares one with it."""
    return frozenset("".join(not_quantity()["phrases"]))


def _first(doc: Doc, m: Mention) -> int:
    return m.group_start if m.group_start is not None else m.start


def is_ordinal(doc: Doc, m: Mention) -> bool:
    """第一书记, 第3批, 第 12 位 (a PDF's spaces)."""
    s = _first(doc, m)
    s = s - 1 if s and doc.norm[s - 1] in " \u3000" else s
    nq = not_quantity()
    if m.unit.unit in nq["rank_units"] and (w := word_before(doc.norm, s, nq["rank_before"])) is not None \
            and _own_word(doc.norm, s - len(w), s):
        return True  # 全国前20名: a rank (not the 前 of 目前6名, 日前1500名)
    return word_before(doc.norm, s, nq["ordinal_before"]) is not None


def _own_word(norm: str, start: int, end: int) -> bool:
    """Whether ``norm[start:end]`` is a word of its own in its clause's segmentation."""
    lo = max(0, start - 6)
    return any(s + lo == start and e + lo == end for _, s, e in words(norm[lo : end + 4]))


def is_vague(doc: Doc, m: Mention) -> bool:
    """数十万人, 几百家: an order of magnitude, not a figure (a Chinese numeral only: in
    日照时数2155h the 数 ends a word)."""
    s = _first(doc, m)
    if s < len(doc.norm) and doc.norm[s].isdigit():
        return False
    return word_before(doc.norm, s, not_quantity()["vague_before"]) is not None


@derived
def _words_after() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(session and rhetoric words after a Chinese numeral, suffixes that make a word)."""
    nq = not_quantity()
    return tuple(nq["ordinal_after_chinese"] + nq["rhetoric_after_chinese"]), tuple(nq["word_after"])


def is_session_or_rhetoric(doc: Doc, m: Mention) -> bool:
    """三次会议 (a session), 三个方面 (a speech's structure): Chinese numerals only."""
    return m.chinese and doc.norm.startswith(_words_after()[0], m.end)


def is_slogan(doc: Doc, m: Mention) -> bool:
    """A Chinese-numeral mention in a numbered slogan: 五个一, 三支一扶, 一村一名, or short quotes."""
    if not m.chinese:
        return False
    norm, digits = doc.norm, _digit_chars()
    if m.end < len(norm) and norm[m.end] in digits:
        return True
    if m.start >= 2 and norm[m.start - 2] in digits and norm[m.start - 1] not in digits \
            and not (norm[m.start - 1] in _LIST_MARKS and norm.startswith(_percent_words(), m.start)):
        return True  # 一村一名, 第二、三条 (but 百分之二十五、百分之二十 is a list of figures)
    for q in _QUOTED.finditer(norm, max(0, m.start - 9), min(len(norm), m.end + 9), False, HOLD_GIL):
        if q.start() < m.start and m.end < q.end():
            return True
    return False


def in_phrase(doc: Doc, m: Mention) -> bool:
    """Inside a listed name or slogan: 八项规定, 三台县, 二次供水."""
    if _phrase_chars().isdisjoint(doc.norm[m.start : m.end]):
        return False  # most mentions (1138.5万元) hold no character of any phrase
    lo = max(0, m.start - 8)
    for p in _phrase_pattern().finditer(doc.norm, lo, min(len(doc.norm), m.end + 8), False, HOLD_GIL):
        if p.start() < m.end and m.start < p.end() and not (
                p.start() > m.start and doc.norm[p.start()] in _numeral_chars() and doc.norm[p.start() - 1] in _numeral_chars()):
            return True  # (五百九十八所 is a count that ends as 八所 does: a phrase's numeral opens no number's middle)
    return False


@derived
def _numeral_chars() -> frozenset[str]:
    """The characters of numerals.tsv that write a number (not 点), and the digits."""
    return frozenset(c for c, (r, _) in numerals().items() if r != "point") | frozenset("0123456789")


@derived
def _percent_words() -> tuple[str, ...]:
    """cues.yaml's words for a percent or permille (百分之, 千分之)."""
    return tuple(w for ws in cues()["percent_words"].values() for w in ws)


@derived
def _counted_after() -> tuple[str, ...]:
    return tuple(not_quantity()["article_counted_after"])


def is_article(doc: Doc, m: Mention) -> bool:
    """一 with a counting word is an article: 一批, 一个, 一次 (not after 各: 各一座)."""
    nq = not_quantity()
    return (m.unit.magnitude == 1 and doc.norm[m.start : m.end - len(m.unit.unit)] in nq["article_numerals"]
            and m.unit.quantity in nq["article_quantities"]  # 一万户 is a count
            and not doc.norm.endswith(_counted_after(), 0, m.start))


def is_word_part(doc: Doc, m: Mention) -> bool:
    """Followed by a suffix that makes a word: 一元化."""
    return doc.norm.startswith(_words_after()[1], m.end)


def is_lone_banker_digit(doc: Doc, m: Mention) -> bool:
    """One banker's digit alone before a unit that counts no money: 大陆架 holds no 陆架."""
    nq = not_quantity()
    s = _first(doc, m)
    if not m.chinese or doc.norm[s] not in nq["lone_banker_digits"]:
        return False
    alone = s + 1 >= len(doc.norm) or doc.norm[s + 1] not in numerals()
    return alone and m.unit.quantity not in nq["lone_banker_quantities"]


_URL = compiled(r"[A-Za-z0-9%._~:/?#@!$&'()*+,;=\-]+")
_NOT_URL_BACK = compiled(r"(?r)[^A-Za-z0-9%._~:/?#@!$&'()*+,;=\-]")  # searched from the end
_URL_MARK = compiled(r"%[0-9A-Fa-f]{2}|://|[?&][A-Za-z_]+=")


@lru_cache(maxsize=2)
def _addresses(norm: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The starts and ends of the text's runs of URL characters that hold a URL's mark, found
    once per text (a string keeps its hash, so the cache look is cheap)."""
    runs: list[tuple[int, int]] = []
    if "%" not in norm and ":" not in norm and "=" not in norm:
        return (), ()  # every mark has one of these: the text has no address
    for mark in _URL_MARK.finditer(norm):
        if runs and mark.start() < runs[-1][1]:
            continue  # in the run found for an earlier mark
        before = _NOT_URL_BACK.search(norm, 0, mark.start())
        runs.append(_URL.match(norm, before.end() if before else 0).span())
    return tuple(s for s, _ in runs), tuple(e for _, e in runs)


def in_url(doc: Doc, m: Mention) -> bool:
    """Inside a web address or its percent-escapes: ?q=%E5%8E%BF%2020 holds no 20%."""
    starts, ends = _addresses(doc.norm)
    k = bisect_right(starts, m.start) - 1  # the run holding the mention's start, if one does
    return k >= 0 and m.start < ends[k] and m.end <= ends[k]


@derived
def _between():
    nq = not_quantity()
    joins = "|".join(map(regex.escape, nq["between_joins"]))
    units = "|".join(map(regex.escape, nq["between_units"]))
    return compiled(rf"\d[\d.,]*(?:{joins})\d[\d.,]*(?:{units})")


def is_between(doc: Doc, m: Mention) -> bool:
    """10000与20000间: 间 is "between" two figures, not rooms."""
    if m.unit.unit not in not_quantity()["between_units"]:
        return False  # only a unit that can mean "between" is looked at
    lo = max(0, min(m.start, _first(doc, m)) - 24)
    return any(b.start() <= m.start and m.end <= b.end()
               for b in _between().finditer(doc.norm, lo, min(len(doc.norm), m.end + 24)))


RULES = [
    ("url", in_url),
    ("between", is_between),
    ("ordinal", is_ordinal),
    ("vague", is_vague),
    ("session_or_rhetoric", is_session_or_rhetoric),
    ("slogan", is_slogan),
    ("phrase", in_phrase),
    ("article", is_article),
    ("word_part", is_word_part),
    ("lone_banker_digit", is_lone_banker_digit),
]


def drop_not_quantities(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    rules = [rule for _, rule in RULES]
    kept = []
    for m in mentions:
        for rule in rules:  # a plain loop: a generator per mention costs as much as two rules
            if rule(doc, m):
                break
        else:
            kept.append(m)
    return kept
