"""zhibiao's extractor: quantity mentions in Chinese government text as ``Record``s.

>>> from extractor import extract
>>> [r.text for r in extract("新建高标准农田16.07万亩，茶园面积发展到51.3万亩。")]
['16.07万亩', '51.3万亩']

Names are imported on first use (PEP 562), so ``import extractor.errors`` or ``zhibiao --help``
do not load the pipeline, pandas or the patterns.
"""
from importlib import import_module

from . import compiled as _compiled

_compiled.install()  # before any other module of the package: a stale compiled one runs its source

from .errors import InputError, PatternError, ZhibiaoError

_LAZY = {"extract": ".pipeline", "to_dataframe": ".frame", "Patterns": ".patternset", "Record": ".record",
         "FIELDS": ".record"}

__all__ = ["extract", "to_dataframe", "Record", "FIELDS", "Patterns", "ZhibiaoError", "PatternError", "InputError"]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
