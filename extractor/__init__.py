"""zhibiao's extractor: quantity mentions in Chinese government text as ``Record``s.

>>> from extractor import extract
>>> [r.text for r in extract("新建高标准农田16.07万亩，茶园面积发展到51.3万亩。")]
['16.07万亩', '51.3万亩']
"""
from .errors import InputError, PatternError, ZhibiaoError
from .frame import to_dataframe
from .patternset import Patterns
from .pipeline import extract
from .record import FIELDS, Record

__all__ = ["extract", "to_dataframe", "Record", "FIELDS", "Patterns", "ZhibiaoError", "PatternError", "InputError"]
