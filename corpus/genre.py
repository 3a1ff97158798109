"""The kind of a document (bulletin, yearbook, work report, plan, news, other) from its title
and first lines, by the words of ``patterns/genres.yaml``; a panel trusts a bulletin over a work
report over news.

>>> genre_of("2022年某县国民经济和社会发展统计公报", "")
'bulletin'
>>> genre_of(None, "各位代表：现在，我代表县人民政府向大会报告工作")
'work_report'
>>> genre_of("某县召开座谈会", "本报讯 记者报道")
'news'
"""
from __future__ import annotations

from extractor.data import yaml_data
from extractor.errors import PatternError
from extractor.normalize import normalize
from extractor.patternset import derived

GENRES = ("bulletin", "yearbook", "work_report", "plan", "news", "other")


@derived
def _data() -> dict:
    d = yaml_data("genres.yaml")
    for group in ("title", "text", "rank"):
        bad = set(d[group]) - set(GENRES)
        if bad:
            raise PatternError(f"patterns/genres.yaml: {group} has {sorted(bad)} (expected kinds of {', '.join(GENRES)})")
    if set(d["rank"]) != set(GENRES):
        raise PatternError(f"patterns/genres.yaml: rank must give every kind (expected {', '.join(GENRES)})")
    return d


def genre_of(title: str | None, text: str) -> str:
    """The document's kind: the first kind whose title word the title holds; with no title, the
    first kind whose text word the first 200 characters hold; else ``other``."""
    d = _data()
    head = normalize(title or "")
    for kind, words in d["title"].items():
        if any(w in head for w in words):
            return kind
    lead = normalize(text[:200])
    for kind, words in d["text"].items():
        if any(w in lead for w in words):
            return kind
    if not title:
        first = lead.split("\n", 1)[0]
        for kind, words in d["title"].items():
            if any(w in first for w in words):
                return kind
    return "other"


def rank(genre: str | None) -> int:
    """How far a panel trusts a kind of document (higher first)."""
    return _data()["rank"].get(genre or "other", 0)
