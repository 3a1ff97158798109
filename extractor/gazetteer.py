"""The gazetteer in patterns/regions/: divisions, townships and former county names, loaded once.

A ``Division`` is a province, a prefecture or a county-level unit (current or former). Lookups
go by full name, alias, short name, code and township name.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .data import yaml_data
from .errors import PatternError
from .diskcache import key_of, load_or_build
from .patternset import current, derived
from .regexes import compiled

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
TOWN_SUFFIXES = ("镇", "乡", "街道", "苏木")


@dataclass(frozen=True, slots=True)
class Division:
    level: str               # province | city | county | zone (雄安新区: no division of its own)
    code: str
    name: str
    short: str
    parent: str              # code of the parent division ("" for a province)
    type: str = ""
    needs_context: bool = False
    former: bool = False     # a name retired since 2000 (密云县)
    successor: str = ""      # code of today's unit for a former name

    def __reduce__(self):  # unpickled by __init__ with positional fields: 3x faster than setstate
        return Division, (self.level, self.code, self.name, self.short, self.parent, self.type,
                          self.needs_context, self.former, self.successor)


@dataclass(frozen=True, slots=True)
class Town:
    code: str
    name: str
    short: str
    county: str              # county code, or a prefecture code when flagged
    flag: str

    def __reduce__(self):
        return Town, (self.code, self.name, self.short, self.county, self.flag)


@dataclass
class Gazetteer:
    """Read names through ``candidates`` and townships through ``towns``: in the cached form
    (``__getstate__``) a township is a plain tuple, made a ``Town`` when it is first asked for.
    41,000 Town objects made at every start were 80 of the load's 125 ms."""

    divisions: dict[str, Division] = field(default_factory=dict)
    names: dict[str, list] = field(default_factory=lambda: defaultdict(list))    # full names, aliases, towns
    shorts: dict[str, list[Division]] = field(default_factory=lambda: defaultdict(list))
    children: dict[str, list[Division]] = field(default_factory=lambda: defaultdict(list))
    towns_in: dict[str, list[Town]] = field(default_factory=lambda: defaultdict(list))
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # last two chars -> name lengths, longest first

    def candidates(self, name: str) -> list[Division | Town]:
        """What ``name`` may stand for (divisions by full name, alias or former name, zones,
        townships); empty for none. Not to be changed by the caller."""
        cands = self.names.get(name)
        if cands is None:
            return []
        if type(cands) is tuple:  # packed: townships as plain tuples
            cands = self.names[name] = [Town(*c) if type(c) is tuple else c for c in cands]
        return cands

    def towns(self, county: str) -> list[Town]:
        """The townships of a county (or of a prefecture, flagged). Not to be changed."""
        ts = self.towns_in.get(county)
        if ts is None:
            return []
        if type(ts) is tuple:
            ts = self.towns_in[county] = [Town(*t) for t in ts]
        return ts

    def __getstate__(self) -> dict:
        packed: dict[int, tuple] = {}  # one tuple a township, shared by its name and its county

        def pack(c):
            if not isinstance(c, Town):
                return c
            t = packed.get(id(c))
            if t is None:
                t = packed[id(c)] = (c.code, c.name, c.short, c.county, c.flag)
            return t

        state = dict(self.__dict__)
        state["names"] = {k: tuple(map(pack, v)) for k, v in self.names.items()}
        state["towns_in"] = {k: tuple(map(pack, v)) for k, v in self.towns_in.items()}
        state["shorts"], state["children"] = dict(self.shorts), dict(self.children)
        return state

    def parent(self, d: Division) -> Division | None:
        return self.divisions.get(d.parent)

    def chain(self, code: str) -> tuple[Division | None, Division | None, Division | None]:
        """(county, city, province) of a division or a town's county code."""
        d = self.divisions.get(code)
        county = city = province = None
        while d is not None:
            if d.level == "county":
                county = d
            elif d.level == "city":
                city = d
            else:
                province = d
            d = self.divisions.get(d.parent)
        if county is not None and city is None and province is not None and province.code in MUNICIPALITIES:
            city = province  # a district of 北京 天津 上海 重庆: the municipality is its city
        return county, city, province

    def within(self, code: str, scope: str) -> bool:
        """Whether division ``code`` lies inside ``scope`` (or is it)."""
        d = self.divisions.get(code)
        while d is not None:
            if d.code == scope:
                return True
            d = self.divisions.get(d.parent)
        return False


def _read(name: str):
    """Rows of ``patterns/regions/NAME``, then of the same file in each extra folder."""
    for path, shown, _extra in current().files(f"regions/{name}"):
        with path.open(encoding="utf-8", newline="") as f:
            lines = (line for line in f if not line.startswith("#"))
            for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), 3):
                if None in row.values():
                    raise PatternError(f"{shown}:{n}: missing cells in {row!r} (expected every column)")
                yield row


@derived
def _hand() -> dict:
    return yaml_data("regions/hand.yaml")


_BANNER = compiled(r"^(?P<x>\p{Han}{2,4}?)(?P<wing>[左右]翼)?(?P<pos>[左右前中后])旗$")


def _generated_aliases(g: Gazetteer):
    """Forms in everyday use that follow a rule, for names no other division has: an autonomous
    county or banner by its short name and its kind (维西县, 长阳县 -> …自治县; 鄂伦春旗), and a
    banner by its first character and position (阿拉善左旗 -> 阿左旗, 科尔沁左翼中旗 -> 科左中旗)."""
    for d in list(g.divisions.values()):
        if d.level != "county":
            continue
        forms = []
        if d.type in ("自治县", "自治旗") and d.short != d.name:
            forms.append(d.short + d.type[-1])
        m = _BANNER.match(d.name)
        if m:
            forms.append(m["x"][0] + (m["wing"][0] if m["wing"] else "") + m["pos"] + "旗")
        for form in forms:
            if form != d.name and form not in g.names and form not in g.shorts:
                yield d, form


@derived
def gazetteer() -> Gazetteer:
    """The gazetteer of the current patterns, from the cache when its files and this code are
    unchanged (``extractor.diskcache``): one read instead of 48,000 rows parsed."""
    return load_or_build("gazetteer", source_key(), _build)


@derived
def source_key() -> str:
    """A hash of what the gazetteer is built from: its files (in every folder of the set) and
    this code."""
    files = [path for name in ("divisions.tsv", "county_changes.tsv", "towns.tsv", "hand.yaml")
             for path, _, _ in current().files(f"regions/{name}")]
    return key_of([Path(__file__), *files])


def _build() -> Gazetteer:
    g = Gazetteer()
    for r in _read("divisions.tsv"):
        d = Division(r["level"], r["code"], r["name"], r["short"], r["parent"], r["type"], r["needs_context"] == "1")
        g.divisions[d.code] = d
        g.names[d.name].append(d)
        for alias in filter(None, r["aliases"].split(",")):
            g.names[alias].append(d)
        g.children[d.parent].append(d)
        if d.short != d.name:
            g.shorts[d.short].append(d)
    for d, alias in _generated_aliases(g):
        g.names[alias].append(d)
    for name, forms in _hand()["aliases"].items():  # abbreviations in use that no rule gives
        ds = [d for d in g.candidates(name) if isinstance(d, Division)]
        if len(ds) != 1:
            raise PatternError(f"patterns/regions/hand.yaml: aliases names {name!r}, which is "
                               f"{'no division' if not ds else 'more than one division'} (expected one full name)")
        for form in forms:
            if ds[0] not in g.names[form]:
                g.names[form].append(ds[0])
    for r in _read("county_changes.tsv"):
        if r["old_name"] in g.names and any(x.code == r["old_code"] for x in g.names[r["old_name"]]):
            continue  # same name and code still in force
        successor = g.divisions.get(r["new_code"])
        same_place = successor is not None and (
            successor.name == r["old_name"] or any(x is successor for x in g.names.get(r["old_name"], [])))
        if len(r["old_name"]) <= 2 and not r["old_name"].endswith("县"):
            continue  # 新区, 郊区: words before they were names
        parent = r["old_parent"] if r["old_parent"] in g.divisions else r["old_parent"][:2] + "0000"
        d = Division("county", r["old_code"], r["old_name"], r["old_name"], parent, former=True,
                     successor=r["new_code"])
        g.divisions.setdefault(d.code, d)
        if same_place:
            continue  # a re-coding (确山县 412821 -> 411725): one place, its name means today's unit
        if any(isinstance(x, Division) and not x.former and x.level != "county" for x in g.names.get(d.name, [])):
            continue  # 保定市 once coded as a county-level unit: the name means the prefecture in force
        # A name retired twice (上饶县 in 2000 and 2019) stands for its latest unit.
        g.names[d.name] = [x for x in g.names[d.name] if not (isinstance(x, Division) and x.former)] + [d]
    for r in _read("towns.tsv"):
        t = Town(r["code"], r["name"], r["short"], r["county"], r["flag"])
        if len(t.name) >= 3 and t.name.endswith(TOWN_SUFFIXES):
            g.names[t.name].append(t)  # 经济开发区, 工业园区: generic words, not matched
        g.towns_in[t.county].append(t)
    for name, parent in _hand().get("zones", {}).items():
        g.names[name].append(Division("zone", "", name, name, parent))
    lengths = defaultdict(set)
    for name in g.names:
        if len(name) < 2:
            raise PatternError(f"patterns/regions: name {name!r} has one character (expected two or more)")
        lengths[name[-2:]].add(len(name))
    g.lengths = {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}
    return g
