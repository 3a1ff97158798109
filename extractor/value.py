"""Turn a written number into an exact ``Decimal``.

Arabic digits (with thousands separators and stray spaces), Chinese numerals (including 两, 〇,
financial 壹贰叁, a decimal 点) and mixtures (3万4000, 1.2万, 十五点八万) are all read by one
small state machine. Input is normalized text (half-width digits, simplified characters).
"""
from __future__ import annotations

from decimal import Decimal

import regex

from .data import numerals

_ARABIC = regex.compile(r"\d+(?:\.\d+)?")
_TEN_THOUSAND = Decimal(10000)


def parse_number(text: str) -> Decimal:
    """Value of a number as written, magnitudes multiplied out.

    >>> parse_number("1,138.5")
    Decimal('1138.5')
    >>> parse_number("三百六十")
    Decimal('360')
    >>> parse_number("一千二百万")
    Decimal('12000000')
    >>> parse_number("十五点八万")
    Decimal('158000.0')
    >>> parse_number("3万4000")
    Decimal('34000')
    >>> parse_number("两万")
    Decimal('20000')
    >>> parse_number("一千零五")
    Decimal('1005')
    >>> parse_number("叁仟")
    Decimal('3000')
    >>> parse_number("1 .2")
    Decimal('1.2')
    >>> parse_number("3万亿")
    Decimal('3000000000000')
    """
    table = numerals()
    s = text.replace(",", "").replace(" ", "")
    total = wan = section = Decimal(0)
    num: Decimal | None = None
    last_digit = False
    i = 0
    while i < len(s):
        m = _ARABIC.match(s, i)
        if m:
            num, last_digit = Decimal(m.group()), False
            i = m.end()
            continue
        role, value = table[s[i]]
        if role == "digit":
            # Digit after digit (二〇二一, 一千零五) reads digit by digit.
            num = num * 10 + value if (last_digit and num is not None) else value
            last_digit = True
        elif role == "small":
            section += (num if num is not None else Decimal(1)) * value
            num, last_digit = None, False
        elif role == "big":
            if value == _TEN_THOUSAND:
                wan = (wan + section + (num or 0)) * value
            else:
                total = (total + wan + section + (num or 0)) * value
                wan = Decimal(0)
            section, num, last_digit = Decimal(0), None, False
        else:  # the decimal point 点: the digits after it are the fraction
            j = i + 1
            while j < len(s) and table.get(s[j], ("",))[0] == "digit":
                j += 1
            frac = "".join(str(table[c][1]) for c in s[i + 1 : j]) or "0"
            num = section + (num or 0) + Decimal("0." + frac)
            section, last_digit = Decimal(0), False
            i = j
            continue
        i += 1
    return total + wan + section + (num or 0)
