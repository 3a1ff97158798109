"""Name what each number measures: the short indicator phrase from the clause around it, then
its canonical indicator (SPEC ``indicator``, ``indicator_id``).

今年全县新建高标准农田16.07万亩 -> 新建高标准农田; 分别 lists take each item with the shared head
(雷竹、茶叶、中药材种植面积分别达到… -> 茶叶种植面积); ellipsis completes the head (国家级1家、省级9家
-> 新培育省级…龙头企业); two figures of one subject take their unit's name (262笔1138.5万元 -> …笔数,
…金额); a change names the level it changes (比2020年增加37万头 -> 生猪存栏量比2020年增加).
"""
from __future__ import annotations

from bisect import bisect_left

import regex

from .data import HOLD_GIL, alternation, change_verbs, cues, yaml_data
from .document import CLAUSE_DELIMS, Doc, Mention, clause_end, clause_start
from .errors import PatternError
from .indicators import match
from .patternset import derived, remembered
from .regexes import compiled
from .segment import words

_DELIMS = CLAUSE_DELIMS | {":", "："}  # a colon ends a naming clause too: 来源：…
_QUOTES = compiled(r"[“”\"'‘’《》「」『』\s]")
# 截至2021年底, 1-11月份, 1—10月, 1至9月 (111月份: a scan that lost its dash): a time that opens
# a name and is no part of it
# (a year left blank in a form: 20____年)
# a year in figures or in Chinese numerals (一九七○年)
_Y = r"(?:(?:19|20)\d{2}|[一][九][〇○零一二三四五六七八九]{2}|[二][〇○零][〇○零一二三四五六七八九]{2})"
_YEAR_OR_DATE = compiled(r"^(?:截至|到)?(?:(?:" + _Y + r"|(?:19|20)\d?_{1,6})年)?(?:\d{1,3}(?:[-—–~～至到]\d{1,2})?月份?)?(?:底|末|初|以来)?")
_NUMBERISH = compiled(r"[\d.%]")
# a name neither starts nor ends with a list mark or a bracket left open (下辖7个镇、3个乡: 镇, not 镇、;
# 13名中国公民（其中香港居民3人）受伤就医: 受伤就医), nor keeps the marks of places taken out of it
_EDGE_MARKS = compiled(r"^[、，,；;：:/)）]+|[、，,；;：:/(（]+$")
_MARKS_TOGETHER = compiled(r"、{2,}")
_ONE_NOUN = compiled(r"^\p{Han}、?$")  # 7个镇、: all a list's counted item has
# 由2013年的, 从1957年的: the start of a from-to pair, not part of the name
@derived
def _from_year():
    """由/从 and the year or plan period a from-to pair starts at (由2015年的, 由“十二五”末的):
    the time, not the measure."""
    return compiled(rf"[由从](?:{_Y}年(?:末|底)?|[“\"]?(?:{_plan_periods()})[”\"]?(?:时期|期间|期末|末|初)?)?的?(?=.)")


@derived
def _plan_periods() -> str:
    """context.yaml's plan periods (十二五, 六五) as one alternation."""
    return alternation(list(yaml_data("context.yaml")["year"]["plan_periods"]))
# What describes a comparison's base year (比历史上最好的1984年): the comparison is with the year
_BASE_YEAR_MODIFIER = compiled(r"(?<=[比较])[^,;。比较的\d]{1,10}的(?=(?:19|20)\d{2}年)")


@derived
def _to_level():
    """A from-to pair's second figure follows a change verb with 到/至 (下调至2016年的, 下降到): the
    same measure at a later time."""
    to = "|".join(map(regex.escape, cues()["change"]["to_level"][:2]))
    return compiled(rf"^(?:{change_verbs()})?(?:{to})"
                         r"(?:" + _Y + r"年(?:末|底)?)?的?$")


@derived
def _change_verb(anywhere: bool = False):
    return compiled(("" if anywhere else "^") + f"(?:{change_verbs()})")


_AFTER_REMARK = compiled(r"^\s*[(（][^()（）]*[)）]")
_BRACKETS = compiled(r"[(（\[〔【［]")
_FIRST_FIGURE = compiled(r"\d[\d.]*(?![\d.]*年)")  # a figure, not a year
# footnote marks and Latin abbreviations in brackets say nothing of what is measured: 地区生产总值[2](GDP)
_REMARK = compiled(r"[\[〔【［]\d{1,2}[\]〕】］]|[(（][A-Za-z]{2,8}[)）]")
# a name in brackets after a description is the indicator's own name: 占总人口比重(户籍人口城镇化率)
_OWN_NAME = compiled(r"[(（](?P<n>[^()（）\d]{3,12}[率数])[)）]$")
_NUMBER_START = compiled(r"\d")
_MAX = 24
_RELATIVE = {"percent", "percentage_point", "permille", "ratio", "basis_point"}


@derived
def _list_mark():
    """A list number (3、 (二)) or an item mark of context.yaml (● ■ —) opening a phrase."""
    marks = "|".join(map(regex.escape, yaml_data("context.yaml")["layout"]["item_marks"]))
    return compiled(r"^(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．]|[(（](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]"
                         rf"|{marks})")


@derived
def _joins() -> str:
    """naming.yaml's list_joins as a regex character class: [、和及与]."""
    joins = yaml_data("naming.yaml")["list_joins"]
    bad = [w for w in joins if len(w) != 1]
    if bad:
        raise PatternError(f"patterns/naming.yaml: list_joins has {bad[0]!r} (expected single characters)")
    return "[" + "".join(map(regex.escape, joins)) + "]"


@derived
def _join_split():
    return compiled(_joins())


@derived
def _list_item():
    return compiled(_joins() + r"\s*[\d一二三四五六七八九十两]")


def _last_of(text: str, words) -> int:
    """Where the last of ``words`` starts in ``text``, or -1."""
    return max((text.rfind(w) for w in words), default=-1)


@derived
def _data() -> dict:
    d = dict(yaml_data("naming.yaml"))
    for k in ("strip_before", "strip_after", "lead_verbs", "attributes", "predicate_verbs", "purpose_words",
              "after_stops", "after_number_skip", "attribute_verbs", "share_verbs", "part_leads", "elided_subject_leads",
              "report_lead_verbs", "predicate_openers", "bare_sums", "figure_rates", "duration_within",
              "implicit_level_verbs"):
        d[k] = tuple(sorted(d[k], key=len, reverse=True))  # tuples: str.startswith takes them whole
    d["attribute_set"] = frozenset(d["attributes"])
    d["measure_heads_longest"] = tuple(sorted(d["measure_heads"], key=len, reverse=True))
    d["topic_attributes"] = frozenset(d["topic_attributes"])
    d["trailing_adverbs"] = frozenset(d["trailing_adverbs"])
    d["threshold_marks"] = tuple(d["threshold_marks"])
    return d


def _clause_start(norm: str, pos: int) -> int:
    return clause_start(norm, pos, _DELIMS)


def _clause_end(norm: str, pos: int) -> int:
    return clause_end(norm, pos, _DELIMS)


@derived
def _lead_verb():
    """The run of naming.yaml's lead verbs (longest first) that opens a phrase (引进培育)."""
    return compiled(f"(?:{alternation(_data()['lead_verbs'])})+")


@derived
def _strippers():
    """(front words, back words, the back words a change keeps its verb with). The back words
    are searched from the end ((?r)): the first that ends the text, longest first. A qualifier's
    cue or a filler before the number (不少于, 控制在: cues.yaml) ends no phrase, a change's
    either (涨幅控制在3%左右 names 涨幅)."""
    front = compiled(f"(?:{alternation(_data()['strip_before'])})")
    back = compiled(f"(?r)(?:{alternation(_back_words())})$")
    return front, back, compiled(f"(?r)(?:{alternation(_said_before())})$")


@derived
def _before_change():
    """naming.yaml's before_change words right before a change's comparison or verb."""
    c = cues()["change"]
    return compiled(rf"(?:{alternation(_data()['before_change'])})"
                         rf"(?=(?:{alternation(c['comparison'] + c['basis'])})?(?:{change_verbs()}))")


@derived
def _said_before() -> frozenset[str]:
    """What may stand between a phrase and its number without naming anything: a qualifier's
    cue and a filler (cues.yaml)."""
    c = cues()
    return frozenset([w for pos in c["qualifier"].values() for w in pos["before"]] + list(c["filler"]))


@derived
def _back_words() -> frozenset[str]:
    """The words trimmed from the end of a phrase: naming.yaml's strip_after and ``_said_before``."""
    return frozenset(_data()["strip_after"]) | _said_before()


@derived
def _reckoning():
    """naming.yaml's reckoning remarks in brackets: (初步核算数) says how, not what."""
    return compiled(rf"[(（](?:{alternation(_data()['reckoning_remarks'])})[)）]")


@derived
def _share_of():
    """The 的 between a share's whole and its share word (占总人口的比重)."""
    d = _data()
    return compiled(rf"(?<=(?:{alternation(d['share_verbs'])})[^的，,。；;]{{1,16}})的(?=(?:{alternation(d['share_words'])}))")


def _cap(text: str) -> str:
    """The last ``_MAX`` characters of a long phrase, and the rest of a word they cut (公共预算收入…,
    not 共预算收入…).

    >>> _cap("一般公共预算收入扣除政策性减收和一次性收入因素同比增长")
    '公共预算收入扣除政策性减收和一次性收入因素同比增长'
    """
    if len(text) <= _MAX:
        return text
    cut = len(text) - _MAX
    for _, s, e in words(text):
        if s <= cut < e:
            return text[s:]
    return text[cut:]


def _tidy(phrase: str) -> str:
    """``phrase`` without list marks or open brackets at its edges, nor two list marks together,
    nor a respectively word (出口额分别增长: 出口额增长; 分别 says how figures pair, not what they measure)."""
    if "、、" in phrase:
        phrase = _MARKS_TOGETHER.sub("、", phrase)
    if _says_respectively(phrase, 0, len(phrase)):
        for w in _data()["respectively"]:
            phrase = phrase.replace(w, "")
    if "的" in phrase and _share_of().search(phrase):
        phrase = _share_of().sub("", phrase)  # 占地区生产总值的比重: 占地区生产总值比重, as 占GDP比重 reads
    if phrase.startswith(_data()["report_lead_verbs"]):
        rest = phrase[len(next(v for v in _data()["report_lead_verbs"] if phrase.startswith(v))) :]
        if any(w in rest for w in _data()["reported_measures"]):
            phrase = rest  # 完成粮食产量10.9万吨: 粮食产量 (but 完成造林绿化面积, 完成投资 keep their verb)
    return _EDGE_MARKS.sub("", phrase)


@remembered()  # half of the looks repeat one made before (a document's phrases recur in the next)
def _trim(text: str, keep_change: bool = False) -> str:
    """Trim discourse words, years and places from the front, report verbs from the back."""
    front, back, change_back = _strippers()
    text = _QUOTES.sub("", text, 0, None, None, HOLD_GIL)
    if _BRACKETS.search(text):  # every remark is in brackets
        text = _reckoning().sub("", _REMARK.sub("", text))
    if not keep_change:
        fy = _from_year()
        text = fy.sub("", text, 0, None, None, HOLD_GIL) if fy.search(text, 2, None, HOLD_GIL) else text
    else:
        text = _BASE_YEAR_MODIFIER.sub("", text) if "的" in text else text
        text = _before_change().sub("", text)  # 预计同比增长: 同比增长
    kept = ""  # 累计: trimmed, and put back before a phrase that names something
    while text:
        mark = _list_mark().match(text, None, None, HOLD_GIL)
        if mark:
            text = text[mark.end():]
            continue
        y = _YEAR_OR_DATE.match(text, None, None, HOLD_GIL)
        if y and y.end() and (y.end() > 1 or _at_word_edge(text, 1)):  # 到年底 goes, 到位资金 stays
            text = text[y.end():]
            continue
        w = front.match(text, None, None, HOLD_GIL)
        if w and (w.end() > 1 or _at_word_edge(text, 1)):  # one character may start a word: 共享, 还原
            kept = w.group() if w.group() in _data()["kept_front"] else kept
            text = text[w.end():]
            continue
        break
    adverbs = _data()["trailing_adverbs"]
    while text:
        w = (change_back if keep_change else back).search(text, None, None, HOLD_GIL)
        if w and w.start() > 0 and not (w.end() - w.start() == 1 and (_stage_end(text) < w.start()
                                                                       or text[: w.end()].endswith(_data()["lead_verbs"]))):
            text = text[: w.start()]  # (not the 约 of a stage verb: 完成签约 is no 约, about; nor the 达 of 下达)
        elif len(text) > 1 and text[-1] in adverbs and _at_word_edge(text, len(text) - 1):
            text = text[:-1]  # 办结率均: 办结率 (but 平均, 人均)
        elif text.endswith(_YEAR_ENDS) and (y := _TRAILING_YEAR.search(text)) and y.start() > 1:
            text = text[: y.start()]  # 粮食单产1972年超过400公斤: 粮食单产 (but 比1984年 keeps its year)
        else:
            break
    own = _OWN_NAME.search(text, None, None, HOLD_GIL)
    text = own.group("n") if own else text
    named = kept and _has_noun(text) and text not in _back_words()  # 累计完成 names no more than 完成
    named = named and not any(w in text for w in _data()["kept_front_not_with"].get(kept, ()))
    return _cap(kept + text if named else text)


def _at_word_edge(text: str, pos: int) -> bool:
    """Whether ``pos`` falls between two words of ``text`` (共享 is not 共 + 享)."""
    return pos in (0, len(text)) or any(s == pos for _, s, _ in words(text))


def _strip_places(doc: Doc, start: int, end: int) -> int:
    """Move ``start`` past place names that open the span (通山县, 嘉鱼县潘家湾镇)."""
    moved = True
    while moved:
        moved = False
        for p in getattr(doc, "places", ()):
            if p.start == start and p.end <= end:
                start, moved = p.end, True
    return start


def name_indicators(doc: Doc, mentions: list[Mention], geography) -> list[Mention]:
    """Set ``indicator`` and ``indicator_id`` on every mention."""
    norm = doc.norm
    ordered = sorted(mentions, key=lambda m: m.start)
    state = _State()
    d = _data()
    part_leads, attributes, heads, marks = d["part_leads"], d["attribute_set"], d["measure_heads"], \
        d["other_measure_marks"]
    any_mark = _any_measure_mark()
    prev_after = ""  # the noun after the figure before (7个镇 -> 镇)
    joins = tuple(d["list_joins"])
    for i, m in enumerate(ordered):
        start = m.group_start if m.group_start is not None and m.source == "ellipsis" else m.start
        c0 = _clause_start(norm, start)
        if c0 == 0 or norm[c0 - 1] == "\n":
            c0 += _run_in_heading(doc, c0, start)  # 林业资源 全县林业用地总面积156058.7公顷: a heading
        s0, _ = doc.sentence_span(start)
        prev = ordered[i - 1] if i else None
        if prev is None or (prev.end <= s0 and not norm[s0:start].lstrip().startswith(part_leads)):
            state = _State()  # a new sentence (one that opens with 其中 goes on with the one before)
        elif state.parent and ";" in norm[prev.end : start] and len(norm[c0:start].strip()) > 4 \
                and not norm[c0:start].lstrip().startswith(part_leads):
            # …，其中博士8人，硕士16人；全县共新改造农户厕所370户: the parts end at a ；that opens more
            # than a part's name (…；秋粮68.53万吨 is one more part)
            state.parent = state.parent_quantity = None
        in_clause = prev if prev is not None and c0 < prev.end <= start else None
        before = _without_places(doc, geography, prev.end if in_clause else c0, start)
        if not in_clause and not before.strip() and c0 > s0 and norm[c0 - 1] in ":：":
            # 年末常住人口: 52.3万人: a label and its figure
            before = _without_places(doc, geography, _clause_start(norm, c0 - 1), c0 - 1)
        # a figure directly followed by another of the same subject (15户53人纳入…) shares what follows
        j = i
        while j + 1 < len(ordered) and ordered[j + 1].start == ordered[j].end:
            j += 1
        nxt = ordered[j + 1].start if j + 1 < len(ordered) else len(norm)
        after = _after_noun(norm, ordered[j], nxt)
        if after and j + 1 < len(ordered) and ordered[j + 1].unit.quantity == "count" \
                and nxt < _clause_end(norm, ordered[j].end) and norm.startswith(d["threshold_marks"], ordered[j].end) \
                and _has_noun(_trim(before)):
            after = ""  # 年销售收入500万元以上的企业32家: 500万元 bounds the firms it does not count
        if after and _is_place(geography, norm, ordered[j].end, after):
            after = ""  # 牲畜出栏率49.74%阿拉善盟 (a title, then its place): a place counts nothing
        if in_clause and after and prev_after and before.rstrip().endswith(joins) \
                and before.strip("".join(joins) + " ") == prev_after:
            # 下辖7个镇、3个乡: 镇 is the figure before's own noun; 3个乡 is counted under its verb
            verb = prev.indicator[: -len(prev_after)] if prev.indicator and prev.indicator.endswith(prev_after) else ""
            before = verb + "、"
        prev_after = after if j == i else ""
        if m.heading:
            phrase = m.heading  # a table cell is what its column (or row) heading names
        else:
            phrase = _phrase(doc, m, before, in_clause, state, (c0, start), after, s0, geography)
        # the figure before ends the sentence right before this one, whose first clause this figure is in
        carried = c0 == s0 and prev is not None and prev.indicator and prev.end <= s0 \
            and doc.sentence_span(prev.end)[1] >= s0 - 1
        if carried and not phrase and not after and before.strip() and prev.unit.unit == m.unit.unit \
                and m.unit.quantity not in _RELATIVE and not m.change and not prev.change \
                and _trim(before) in ("", *_back_words()):
            phrase = prev.indicator  # 粮食单产…超过400公斤。1975年超500公斤: the measure of the sentence before
        if carried and m.change and phrase and not _has_noun(phrase):
            # …比上年增长2.5%。比1978年增长10.6%: a change that opens a sentence is of the measure before
            phrase = _changed(_unchanged(prev.indicator) if prev.change else prev.indicator, phrase)
        if phrase:
            phrase = _tidy(phrase).strip()  # (分别增长 30.2%: a PDF's space is no part of a name)
        if phrase in d["topic_attributes"] and c0 > s0:
            phrase = _topic(norm, s0) + phrase  # 早稻喜获丰收，面积1807.2万亩: 早稻面积
        m.indicator = phrase or None
        # 其中出口58亿美元 under 进出口总额: a part takes the id of what it names itself (exports), never
        # its whole's (夏粮 of 粮食总产 has none); a figure per 千人口 only that of a ratio
        named = state.own or phrase
        if m.change and phrase and state.level and state.subject and state.subject != state.level \
                and phrase.startswith(state.level):
            named = state.subject + phrase[len(state.level):]  # 出口增长26%: the change of the part
        # the clause is read for the measure only when the phrase names none itself (产量, 面积):
        # 三桠263亩 after 油茶5118亩 is no 油茶 area
        says_nothing = not named or named in attributes or named in heads
        ind = match(named, m.unit.quantity, norm[c0:start] if says_nothing else "")
        per = next((w for w in marks if w in phrase), None) if phrase and any_mark.search(phrase, None, None, HOLD_GIL) else None
        if ind is not None and per and not any(per in syn for syn in ind.synonyms):
            ind = None
        m.indicator_id = ind.id if ind else None
        if not m.change and phrase and m.unit.quantity not in _RELATIVE and not _in_brackets(norm, m):
            state.level = phrase  # a change names the last absolute figure, not a share
            state.level_quantity = m.unit.quantity
            state.subject = state.own or phrase  # 其中城镇人口: the part, without its whole
            state.levels.append(phrase)
        elif not m.change and phrase and m.unit.quantity == "percent":
            state.share = phrase  # a change in 个百分点 names the last share
        state.own = None
        state.last = m
    return mentions


@derived
def _any_measure_mark():
    """Any of naming.yaml's other_measure_marks (每千人口, 标准): most phrases have none."""
    return compiled(alternation(_data()["other_measure_marks"]))


class _State:
    """What earlier figures of the sentence said: the last one, the last level, a 其中 parent."""

    def __init__(self):
        self.last: Mention | None = None
        self.level: str | None = None
        self.level_quantity: str | None = None  # what the last level measures (area, count, …)
        self.levels: list[str] = []
        self.parent: str | None = None
        self.parent_quantity: str | None = None
        self.subject: str | None = None  # the last level's own phrase (a 其中 part without its whole)
        self.own: str | None = None
        self.share: str | None = None
        self.paired: set[str] = set()  # phrases given a pair suffix (…笔数, …金额)

    def level_of(self, phrase: str) -> str:
        """The level a change refers to: a paired figure's name without its pair suffix."""
        return _level(phrase) if phrase in self.paired else phrase


def _changed(level: str, said: str) -> str:
    """The name of a change of ``level`` that ``said`` states: 年末常住人口 + 比上年末减少 ->
    常住人口比上年末减少 (the comparison says the time; naming.yaml kept_front_not_with)."""
    for kept, words in _data()["kept_front_not_with"].items():
        if level.startswith(kept) and len(level) > len(kept) + 1 and any(w in said for w in words):
            level = level[len(kept):]
    return _cap(level + said)


def _in_brackets(norm: str, m: Mention) -> bool:
    """A figure in brackets after another (23576元(折合3418美元), (任务14815亩)) is a side note."""
    if norm[m.end : m.end + 1] not in (")", "）"):
        return False
    before = norm[max(0, m.start - 6) : m.start]
    at = max(before.rfind("("), before.rfind("（"))
    return at >= 0 and not any(c in before[at:] for c in ")）")


def _without_places(doc: Doc, geography, start: int, end: int) -> str:
    """The text from ``start`` to ``end`` with the place names in it left out."""
    places = geography.places
    out, pos = [], start
    i = bisect_left(geography.starts, start)
    while i < len(places) and places[i].start < end:
        p = places[i]
        if p.end <= end:
            out.append(doc.norm[pos : p.start])
            pos = p.end
        i += 1
    out.append(doc.norm[pos:end])
    return "".join(out)


def _opening_place_end(doc: Doc, geography, start: int) -> int:
    """Where a place name that opens the text at ``start`` (within a few characters) ends; ``start``
    when none does."""
    if geography is None:
        return start
    places = geography.places
    i = bisect_left(geography.starts, start)
    if i < len(places) and places[i].start <= start + 3 and not doc.norm[start : places[i].start].strip("，,；; "):
        return places[i].end
    return start


def _is_place(geography, norm: str, start: int, text: str) -> bool:
    """Whether ``text``, found a few characters after ``start``, is all a place's name."""
    places = geography.places
    i = bisect_left(geography.starts, start)
    while i < len(places) and places[i].start <= start + 3:
        if norm[places[i].start : places[i].end] == text:
            return True
        i += 1
    return False


def _head(text: str) -> str:
    """The head noun of a long phrase: what follows 等 (…等高校高层次人才) or the last 的."""
    for mark in ("等", "的"):
        if mark in text[:-2]:
            at = text.rindex(mark)
            if mark == "等" and any(at >= w.index("等") and text.startswith(w, at - w.index("等"))
                                   for w in _data()["words_with_deng"]):
                continue  # 高等学校, 中等职业学校: a word's own 等
            if mark == "的" and text.startswith(tuple(_data()["share_words"]), at + 1):
                # 占地区生产总值的比重 (上升3.82个百分点): the share needs its whole
                text = text[:at] + text[at + 1 :]
                continue
            text = text[at + 1 :]
    return text


def _phrase(doc: Doc, m: Mention, before: str, prev: Mention | None, st: "_State",
            span: tuple[int, int], after: str, s0: int, geography=None) -> str:
    """The phrase the figure ``m`` names: ``before`` it in its clause (``span``: the clause's start
    and where the figure's reading starts; ``s0``: its sentence's start), ``after`` it, and what the
    sentence's earlier figures said (``st``); ``geography`` says where places are named."""
    d = _data()
    c0 = span[0]
    clause = doc.norm[c0 : span[1]]
    last = st.last
    sep = before.strip("".join(d["list_joins"]) + " ")
    if sep != before.strip() and before.strip().endswith(d["lead_verbs"]):
        sep = before.strip().lstrip("".join(d["list_joins"]) + " ")  # 惠及4.32亿…: the 及 of a verb stays
    trimmed, lead_verb = _named(sep, m.change)
    if prev is not None and (before == "" or _pair_across_join(doc, m, prev, before, after, c0)):
        # 262笔1138.5万元 (or 291户、943人): one subject, two figures
        base = prev.indicator_base or prev.indicator or ""
        m.indicator_base = base
        suffix = d["pair_suffix"].get(m.unit.base_unit, "")
        if base and suffix and prev.indicator == base:
            prev.indicator = base + d["pair_suffix"].get(prev.unit.base_unit, "")
            st.paired.add(prev.indicator)
            if prev.indicator != base:  # 低保对象1580户2746人: the first is now 低保对象户数, households
                ind = match(prev.indicator, prev.unit.quantity)
                prev.indicator_id = ind.id if ind else prev.indicator_id
        if base and suffix:
            st.paired.add(base + suffix)
        return (base + suffix) if base else after
    if prev is not None and prev.indicator and _to_level().match(before.strip()):
        return prev.indicator  # 由2013年的83.29%上调至2016年的98.13%: the same measure, later
    if prev is not None and m.unit.quantity == "count" and prev.unit.quantity not in _RELATIVE \
            and geography is not None and doc.norm.startswith(d["threshold_marks"], prev.end):
        # 扶贫对象在2万人以上的县有8个: the counties of that bound, from the start of its list item
        # (实施重点项目1900个、投资2000万元以上的技改项目3000个); not 其中500万元以上的2350个
        item = max(c0, doc.norm.rfind("、", c0, prev.start) + 1)
        counted = _trim(doc.norm[prev.end : m.start].lstrip("".join(d["threshold_marks"])))
        bounded = _trim(_without_places(doc, geography, item, m.start))
        if counted and _has_noun(bounded[: -len(counted)]):
            return _cap(bounded)
    borrowed = _borrowed(doc, m, c0)
    if borrowed:
        return borrowed
    opener = _opener(sep.lstrip()) if st.level and m.unit.quantity == "percent" and not m.change else ""
    if opener:
        # 第一产业增加值134.84亿元，增长1.7%，对地区生产总值增长的贡献率为25.2%: the level's subject
        said, subject = _trim(sep.lstrip()[len(opener) :]), _subject(st.level)
        if said.endswith(tuple(d["share_words"])) and subject and subject != st.level:
            return _cap(subject + opener + said)
    if m.change and m.unit.quantity == "percentage_point" and st.share and not _has_noun(trimmed):
        return _cap(st.share + _trim(sep, keep_change=True))  # …占比…，下降14.84个百分点
    share = _share(m, sep, trimmed, d)
    if share is not None:
        if _before_share(share):
            return _cap(share)  # 低山河谷区占12.7%
        if st.subject:
            return _cap(st.subject + share)  # 城镇人口12.82万人，占总人口的25.7%
    # the figure just before, in this clause or the one before it (面积42.37万亩，产量13.16万吨)
    near = last if last is not None and last.indicator and doc.norm[last.end : m.start].count(",") <= 1 \
        and len(doc.norm[last.end : m.start]) <= len(before) + 4 else None
    if near is not None and _is_modifier(trimmed):
        return _complete(near.indicator, trimmed)
    verb = next((v for v in d["attribute_verbs"] if trimmed.startswith(v)), "") \
        if trimmed.startswith(d["attribute_verbs"]) else ""
    owned = bool(after) and doc.norm.startswith("的", m.end)  # 总投资10亿元的钼尾矿综合利用项目: its own subject
    if near is not None and not owned \
            and (trimmed in d["attribute_set"] or (verb and trimmed[len(verb):] in d["attribute_set"])):
        # 采收面积38108.3亩，同比下降5.65%，产量29967.0吨: the subject of the level, not of its change
        base = st.level if (near.change or near.unit.quantity in _RELATIVE) and st.level else near.indicator
        cut = _stage_end(base)  # 实施重点项目60个，开工52个，完成投资38亿元: the projects' investment
        return _producer(_subject(base[:cut] if cut >= 2 else base)) + trimmed
    rated = near or (last if last is not None and last.indicator and doc.norm[last.end : m.start].count(",") <= 1
                     else None)
    if rated is not None and not m.change and m.unit.quantity == "percent" and trimmed in d["figure_rates"] \
            and rated.unit.quantity not in _RELATIVE:
        # 完成77个村庄规划编制数据入库工作，完成率97.47%: the rate of what the figure before counts
        counted = _counted(rated.indicator)
        verb = _purpose_lead().match(counted)
        counted = counted[verb.end():] if verb and len(counted) - verb.end() >= 2 else counted
        counted = counted.removesuffix("工作") if len(counted) > 4 else counted
        if _has_noun(counted) and not counted.endswith(trimmed[:-1]):  # (…达标 + 达标率: no rate of a rate)
            return _cap(counted + trimmed)
    if near is not None and not m.change and not after and _stages()[0].fullmatch(trimmed) \
            and (near.unit.base_unit == m.unit.base_unit or (m.unit.quantity == "percent"
                                                              and trimmed.endswith(tuple(d["stage_rates"])))):
        counted = _counted(near.indicator)
        if len(counted) >= 2 and _has_noun(counted):
            return _cap(counted + trimmed)  # 引进亿元以上项目38个，开工31个: 亿元以上项目开工
    if (prev is None or before.lstrip().startswith(("(", "（"))) and last is not None and last.indicator \
            and _in_brackets(doc.norm, m):
        word = _trim(sep.lstrip("(（ "))
        return (st.level or last.indicator) + word if len(word) <= 3 else word  # 23576元(折合3418美元)
    # (其中企业410.1万户、增长7.7%: the change of the part just named, not another part)
    change_of_part = m.change and not _has_noun(trimmed) and st.level and prev is not None and prev.end > c0
    if last is not None and not change_of_part and (
            clause.lstrip().startswith(d["part_leads"]) or _after_part_lead(doc.norm, c0)
                             or (st.parent and 0 < len(trimmed) <= 4 and not lead_verb
                                 and not (m.change and not _has_noun(trimmed)))):
        if not st.parent:
            st.parent = st.level_of(st.level or (_unchanged(last.indicator) if last.change else last.indicator) or "")
            st.parent_quantity = st.level_quantity if st.level else last.unit.quantity
        # 其中博士8人，硕士16人: parts of the figure before; 其中通山县3座: the same figure, in part;
        # 其中城镇人口12.82万人: a part that names its measure stands alone; 粮食总产45万吨，其中夏粮
        # 12万吨: the part with its whole's attribute (夏粮总产); 蓄水能力5.7亿立方米，其中水库445座:
        # a part that measures something else than its whole is no part of that measure
        other = not m.change and st.parent_quantity and m.unit.quantity != st.parent_quantity \
            and not {m.unit.quantity, st.parent_quantity} & _RELATIVE
        if trimmed and (_names_measure(trimmed) or _subject(trimmed) != trimmed or (other and _has_noun(trimmed))
                        or (m.change and _has_noun(trimmed))):
            return trimmed  # 其中城镇人口, 其中专项补助资金, 其中国营商业增长12%: the part says its measure
        st.own = trimmed or None
        attribute = st.parent[len(_subject(st.parent)):]
        if attribute and attribute != st.parent and _has_noun(trimmed) and attribute not in trimmed:
            return _cap(trimmed + attribute)
        return _cap(st.parent + "中" + trimmed) if trimmed else st.parent
    listed = _change_list(clause, m, doc.norm) if m.change and not _has_noun(trimmed) else None
    if listed is not None:
        # 接待游客…，实现旅游综合收入…，分别增长15.2%和12.6% (or 增长8%、9.5%): the k-th change of
        # the k-th figure
        k, n = listed
        if len(st.levels) >= n:
            # 同比分别增长 -> 同比增长, 分别比1957年增加 -> 比1957年增加: the clause's own comparison
            said = _FIRST_FIGURE.split(clause, 1)[0]
            for w in d["respectively"]:
                said = said.replace(w, "")
            said = said if said and not _has_noun(said) and _change_verb(anywhere=True).search(said) else (
                "增长" if m.direction == "up" else "下降")
            return _changed(st.level_of(st.levels[-n + k]), said)
    if m.change and st.level and not _has_noun(trimmed) and _says_respectively(doc.norm, c0, m.start):
        items = _respectively(doc, m, c0 if span[1] == m.start else None, geography)
        if items:
            return items  # 第一、第三产业增加值分别增长3.1%、5.1%: the 5.1% is 第三产业's, not the level's
    if m.change and st.level and not _has_noun(trimmed):
        # 较2020年增加100万元, 增幅1.14%: the change of the figure before
        said = _trim(sep, keep_change=True)
        opening = _FIRST_FIGURE.split(clause, 1)[0]
        if listed is not None and not _change_verb(anywhere=True).search(said) and not _has_noun(opening) \
                and _change_verb(anywhere=True).search(opening):
            said = _trim(opening, keep_change=True)  # …45万吨，增长3%、5%: the 5% is a 增长 too
        return _changed(st.level_of(st.level), said)
    items = _respectively(doc, m, c0 if span[1] == m.start else None, geography)
    if items:
        return items
    if not trimmed and not after and (st.parent or st.level) and _last_of(doc.norm[doc.sentence_span(m.start)[0] : m.start], d["part_leads"]) >= 0:
        st.parent = st.parent or st.level_of(st.level)
        return st.parent  # 其中:尉犁县112.69万亩、库尔勒市109.7万亩: the whole, by place
    if after and m.unit.quantity == "money" and after.startswith(d["purpose_words"]):
        after = ""
    if after:
        if trimmed in _said_before() or trimmed in d["sum_words"]:
            trimmed = ""  # 约200人受伤, 有8名台商…: a qualifier, filler or sum before the figure names nothing
        if after.startswith(d["predicate_verbs"]):
            phrase = trimmed + after  # 困难群众640户纳入城乡低保
        elif owned and (trimmed in d["attribute_set"] or (verb and trimmed[len(verb):] in d["attribute_set"])):
            # 面积2万亩的蔬菜基地: 蔬菜基地面积 (…田间工程和投资1070万元的…: the next item's words go)
            said = trimmed[len(verb):]
            owner = after[: -len(trimmed)].rstrip("".join(d["list_joins"])) if after.endswith(trimmed) else after
            phrase = verb + _drop_lead(owner) + said
        elif m.unit.quantity == "money" and len(trimmed) <= 4:
            phrase = _drop_lead(after) + trimmed  # 投入2600万元建设…项目
        elif trimmed.endswith(after):
            phrase = trimmed  # 总人口52万人口: the noun after says what the words before did
        else:
            phrase = (trimmed if len(trimmed) <= 4 else lead_verb) + after  # 打造…等8个茶旅融合项目
        m.indicator_base = phrase
        return _cap(phrase)
    prev_clause = doc.norm[_clause_start(doc.norm, c0 - 1) : c0 - 1] if lead_verb and trimmed == lead_verb \
        and c0 > s0 else ""
    if prev_clause:
        # 省级龙头企业达到120家，今年新增15家: a bare verb counts the subject of the clause before
        subject = _trim(_NUMBER_START.split(prev_clause, 1)[0])
        stop = _after_stops().search(subject)
        subject = subject[: stop.start()] if stop else subject
        if len(subject) >= 2 and not _NUMBERISH.search(subject):
            return _cap(lead_verb + _counted(subject))  # 新建服务中心30个，建成24个: 建成服务中心
    if len(trimmed) <= 1 and last is not None and last.indicator:
        return last.indicator  # 全县改造农户厕所370户，达3.2万户
    if (not trimmed or trimmed in _back_words()) and not after and last is None and c0 > s0:
        subject = _measure_before(doc.norm, c0, s0)
        if subject:
            return subject  # 粮食单产“跨黄河”，超过250公斤: the measure the clause before names
    if trimmed in _back_words():
        # 全县改造农户厕所370户，达到44386户: a phrase that is only a verb names nothing, so the
        # figure before it says what is counted; after a change (年均增长7%，达到110亿元) its level;
        # with none before ((通山县、崇阳县)分别达到100亿元), no name
        if last is None or not last.indicator:
            return ""
        return _unchanged(last.indicator) if last.change else last.indicator
    spent = _spent_on(doc.norm, m) if m.unit.quantity == "money" and trimmed in d["bare_sums"] and not after else ""
    if spent:
        return _cap(spent + trimmed)  # 投资430余万元，完成四好农村路10条: 四好农村路投资
    # (not a share, an amount or a total: 新增造林2万亩、森林覆盖率45%; 实施项目12个、当年投资3亿元;
    # 新增高速公路30公里、总里程260公里)
    listed = prev is not None and not lead_verb and trimmed and m.unit.quantity not in _RELATIVE | {"money"} \
        and not trimmed.startswith((*d["totals"], *d["kept_front"]))
    # (the first item's verb read past a place that opens it: 市中区引进培育国家级示范合作社3个、龙头企业24家)
    verb = _list_verb(clause[_opening_place_end(doc, geography, c0) - c0 :], before, d) if listed else ""
    if verb and not trimmed.startswith(verb):
        trimmed = _cap(verb + trimmed)  # 建成安置房6617套、通村水泥路375.5公里: 建成通村水泥路
    m.indicator_base = trimmed
    return trimmed


_YEAR_ENDS = ("年", "年末", "年底", "年初")
# a year that ends a phrase, not one a comparison or a span ends with (比1984年, 到2020年)
_TRAILING_YEAR = compiled(r"(?<![比较与和同至到于从由自在前后以是为~—-])" + _Y + r"年(?:末|底|初)?$")
_YEAR_IN = compiled(_Y + r"年")
_SLOGAN = compiled(r"[“\"][^”\"，,。；;]{1,10}[”\"]")


def _measure_before(norm: str, c0: int, s0: int) -> str:
    """The measure the clause before ``c0`` names, when it names one and holds no figure
    (1965年全县粮食单产“跨黄河”， -> 粮食单产: its quoted slogan says nothing measured); '' if not."""
    d = _data()
    text = _YEAR_IN.sub("", _SLOGAN.sub("", norm[max(s0, _clause_start(norm, c0 - 1)) : c0 - 1]))
    if _FIRST_FIGURE.search(text):
        return ""
    subject = _trim(text)
    return subject if 2 < len(subject) <= _MAX and subject.endswith((*d["attributes"], *d["measure_heads"])) else ""


_MORE = compiled(r"\s*(?:余|多)?\s*[,，]")


def _spent_on(norm: str, m: Mention) -> str:
    """What a bare sum (投资430余万元，) is spent on: the noun the next clause opens with a lead
    verb (，完成四好农村路10条 -> 四好农村路), up to its figure or its end; '' if none."""
    more = _MORE.match(norm, m.end)
    if more is None:
        return ""
    c0, c1 = more.end(), _clause_end(norm, more.end())
    text = norm[c0:c1].strip()
    verb = _lead_verb().match(text) or _purpose_lead().match(text)
    if verb is None:
        return ""
    text = _FIRST_FIGURE.split(text[verb.end():].removeprefix("了"), 1)[0]  # 完成了新华街东延
    text = _QUOTES.sub("", text).strip("、，, ")
    return text if 2 <= len(text) <= 16 and _has_noun(text) else ""


@derived
def _purpose_lead():
    return compiled(alternation(_data()["purpose_leads"]))


def _list_verb(clause: str, before: str, d: dict) -> str:
    """The lead verb of a list's first item when ``before`` (the text after the figure before, in
    the same clause) opens the next item: 建成移民搬迁安置房6617套、通村水泥路375.5公里."""
    if not before.lstrip().startswith(tuple(d["list_joins"])):
        return ""
    return _named(_FIRST_FIGURE.split(clause, 1)[0].strip(), False)[1]


def _pair_across_join(doc: Doc, m: Mention, prev: Mention, before: str, after: str, c0: int) -> bool:
    """全村291户、943人: two counts of one subject with a join between, as 1272户2140人 without
    one. Not a list (税收收入、实际利用外资分别完成4.3亿元、76万美元; 粮食播种面积和产量保持在
    1000万亩、400万吨), nor a figure with a noun of its own (77户、168名贫困人口)."""
    d = _data()
    return (before.strip() in d["list_joins"] and not after and prev.unit.base_unit != m.unit.base_unit
            and prev.unit.base_unit in d["pair_suffix"] and m.unit.base_unit in d["pair_suffix"]
            and not _join_split().search(prev.indicator or "")
            and not _says_respectively(doc.norm, c0, m.start))


@remembered()
def _named(sep: str, change: bool) -> tuple[str, str]:
    """(the phrase ``sep`` names, trimmed to its head; the lead verb it opens with, or '')."""
    trimmed, d = _trim(sep, keep_change=change), _data()
    for v in d["attribute_verbs"]:  # 农业实现产值, 第一产业实现增加值: the subject's attribute
        at = trimmed.find(v, 1)
        if at > 0 and trimmed[at + len(v) :] in d["attribute_set"] and trimmed[at:] not in d["attribute_verb_terms"]:
            trimmed = trimmed[:at] + trimmed[at + len(v) :]
            break
    lv = _lead_verb().match(trimmed, None, None, HOLD_GIL)
    lead_verb = lv.group() if lv else ""
    if lead_verb and trimmed.startswith("了", len(lead_verb)) and len(trimmed) > len(lead_verb) + 2:
        trimmed = lead_verb + trimmed[len(lead_verb) + 1 :]  # 完成了通村公路硬化: 完成通村公路硬化
    return (lead_verb + _head(trimmed[len(lead_verb):]) if lead_verb else _head(trimmed)), lead_verb


def _share(m: Mention, sep: str, trimmed: str, d: dict) -> str | None:
    """The share a percentage states: 占总人口 (of 占总人口的25.7%), 占比, 所占比重; 低山河谷区占比
    (of 低山河谷区占12.7%); None when the figure is no share."""
    if m.unit.quantity != "percent" or m.change:
        return None
    if trimmed.startswith("占") or trimmed in d["share_words"]:
        return trimmed
    if sep.strip().endswith(d["share_verbs"]) and trimmed and "占" not in trimmed:
        return trimmed + "占比"
    return None


def _before_share(share: str) -> str:
    """The part a share names before its 占 (低山河谷区 of 低山河谷区占比), '' when it has none."""
    at = share.find("占")
    return share[:at] if at > 0 else ("" if at == 0 or share in _data()["share_words"] else share)


def _names_measure(text: str) -> bool:
    """Whether a phrase ends in a word that names a measure, with a subject before it (城镇户籍人口,
    工业增加值, 羊出栏; not 产值 alone)."""
    heads = _data()["measure_heads"]
    return text.endswith(tuple(heads)) and any(text.endswith(h) and len(text) > len(h) for h in heads)


def _change_list(clause: str, m: Mention, norm: str) -> tuple[int, int] | None:
    """For a change in a list of changes (分别增长15.2%和12.6%, 增长8%、9.5%): how many stand before
    it and how many the list has; None when the change stands alone."""
    at = _last_of(clause, _data()["respectively"])
    if at >= 0:
        k = len(_join_split().split(clause[at:])) - 1
        return k, k + 1 + _following(norm, m)
    first = _FIRST_FIGURE.search(clause)
    rest = clause[first.start():] if first else ""
    k = len(_join_split().split(rest)) - 1 if rest else 0
    n = k + 1 + _following(norm, m)
    if n < 2 or _not_figures().search(rest):
        return None  # figures only, joined by 、 or 和
    return k, n


def _following(norm: str, m: Mention) -> int:
    """How many list members follow ``m`` (…12.6%、8%): counted on the text up to the clause end."""
    rest = norm[m.end : _clause_end(norm, m.end)]
    return len(_list_item().findall(rest))


def _drop_lead(text: str) -> str:
    for v in _data()["purpose_leads"]:
        if text.startswith(v) and len(text) > len(v) + 1:
            return text[len(v):]
    return text


@derived
def _after_stops():
    """Words that start a new predicate after a counted noun: 2万名职校学生在赤就读."""
    return compiled("(?<=.{2})(?:" + "|".join(map(regex.escape, _data()["after_stops"])) + ")")


def _after_noun(norm: str, m: Mention, nxt: int) -> str:
    """The noun phrase after a count (8个茶旅融合项目 -> 茶旅融合项目), up to the clause's end,
    the next figure or a verb that starts a new predicate (2万名职校学生在赤就读 -> 职校学生); a
    noun of one character when it is all a counted item has (下辖7个镇、3个乡 -> 镇, 乡)."""
    end = _clause_end(norm, m.end)
    text = norm[m.end : min(end, nxt)]
    if nxt < end and text[:1] in _data()["list_joins"] and _at_word_edge(text, 1):
        return ""  # 新建道路12公里和桥梁3座: 桥梁 is what the next figure counts
    if m.unit.quantity in _RELATIVE and text.startswith(("”", "’", "」", "』", '"')):
        return ""  # “…认可度98%”的成绩: a share that closes a quote counts nothing after it
    if m.end and any(norm.startswith(w, m.end - 1) for w in _data()["unit_split_words"]):
        text = norm[m.end - 1 : min(end, nxt)]  # 14亿人口使…: the noun is 人口, whose 人 the unit took
    within = next((w for w in _data()["duration_within"] if text.startswith(w)), None) \
        if m.unit.quantity == "duration" else None
    if within:
        text = text[len(within) :]  # 1个月内: within it
    if nxt < end and text.endswith(tuple(_data()["list_joins"])) and _at_word_edge(text, len(text) - 1):
        text = text[:-1]  # 1万吨汽油和1万吨柴油: the 和 joins the next item
    noun = _noun_after(text)
    if not noun and m.unit.quantity == "count" and _ONE_NOUN.match(text) and text[0] in _data()["one_character_nouns"]:
        return text[0]
    return noun


@remembered()
def _noun_after(text: str) -> str:
    """``_after_noun`` of the text from the figure's end to its clause's end or the next figure."""
    text = _AFTER_REMARK.sub("", text)  # 19804万元(1980年不变价): a remark, no noun
    text = _REMARK.sub("", text) if _BRACKETS.search(text) else text  # 星创天地〔22〕: a footnote's mark
    if text.lstrip().startswith(("(", "（", "[")):
        return ""  # 6.8万元(约合1万美元): a remark that another figure ends, no noun either
    skip = _data()["after_number_skip"]
    if text.startswith(skip):
        for w in skip:
            if text.startswith(w):
                text = text[len(w):]
    if text.startswith(("的", "了", "和")) and _at_word_edge(text, 1):
        text = text[1:]  # (not the 和 of 和谐)
    if not text or text[0] in "、/" or _NUMBERISH.match(text) or _change_verb().match(text) \
            or text.startswith(_data()["predicate_openers"]) or _opens_with_level(text):
        return ""  # 16.71%下调至…: a change follows, no noun; nor where a predicate opens (11户已全面开工)
    stop = _after_stops().search(text)
    text = _QUOTES.sub("", text[: stop.start()] if stop else text).rstrip("、")
    if "、" in text and (nxt := _next_item_sum().search(text)):
        text = text[: nxt.start()]  # 投资60亿元的英利多晶硅电池、投资30亿元的…: the next item's sum
    return text[:_MAX] if len(text) >= 2 else ""


def _opens_with_level(text: str) -> bool:
    """Whether ``text`` opens with a verb of a level and the level (发展到72万辆: no noun, the
    next figure; 达到国家要求 is a predicate of what was counted)."""
    verb = next((v for v in _data()["implicit_level_verbs"] if text.startswith(v)), None)
    return verb is not None and (len(text) == len(verb) or bool(_NUMBERISH.match(text, len(verb))))


@derived
def _next_item_sum():
    """A list mark and a sum word that opens the next item (、投资, 、总投资)."""
    return compiled(f"、(?:{alternation(_data()['bare_sums'])})")


def _is_modifier(text: str) -> bool:
    """A short modifier that stands for a fuller name: 省级, 市级."""
    return 0 < len(text) <= 4 and text.endswith(("级", "类", "型"))


def _complete(previous: str, modifier: str) -> str:
    """新培育国家级农业产业化龙头企业 + 省级 -> 新培育省级农业产业化龙头企业: the word of the
    same kind (ending in 级) gives way to the modifier."""
    for w, s, e in words(previous):
        if w.endswith(modifier[-1]) and len(w) >= 2:
            return previous[:s] + modifier + previous[e:]
    return modifier + previous


@derived
def _stages():
    """(stage verbs, or their rate, making a whole phrase: 开工, 竣工投产, 开工率; ending one;
    opening one)."""
    d = _data()
    run = rf"(?:{alternation(d['stage_verbs'])})+(?:{alternation(d['stage_rates'])})?"
    return compiled(run), compiled(f"(?r){run}$"), compiled(alternation(d["stage_verbs"]))


def _stage_end(text: str) -> int:
    """Where the stage verbs ending ``text`` start (亿元以上项目开工: 6); its length when none do."""
    end = _stages()[1].search(text)
    return end.start() if end else len(text)


def _counted(previous: str) -> str:
    """What a figure before counts, without the verbs that say what was done with it: 引进亿元以上项目
    and 亿元以上项目开工 -> 亿元以上项目, 签约招商项目 -> 招商项目."""
    text = previous[: _stage_end(previous)]
    verb = _lead_verb().match(text) or _stages()[2].match(text)
    return text[verb.end() :] if verb and len(text) - verb.end() >= 2 else text


def _subject(previous: str) -> str:
    """池塘养殖投放面积 -> 池塘养殖 (the subject without its attribute; none when it is only one:
    面积1807.2万亩，总产743.2万吨 names no subject)."""
    for a in _data()["attributes"]:
        if previous.endswith(a):
            return previous[: -len(a)]
    for a in _data()["leading_attributes"]:
        if previous.startswith(a) and len(previous) >= len(a) + 2:
            return previous[len(a):]  # 亩产皮棉43公斤，总产4858吨: 皮棉总产
    return previous


def _producer(subject: str) -> str:
    """A subject without naming.yaml's production_verbs at its edges, for another of its measures
    (生产干茶1.2万吨，产值20亿元: 干茶产值; 粮食生产面积77万亩、总产33万吨: 粮食总产)."""
    for v in _data()["production_verbs"]:
        if subject.startswith(v) and len(subject) >= len(v) + 2:
            return subject[len(v):]
        if subject.endswith(v) and len(subject) >= len(v) + 2:
            return subject[: -len(v)]
    return subject


def _level(previous: str) -> str:
    """The level a change refers to: the figure's name without its pair suffix."""
    for s in _data()["pair_suffix"].values():
        if previous.endswith(s) and len(previous) > len(s):
            return previous[: -len(s)]
    return previous


@derived
def _not_figures():
    """Anything but figures, list joins and the units of a list of changes (8%、9.5%和12个百分点)."""
    return compiled(r"[^\d.%" + _joins()[1:-1] + r"个百分点倍‰\s]")


@derived
def _comparison():
    """Words of a comparison that name nothing: years, 比, 同比, the basis of a change (同口径), the
    change verbs of cues.yaml."""
    respectively = "|".join(map(regex.escape, _data()["respectively"]))
    basis = alternation(cues()["change"]["basis"])
    # (a plan period or a run of years is the base too: 比“六五”期间增加, 五年来年均增长)
    return compiled(rf"(?:19|20)\d{{2}}年末?|{basis}|同比|环比|上年末?|去年|两年平均|年均|{respectively}|{change_verbs()}"
                         rf"|(?:{_plan_periods()})(?:时期|期间|期末|末)?|[一二三四五六七八九十两\d]{{1,2}}年(?:来|以来|间)"
                         r"|比|较|了|实际")


@derived
def _change_tail():
    """A run of ``_comparison``'s words ending a phrase, searched from the end."""
    return compiled(f"(?r)(?:{_comparison().pattern})+$")


def _unchanged(phrase: str) -> str:
    """The level a change's phrase names: 地区生产总值年均增长 -> 地区生产总值 (itself when it is
    nothing else)."""
    tail = _change_tail().search(phrase)
    return phrase[: tail.start()] if tail and tail.start() > 0 else phrase


def _has_noun(text: str) -> bool:
    return len(_comparison().sub("", text, 0, None, None, HOLD_GIL)) >= 2


@derived
def _respectively_word():
    """Any of naming.yaml's respectively words (geography's 分别 after places)."""
    return compiled(alternation(_data()["respectively"]))


def _respectively_at(text: str, at: int) -> str:
    """The (longest) respectively word that stands at ``at`` in ``text``."""
    return max((w for w in _data()["respectively"] if text.startswith(w, at)), key=len)


def _opener(text: str) -> str:
    """The elided-subject lead (对, 对于) that opens ``text``, or ''."""
    return next((w for w in _data()["elided_subject_leads"] if text.startswith(w)), "")


def _says_respectively(norm: str, start: int, end: int) -> bool:
    """Whether a respectively word stands in ``norm[start:end]`` (most clauses have none)."""
    return any(norm.find(w, start, end) >= 0 for w in _data()["respectively"])


def _respectively(doc: Doc, m: Mention, c0: int | None = None, geography=None) -> str | None:
    """雷竹、茶叶、中药材种植面积分别达到5.2万亩、8.97万亩、6.65万亩: item k with the shared head
    (``c0``: where the figure's clause starts, when the caller has found it). Items that are only
    places (通山县、崇阳县分别完成造林…) say where each figure is, not what it names."""
    norm = doc.norm
    if c0 is None:
        c0 = _clause_start(norm, m.start)
    if not _says_respectively(norm, c0, m.start):
        return _implicit_respectively(norm, m, c0)
    lead = norm[c0 : m.start]
    at = _last_of(lead, _data()["respectively"])
    if at < 0:
        return None
    if geography is not None:
        items = [p.strip() for p in _join_split().split(_without_places(doc, geography, c0, c0 + at))]
        if len(items) >= 2 and not any(items[:-1]):
            # 曹妃甸区、渤海新区和北戴河新区投资分别增长18%、18%和36%: the items are places, each the
            # figure's own (geography); the figures name what follows them and what 分别 says
            word = _respectively_at(lead, at)
            said = _FIRST_FIGURE.split(lead[at + len(word) :], 1)[0]
            name = _trim(items[-1] + said, keep_change=m.change)
            return name if name not in _back_words() else None
    figures = _join_split().split(lead[at:])
    k = len(figures) - 1  # how many list members stand before this one
    subject = _trim(lead[:at])
    parts = [p for p in _join_split().split(subject) if p]
    if len(parts) == 1 or (len(parts) == 2 and len(parts[0]) == 1):
        # 城乡居民人均可支配收入分别达…、…: a word that joins two (城乡 = 城镇, 农村), or its two
        # characters listed (城、乡居民人均可支配收入)
        whole = "".join(parts)
        joined = next((w for w in _data()["joined_pairs"] if whole.startswith(w)), None)
        if joined is not None and k < 2:
            # (城乡居民人均可支配收入分别增长3.8%、5.5%: each its change)
            return _cap(_data()["joined_pairs"][joined][k] + whole[len(joined):] + _said_change(lead, at, m))
    split = _items(parts)
    if split is None or k >= len(parts):
        return None
    items, head = split
    # 第二、第三产业占比分别回落2.16和1.66个百分点: each item's change, as 分别 says it; 煤炭、电解铝
    # 分别淘汰落后产能1.1亿吨和120万吨: each item's level, with what 分别 says was done
    return _cap(items[k] + head + (_said_change(lead, at, m) if m.change else _said_level(lead, at)))


def _implicit_respectively(norm: str, m: Mention, c0: int) -> str | None:
    """A list of subjects, one change verb and as many figures, with no 分别 (“新三样”、集成电路出口
    增长30.4%、30.1%): item k with the shared head and the verb; or one verb of a level (增至) and
    as many levels: item k with the head. None unless the counts agree."""
    lead = norm[c0 : m.start]
    first = _DIGIT_ANY.search(lead)
    head_text = lead[: first.start()] if first else lead
    verb = (_change_verb_end() if m.change else _level_verb_end()).search(head_text)
    if verb is None or not head_text[: verb.start()].strip():
        return None
    said = verb.group() if m.change else ""
    between = lead[len(head_text) :]
    run = _FIGURE_RUN if m.change else _LEVEL_RUN
    if between and _NOT_LIST.search(run.sub("", between)):
        return None  # the figures before this one are no plain list (…增长8%，…)
    parts = [p for p in _join_split().split(_trim(head_text[: verb.start()])) if p]
    if len(parts) < 2 or any(len(p) < 2 for p in parts):
        return None
    end = _clause_end(norm, m.start)
    rest = norm[m.start : end]
    k = len(_join_split().split(between)) - 1 if between else 0
    tail = (_FIGURE_TAIL if m.change else _LEVEL_TAIL).match(rest)
    if tail is None:
        return None  # a figure in words (百分之二十五): no list of figures read here
    n = k + len([f for f in _join_split().split(tail.group()) if f])
    if n != len(parts) or k >= len(parts):
        return None
    heads = _data()["measure_heads"]
    if any(h in p for p in parts[:-1] for h in heads):
        return _cap(parts[k] + said)  # 财政收入和地方一般预算收入可比增长: each names itself
    split = _items(parts)
    if split is None:
        return None
    items, shared = split
    return _cap(items[k] + shared + said)


@derived
def _level_verb_end():
    """A verb of a level ending a text (增至, 达到): naming.yaml implicit_level_verbs."""
    return compiled(rf"(?r)(?:{alternation(_data()['implicit_level_verbs'])})$")


_FIGURE_RUN = compiled(r"[\d０-９.．%％‰个百分点]+")
_NOT_LIST = compiled(r"[^、和及与\s]")
_FIGURE_TAIL = compiled(r"[\d０-９.．%％‰个百分点、和及与]+")
# levels with their units (7.83张、3.57个): a unit is a few characters that are no digit, join or stop
_LEVEL = r"[\d０-９.．]+[^\d０-９.．、，,。；;：:和及与\s]{0,5}"
_LEVEL_RUN = compiled(_LEVEL)
_LEVEL_TAIL = compiled(rf"{_LEVEL}(?:[、和及与]{_LEVEL})*")


@derived
def _change_verb_end():
    """A change verb ending a text, with the comparison before it (同比下降)."""
    c = cues()["change"]
    return compiled(rf"(?r)(?:{alternation(c['comparison'] + c['basis'])})?(?:年均|实际)?(?:{change_verbs()})$")


def _said_change(lead: str, at: int, m: Mention) -> str:
    """The change a respectively clause states after its 分别 (分别增长 -> 增长), for a change."""
    if not m.change:
        return ""
    said = _trim(_FIRST_FIGURE.split(lead[at + len(_respectively_at(lead, at)) :], 1)[0], keep_change=True)
    return said if said not in _back_words() and _change_verb(anywhere=True).search(said) else ""


def _said_level(lead: str, at: int) -> str:
    """What a respectively clause says after its 分别 of levels, when it names more than a verb of
    reaching (分别淘汰落后产能 -> 淘汰落后产能; 分别达到 -> nothing)."""
    raw = _FIRST_FIGURE.split(lead[at + len(_respectively_at(lead, at)) :], 1)[0].strip()
    said = _trim(raw) if raw not in _back_words() else ""  # (分别稳定在: nothing either)
    return said if len(said) >= 2 and said not in _back_words() else ""


def _after_part_lead(norm: str, c0: int) -> bool:
    """Whether the clause at ``c0`` follows a part lead and its colon (其中:水稻土28623亩)."""
    if c0 <= 0 or norm[c0 - 1] not in ":：":
        return False
    return norm[_clause_start(norm, c0 - 1) : c0 - 1].strip() in _data()["part_leads"]


_DIGIT_ANY = compiled(r"[\d０-９]")
_ALL_HAN = compiled(r"\p{Han}+")
@derived
def _not_topic():
    """naming.yaml's topic_not_first and topic_not_last: an opening word that is a place or a time."""
    d = _data()
    return compiled(f"^(?:{alternation(d['topic_not_first'])})|(?:{alternation(d['topic_not_last'])})$")


def _topic(norm: str, s0: int) -> str:
    """The crop or product a sentence opens with, when its first clause, without a figure, says how
    it fared (早稻喜获丰收, 粮食生产实现“十连增”): the subject of a bare 面积 or 总产 after it; ''
    when the sentence opens otherwise."""
    first = norm[s0 : _clause_end(norm, s0)]
    if _DIGIT_ANY.search(first):
        return ""
    ws = words(first[:12])
    if len(ws) < 2 or ws[1][0] not in _data()["topic_verbs"]:
        return ""
    word = ws[0][0]
    return word if 2 <= len(word) <= 4 and _ALL_HAN.fullmatch(word) and not _not_topic().search(word) else ""


# A heading run into its paragraph's first line, a space after it (annals: 土地资源 土地总面积…).
_RUN_IN_HEADING = compiled(r"(\p{Han}{2,8})[ \u3000]+(?=\p{Han}{2})")


def _run_in_heading(doc: Doc, line_start: int, end: int) -> int:
    """How many characters of ``norm`` a heading run into the line at ``line_start`` takes (土地资源
    of 土地资源 土地总面积…), 0 when there is none. The space after it is in the text as written only
    (``norm`` reads 巫 山 县 as 巫山县), so the text is read."""
    t0, t1 = doc.in_text(line_start, end)
    h = _RUN_IN_HEADING.match(doc.text, t0, t1)
    return len(h.group(1)) if h else 0


def _borrowed(doc: Doc, m: Mention, c0: int) -> str | None:
    """A respectively clause with no subject of its own (…比重分别为40.4%、8.1%和51.5%，对经济增长的
    贡献率分别为51.9%、4.2%和43.9%): item k of the list an earlier clause of the sentence gave,
    with what this clause says (第二产业对经济增长的贡献率)."""
    norm = doc.norm
    if not _says_respectively(norm, c0, m.start):
        return None
    lead = norm[c0 : m.start]
    at = _last_of(lead, _data()["respectively"])
    raw = lead[:at].strip()
    opener = _opener(raw)
    subject = opener + _trim(raw[len(opener) :]) if opener else _trim(raw)
    if subject and not opener or _join_split().search(subject):
        return None
    items = _earlier_items(norm, c0)
    k = len(_join_split().split(lead[at:])) - 1
    if items is None or k >= len(items):
        return None
    word = _respectively_at(lead, at)
    said = subject or _trim(_FIRST_FIGURE.split(lead[at + len(word) :], 1)[0], keep_change=m.change)
    return _cap(items[k] + said) if said else None


def _items(parts: list[str]) -> tuple[list[str], str] | None:
    """The members of a respectively list and the head they share: 雷竹、茶叶、中药材种植面积 →
    ([雷竹, 茶叶, 中药材], 种植面积) (the last member takes as many words as the others have);
    ordinals keep their 第 (第一、二、三产业 → [第一, 第二, 第三], 产业; 第二、第三产业 → [第二产业,
    第三产业], ''); None when there are fewer than two."""
    if len(parts) < 2:
        return None
    d = _data()
    heads, ends = d["measure_heads"], tuple(d["measure_end_chars"])
    own = [next((h for h in d["measure_heads_longest"] if p.endswith(h) and len(p) > len(h)), None)
           for p in parts[:-1]]
    if parts[-1] in heads and all(own) and len({p[: -len(h)] for p, h in zip(parts, own)}) == 1:
        # 地方财政收入、支出分别突破…, 规上工业产值和增加值: the last member is a measure of what the
        # first names
        return parts[:-1] + [parts[0][: -len(own[0])] + parts[-1]], ""
    if all(len(p) > 2 and p[-2:] == parts[-1][-2:] for p in parts[:-1]) \
            or all(len(p) > 2 and p[-1] == parts[-1][-1] for p in parts) and len(parts[-1]) <= len(parts[0]) + 2:
        return parts, ""  # 耕地面积和有效灌溉面积分别为…, 食品饮料业和金属冶炼加工业: each names itself whole
    if all(_names_measure(p) or p.endswith(ends) for p in parts[:-1]) \
            and not any(h in parts[-1][:-1] for h in heads):
        # 森林覆盖率、林木绿化率分别达到…, 接待游客数量和游客总花费分别增长…: so does each when the
        # ones before name their measures and the last holds none that a shared word follows
        # (not 工业技改投资、制造业技改投资增速: 增速 is both's)
        return parts, ""
    last_words = [w for w, _, _ in words(parts[-1])]
    item_words = max(1, round(sum(len(words(p)) for p in parts[:-1]) / (len(parts) - 1)))
    n = len(parts[0])
    if item_words == 1 and all(len(p) == n for p in parts[:-1]) and len(last_words[0]) >= n + 2 \
            and len(words(last_words[0][n:])) == 1:
        # 城镇、农村居民人均可支配收入: the segmenter's one word 农村居民 is the member 农村 and the
        # word 居民 the members share (not 中药材 of 雷竹、茶叶和中药材)
        last_words[:1] = [last_words[0][:n], last_words[0][n:]]
    if len(last_words) > 1 and len(last_words) <= item_words and _names_measure(parts[-1]) \
            and not any(_names_measure(p) or p.endswith(ends) for p in parts[:-1]):
        item_words = len(last_words) - 1  # 城镇建成区、村庄绿化覆盖率: the measure is the last word's
    head = "".join(last_words[item_words:])
    items = parts[:-1] + ["".join(last_words[:item_words])]
    if items[0].startswith("第") and all(len(p) == 1 and p in _NUMERAL_CHARS for p in items[1:]):
        items = [items[0]] + ["第" + p for p in items[1:]]  # 第一、二、三产业: 第二 and 第三 too
    last = _ORDINAL_ITEM.fullmatch(items[-1])
    bare = [_ORDINAL_ITEM.fullmatch(p) for p in items[:-1]]
    if last and last.group(2) and all(b and not b.group(2) for b in bare):
        items = [p + last.group(2) for p in items[:-1]] + [items[-1]]  # 第二、第三产业: 第二产业 too
    return items, head


_NUMERAL_CHARS = "一二三四五六七八九十"
_ORDINAL_ITEM = compiled(rf"(第[{_NUMERAL_CHARS}]+)(\p{{Han}}*)")


def _earlier_items(norm: str, c0: int) -> list[str] | None:
    """The members of the respectively list of an earlier clause of the same sentence, with the
    head they share (第一产业 of 第一、二、三产业增加值…分别为…), for a clause that names none."""
    for _ in range(3):
        if c0 <= 0 or norm[c0 - 1] not in ",，":
            return None
        end = c0 - 1
        c0 = _clause_start(norm, end)
        lead = norm[c0:end]
        at = _last_of(_FIRST_FIGURE.split(lead, 1)[0], _data()["respectively"])
        if at < 0:
            continue
        split = _items([p for p in _join_split().split(_trim(lead[:at])) if p])
        if split is not None:
            items, head = split
            # 第一、二、三产业增加值: the members are the industries, not their 增加值
            return [i + _before_measure(head) for i in items]
    return None


def _before_measure(head: str) -> str:
    """What a shared head says of its members before the measure (产业 of 产业增加值占…的比重)."""
    d = _data()
    cuts = [head.find(w) for w in (*d["measure_heads"], *d["share_verbs"], "的") if w in head]
    return head[: min(cuts)] if cuts else head
