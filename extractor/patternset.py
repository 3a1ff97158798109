"""One set of patterns: the shipped ``patterns/`` folder (or a copy of it) and folders of extra
rows, with everything derived from them (compiled regexes, the gazetteer, the segmenter) built
once per set and kept on it, not in module caches.

A library user adds words without editing the installed package::

    >>> from extractor import Patterns, extract
    >>> import pathlib, tempfile
    >>> extra = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (extra / "units.tsv").write_text(
    ...     "unit\\tbase_unit\\tquantity\\tmagnitude\\tflags\\texample\\n"
    ...     "垧\\t垧\\tarea\\t1\\tprefix\\t开垦荒地300垧。\\n", encoding="utf-8")
    >>> [r.text for r in extract("开垦荒地300垧。")]
    []
    >>> [r.text for r in extract("开垦荒地300垧。", patterns=Patterns(extra=[extra]))]
    ['300垧']

An extra folder holds files named as in ``patterns/`` (``units.tsv``, ``cues.yaml``,
``regions/hand.yaml`` …), each with only what it adds: a TSV file its header and new rows (a
row for a key the shipped file has replaces that row); a YAML file any of the shipped file's
groups, whose words are added to the shipped lists. Each is checked as the shipped files are.

The set a call uses is the one given to ``extract(..., patterns=…)`` or entered with
``with patterns.active():``; otherwise the default: ``$ZHIBIAO_PATTERNS`` (a whole folder in
place of the shipped one) and ``$ZHIBIAO_EXTRA_PATTERNS`` (folders of extra rows, separated by
``os.pathsep``), read once. ``zhibiao --patterns DIR`` sets the latter.
"""
from __future__ import annotations

import inspect
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from importlib import resources
from pathlib import Path

from .errors import PatternError

EXTRA_ENV = "ZHIBIAO_EXTRA_PATTERNS"
FOLDER_ENV = "ZHIBIAO_PATTERNS"


class Patterns:
    """The data ``patterns/`` holds, from ``folder`` (default: the shipped one) plus the folders
    of extra rows in ``extra``, and the memo of what has been built from it."""

    def __init__(self, folder: str | Path | None = None, extra: Sequence[str | Path] = ()):
        self.folder = Path(folder) if folder else Path(str(resources.files("patterns")))
        self.extra = tuple(Path(e) for e in extra)
        for f in (self.folder, *self.extra):
            if not f.is_dir():
                raise PatternError(f"{f}:1: not a folder (expected a folder of pattern files like patterns/)")
        self.memo: dict = {}

    def __repr__(self) -> str:
        return f"Patterns(folder={str(self.folder)!r}, extra={[str(e) for e in self.extra]!r})"

    def files(self, name: str) -> list[tuple[Path, str, bool]]:
        """(path, name as shown in errors, is extra) of ``name`` in the folder and each extra
        folder that has it. The folder's own file must exist."""
        out = [(self.folder / name, f"patterns/{name}", False)]
        out += [(e / name, str(e / name), True) for e in self.extra if (e / name).is_file()]
        return out

    def spec(self) -> tuple[str, tuple[str, ...]]:
        """What a worker process needs to load the same set: ``Patterns(*spec)``."""
        return str(self.folder), tuple(str(e) for e in self.extra)

    @staticmethod
    def from_spec(spec: tuple[str, tuple[str, ...]]) -> Patterns:
        """The set ``spec()`` describes, one per process (what it built is kept for the next call)."""
        if spec not in _BY_SPEC:
            _BY_SPEC[spec] = Patterns(spec[0], spec[1])
        return _BY_SPEC[spec]

    @contextmanager
    def active(self) -> Iterator[Patterns]:
        """Use this set for every extraction inside the ``with`` block (this thread/task)."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)


_ACTIVE: ContextVar[Patterns | None] = ContextVar("zhibiao_patterns", default=None)
_DEFAULT: list[Patterns] = []


def default() -> Patterns:
    """The set used when none is active: from ``$ZHIBIAO_PATTERNS`` and ``$ZHIBIAO_EXTRA_PATTERNS``."""
    if not _DEFAULT:
        extra = [p for p in os.environ.get(EXTRA_ENV, "").split(os.pathsep) if p]
        _DEFAULT.append(Patterns(os.environ.get(FOLDER_ENV) or None, extra))
    return _DEFAULT[0]


def set_default(patterns: Patterns | None) -> None:
    """Make ``patterns`` the default set (None: read the environment again on next use)."""
    _DEFAULT.clear()
    if patterns is not None:
        _DEFAULT.append(patterns)


def current() -> Patterns:
    """The set in use: the active one, else the default."""
    p = _ACTIVE.get()
    if p is not None:
        return p
    return _DEFAULT[0] if _DEFAULT else default()


_MISSING = object()
_BY_SPEC: dict[tuple, Patterns] = {}


def derived(fn):
    """Cache ``fn(*args)`` on the current ``Patterns``: built once per set of patterns. A call
    without arguments under the same set as the last one is one context lookup."""
    if not inspect.signature(fn).parameters:
        return _derived_constant(fn)
    last: list = [(None, None)]  # (the set of the last call without arguments, its value)

    @wraps(fn)
    def wrapper(*args, **kw):
        p = _ACTIVE.get()
        if p is None:
            p = _DEFAULT[0] if _DEFAULT else default()
        if not args and not kw and last[0][0] is p:
            return last[0][1]
        key = (fn, args, *kw.items()) if kw else (fn, args)
        memo = p.memo
        value = memo.get(key, _MISSING)
        if value is _MISSING:
            value = memo[key] = fn(*args, **kw)
        if not args and not kw:
            last[0] = (p, value)
        return value

    wrapper.uncached = fn
    return wrapper


def _derived_constant(fn):
    """``derived`` for a function without parameters (most of them): the last set's value is
    kept in the closure, so a call under the same set is one context lookup and one compare."""
    last = (None, None)  # (set, value), swapped whole: a thread never sees one set with another's value

    @wraps(fn)
    def wrapper():
        nonlocal last
        p = _ACTIVE.get()
        if p is None:
            p = _DEFAULT[0] if _DEFAULT else default()
        seen = last
        if seen[0] is p:
            return seen[1]
        key = (fn, ())
        value = p.memo.get(key, _MISSING)
        if value is _MISSING:
            value = p.memo[key] = fn()
        last = (p, value)
        return value

    wrapper.uncached = fn
    return wrapper


def remembered(size: int = 5_000, longest: int = 48):
    """Keep the answers of a function of strings that is called for every mention (a phrase
    trimmed, an indicator matched): per set of patterns, as ``derived`` does, but at most ``size``
    of them (then all are forgotten at once: a long ingest meets ever new phrases), and only for a
    first argument of at most ``longest`` characters (a long text seldom recurs, and memory stays
    flat). Only for functions whose answers are not changed by their callers (strings, frozen
    values)."""

    def decorate(fn):
        @derived
        def table() -> dict:
            return {}

        last = (None, None)  # (set, its table), as ``derived`` keeps it, looked at here: one call less

        @wraps(fn)
        def wrapper(*args, **kw):
            nonlocal last
            if args and isinstance(args[0], str) and len(args[0]) > longest:
                return fn(*args, **kw)
            key = (args, *kw.items()) if kw else args
            p = _ACTIVE.get()
            if p is None:
                p = _DEFAULT[0] if _DEFAULT else default()
            seen = last
            if seen[0] is p:
                memo = seen[1]
            else:
                memo = table()
                last = (p, memo)
            value = memo.get(key, _MISSING)
            if value is _MISSING:
                if len(memo) >= size:
                    memo.clear()
                value = memo[key] = fn(*args, **kw)
            return value

        wrapper.uncached = fn
        return wrapper

    return decorate
