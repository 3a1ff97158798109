"""The lines of a document that say where it comes from and when (来源:咸宁网 时间:2021-12-09),
read once here for the geography, the years and the file loaders. Label words are in
patterns/context.yaml; text is normalized first, so 来源：咸寧網 is read too, and offsets hold."""
from __future__ import annotations


import regex

from .data import alternation, yaml_data
from .normalize import normalize
from .patternset import derived
from .regexes import compiled

_REPORT_DATE = compiled(r"—{1,2}\s*(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
# A date with its time is a dateline, labeled or not: 2013-04-14 14:10:16, 12.03.2016 08:15 (DD.MM.YYYY).
_DATETIME = compiled(r"(?<![\d.])(?:(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
                          r"|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>(?:19|20)\d{2}))\s+\d{1,2}:\d{2}")


@derived
def _patterns():
    lines = yaml_data("context.yaml")["document_lines"]
    date = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
    source = compiled(rf"(?:{alternation(lines['source_labels'])})\s*:\s*(?P<src>[^\s|丨/<>:()【】\[\]]{{2,30}})")
    labels = rf"{alternation(lines['date_labels'])}|(?:{alternation(lines['source_labels'])}):[^\n]{{0,20}}?"
    labeled = compiled(rf"(?:{labels})\s*:?\s*{date}")
    return source, labeled, compiled(date)


def source_line(norm: str):
    """The match of a source line in normalized text (its value is group ``src``), or None."""
    return _patterns()[0].search(norm)


def source_of(text: str) -> str | None:
    """The source a text names, as written: 来源：咸宁网 -> 咸宁网."""
    m = source_line(normalize(text))
    return text[m.start("src") : m.end("src")] if m else None


def date_of(text: str, labeled: bool = True) -> str | None:
    """The date of a labeled date line (时间:2021-12-09), a source line or a report line
    (——2020年1月21日), as YYYY-MM-DD; with ``labeled=False`` also the first bare date.

    >>> date_of("来源：咸宁网 时间：2021-12-09 09:56"), date_of("——2020年1月21日在…"), date_of("2019年5月3日")
    ('2021-12-09', '2020-01-21', None)
    >>> date_of("新闻 12.03.2016 08:15 阅读"), date_of("2013-04-14 14:10:16 作者")
    ('2016-03-12', '2013-04-14')
    """
    norm = normalize(text)
    _, label, bare = _patterns()
    m = (label.search(norm) or _REPORT_DATE.search(norm) or _DATETIME.search(norm)
         or (None if labeled else bare.search(norm)))
    if not m:
        return None
    if m.re is _DATETIME and m.group("y2"):
        y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
    else:
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
