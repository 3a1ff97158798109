"""Which county each record belongs to, in SPEC's order: a place named in the record's clause,
then the county whose section the record stands in, then the document's own level.

The document's own level comes from a region hint, the source line (来源:咸宁网), the title, the
"我代表…人民政府" line, or failing those the divisions the text names most.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

from .data import HOLD_GIL, alternation
from .diskcache import key_of, load_or_build
from .docmeta import source_line
from .document import Doc, Mention, clause_end, clause_start
from .gazetteer import MUNICIPALITIES, Division, Town, _hand, gazetteer
from .naming import _join_split, _respectively_word
from .normalize import normalize
from .pairs import PairSet
from .patternset import derived
from .places import Place, find_names, find_shorts
from .regexes import compiled
from .segment import import_jieba, tokenizer, words

_DELEGATE = compiled(r"代表(?P<src>\p{Han}{2,14}?)人民政府")
_NUMBERING = compiled(r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、]|[★●■◆▲•·-])\s*")
_HAN = compiled(r"\p{Han}")
_SENTENCE_MARK = compiled(r"[,。;!?]")
_CLAUSE_MARK = compiled(r"[,。;]")


@derived
def _level_words() -> dict:
    """hand.yaml's level_words, one pattern per level (全县, 我市, 本省)."""
    return {k: compiled(alternation(ws))
            for k, ws in _hand()["level_words"].items()}


@dataclass(frozen=True)
class Geo:
    county: Division | None = None
    city: Division | None = None
    province: Division | None = None
    place: str | None = None


@derived
def _partner():
    """A partner word shortly before a place: 与北京海淀区对接, 对口帮扶."""
    words = alternation(_hand()["partner_words"])
    return compiled(rf"(?:{words})\p{{Han}}{{0,4}}$")


@derived
def _ordinary() -> frozenset[str]:
    return frozenset(_hand()["ordinary_words"])


@derived
def _ordinary_names() -> frozenset[str]:
    return frozenset(_hand()["ordinary_names"])


def geo_of(d: Division | None, place: str | None = None) -> Geo:
    """The county, city and province fields for a division of any level."""
    if d is None:
        return Geo(place=place)
    g = gazetteer()
    if d.level == "zone":
        return geo_of(g.divisions.get(d.parent), place)
    if d.level == "county" and d.former:
        _, city, province = g.chain(d.parent)
        if city is None and province is not None and province.code in MUNICIPALITIES:
            city = province
        return Geo(d, city if city and city.level in ("city", "province") else None, province, place)
    county, city, province = g.chain(d.code)
    if d.level == "province" and d.code in MUNICIPALITIES:
        city = d  # 北京 天津 上海 重庆 speak as a city too: 全市 is the municipality (SPEC: city)
    return Geo(county, city, province, place)


def _county_of(c) -> Division | None:
    g = gazetteer()
    if isinstance(c, Town):
        d = g.divisions.get(c.county)
        return d if d is not None and d.level == "county" else None
    return c if c.level == "county" else None


def _common(divs: list[Division]) -> Geo:
    """Several counties together: their common parent."""
    geos = [geo_of(d) for d in divs]
    cities = {x.city.code if x.city else None for x in geos}
    provinces = {x.province.code if x.province else None for x in geos}
    if len(cities) == 1 and None not in cities:
        return Geo(None, geos[0].city, geos[0].province)
    if len(provinces) == 1 and None not in provinces:
        return Geo(None, None, geos[0].province)
    return Geo()


def resolve_region(name: str) -> Division:
    """A region hint by name, short name or code; ``ZhibiaoError`` naming close matches if unknown."""
    import difflib

    from .errors import ZhibiaoError

    g = gazetteer()
    key = name.strip()
    if key in g.divisions:
        return g.divisions[key]
    hits = [c for c in g.candidates(key) if isinstance(c, Division)] or g.shorts.get(key, [])
    current = [c for c in hits if not c.former]
    if len(current) == 1:
        return current[0]  # a name that denotes one division in force means it
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        opts = ", ".join(f"{d.name} {d.code}" for d in hits[:6])
        raise ZhibiaoError(f"region {name!r} is ambiguous: {opts} (give the code)")
    close = difflib.get_close_matches(key, [n for n in g.names if isinstance(g.candidates(n)[0], Division)], n=5)
    raise ZhibiaoError(f"region {name!r} is not a known division (close: {', '.join(close) or 'none'}; "
                       "expected a province, prefecture or county name or 6-digit code)")


def is_division_name(name: str) -> bool:
    """Whether ``name`` is the name, short name or code of some division (former ones too)."""
    g = gazetteer()
    key = name.strip()
    return key in g.divisions or any(isinstance(c, Division) for c in g.candidates(key)) or bool(g.shorts.get(key))


def _unique_division(cands) -> Division | None:
    divs = [c for c in cands if isinstance(c, Division)]
    return divs[0] if len(divs) == 1 else None


def _from_text(text: str, shorts: bool, title: bool = False) -> Division | None:
    """The most specific division named in a short text (a source or a title line). A title's
    opening short name must end a word (a source's may run into the medium's: 北京日报)."""
    g = gazetteer()
    sub = Doc(text)
    best = None
    names = find_names(sub)
    for i, p in enumerate(names):
        if p.start > 0 and _HAN.match(sub.norm, p.start - 1) and _as_word(sub.norm, p, names[i - 1] if i else None, False):
            continue  # 中山区2020年统计公报 names the district; 建成区和县人民政府 names none
        d = _unique_division(p.candidates)
        if d is not None and (best is None or _depth(d) > _depth(best)):
            best = d
    if best is None and shorts:
        for n in range(min(6, len(text)), 1, -1):
            cands = [d for d in g.shorts.get(sub.norm[:n], []) if d.level != "county" or not d.needs_context]
            if len(cands) == 1 and (not title or _ends_word(sub.norm, n)):
                return cands[0]  # 阜平新增…, but not 新安装路灯 or 太平洋航线
    return best


def _ends_word(text: str, n: int) -> bool:
    """Whether a word of ``text`` ends at ``n``."""
    return n == len(text) or any(e == n for _, _, e in words(text))


def _depth(d: Division) -> int:
    if d.level == "zone":
        return _depth(gazetteer().divisions[d.parent]) + 0.5
    return {"province": 0, "city": 1, "county": 2}[d.level]


def document_scope(doc: Doc, names: list[Place], hint: Division | None) -> Division | None:
    """The division the document speaks for."""
    if hint is not None:
        return hint
    head = doc.norm[:3000]
    src = source_line(head)
    source = src.group("src") if src else (normalize(doc.source) if doc.source else None)
    from_source = _from_text(source, shorts=True) if source else None
    # The title stands before the source line (or, without one, among the first short lines).
    title_lines = [line.strip() for line in doc.norm[: src.start() if src else 600].splitlines() if line.strip()][:5]
    if doc.title:
        title_lines.insert(0, normalize(doc.title)[:40])
    from_title = None
    for line in title_lines:
        if line.count(" ") > 3 or len(line) > 40:
            continue  # a navigation bar or the body
        d = _from_text(line, shorts=len(line) <= 12, title=True)
        if d is not None and (from_title is None or _depth(d) > _depth(from_title)):
            from_title = d
    delegate = _DELEGATE.search(head)
    from_delegate = _from_text(delegate.group("src"), shorts=True) if delegate else None
    picks = [d for d in (from_source, from_title, from_delegate) if d is not None]
    if picks:
        best = max(picks, key=_depth)
        # A title naming a county inside the source's prefecture narrows the scope to it.
        if all(gazetteer().within(best.code, p.code) for p in picks):
            return best
        return from_source or best
    return _scope_from_votes(doc, names)


@derived
def _vote_shorts():
    """Short names in a self-reference (和谐容城, 容城发展): they vote for their county."""
    g = gazetteer()
    ok = {s: ds[0] for s, ds in g.shorts.items()
          if len(ds) == 1 and ds[0].level == "county" and not ds[0].needs_context}
    words = _hand()["self_reference"]
    refs = compiled(f"(?P<b>{alternation(words['before'])})|(?P<a>{alternation(words['after'])})")
    return ok, refs, max(map(len, ok))


def _self_references(norm: str):
    """Counties whose short name stands beside a self-reference word."""
    ok, words, longest = _vote_shorts()
    for m in words.finditer(norm):
        for n in range(longest, 1, -1):
            key = norm[m.end() : m.end() + n] if m.group("b") else norm[max(0, m.start() - n) : m.start()]
            if len(key) == n and key in ok:
                yield ok[key]
                break


def _scope_from_votes(doc: Doc, names: list[Place]) -> Division | None:
    """The division named most, at the level the text speaks at (全县 or 全市). Full names and
    townships vote first; short names (slower to find, weaker) only when those decide nothing."""
    g = gazetteer()
    votes = Counter()

    def vote(d, weight):
        while d is not None:
            votes[d.code] += weight
            d = g.parent(d)

    for i, p in enumerate(names):
        if _partner().search(doc.norm, max(0, p.start - 8), p.start):
            continue  # 与北京海淀区对接合作: a partner, not the subject
        if _as_word(doc.norm, p, names[i - 1] if i else None, False):
            continue  # 海拔1500米以上的中山区: a word (in a title it still names the district)
        d = _unique_division(p.candidates)
        if d is not None and d.level != "zone":
            vote(d, 1)
        towns = [c for c in p.candidates if isinstance(c, Town)]
        for t in towns:  # a township votes for its county, shared among namesakes
            vote(g.divisions.get(t.county), 1 / len(towns))
    for d in _self_references(doc.norm):
        vote(d, 1)
    levels = {k: len(r.findall(doc.norm)) for k, r in _level_words().items()}
    found = _decide(doc, names, votes, levels, [])
    if found is not None:
        return found
    short_hits = _short_votes(doc.norm, names)
    for _, d in short_hits:
        vote(d, 1)
    if levels["county"] >= 2 and not any(g.divisions[c].level == "county" for c in votes):
        # A county's own document that names no county in full and one county once by its short
        # name, with its own townships beside it (六潜高速岳西段从响肠至温泉): that county.
        once = [(pos, d) for pos, d in _short_votes(doc.norm, names, min_count=1, edges=False)
                if _towns_beside(doc, pos, d)]
        if len({d.code for _, d in once}) == 1:
            return once[0][1]
    return _decide(doc, names, votes, levels, short_hits) if short_hits else None


def _decide(doc: Doc, names: list[Place], votes: Counter, levels: dict, short_hits) -> Division | None:
    g = gazetteer()
    if not votes:
        return None
    want = max(("county", "city", "province"), key=lambda k: levels[k])  # ties go to the county
    if levels[want] < 2:
        return _story_county(doc, names, short_hits, votes)
    tries = {"county": ("county", "city"), "city": ("city",), "province": ("province",)}[want]
    for level in tries:
        ranked = [(n, c) for c, n in votes.items() if g.divisions[c].level == level]
        if ranked:
            n, code = max(ranked)
            if n >= 2 and n >= 0.4 * sum(x for x, _ in ranked):
                return g.divisions[code]
    return None


_DIGIT = compiled(r"\d")
# Between the last place and the number: 等 closes a list of examples (…西山下村等26个村).
_EXAMPLES = compiled(r"\p{Han}{0,6}等(?:\p{Han}{0,4})?$")
_LEAD = 300  # characters of a story's opening in which its county must be named


_COMMON = 20  # a short name this frequent in jieba's own dictionary is a word first (古城, 西陵)


@derived
def _short_keys(words_too: bool = False) -> tuple[frozenset, frozenset, int]:
    """Unique county short names, without ordinary words and (unless ``words_too``) without the
    ones jieba's dictionary knows as common words: (their first two characters, the names, the
    longest length)."""
    ok, _, _ = _vote_shorts()
    common = frozenset() if words_too else _common_words(frozenset(ok))
    keys = frozenset(k for k in ok if k not in _ordinary() and k not in common)
    return frozenset(k[:2] for k in keys), keys, max(map(len, keys))


@derived
def _short_pairs(words_too: bool = False) -> PairSet:
    """The first two characters of the short names of ``_short_keys``."""
    return PairSet(p for p in _short_keys(words_too)[0] if len(p) == 2)


def _find_shorts(norm: str, words_too: bool) -> list[tuple[int, int]]:
    """Leftmost-longest, non-overlapping short names in ``norm``: a set look-up on each pair of
    characters (ten times faster than one regex alternation of 2,000 names)."""
    _, keys, longest = _short_keys(words_too)
    hits, nxt = [], 0
    for i in _short_pairs(words_too).starts(norm):
        if i < nxt:
            continue
        for n in range(longest, 1, -1):
            if norm[i : i + n] in keys:
                hits.append((i, i + n))
                nxt = i + n
                break
    return hits


def _common_words(candidates: frozenset[str]) -> frozenset[str]:
    """The words of ``candidates`` that jieba's own dictionary (before our place names are added)
    gives a frequency of at least ``_COMMON``; kept in the user cache (``extractor.diskcache``),
    as reading the dictionary's 350,000 lines takes a quarter of a second."""
    jieba = import_jieba()

    path = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    try:
        stat = f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}"  # not its 5 MB hashed each start
    except OSError:
        stat = "no-file"
    key = key_of([jieba.__version__, stat, str(_COMMON), "\n".join(sorted(candidates))])

    def build() -> list[str]:
        out = set()
        with jieba.get_dict_file() as f:
            for raw in f:
                word, _, rest = raw.decode("utf-8").partition(" ")
                if word in candidates and int(rest.split(" ", 1)[0]) >= _COMMON:
                    out.add(word)
        return sorted(out)

    return frozenset(load_or_build("common-words", key, build, fmt="marshal"))


def _short_votes(norm: str, names: list[Place], min_count: int = 2, edges: bool = True) -> list[tuple[int, Division]]:
    """(offset, county) for each short name that only one county has (桦川, 务川), outside the
    full names already found."""
    ok, _, _ = _vote_shorts()
    used = bytearray(len(norm))
    for p in names:
        used[p.start : p.end] = b"\x01" * (p.end - p.start)
    hits = [(s, e) for s, e in _find_shorts(norm, not edges) if not any(used[s:e])]
    if not hits:
        return []
    freq = tokenizer().FREQ

    def word(s: str) -> bool:
        return freq.get(s, 0) > 0

    # 农民丰收节 is not 民丰: a short name whose edge makes a word with the next character is
    # inside another word; one that appears once is too weak to vote.
    kept = [(s, e) for s, e in hits if not edges or (
            not (s > 0 and word(norm[s - 1 : s + 1])) and not (e < len(norm) and word(norm[e - 1 : e + 1])))]
    counts = Counter(norm[s:e] for s, e in kept)
    return [(s, ok[norm[s:e]]) for s, e in kept if counts[norm[s:e]] >= min_count]


def _towns_beside(doc: Doc, pos: int, county: Division) -> bool:
    """Whether a township of ``county`` is named (by its short name) in the sentence at ``pos``."""
    s, e = doc.sentence_span(pos)
    # the county's own short name blanked out: 马尾 is also the name of a township of 马尾区
    sentence = doc.norm[s:pos] + "\0" + doc.norm[pos + len(county.short) : e]
    return any(len(t.short) >= 2 and t.short != county.short and t.short in sentence
               for t in gazetteer().towns(county.code))


def _story_county(doc: Doc, names: list[Place], short_hits, votes: Counter) -> Division | None:
    """A story that never says 全县 or 全市 (a wire story, a village feature) is about the county
    its opening names and the story keeps naming: the county with most of the county votes,
    at least two, named in the title or the first lines."""
    g = gazetteer()
    ranked = sorted(((n, c) for c, n in votes.items() if g.divisions[c].level == "county"), reverse=True)
    if not ranked:
        return None
    n, code = ranked[0]
    if n < 2 or n <= 0.5 * sum(x for x, _ in ranked):
        return None
    lead = (any(p.start < _LEAD and any(_code(c) == code for c in p.candidates) for p in names)
            or any(start < _LEAD and d.code == code for start, d in short_hits))
    title = normalize(doc.title) if doc.title else ""
    d = g.divisions[code]
    return d if lead or (title and (d.name in title or d.short in title)) else None


def _area(scope: Division | None) -> Division | None:
    """The prefecture (or municipality, or province) whose places a document may name bare."""
    if scope is None:
        return None
    g = gazetteer()
    county, city, province = g.chain(scope.code)
    return city or province


def _resolve(places: list[Place], scope: Division | None, norm: str) -> list[Place]:
    """Pick each place's candidate inside the document's area; drop what cannot be placed."""
    g = gazetteer()
    area = _area(scope)
    out = []
    for p in places:
        cands = p.candidates
        inside = [c for c in cands if area is not None and g.within(_code(c), area.code)]
        if inside:
            p.chosen = inside[0]
        elif _as_word(norm, p, out[-1] if out else None):
            continue  # 海拔1000米以上的中山区 outside 大连, 老城区 outside 洛阳: words, not places
        elif any(isinstance(c, Town) for c in cands):
            continue  # a township outside the document's area is a word, not a place (示范村镇)
        elif len(cands) == 1 and not (cands[0].level == "county" and cands[0].needs_context and p.via == "short"):
            p.chosen = cands[0]
        else:
            continue
        out.append(p)
    return out


def _after_parent(p: Place, q: Place | None, resolved: bool = True) -> bool:
    """Whether the place ``q`` before ``p`` (resolved, or any of its candidates) is written right
    before it and holds it (大连市中山区, 安徽省和县)."""
    if q is None or q.end != p.start:
        return False
    g = gazetteer()
    parents = {_code(q.chosen)} if resolved else {_code(c) for c in q.candidates}
    return any(isinstance(c, Division) and any(g.within(c.code, a) for a in parents) for c in p.candidates)


def _as_word(norm: str, p: Place, q: Place | None, resolved: bool = True) -> bool:
    """Whether ``p`` is one of hand.yaml's ordinary names used as a word: not right after a place
    that holds it (``q``, the place before; see ``_after_parent``)."""
    return norm[p.start : p.end] in _ordinary_names() and not _after_parent(p, q, resolved)


def _code(c) -> str:
    return c.county if isinstance(c, Town) else c.code


def _allowed_shorts(scope: Division | None) -> dict[str, list[Division]]:
    """Short names a document may use bare: its own prefecture's counties (a province has too
    many: 新建 would be 新建区), and its own county's (济源 in a text about 济源市, which no
    prefecture holds)."""
    area = _area(scope)
    own = scope is not None and scope.level == "county" and scope.short != scope.name \
        and scope.short not in _ordinary()
    if area is None or (area.level == "province" and area.code not in MUNICIPALITIES):
        return {scope.short: [scope]} if own else {}
    out = {}
    higher = {area.short, area.name}
    for d in _descendants(area):
        if d.level == "county" and d.short != d.name and d.short not in _ordinary() and d.short not in higher:
            out.setdefault(d.short, []).append(d)
    return out


def _descendants(d: Division):
    g = gazetteer()
    for c in g.children.get(d.code, []):
        yield c
        yield from _descendants(c)


def _sections(doc: Doc, places: list[Place], scope: Division | None) -> list[tuple[int, Division | None]]:
    """(start, county or None) wherever a county's section opens or the text returns to the prefecture."""
    g = gazetteer()
    starts = [p.start for p in places]
    shorts = _allowed_shorts(scope)
    markers = tuple(_hand()["prefecture_markers"])
    out, pos = [], 0
    # in a national or provincial text a county's paragraph (天津市滨海新区国家超级计算天津中心，…)
    # opens a section that the next heading closes
    wide = scope is None or scope.level == "province"
    by_paragraph, own = False, frozenset()
    for line in doc.norm.split("\n"):
        start, body = pos, line
        pos += len(line) + 1
        m = _NUMBERING.match(body, None, None, HOLD_GIL)
        lead = m.end() if m else 0
        stripped = body[lead:].strip().rstrip(":：")
        if not stripped:
            continue
        unmarked = not _SENTENCE_MARK.search(stripped, None, None, HOLD_GIL)
        if by_paragraph and wide and unmarked and len(stripped) < 30:
            out.append((start, None))  # a heading
            by_paragraph = False
        if len(stripped) <= 12 and unmarked:
            d = None
            cands = [c for c in g.candidates(stripped) if isinstance(c, Division)] or shorts.get(stripped, [])
            if len(cands) == 1 and cands[0].level == "county":
                d = cands[0]
            if d is not None:
                out.append((start, d))
            continue
        if len(stripped) < 30 or not _CLAUSE_MARK.search(stripped, None, None, HOLD_GIL):
            continue  # captions and short headings do not open a section
        if stripped.startswith(markers):
            if scope is None or scope.level != "county":
                out.append((start, None))
            continue
        begin = start + lead + (len(body[lead:]) - len(body[lead:].lstrip()))  # the paragraph's first character
        subject = _paragraph_subject(doc.norm, places, starts, begin, start + len(line))
        if subject is None and by_paragraph and wide and not _goes_on(doc.norm, begin, start + len(line), own):
            out.append((start, None))  # a paragraph that neither names the county's places nor points back
            by_paragraph = False
        if subject is not None:
            out.append((start, subject))
            by_paragraph = True
            own = _own_names(doc.norm, places, starts, begin, start + len(line), subject)
            if scope is not None and scope.level == "county":
                out.append((pos, None))  # in a county's own document, another county holds one paragraph
    return out


_FIRST_SENTENCE = compiled(r"[。!?！？]")


@derived
def _back_references():
    return compiled(alternation(_hand()["back_references"]))


def _own_names(norm: str, places: list[Place], starts: list[int], begin: int, end: int, county: Division) -> frozenset:
    """The names a county's paragraph gives the county and its places (大方县, 黄泥塘镇)."""
    names = {county.name, county.short} if county.short and county.short not in _ordinary() else {county.name}
    for p in places[bisect_left(starts, begin) : bisect_left(starts, end)]:
        of = _county_of(p.chosen) if p.chosen is not None else None
        if of is not None and of.code == county.code:
            names.add(norm[p.start : p.end])
            town = _TOWN_AFTER.match(norm, p.end, end)  # 大方县黄泥塘镇: its township, named bare later
            if town:
                names.add(town.group())
    return frozenset(n for n in names if len(n) >= 2)


_TOWN_AFTER = compiled(r"\p{Han}{2,5}?(?:镇|乡|街道)")


def _goes_on(norm: str, begin: int, end: int, own: frozenset) -> bool:
    """Whether a paragraph goes on with the county the one before is about: it names the county
    or a place its paragraph named (黄泥塘镇 of 大方县), or points back to it (全县, 这里, 当地)."""
    text = norm[begin:end]
    return any(n in text for n in own) or _back_references().search(norm, begin, end) is not None


def _paragraph_subject(norm: str, places: list[Place], starts: list[int], begin: int, end: int) -> Division | None:
    """The county a paragraph is about: the first place its first sentence names, when that is
    a county (its own province and prefecture may stand before it: 江西省抚州市广昌县) and the
    sentence names no other county or township of another county."""
    first = bisect_left(starts, begin)
    if first == len(starts) or starts[first] >= end:
        return None  # the paragraph names no place
    g = gazetteer()
    stop = _FIRST_SENTENCE.search(norm, begin, end)
    stop = stop.start() if stop else end
    named = [p for p in places[first : bisect_left(starts, stop)] if not _is_media(norm, p)]
    counties = {c.code: c for c in map(_county_of, (p.chosen for p in named)) if c is not None}
    if len(counties) != 1:
        return None  # none, or two counties: the paragraph is not about one
    county = next(iter(counties.values()))
    first_higher = [p for p in named if _county_of(p.chosen) is None and isinstance(p.chosen, Division)]
    if any(not g.within(county.code, p.chosen.code if p.chosen.level != "zone" else p.chosen.parent)
           for p in first_higher):
        return None  # another province or prefecture named: not this county's paragraph
    return county


@dataclass(frozen=True)
class Geography:
    """What a document says about places, found once before the per-mention stages: the division
    it speaks for, the places it names (resolved, in text order) and its county sections."""

    scope: Division | None = None
    places: tuple[Place, ...] = ()
    starts: tuple[int, ...] = ()
    sections: tuple[tuple[int, Division | None], ...] = ()

    @property
    def scope_geo(self) -> Geo:
        return geo_of(self.scope) if self.scope is not None else Geo()


def document_geography(doc: Doc) -> Geography:
    """The document's ``Geography`` (``doc.region`` is the caller's hint, if any). Reads the
    document only."""
    names = find_names(doc)
    scope = document_scope(doc, names, doc.region)
    places = _resolve(names, scope, doc.norm)
    shorts = _resolve(find_shorts(doc, _allowed_shorts(scope), names), scope, doc.norm)
    places = sorted(places + shorts, key=lambda p: p.start)
    sections = _sections(doc, places, scope)
    return Geography(scope, tuple(places), tuple(p.start for p in places), tuple(sections))


def attribute(doc: Doc, mentions: list[Mention], geography: Geography) -> list[Mention]:
    """Set ``geo`` on every mention, in SPEC's order: its clause, its section, the document."""
    default = geography.scope_geo
    area = _area(geography.scope)
    places, sections, scope = list(geography.places), list(geography.sections), geography.scope
    by_start = {p.start: p for p in places}
    heads = [start for start, _ in sections]
    for m in mentions:
        m.geo = (_clause_geo(doc, m, places, geography.starts, area, scope) or _column_geo(m, by_start)
                 or _section_geo(m, sections, heads) or default)
    return mentions


def _column_geo(m: Mention, by_start: dict[int, Place]) -> Geo | None:
    """A table cell under a column headed by a place (counties across the table)."""
    p = by_start.get(m.place_span[0]) if m.place_span else None
    c = _county_of(p.chosen) if p is not None else None
    if c is not None:
        return geo_of(c)
    return geo_of(p.chosen) if p is not None and isinstance(p.chosen, Division) else None


def _contains_scope(p: Place, scope: Division | None) -> bool:
    """A county's own prefecture or province named in its report (在保定市…) does not move a fact."""
    c = p.chosen
    if scope is None or scope.level == "province" or not isinstance(c, Division) or c.level == "county":
        return False
    code = c.parent if c.level == "zone" else c.code
    return code != scope.code and gazetteer().within(scope.code, code)


def _clause_geo(doc: Doc, m: Mention, places: list[Place], starts, area: Division | None,
                scope: Division | None = None) -> Geo | None:
    start = m.group_start if m.group_start is not None else m.start
    s0, _ = doc.sentence_span(start)
    if bisect_left(starts, s0) == bisect_left(starts, start):
        return None  # no place named in the sentence before the figure (its clause lies inside it)
    c0 = clause_start(doc.norm, start)
    here = [p for p in places[bisect_left(starts, c0) : bisect_left(starts, start)] if p.end <= start]
    item = doc.norm.rfind("、", c0, start) + 1
    if item and any(p.start >= item for p in here) and _DIGIT.search(doc.norm, c0, item):
        here = [p for p in here if p.start >= item]  # 尉犁县112.69万亩、库尔勒市109.7万亩: each item its own place
    elif len(here) >= 2:
        here = _respective_place(doc.norm, c0, start, here)
    if not here:
        # The sentence's subject: a place that opens the sentence, else the chain of places an
        # earlier clause of the sentence ends with (记者来到X县Y镇Z村，全村…).
        first = [p for p in places[bisect_left(starts, s0) : bisect_left(starts, s0 + 6)] if p.end <= start]
        before = places[bisect_left(starts, s0) : bisect_left(starts, c0)]
        if first:
            here = _chain_from(before, first[0])
        else:  # in a county's own document an earlier clause's other county is a reference, not the subject
            here = _last_chain(before)
            if scope is not None and scope.level == "county" and not all(
                    gazetteer().within(_code(p.chosen), scope.code) for p in here):
                here = []
    here = [p for p in here if not _is_partner(doc, p, area) and not _contains_scope(p, scope)
            and not _is_media(doc.norm, p) and not _is_neighbor(doc.norm, p)]
    if not here:
        return None
    counties, towns, higher = [], {}, []
    for p in here:
        c = _county_of(p.chosen)
        if c is not None:
            if c.code not in {x.code for x in counties}:
                counties.append(c)
            if isinstance(p.chosen, Town):
                towns[c.code] = p.place
        elif isinstance(p.chosen, Division):
            higher.append(p.chosen)
    examples = (scope is None or scope.level != "county") and _EXAMPLES.match(doc.norm, here[-1].end, start)
    if len(counties) == 1 and not examples:
        return geo_of(counties[0], towns.get(counties[0].code))
    if len(counties) == 1:  # 咸安区大幕乡西山下村等26个村: an example of a group, not the county's fact
        whole = geo_of(counties[0])
        return Geo(None, whole.city, whole.province)
    if len(counties) > 1:
        return _common(counties)
    if higher:
        return geo_of(max(higher, key=_depth))
    return None


def _respective_place(norm: str, c0: int, start: int, here: list[Place]) -> list[Place]:
    """通山县、崇阳县分别完成造林1.2万亩和0.8万亩: the k-th figure after 分别 is the k-th listed
    place's (``here``: the places of the clause before the figure, in text order); ``here`` itself
    when the clause lists no places so, or lists as many figures as places."""
    words, joins = list(_respectively_word().finditer(norm, c0, start)), _join_split()
    if not words:
        return here
    word = words[-1]  # the last 分别 before the figure
    listed = [p for p in here if p.end <= word.start()]
    groups: list[list[Place]] = [[]]
    for a, b in zip(listed, listed[1:] + [None]):
        groups[-1].append(a)
        if b is not None and joins.search(norm, a.end, b.start):
            groups.append([])  # a join between two places opens the next item (a chain stays one)
    k = len(joins.findall(norm, word.end(), start))  # the figures before this one in the list
    n = k + 1 + len(joins.findall(norm, start, clause_end(norm, start)))  # ... and in all
    return groups[k] if len(groups) >= 2 and n == len(groups) else here  # X、Y、Z分别达到100亿元: all three


@derived
def _media_words() -> tuple[str, ...]:
    return tuple(sorted(_hand()["media_after"], key=len, reverse=True))


def _is_media(norm: str, p: Place) -> bool:
    """A place that names a news outlet (香格里拉网讯): a source, not a subject."""
    return norm.startswith(_media_words(), p.end)


_CHAIN_GAP = 6  # characters (a gloss, 的) that may stand between places written as one chain


def _chain_from(before: list[Place], p0: Place) -> list[Place]:
    """``p0`` and the places written right after it (安阳市殷都区都里镇)."""
    chain = [p0]
    for p in before[before.index(p0) + 1 :] if p0 in before else []:
        if p.start - chain[-1].end > _CHAIN_GAP:
            break
        chain.append(p)
    return chain


def _last_chain(before: list[Place]) -> list[Place]:
    """The last run of places written one after another (安阳市殷都区都里镇) among ``before``."""
    if not before:
        return []
    chain = [before[-1]]
    for p in reversed(before[:-1]):
        if chain[0].start - p.end > _CHAIN_GAP:
            break
        chain.insert(0, p)
    return chain


@derived
def _neighbor_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    h = _hand()
    return tuple(h["neighbor_before"]), tuple(h["neighbor_after"])


def _is_neighbor(norm: str, p: Place) -> bool:
    """A place named as a border (东邻沐川县, 西北交峨边彝族自治县, 与屏山县接壤): not the fact's."""
    before, after = _neighbor_words()
    return norm.endswith(before, max(0, p.start - 2), p.start) or norm.startswith(after, p.end)


def _is_partner(doc: Doc, p: Place, area: Division | None) -> bool:
    """A place outside the document's area is a partner or destination (与浙江宁波海曙区…):
    it does not move the fact."""
    if area is None:
        return False
    if gazetteer().within(_code(p.chosen), area.code):
        return False
    return True


def _section_geo(m: Mention, sections: list[tuple[int, Division | None]], heads: list[int]) -> Geo | None:
    """The county of the last section opened at or before the mention (``heads``: the sections'
    starts, in order)."""
    i = bisect_right(heads, m.start) - 1
    current = sections[i][1] if i >= 0 else None
    return geo_of(current) if current is not None else None
