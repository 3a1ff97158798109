"""SPEC's scoring of predicted records against gold records, for anyone with annotated documents.

Records are dicts with SPEC's fields (``doc start end base_value base_unit county`` at least).
Within a document, a predicted and a gold record match when their spans overlap, one to one,
largest overlap first. Gold records marked ``optional`` cost nothing: a prediction they absorb
is not counted, and missing them is no miss. A record is *found* (record F1) when it matches
and its base value, base unit (``base_unit_alt`` allowed) and county (``county_alt`` allowed)
are right.

>>> gold = [{"doc": "a", "start": 0, "end": 4, "base_value": 3e4, "base_unit": "亩", "county": "通山县"}]
>>> pred = [{"doc": "a", "start": 0, "end": 4, "base_value": 30000.0, "base_unit": "亩", "county": None}]
>>> s = score(gold, pred)
>>> s.overall["mention_f1"], s.overall["value_accuracy"], s.overall["county_accuracy"], s.overall["record_f1"]
(1.0, 1.0, 0.0, 0.0)
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .data import yaml_data
from .errors import InputError
from .patternset import derived

FIELDS = ("qualifier", "change", "modality", "year")
_PAREN = re.compile(r"[(（][^)）]*[)）]")


@derived
def _canonical_units() -> dict[str, str]:
    return {u: min(group) for group in yaml_data("scoring.yaml")["same_unit"] for u in group}


def same_unit(a: str | None, b: str | None) -> bool:
    """Whether two unit spellings are one unit: 公斤 = 千克 = kg; 头(只) = 头."""
    canon = _canonical_units()

    def key(u):
        u = _PAREN.sub("", (u or "").strip())
        return canon.get(u, u)
    return key(a) == key(b)


def same_number(a, b) -> bool:
    """Equal within a relative 1e-6; None only equals None."""
    if a is None or b is None:
        return a is None and b is None
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(x - y) <= 1e-6 * max(1.0, abs(x), abs(y))


def char_f1(a: str | None, b: str | None) -> float:
    """Character-overlap F1 of two phrases (as multisets of characters)."""
    ca, cb = Counter(a or ""), Counter(b or "")
    common = sum((ca & cb).values())
    if not common:
        return 0.0
    p, r = common / sum(ca.values()), common / sum(cb.values())
    return 2 * p * r / (p + r)


def pair(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping spans, largest overlap first."""
    overlaps = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            n = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if n > 0:
                overlaps.append((-n, gi, pi))
    overlaps.sort()
    taken_g, taken_p, out = set(), set(), []
    for _, gi, pi in overlaps:
        if gi not in taken_g and pi not in taken_p:
            taken_g.add(gi)
            taken_p.add(pi)
            out.append((gi, pi))
    return out


@dataclass
class Tally:
    """Counts for one document or a set of them."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    value_ok: int = 0
    county_ok: int = 0
    found: int = 0
    indicator: list[float] = field(default_factory=list)
    fields: Counter = field(default_factory=Counter)

    def add(self, other: "Tally") -> None:
        for k in ("gold", "predicted", "matched", "value_ok", "county_ok", "found"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.indicator += other.indicator
        self.fields.update(other.fields)

    def figures(self) -> dict:
        def f1(tp):
            p = tp / self.predicted if self.predicted else 0.0
            r = tp / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)
        mp, mr, mf = f1(self.matched)
        rp, rr, rf = f1(self.found)
        out = {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
               "mention_precision": mp, "mention_recall": mr, "mention_f1": mf,
               "value_accuracy": self.value_ok / self.matched if self.matched else 0.0,
               "county_accuracy": self.county_ok / self.matched if self.matched else 0.0,
               "record_precision": rp, "record_recall": rr, "record_f1": rf,
               "indicator_char_f1": sum(self.indicator) / len(self.indicator) if self.indicator else 0.0}
        for k in FIELDS:
            n = self.fields[k + "_n"]
            out[k + "_accuracy"] = self.fields[k] / n if n else None
        return out


@dataclass
class Scores:
    overall: dict
    by_doc: dict[str, dict]
    misses: list[dict]
    false_alarms: list[dict]
    wrong: list[tuple[dict, dict]]


def _doc_tally(gold: list[dict], pred: list[dict], misses, alarms, wrong) -> Tally:
    t = Tally()
    pairs = pair(gold, pred)
    paired_g = {gi for gi, _ in pairs}
    paired_p = {pi for _, pi in pairs}
    absorbed = sum(1 for gi, _ in pairs if gold[gi].get("optional"))
    t.gold = sum(1 for g in gold if not g.get("optional"))
    t.predicted = len(pred) - absorbed
    misses.extend(g for i, g in enumerate(gold) if i not in paired_g and not g.get("optional"))
    alarms.extend(p for i, p in enumerate(pred) if i not in paired_p)
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        if g.get("optional"):
            continue
        t.matched += 1
        value = same_number(g.get("base_value"), p.get("base_value")) and any(
            same_unit(u, p.get("base_unit")) for u in [g.get("base_unit"), *(g.get("base_unit_alt") or [])])
        county = p.get("county") == g.get("county") or p.get("county") in (g.get("county_alt") or [])
        t.value_ok += value
        t.county_ok += county
        t.found += value and county
        for k in FIELDS:
            if k in p:
                t.fields[k] += g.get(k) == p.get(k)
                t.fields[k + "_n"] += 1
        t.indicator.append(char_f1(g.get("indicator"), p.get("indicator")))
        if not (value and county):
            wrong.append((g, p))
    return t


def score(gold: list[dict], pred: list[dict]) -> Scores:
    """SPEC's figures over all documents and for each one, with the misses, false alarms and
    matched records whose value, unit or county is wrong."""
    by_g, by_p = defaultdict(list), defaultdict(list)
    for r in gold:
        by_g[r["doc"]].append(r)
    for r in pred:
        by_p[r.get("doc")].append(r)
    total, per_doc = Tally(), {}
    misses, alarms, wrong = [], [], []
    for doc in sorted(set(by_g) | {d for d in by_p if d is not None}, key=str):
        t = _doc_tally(by_g.get(doc, []), by_p.get(doc, []), misses, alarms, wrong)
        per_doc[str(doc)] = t.figures()
        total.add(t)
    return Scores(total.figures(), per_doc, misses, alarms, wrong)


def read_records(path: str | Path, doc: str | None = None) -> list[dict]:
    """Records of a JSON Lines file; ``doc`` overrides every record's document id."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(f"{p}: cannot be read ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: is not UTF-8 JSON Lines") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{p}:{n}: not JSON ({e.msg}) (expected one record a line)") from None
        if not isinstance(r, dict) or not all(k in r for k in ("start", "end")):
            raise InputError(f"{p}:{n}: not a record (expected an object with doc, start, end, base_value, base_unit, county)")
        if doc is not None:
            r["doc"] = doc
        out.append(r)
    return out


def gold_of_dir(folder: str | Path) -> list[dict]:
    """Every record of the ``*.jsonl`` files in ``folder`` (``dNN.gold.jsonl`` and the like)."""
    d = Path(folder)
    if not d.is_dir():
        raise InputError(f"{d}: is not a folder (expected a folder of gold .jsonl files)")
    files = sorted(d.glob("*.jsonl"))
    if not files:
        raise InputError(f"{d}: holds no .jsonl files (expected gold records, one file a document)")
    return [r for f in files for r in read_records(f)]
