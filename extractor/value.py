"""Turn a written number into an exact ``Decimal``: the numeral grammar, in one place.

A number is a run of tokens: Arabic digits (``1,138.5``, ``8 200``), Chinese digits (``三``,
``两``, ``〇``, financial ``叁``), tens (``廿`` = 二十), sections (``十 百 千`` multiply the digit
before them, an implied 一 when there is none: ``十五``), magnitudes (``万 亿`` close what stands
before them: ``3万4千``, ``一亿三千万``, ``万亿``, ``万万`` = 亿) and a decimal point (``点`` with
Chinese digits after it, or ``.`` in Arabic digits). The roles are data (``patterns/numerals.tsv``).

Rules, each with its example below:

- digits written one after the other read digit by digit (``二〇二一`` = 2021);
- ``零`` holds an empty place: the section after it keeps its own value (``一千零十二`` = 1012,
  ``一万零十五`` = 10015, ``一千零五`` = 1005);
- a last Chinese digit directly after a section or magnitude stands for the next lower one when
  nothing else follows (``一万三`` = 13000, ``两千四百五`` = 2450, ``二百五`` = 250), never after
  ``零`` (``一万零三`` = 10003) and never for Arabic digits (``3万4`` = 30004 as written);
- Arabic and Chinese mix inside one amount (``5万4千`` = 54000, ``2千零30万`` = 20300000);
- a decimal point closes the section before it (``一万二千三百四十五点六七`` = 12345.67).

``parse_number`` is total: any other text raises ``NumberError``, never ``KeyError``. Input is
normalized text (half-width digits, simplified characters).
"""
from __future__ import annotations

from decimal import Decimal

import regex

from .data import numerals
from .patternset import remembered
from .errors import ZhibiaoError
from .regexes import compiled

_ARABIC = compiled(r"\d+(?:\.\d+)?")
_TEN = Decimal(10)
_TEN_THOUSAND = Decimal(10000)


class NumberError(ZhibiaoError, ValueError):
    """A text that is not a number as the numeral grammar reads it."""


@remembered(10_000)  # figures recur (2020, 10, 3.5): a look is a third of a parse
def parse_number(text: str) -> Decimal:
    """Value of a number as written, magnitudes multiplied out.

    >>> [str(parse_number(t)) for t in ("1,138.5", "1 .2", "三百六十", "一千二百万", "十五点八万")]
    ['1138.5', '1.2', '360', '12000000', '158000.0']
    >>> [str(parse_number(t)) for t in ("3万4000", "两万", "叁仟", "3万亿", "二〇二一", "廿五")]
    ['34000', '20000', '3000', '3000000000000', '2021', '25']
    >>> [str(parse_number(t)) for t in ("一千零五", "一千零十二", "二千零十", "一万零十五", "一万零三")]
    ['1005', '1012', '2010', '10015', '10003']
    >>> [str(parse_number(t)) for t in ("一万三", "三万五", "两千四百五", "二百五", "一千三", "一亿三")]
    ['13000', '35000', '2450', '250', '1300', '130000000']
    >>> [str(parse_number(t)) for t in ("5万4千", "3万6千5百", "2千零30万", "万万", "十三", "3万4")]
    ['54000', '36500', '20300000', '100000000', '13', '30004']
    >>> [str(parse_number(t)) for t in ("一万二千三百四十五点六七", "十万零五十六点三", "三点一四")]
    ['12345.67', '100056.3', '3.14']
    >>> [str(parse_number(t)) for t in ("负一百二十三", "1百23", "一二三", "千万亿", "零点五")]
    ['-123', '123', '123', '1000000000000000', '0.5']
    >>> parse_number("三x")
    Traceback (most recent call last):
    ...
    extractor.value.NumberError: '三x' is not a number: 'x' is neither a digit nor a numeral (expected digits, 〇-九, 十百千, 万亿, 点)
    """
    table = numerals()
    s = text.replace(",", "").replace(" ", "")
    if s[:1] in ("负", "-", "−") and len(s) > 1:
        return -parse_number(s[1:])  # 负一百二十三
    if not s:
        raise NumberError(f"{text!r} is not a number: it is empty (expected digits or Chinese numerals)")
    if s.isascii() and _ARABIC.fullmatch(s):
        return Decimal(s)  # 1138.5: digits alone, most numbers (the grammar below gives the same)
    total = wan = section = Decimal(0)  # closed 亿 groups, the closed 万 group, the open section
    num: Decimal | None = None  # the digits not yet multiplied
    unit: Decimal | None = None  # the section or magnitude just before ``num``
    last = ""  # the role of the previous token
    zero = False  # a 零 since the last section
    seen = False  # any token that holds a value
    i = 0
    while i < len(s):
        m = _ARABIC.match(s, i)
        if m:
            num, last, seen = Decimal(m.group()), "arabic", True
            i = m.end()
            continue
        role, value = table.get(s[i], (None, None))
        if role is None:
            raise NumberError(f"{text!r} is not a number: {s[i]!r} is neither a digit nor a numeral "
                              "(expected digits, 〇-九, 十百千, 万亿, 点)")
        if role == "digit":
            if last == "digit" and num is not None:
                num = num * _TEN + value  # 二〇二一, and 零五 after 一千
            else:
                num = value
                if value == 0 and last in ("small", "big", "tens"):
                    zero = True
            last, seen = "digit", True
        elif role == "tens":
            section += value
            num, unit, last, seen = None, _TEN, "small", True  # 廿 is 二十: 廿五 = 25
        elif role == "small":
            n = num if num is not None and not (zero and num == 0) else Decimal(1)
            section += n * value
            num, unit, last, zero, seen = None, value, "small", False, True
        elif role == "big":
            group = section + (num or 0)
            if not group and not seen:
                group = Decimal(1)  # 万 alone is ten thousand
            if value == _TEN_THOUSAND:
                wan = (wan + group) * value  # 万万 = 亿
            else:
                total = (total + wan + group) * value
                wan = Decimal(0)
            section, num, unit, last, zero, seen = Decimal(0), None, value, "big", False, True
        else:  # 点: the Chinese digits after it are the fraction
            j = i + 1
            while j < len(s) and table.get(s[j], ("",))[0] == "digit":
                j += 1
            if j == i + 1 and not seen:
                raise NumberError(f"{text!r} is not a number: 点 has no digits around it")
            frac = "".join(str(table[c][1]) for c in s[i + 1 : j]) or "0"
            num = section + (num or 0) + Decimal("0." + frac)
            section, unit, last, zero = Decimal(0), None, "point", False
            i = j
            continue
        i += 1
    if not seen:
        raise NumberError(f"{text!r} is not a number: it has no digit")
    if last == "digit" and num is not None and num < _TEN and not zero and unit is not None and unit > _TEN \
            and not s[-1].isdigit():
        num = num * unit / _TEN  # 一万三 = 13000: the next lower place, left out
    return total + wan + section + (num or 0)
