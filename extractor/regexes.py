"""The extractor's regular expressions, compiled once and kept between processes.

``regex`` compiles a pattern by parsing it in Python: the 106 patterns a small extraction needs
took 56 ms of its 250 ms. A compiled pattern pickles as its compiled code (regex's own
pickling, which rebuilds it without parsing): the 106 read back in under 2 ms. So patterns are
kept in one table in the user's cache (``extractor.diskcache``), named by the versions of regex
and Python; each is found by its own text and flags, so an edited pattern or pattern file is a
new entry, never a stale one. The table is read at the first compile and written back (whole,
under a temporary name, then renamed) when the process ends having compiled one it lacked.

Patterns built for one document (the short names of its county) are compiled with
``regex.compile`` at their call site, not kept here.
"""
from __future__ import annotations

import atexit
import os
import pickle
import sys

import regex

from .diskcache import cache_dir, key_of, prune

_FORMAT = "regex-table-1"
LIMIT = 2000  # entries kept; beyond, a process keeps only those it used (old patterns go)

_table: dict | None = None
_used: set = set()
_state = {"new": False}


def compiled(pattern: str, flags: int = 0) -> regex.Pattern:
    """``regex.compile(pattern, flags)``, from the kept table when it holds it."""
    table = _table if _table is not None else _load()
    key = (pattern, flags)
    p = table.get(key)
    if p is None:
        p = table[key] = regex.compile(pattern, flags)
        if not _state["new"]:
            _state["new"] = True
            atexit.register(save)
    _used.add(key)
    return p


def _path():
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"regex-{key_of([regex.__version__, sys.version, _FORMAT])}.pickle"


def _load() -> dict:
    global _table
    table: dict = {}
    path = _path()
    if path is not None:
        try:
            with open(path, "rb") as f:
                got = pickle.load(f)
            if isinstance(got, dict):
                table = got
        except Exception:  # noqa: BLE001: not written yet, damaged, or from other code: compile again
            pass
    _table = table
    return table


def save() -> None:
    """Write the table back (at exit, when a pattern was compiled that it did not hold)."""
    path = _path()
    if path is None or _table is None:
        return
    entries = _table if len(_table) <= LIMIT else {k: v for k, v in _table.items() if k in _used}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            pickle.dump(entries, f, protocol=5)
        os.replace(tmp, path)
        prune(path.parent, "regex")
    except (OSError, pickle.PicklingError):
        tmp.unlink(missing_ok=True)  # a full or read-only disk: the next process compiles again
