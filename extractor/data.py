"""Load and validate the linguistic data in ``patterns/``, once per ``Patterns`` set, on first use.

Nothing is read at import time. A malformed file raises ``PatternError`` with
``file:line: problem (expected ...)``. Files in extra folders (``Patterns(extra=…)``) add rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import regex

from . import yamldata
from .diskcache import key_of, load_or_build
from .errors import PatternError
from .patternset import current, derived
from .yamldata import CODE, INT, SCALAR, TEXT, WORD, WORDS, ListOf, MapOf, load_text, optional

QUANTITIES = {
    "money", "area", "households", "household_times", "people", "person_times", "count", "weight",
    "length", "volume", "power", "energy", "percent", "permille", "permyriad", "percentage_point", "ratio",
    "duration", "age", "temperature", "rate", "basis_point", "permille_point", "voltage",
}
UNIT_FLAGS = {"prefix", "arabic"}


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as written: ``万亩`` is base ``亩`` with magnitude 10000."""

    unit: str
    base_unit: str
    quantity: str
    magnitude: Decimal
    prefix: bool = False
    arabic: bool = False
    example: str = ""


def patterns_dir() -> Path:
    """The folder of the patterns in use (the shipped ``patterns/`` unless a ``Patterns`` set or
    ``$ZHIBIAO_PATTERNS`` names another)."""
    return current().folder


def tsv_rows(name: str, columns: tuple[str, ...]):
    """Yield (shown path, line number, row dict) of a TSV file in patterns/ and then of the same
    file in each extra folder, skipping # comments. The header starts with ``columns``."""
    for path, shown, _extra in current().files(name):
        with path.open(encoding="utf-8", newline="") as f:
            header = None
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cells = line.split("\t")
                if header is None:
                    header = tuple(cells)
                    if header[: len(columns)] != columns:
                        raise PatternError(f"{shown}:{n}: header is {header!r} (expected {columns!r})")
                    continue
                if len(cells) != len(header):
                    raise PatternError(f"{shown}:{n}: {len(cells)} cells (expected {len(header)}: {', '.join(header)})")
                yield shown, n, dict(zip(header, cells))


_rows = tsv_rows


def _decimal(path, n, text, what) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise PatternError(f"{path}:{n}: {what} {text!r} is not a number (expected digits like 10000)") from None


@derived
def numerals() -> dict[str, tuple[str, Decimal | None]]:
    """Chinese numeral characters: char -> (role, value)."""
    out = {}
    for path, n, row in _rows("numerals.tsv", ("char", "value", "role", "example")):
        role = row["role"]
        if role not in ("digit", "tens", "small", "big", "point") or len(row["char"]) != 1:
            raise PatternError(f"{path}:{n}: bad row {row!r} (expected one char and role digit|tens|small|big|point)")
        out[row["char"]] = (role, None if role == "point" else _decimal(path, n, row["value"], "value"))
    return out


@derived
def magnitude_prefixes() -> dict[str, Decimal]:
    """Magnitude prefixes a unit may carry: 十 百 千 万 十万 … 亿 万亿, with their multipliers."""
    small = {c: v for c, (r, v) in numerals().items() if r == "small" and c in "十百千"}
    big = {c: v for c, (r, v) in numerals().items() if r == "big"}
    out = dict(small)
    for b, bv in big.items():
        out[b] = bv
        for s, sv in small.items():
            out[s + b] = sv * bv
    out["万亿"] = big["万"] * big["亿"]
    return out


@derived
def units() -> dict[str, Unit]:
    """Every unit string that can follow a number, with prefixed forms (万头, 亿千瓦时) generated."""
    table: dict[str, Unit] = {}
    shown_in: dict[str, str] = {}
    for path, n, row in _rows("units.tsv", ("unit", "base_unit", "quantity", "magnitude", "flags", "example")):
        flags = {f for f in row["flags"].split(",") if f}
        if row["quantity"] not in QUANTITIES:
            raise PatternError(f"{path}:{n}: quantity {row['quantity']!r} (expected one of {', '.join(sorted(QUANTITIES))})")
        if flags - UNIT_FLAGS:
            raise PatternError(f"{path}:{n}: flags {row['flags']!r} (expected a comma list of {', '.join(sorted(UNIT_FLAGS))})")
        if row["unit"] in table and shown_in[row["unit"]] == path:
            raise PatternError(f"{path}:{n}: unit {row['unit']!r} listed twice (expected one row a unit)")
        shown_in[row["unit"]] = path  # a row of an extra folder replaces the shipped one
        if not row["example"] or row["unit"] not in row["example"]:
            raise PatternError(f"{path}:{n}: example {row['example']!r} (expected a sentence that uses {row['unit']!r})")
        table[row["unit"]] = Unit(row["unit"], row["base_unit"], row["quantity"],
                                  _decimal(path, n, row["magnitude"], "magnitude"),
                                  "prefix" in flags, "arabic" in flags, row["example"])
    generated = {}
    for u in table.values():
        if u.prefix:
            for p, mult in magnitude_prefixes().items():
                generated.setdefault(p + u.unit, Unit(p + u.unit, u.base_unit, u.quantity, u.magnitude * mult))
    for key, u in generated.items():
        table.setdefault(key, u)
    return table


W = WORDS
# A sentence of our own for a group, and what it must give (checked by tests/test_patterns.py).
EXAMPLES = MapOf(WORD, {"sentence": TEXT, "text?": WORD, "record?": MapOf(WORD, SCALAR), "no_record?": WORD})
SHAPES = {
    "cues.yaml": {
        "qualifier": {q: {"before?": W, "inside?": W, "after?": W} for q in ("approx", "more_than", "less_than")},
        "lone_magnitude": {"approx": W, "more_than": W},
        "percent_words": MapOf(WORD, W),
        "filler": W, "range_separators": W, "coordinators": W,
        "change": {"up": W, "down": W, "to_level": W, "not_change": W, "comparison": W, "basis": W, "either": W},
        "per_units": W,
        "counted_nouns": MapOf(WORD, W),
        "currency_before": MapOf(WORD, WORD), "currency_signs": MapOf(WORD, WORD),
        "temperature_words": W, "negative_words": W, "negative_not_after": W,
        "examples?": EXAMPLES,
    },
    "not_quantity.yaml": {**{k: W for k in ("ordinal_before", "vague_before", "ordinal_after_chinese",
                                         "rhetoric_after_chinese", "phrases", "article_numerals",
                                         "article_quantities", "article_counted_after", "word_after",
                                         "between_joins", "between_units", "unit_words", "lone_banker_digits",
                                         "lone_banker_quantities", "rank_before", "rank_units",
                                         "lone_cue_word_ends", "lone_threshold_nouns")}, "examples?": EXAMPLES},
    "context.yaml": {
        "modality": {k: W for k in ("planned", "expected", "not_cue", "covers_sentence", "disposal_verbs",
                                     "noun_cues", "cue_lead", "actual_after", "planned_before_figure", "inside_sentence_cue",
                                     "section_planned", "section_actual")},
        "year": {"relative": MapOf(WORD, INT), "comparison_before": W, "comparison_far": W, "not_after": W,
                 "reference_titles": W, "present": W, "clause_leads": W, "now": W, "span_marks": W, "until": W,
                 "plan_periods?": MapOf(WORD, INT), "period_after": W, "plan_period_marks": W, "period_words": W, "named_periods?": W, "named_period_marks?": W,
                 "since_after": W},
        "document_lines": {"source_labels": W, "date_labels": W},
        "layout": {"line_ends": W, "runs_on_after": W, "runs_on_before": W, "item_marks": W},
        "examples?": EXAMPLES,
    },
    "naming.yaml": {**{k: W for k in ("strip_before", "kept_front", "totals", "before_change", "strip_after", "lead_verbs", "predicate_verbs",
                                      "purpose_words", "after_stops", "predicate_openers", "bare_sums", "figure_rates", "attributes", "caption_strip",
                                      "caption_generic", "column_generic", "row_lead", "share_words", "measure_heads", "purpose_leads",
                                      "after_number_skip", "attribute_verbs", "share_verbs", "one_character_nouns",
                                      "list_joins", "respectively", "implicit_level_verbs", "sum_words", "duration_within", "unit_split_words", "measure_end_chars", "part_leads", "attribute_verb_terms", "place_headings", "other_measure_marks",
                                      "reckoning_remarks", "stage_verbs", "stage_rates", "elided_subject_leads", "topic_attributes", "topic_verbs", "topic_not_first", "topic_not_last", "sector_ends",
                                      "report_lead_verbs", "reported_measures", "trailing_adverbs", "threshold_marks", "leading_attributes", "production_verbs",
                                      "words_with_deng")},
                    "sector_totals": MapOf(WORD, WORD), "area_caption_verbs": MapOf(WORD, WORD), "kept_front_not_with": MapOf(WORD, W),
                    "pair_suffix": MapOf(WORD, WORD), "joined_pairs": MapOf(WORD, ListOf(WORD)), "examples?": EXAMPLES},
    "scoring.yaml": {"same_unit": ListOf(W)},
    "genres.yaml": {"title": MapOf(WORD, W), "text": MapOf(WORD, W), "rank": MapOf(WORD, INT)},
    "regions/hand.yaml": {
        "removed_counties": ListOf({"code": CODE, "name": WORD, "year": INT, "successor": CODE}),
        "added_counties": ListOf({"code": CODE, "name": WORD, "short": WORD, "parent": CODE, "year": INT}),
        "town_county_codes": MapOf(CODE, CODE),
        "no_county_level": ListOf(CODE),
        "ordinary_words": W, "ordinary_names": W,
        "aliases": MapOf(WORD, W),
        "zones": MapOf(WORD, CODE),
        "self_reference": {"before": W, "after": W},
        "level_words": {"county": W, "city": W, "province": W}, "not_village_after": W,
        "partner_words": W, "neighbor_before": W, "neighbor_after": W, "two_char_after": W, "prefecture_markers": W, "media_after": W,
        "back_references": W,
        "examples?": EXAMPLES,
    },
}


@derived
def yaml_data(name: str) -> dict:
    """The data of ``patterns/NAME`` (a key of ``SHAPES``), checked against its shape, with the
    groups of the same file in each extra folder added (words appended, maps merged)."""
    out = None
    for path, shown, extra in current().files(name):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise PatternError(f"{shown}:1: cannot be read ({e.__class__.__name__}) (expected UTF-8 YAML)") from None
        shape = optional(SHAPES[name]) if extra else SHAPES[name]
        # checked once, then kept (marshal) under a hash of the text, its shape and this code:
        # 7 files parsed and checked at every start were 17 ms, loaded 1
        key = key_of([text, repr(shape), name, str(shown), _code_key()])
        entry = "yaml-" + name.replace("/", "-").removesuffix(".yaml")
        data = load_or_build(entry, key, lambda: load_text(text, shape, name, shown), fmt="marshal")
        out = data if out is None else _merge(out, data)
    return out


@lru_cache(maxsize=1)
def _code_key() -> str:
    """A hash of the code that reads and checks the pattern files (this module, yamldata)."""
    return key_of([Path(__file__), Path(yamldata.__file__)])


def _merge(base, more):
    """``more`` added to ``base``: lists extended by their new items, mappings merged key by key."""
    if isinstance(base, dict) and isinstance(more, dict):
        out = dict(base)
        for k, v in more.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(more, list):
        return base + [x for x in more if x not in base]
    return more


def _words(data: dict, *keys: str, name: str) -> list[str]:
    node = data
    for k in keys:
        node = node.get(k) if isinstance(node, dict) else None
    return list(node or [])


@derived
def cues() -> dict:
    """Qualifier, range, coordination and change cues, longest first within each list."""
    data = yaml_data("cues.yaml")
    name = "cues.yaml"

    def words(*keys):
        return sorted(_words(data, *keys, name=name), key=len, reverse=True)

    return {
        "qualifier": {
            q: {pos: words("qualifier", q, pos) for pos in ("before", "inside", "after")}
            for q in ("approx", "more_than", "less_than")
        },
        "filler": words("filler"),
        "range_separators": words("range_separators"),
        "coordinators": words("coordinators"),
        "change": {k: words("change", k) for k in ("up", "down", "to_level", "not_change", "comparison", "basis",
                                                   "either")},
        "per_units": words("per_units"),
        "lone_magnitude": {q: words("lone_magnitude", q) for q in ("approx", "more_than")},
        "percent_words": {u: words("percent_words", u) for u in (data.get("percent_words") or {})},
        "counted_nouns": {u: words("counted_nouns", u) for u in data["counted_nouns"]},
        "currency_before": dict(data["currency_before"]),
        "currency_words": sorted(data["currency_before"], key=len, reverse=True),
        "currency_signs": dict(data["currency_signs"]),
        "temperature_words": words("temperature_words"),
        "negative_words": words("negative_words"),
        "negative_not_after": words("negative_not_after"),
    }


# regex's ``concurrent`` argument, passed by position (keywords cost as much as it saves) where a
# pattern is tried for every mention or line: False keeps the GIL. By default regex lets it go and
# takes it back around every match on a str, ~1,200 instructions of a 7,000-instruction search,
# more than most of our matches need: 3-4 % of an extraction's instructions. Our matches are short
# (microseconds), so a thread beside them (a Dask worker's) waits no longer than for Python code.
HOLD_GIL = False


def longest_first(words) -> list[str]:
    """``words`` longest first (a longer cue wins over its prefix), words of one length in code
    point order: a pattern built from a set is then the same text in every process (a set's
    order is not), and found in the kept table of compiled patterns (extractor/regexes.py).

    >>> longest_first({"近", "约", "约为"})
    ['约为', '约', '近']
    """
    return sorted(words, key=lambda w: (-len(w), w))


def alternation(words) -> str:
    """``words`` as one regex alternation, escaped, longest first; a pattern that matches
    nothing when there are none.

    >>> alternation(["约", "约为", "近"])
    '约为|约|近'
    """
    return "|".join(regex.escape(w) for w in longest_first(words)) or "(?!)"


@derived
def change_verbs() -> str:
    """The change cues of cues.yaml (up and down) as one regex alternation, longest first."""
    c = cues()["change"]
    return alternation(c["up"] + c["down"])


@derived
def not_quantity() -> dict:
    data = yaml_data("not_quantity.yaml")
    name = "not_quantity.yaml"
    out = {k: sorted(_words(data, k, name=name), key=len, reverse=True)
           for k in ("ordinal_before", "vague_before", "ordinal_after_chinese", "rhetoric_after_chinese", "phrases",
                     "article_numerals", "article_quantities", "article_counted_after", "word_after",
                     "between_joins", "between_units", "unit_words", "lone_banker_digits",
                                         "lone_banker_quantities", "rank_before", "rank_units",
                                         "lone_cue_word_ends", "lone_threshold_nouns")}
    bad = set(out["article_quantities"]) - QUANTITIES
    if bad:
        raise PatternError(f"patterns/{name}: article_quantities has {sorted(bad)} (expected kinds of units.tsv)")
    return out


@derived
def t2s() -> dict[str, str]:
    """Traditional -> simplified, one character to one character."""
    out = {}
    for path, shown, _extra in current().files("t2s.tsv"):
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.startswith("#") or not line.strip():
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 2 or len(parts[0]) != 1 or len(parts[1]) != 1:
                    raise PatternError(f"{shown}:{n}: {line.strip()!r} (expected one traditional char, a tab, one simplified char)")
                out[parts[0]] = parts[1]
    return out
