"""Find quantity mentions: a number written in digits or Chinese numerals, then a unit.

One ``regex`` pass finds each number that is followed by something that may start a unit;
the unit is then the longest entry of ``patterns/units.tsv`` (with generated magnitude
prefixes) at that position. Numbers are never found with jieba: it splits ``1,234.5``.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from .data import HOLD_GIL, Unit, alternation, cues, longest_first, not_quantity, numerals, units
from .document import Doc, Mention
from .pairs import PairSet, found_at, hits_from
from .patternset import derived
from .regexes import compiled
from .value import parse_number

# Two neighbouring digits before a magnitude: an approximate range (七八十亩 70-80, 三四百人, 五六万元).
_FIRSTS, _SECONDS = "一二三四五六七八", "二三四五六七八九"
_NEIGHBOURS = compiled(rf"(?<![一二三四五六七八九十百千万亿两零〇])(?P<a>[{_FIRSTS}])(?P<b>[{_SECONDS}])"
                            r"(?P<small>[十百千]?)(?P<big>[万亿]?)")
_NEIGHBOUR_PAIRS = tuple(a + b for a, b in zip(_FIRSTS, _SECONDS))


@derived
def number_pattern() -> str:
    """The regex source of one written number (normalized text), used by every stage: Arabic and
    Chinese sections in any mix (3万6千5百, 2千零30万, 一万二千三百四十五点六七, 1.2万)."""
    table = numerals()
    digits = "".join(c for c, (r, _) in table.items() if r in ("digit", "tens"))
    smalls = "".join(c for c, (r, _) in table.items() if r == "small")
    bigs = "".join(c for c, (r, _) in table.items() if r == "big")
    # 千 is part of the unit in 千克, 千米, 千瓦: a small magnitude is not read into the number
    # when a unit row spelled with it follows, unless it fills the place a larger magnitude left
    # (一万三千克 is 13000 克, 三万五千瓦 35000 瓦; 五千克 is 5 千克).
    guard = longest_first({u[1:] for u in _explicit_units() if u[0] in smalls and len(u) > 1})
    # 百分之, 百分位: a 百 before 分 opens a word, not a place of the number (百分之七十百分位)
    guarded = "|".join(map(regex.escape, guard + ["分"]))
    # the two alternatives exclude each other (a guard follows or not): no backtracking between them;
    # the second looks at its own character before it looks back (the look back, of any width, was
    # tried at every character of the text: 6 % of the scanner's time)
    small = rf"(?:[{smalls}](?!{guarded})|(?=[{smalls}])(?<=[{bigs}](?:\d+|[{digits}]))[{smalls}](?={guarded}))"
    arabic_more = rf"(?:{small}(?:零?\d+(?:\.\d+)?{small}?)*)"  # 3千, 3千5百, 2千零30
    chinese = rf"(?:[{digits}]|{small})+(?:点[{digits}]+)?"        # 三百六十, 十五点八
    return rf"""
        (?:
            (?:                                   # Arabic digits
                \d{{1,3}}(?:,\d{{3}})+(?!\d)          # 13,632
              | \d{{1,3}}(?:\ \d{{3}})+(?![\d.])      # 8 200
              | \d+
            )
            (?:\.\d+(?:\ \d+(?=[{bigs}]))?|\ \.\d+|\.\ \d+)?   # decimals, a stray space from web copy or PDF (36.5 9亿元)
            {arabic_more}?                        # 3千, 3千5百
          | {chinese}
        )
        (?:[{bigs}]+(?:零?\d+(?:\.\d+)?{arabic_more}?|{chinese}))*   # 3万4000, 1万零1, 5万4千, 一亿三千, 一万二千…点六七
        [{bigs}]*                                 # 1.2万, 两万
    """


@derived
def _explicit_units() -> set[str]:
    return {k for k, u in units().items() if u.example}


@derived
def _scanner():
    first = sorted({k[0] for k in units()} | set("余多"))
    cls = "".join(regex.escape(c) for c in first)
    pattern = rf"(?<![\d.A-Za-z])(?P<num>{number_pattern()})(?=\ ?[{cls}])"
    return compiled(pattern, regex.VERBOSE)


@derived
def _digits_and_bigs():
    table = numerals()
    return ({c for c, (r, _) in table.items() if r == "digit"},
            {c for c, (r, _) in table.items() if r == "big"},
            {c for c, (r, _) in table.items() if r in ("small", "big")})


@derived
def _unit_lengths() -> dict[str, tuple[int, ...]]:
    """First character of a unit -> the lengths of the units it starts, longest first."""
    out: dict[str, set[int]] = {}
    for k in units():
        out.setdefault(k[0], set()).add(len(k))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in out.items()}


@derived
def _unit_words() -> dict[str, tuple[str, ...]]:
    """not_quantity.yaml's unit_words by first character."""
    out: dict[str, list[str]] = {}
    for w in not_quantity()["unit_words"]:
        out.setdefault(w[0], []).append(w)
    return {c: tuple(ws) for c, ws in out.items()}


def _ascii_letter(c: str) -> bool:
    return c.isascii() and c.isalpha()  # [A-Za-z]


def longest_unit(norm: str, pos: int) -> str | None:
    """The longest unit string at ``pos``, or None. ASCII units must end a word.

    >>> longest_unit("2万亩茶园", 1)
    '万亩'
    >>> longest_unit("5kWh", 1)
    'kWh'
    >>> longest_unit("5km长", 1) , longest_unit("5kmx", 1)
    ('km', None)
    """
    if pos >= len(norm):
        return None
    return _longest_unit(norm, pos, units(), _unit_lengths(), _unit_words())


def _longest_unit(norm: str, pos: int, table: dict, lengths: dict, words: dict | None = None) -> str | None:
    """``longest_unit`` with the tables given (``pos`` inside ``norm``); ``words``: by first
    character, the words that open with a unit and are none (not_quantity.yaml unit_words)."""
    if words and norm.startswith(words.get(norm[pos], ()), pos):
        return None  # 40万群众: 群 is no unit here, 万 counts the masses
    for n in lengths.get(norm[pos], ()):
        if n > len(norm) - pos:
            continue
        key = norm[pos : pos + n]
        if key in table:
            if _ascii_letter(key[-1]) and pos + n < len(norm) and _ascii_letter(norm[pos + n]):
                continue
            return key
    return None


def _per_unit(norm: str, pos: int) -> str | None:
    """A denominator after ``/`` at ``pos`` (620公斤/亩), or None."""
    if pos < len(norm) and norm[pos] == "/":
        for d in cues()["per_units"]:
            if norm.startswith(d, pos + 1):
                return d
    return None


def split_number(num: str) -> tuple[str, str]:
    """Split trailing 万/亿 off a number: they belong to the unit (5000万羽 is 5000 万羽).

    >>> split_number("一千二百万")
    ('一千二百', '万')
    >>> split_number("3万4000")
    ('3万4000', '')
    >>> split_number("七百六十六亿四千万")
    ('七百六十六亿四千万', '')
    """
    if num.isascii():
        return num, ""  # digits alone: no magnitude to split off
    _, bigs, _ = _digits_and_bigs()
    i = len(num)
    while i > 0 and num[i - 1] in bigs:
        i -= 1
    if any(c in bigs for c in num[:i]):
        return num, ""  # 七百六十六亿四千万: the 万 binds to 四千 only, so the number stays whole
    return num[:i], num[i:]


def _mixed(num: str) -> bool:
    """Arabic digits after a Chinese section or magnitude inside one number (5万4千, 2千零30)."""
    digits, _, mags = _digits_and_bigs()
    first = next((i for i, c in enumerate(num) if c in mags or c in digits), None)
    return first is not None and any(c.isdigit() for c in num[first:])


def plausible_number(num: str) -> bool:
    """False for what only looks like a number: a bare magnitude (百, 千) or run-on digits (一一, 三五).

    >>> plausible_number("十"), plausible_number("百"), plausible_number("唯一一"[1:]), plausible_number("一千零五")
    (True, False, False, True)
    >>> plausible_number("零")  # 零成本, 零增长
    False
    """
    if num.isascii() and num:
        return True  # digits: only Chinese numerals can be a bare magnitude or run-on digits
    digits, _, mags = _digits_and_bigs()
    if not num or num in ("零", "〇"):
        return False
    if all(c in mags for c in num):
        return len(num) == 1 and numerals()[num][1] == 10  # 十 and 拾 stand alone; 百, 千万 do not
    body = num.split("点", 1)[0]
    for a, b in zip(body, body[1:]):
        if a in digits and b in digits and a not in "〇零" and b not in "〇零":
            return False
    return True


@derived
def _unit_tables() -> tuple[dict, set[str], dict, dict]:
    """What reading a unit needs, fetched once a document: the units, the big magnitudes, the
    units' lengths by first character, the words that open with a unit and are none."""
    return units(), _digits_and_bigs()[1], _unit_lengths(), _unit_words()


def read_unit(doc: Doc, num_start: int, num_end: int, lead_bigs: str = "") -> tuple[int, Unit, str] | None:
    """After a number ending at ``num_end``: (end of mention, unit, inside qualifier) or None."""
    return _read_unit(doc.norm, num_end, lead_bigs, _unit_tables())


def _read_unit(norm: str, num_end: int, lead_bigs: str, tables: tuple) -> tuple[int, Unit, str] | None:
    table, bigs, lengths, words = tables
    pos = num_end
    inside = ""
    if norm.startswith((" 余", " 多"), pos):
        pos += 1  # 200 多万元: web copy puts a space before 多/余
    if pos < len(norm) and norm[pos] in "余多":
        inside, pos = norm[pos], pos + 1
    more = pos
    while more < len(norm) and norm[more] in bigs:
        more += 1
    written_bigs = lead_bigs + norm[pos:more]
    pos = more
    if pos < len(norm) and norm[pos] == " ":
        pos += 1
    key = _longest_unit(norm, pos, table, lengths, words) if pos < len(norm) else None
    if key is None:
        return None
    end = None
    if key == "个" and not inside and norm.startswith(("个余", "个多"), pos):
        # 两个多月, 3个多季度: the unit 个月 (个季度), more than that many; lengths are longest first
        n = next((n for n in lengths["个"] if n > 1 and "个" + norm[pos + 2 : pos + n + 1] in table), 0)
        if n:
            key, inside, end = "个" + norm[pos + 2 : pos + n + 1], norm[pos + 1], pos + n + 1
    unit = table.get(written_bigs + key)
    if unit is None:
        return None
    end = end if end is not None else pos + len(key)
    per = _per_unit(norm, end) if norm.startswith("/", end) else None
    if per:
        unit = Unit(f"{unit.unit}/{per}", f"{unit.base_unit}/{per}", "rate", unit.magnitude)
        end += 1 + len(per)
    return end, unit, inside


@derived
def _lone_magnitude():
    """A cue, then 百/千/万/亿 alone, then a unit: 近千人, 上万人."""
    c = cues()["lone_magnitude"]
    alt = alternation(c["approx"] + c["more_than"])
    return compiled(rf"(?P<cue>{alt})(?P<num>[百千万亿]+)(?![\d{''.join(numerals())}])")


@derived
def _lone_cue_ends() -> tuple[frozenset[str], int]:
    """The last characters of the lone-magnitude cues, and the longest cue's length."""
    c = cues()["lone_magnitude"]
    words = c["approx"] + c["more_than"]
    return frozenset(w[-1] for w in words), max(map(len, words))


def _lone_hits(norm: str) -> list:
    """``_lone_magnitude().finditer(norm)``: a match starts a cue's length before a 百/千/万/亿
    that follows a cue's last character."""
    ends, longest = _lone_cue_ends()
    starts = {i - k for i in found_at(norm, "百千万亿") if i and norm[i - 1] in ends for k in range(1, longest + 1)}
    return hits_from(norm, _lone_magnitude(), (s for s in starts if s >= 0))


@derived
def _percent_words():
    """百分之六点五, 千分之三: the unit is written before the number."""
    words = {w: u for u, ws in cues()["percent_words"].items() for w in ws}
    return words, compiled(rf"(?P<word>{alternation(words)})(?P<num>{number_pattern()})", regex.VERBOSE)


def _neighbour_ranges(doc: Doc) -> list[Mention]:
    """七八十亩 -> 70 to 80 亩, 五六万元 -> 5 to 6 万元: qualifier range."""
    table, out = numerals(), []
    # tried where two neighbours stand: a match of two others (三三) would be dropped below, and
    # none can hide one of neighbours, which needs no numeral before it
    for m in hits_from(doc.norm, _NEIGHBOURS, found_at(doc.norm, _NEIGHBOUR_PAIRS)):
        a, b = table[m["a"]][1], table[m["b"]][1]
        if b != a + 1 or not (m["small"] or m["big"]):
            continue
        got = read_unit(doc, m.start(), m.end(), m["big"])
        if got is None:
            continue
        end, unit, _ = got
        if unit.arabic:
            continue
        mult = table[m["small"]][1] if m["small"] else Decimal(1)
        out.append(Mention(m.start(), end, a * mult, unit, chinese=True, qualifier="range", value_high=b * mult,
                           group_start=m.start()))
    return out


_HALVES = {"weight", "length", "area", "volume", "duration"}  # 一吨半 is 1.5 吨; 一个半 is no count
_ONE_DIGIT = r"(?:\d|[〇零一二三四五六七八九两])"


@derived
def _money_parts():
    """123元4角5分, 十块三毛, 六十四万零一百四十三元一角七分: 元 with its 角 (毛) and 分."""
    table = numerals()
    chars = "".join(c for c, (r, _) in table.items() if r != "point")
    # a number starts where no digit or numeral stands before it: one try per run, not per character
    return compiled(rf"(?<![\d.A-Za-z{chars}])(?P<y>(?>{number_pattern()}))(?P<u>元|圆|块钱|块)"
                         rf"(?:(?P<j>{_ONE_DIGIT})[角毛](?:(?P<f>{_ONE_DIGIT})分)?|(?P<f2>{_ONE_DIGIT})分)钱?",
                         regex.VERBOSE)


@derived
def _money_tail():
    """What every amount in parts has after its number (元4角, 块3毛, 元5分): a document without
    one skips the search for the whole amount, which tries a number at every numeral."""
    return compiled(rf"(?:元|圆|块钱|块)(?:{_ONE_DIGIT}[角毛]|{_ONE_DIGIT}分)")


def _has_money_tail(norm: str) -> bool:
    """``_money_tail().search(norm)``, tried only where it can end: two or three characters
    before a 角, 毛 or 分 (元4角, 块钱5分)."""
    tail = _money_tail()
    return any(tail.match(norm, s, None, HOLD_GIL) for i in found_at(norm, "角毛分") for s in (i - 3, i - 2) if s >= 0)


@derived
def _sign_amounts():
    """￥300, ￥1.5万: a currency sign, then the number (cues.yaml currency_signs)."""
    signs = "".join(map(regex.escape, cues()["currency_signs"]))
    return compiled(rf"(?P<sign>[{signs}])\ ?(?P<num>(?>{number_pattern()}))(?P<unit>元)?", regex.VERBOSE)


# 二十几万元 (20万 to 30万元) is a range; 十几个村, without a magnitude, stays vague (not_quantity.yaml)
_SOME_TENS = compiled(r"(?<![〇零一二三四五六七八九十百千两\d])(?P<a>[一二三四五六七八九]?)十几(?P<big>[万亿]+)")


def _parts_value(*chars: str | None) -> Decimal:
    return sum((parse_number(c) * Decimal(10) ** -k for k, c in enumerate(chars) if c), Decimal(0))


def _compound_amounts(doc: Doc) -> list[Mention]:
    """Amounts written in parts or with a sign, and 几 approximations: 123元4角5分 (123.45 元),
    十块三毛 (10.3 元), ￥300 (300 元), 二十几万元 (20万 to 30万元)."""
    norm, out = doc.norm, []
    for m in _money_parts().finditer(norm) if _has_money_tail(norm) else ():
        num, bigs = split_number(m.group("y"))
        if bigs or not plausible_number(num):
            continue
        value = parse_number(num) + _parts_value(None, m.group("j"), m.group("f") or m.group("f2"))
        out.append(Mention(m.start(), m.end(), value, units()["元"], chinese=not num[0].isdigit()))
    signs = cues()["currency_signs"]
    for m in _sign_amounts().finditer(norm) if any(c in norm for c in signs) else ():
        num, bigs = split_number(m.group("num"))
        unit = units().get(bigs + signs[m.group("sign")])
        if unit is None or not plausible_number(num):
            continue
        out.append(Mention(m.start(), m.end(), parse_number(num), unit, chinese=not num[0].isdigit()))
    for m in _SOME_TENS.finditer(norm) if "十几" in norm else ():
        got = read_unit(doc, m.start(), m.end(), m.group("big"))
        if got is None or got[1].arabic:
            continue
        end, unit, _ = got
        low = parse_number(m.group("a") or "一") * 10
        out.append(Mention(m.start(), end, low, unit, chinese=True, qualifier="range", value_high=low + 10,
                           group_start=m.start()))
    return out


def _extra_mentions(doc: Doc) -> list[Mention]:
    """Mentions whose number is not in the usual place: 百分之六点五, 近千人, 七八十亩, 123元4角5分."""
    norm, out = doc.norm, _neighbour_ranges(doc) + _compound_amounts(doc)
    words, pattern = _percent_words()
    digits, _, mags = _digits_and_bigs()
    for m in pattern.finditer(norm) if any(w in norm for w in words) else ():
        if m.start() and (norm[m.start() - 1] in digits or norm[m.start() - 1] in mags or norm[m.start() - 1].isdigit()):
            continue  # 五百分之2.2: a fraction, not a percentage
        num, bigs = split_number(m.group("num"))
        if num == "百" and not bigs:
            value = Decimal(100)  # 百分之百
        elif bigs or not plausible_number(num):
            continue
        else:
            value = parse_number(num)
        out.append(Mention(m.start(), m.end(), value, units()[words[m.group("word")]], chinese=not num[0].isdigit()))
    lone = cues()["lone_magnitude"]
    for m in _lone_hits(norm):
        got = read_unit(doc, m.start("num"), m.end("num"), "")
        if got is None:
            continue
        end, unit, inside = got
        full = units().get(m.group("num") + unit.unit)
        if full is None:
            continue
        if not _cue_opens_word(norm, m.start("cue")):
            continue  # 签约亿元以上项目, 最近万人: the 约 and 近 end a word, they qualify nothing
        if norm.startswith(tuple(not_quantity()["lone_threshold_nouns"]), end):
            continue  # 超亿元项目, 过亿元的企业: a class of projects, no figure
        q = "approx" if m.group("cue") in lone["approx"] else "more_than"
        out.append(Mention(m.start("num"), end, Decimal(1), full, chinese=True, qualifier=q))
    return out


def _cue_opens_word(norm: str, at: int) -> bool:
    """Whether the cue at ``at`` is no end of a word that holds no cue (签约, 最近, 以上:
    not_quantity.yaml lone_cue_word_ends)."""
    ends = not_quantity()["lone_cue_word_ends"]
    return not any(norm.startswith(w, at - len(w) + 1) for w in ends if len(w) <= at + 1 and w[-1] == norm[at])


@derived
def _counted_noun():
    """Counted nouns, and a number (with 余/多) that ends right before a gap of a few characters."""
    nouns = {w: u for u, ws in cues()["counted_nouns"].items() for w in ws}
    number = compiled(rf"(?<![\d.A-Za-z])(?P<num>(?>{number_pattern()}))(?P<q>[余多])?$", regex.VERBOSE)
    return nouns, compiled(alternation(nouns)), number


_NUMBER_REACH = 24  # characters a number may take before its counted noun


@derived
def _noun_pairs() -> PairSet | None:
    """The first two characters of the counted nouns (None if one is shorter)."""
    nouns = _counted_noun()[0]
    return PairSet(w[:2] for w in nouns) if all(len(w) >= 2 for w in nouns) else None


def _noun_hits(norm: str, noun_pattern):
    """What ``noun_pattern.finditer(norm)`` finds, tried only where a noun's first two
    characters stand (a search goes on after each match, as finditer does)."""
    pairs = _noun_pairs()
    if pairs is None:
        yield from noun_pattern.finditer(norm)
        return
    after = 0
    for i in pairs.starts(norm):
        if i < after:
            continue
        hit = noun_pattern.match(norm, i, None, HOLD_GIL)
        if hit is not None:
            after = hit.end()
            yield hit


@derived
def _number_ends() -> frozenset[str]:
    """The characters a written number (and its 余/多) can end with."""
    return frozenset("0123456789余多") | frozenset(c for c, (role, _) in numerals().items() if role != "point")


def _implied_units(doc: Doc, taken: set[int]) -> list[Mention]:
    """8.7万建卡贫困人口 -> 8.7万 (万人), 3000余农户 -> 3000余 (户): SPEC's unit implied by the noun.
    Each noun looks back for its number (a bounded window: no pass over the text is quadratic)."""
    nouns, noun_pattern, number = _counted_noun()
    ends = _number_ends()
    norm, out, used = doc.norm, [], set()
    for hit in _noun_hits(norm, noun_pattern):
        p = hit.start()
        for gap in range(0, 7):
            end = p - gap
            if end <= 0 or (gap and (not ("\u4e00" <= norm[end] <= "\u9fff") or norm[end] in "年月日")):
                break  # the gap (norm[end:p], one character longer each step) holds only Han, no date
            if norm[end - 1] not in ends:
                continue  # no number can end here: skip the search
            m = number.search(norm, max(0, end - _NUMBER_REACH), end)
            if m is None:
                continue
            if m.start() in taken or m.start() in used:
                break
            num, bigs = split_number(m.group("num"))
            if not plausible_number(num) or not (bigs or m.group("q")):
                break
            unit = units().get(bigs + nouns[hit.group()])
            if unit is None or read_unit(doc, m.start("num"), m.end("num"), bigs) is not None:
                break
            q = next((n for n, cue in cues()["qualifier"].items() if m.group("q") and m.group("q") in cue["inside"]), "")
            out.append(Mention(m.start("num"), m.end(), parse_number(num), unit, chinese=not num[0].isdigit(),
                               qualifier=q or "exact"))
            used.add(m.start())
            break
    return out


@derived
def _currency_words() -> tuple[str, ...]:
    return tuple(cues()["currency_words"])


def _unit_in_context(norm: str, start: int, unit: Unit) -> Unit:
    """The unit as its sentence reads it: 港币500亿元 is in 港元, 气温达35度 in ℃ (cues.yaml)."""
    if unit.base_unit != "元" and unit.quantity != "energy":
        return unit  # most figures: no currency or temperature to read
    c = cues()
    if unit.base_unit == "元":
        before = norm[max(0, start - 4) : start].rstrip(" ")
        words = _currency_words()
        cur = next((w for w in words if before.endswith(w)), None) if before.endswith(words) else None
        if cur is not None:
            return Unit(unit.unit, c["currency_before"][cur], "money", unit.magnitude)
    if unit.quantity == "energy" and unit.unit.endswith("度") and unit.magnitude == 1:
        clause = norm[max(0, start - 30) : start]
        clause = regex.split(r"[，,。；;！？\n]", clause)[-1]
        if any(w in clause for w in c["temperature_words"]):
            return Unit(unit.unit, "℃", "temperature", Decimal(1))
    return unit


@derived
def _sign_lead() -> tuple[str, ...]:
    """What may stand right before a minus sign: a coordinator, a filler (为, 达), a change cue."""
    c = cues()
    return tuple(sorted(set(c["coordinators"] + c["filler"] + c["change"]["up"] + c["change"]["down"]),
                        key=len, reverse=True))


def _signed(norm: str, start: int) -> bool:
    """A minus sign right before the number at ``start`` (-2.07‰, 增长-5.64%, 0.6、-2.3): one
    that follows punctuation, a coordinator, a filler or a change cue; a dash between two figures
    (3-5万亩, 6%-8.7%, 3万亩-5万亩) is a range."""
    if start == 0 or norm[start - 1] not in "-−":
        return False
    if start == 1 or norm[start - 2] in " \n\t,;:(。，；：（":
        return True
    if norm.endswith(_sign_lead(), 0, start - 1):
        return True
    # 最低气温-12.5℃: a word, not a figure, before the dash (3万亩-5万亩 is a range)
    before = norm[max(0, start - 7) : start - 1]
    digits, _, mags = _digits_and_bigs()
    return "\u4e00" <= norm[start - 2] <= "\u9fff" and not any(c.isdigit() or c in digits or c in mags for c in before)


def find_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Every number followed by a unit in the document."""
    norm = doc.norm
    extra = _extra_mentions(doc)
    covered = {i for m in extra for i in range(m.start, m.end)}
    found = list(mentions) + extra
    c, table = cues(), units()
    qualifiers, negative, not_after = c["qualifier"], tuple(c["negative_words"]), tuple(c["negative_not_after"])
    tables = _unit_tables()
    for m in _scanner().finditer(norm):
        num_start, num_end = m.span()  # the match is the number (the rest is looked at around)
        if num_start in covered:
            continue
        num = m.group()
        if num.isascii():
            lead = ""  # digits alone: no magnitude to split off, and always a plausible number
        else:
            num, lead = split_number(num)
            if not plausible_number(num):
                continue
        got = _read_unit(norm, num_end, lead, tables)
        if got is None:
            continue
        end, unit, inside = got
        chinese = not num[0].isdigit()
        if chinese and unit.arabic:
            continue
        q = ""
        if inside:
            q = next((name for name, cue in qualifiers.items() if inside in cue["inside"]), "")
        start, value = num_start, parse_number(num)
        if lead and _mixed(num) and unit.unit.startswith(lead) and unit.unit[len(lead):] in table:
            # 2千零30万元: a mixed amount is one number, given in the base unit (20300000 元)
            value, unit = parse_number(num + lead), table[unit.unit[len(lead):]]
        if not chinese and start and norm[start - 1] in "-−" and _signed(norm, start):
            start, value = start - 1, -value  # -2.07‰, 增长-5.64%: the sign is written (SPEC)
        elif norm.endswith(negative, 0, start) \
                and (neg := next((w for w in negative if norm.endswith(w, 0, start)), None)) \
                and not norm.endswith(not_after, 0, start - len(neg)):
            start, value = start - len(neg), -value  # 负0.5千米, 零下5度: a negative level (not 减负)
        if unit.base_unit == "元" or unit.quantity == "energy":  # the others have no context to read
            unit = _unit_in_context(norm, num_start, unit)
        if norm.startswith("半", end) and unit.quantity in _HALVES and not unit.unit[0] in "万亿":
            value, end = value + Decimal("0.5") * (1 if value >= 0 else -1), end + 1  # 一吨半, 两米半
        found.append(Mention(start, end, value, unit, chinese=chinese, qualifier=q or "exact"))
    taken = {i for f in found for i in range(f.start, f.end)}
    return found + _implied_units(doc, taken)
