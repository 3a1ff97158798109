"""Arrow tables of Python values (the store's inserts, ``extract -o x.parquet``), each column
built from its buffers (the values' UTF-8 bytes and offsets, or their numbers, and a bitmap of
which are null).

Not ``pa.array`` of a list: pyarrow's converter asks, on its first call, whether the list is a
pandas object, and imports pandas to know (0.21 s, a quarter of ingesting one news page, for a
library neither path uses). The tables are the same (``tests/test_arrow.py`` compares them).

>>> table(("name", "n"), [("县", 1), (None, 2)], {"n": pa.int32()}).to_pylist()
[{'name': '县', 'n': 1}, {'name': None, 'n': 2}]
"""
from __future__ import annotations

from datetime import datetime, timedelta
from itertools import compress, repeat
from operator import is_not

import numpy as np
import pyarrow as pa

_EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)
_NUMBERS = {pa.int32(): np.int32, pa.int64(): np.int64, pa.float64(): np.float64}
_MAX_OFFSET = 2**31 - 1  # a string column's offsets are 32-bit; beyond, a large_string column
_SAMPLE, _LONG = 64, 16  # a text column whose first 64 values average over 16 characters is long
# Every loop over the values is a C one (map, compress, list.count, numpy): a Python loop made
# these columns three times as slow as pyarrow's converter; these are 1.5 to 2.5 times.


def _strings(strings: list[str], n: int, present: np.ndarray | None) -> tuple[np.ndarray, bytes]:
    """The offsets (n + 1 of them) and UTF-8 bytes of ``strings``, the non-null ones of ``n``
    values. Long strings are encoded one by one; short ones (units, names) joined and encoded
    once, each one's offset in characters turned into bytes through the positions where the
    characters start (the bytes that are not UTF-8 continuation bytes)."""
    if sum(map(len, strings[:_SAMPLE])) > _LONG * min(len(strings), _SAMPLE):
        encoded = list(map(str.encode, strings))
        lengths, data, in_bytes = np.fromiter(map(len, encoded), np.int64, len(encoded)), b"".join(encoded), True
    else:
        data = "".join(strings).encode()
        lengths, in_bytes = np.fromiter(map(len, strings), np.int64, len(strings)), False
    if present is not None:
        lengths, held = np.zeros(n, np.int64), lengths
        lengths[present] = held
    offsets = np.zeros(n + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if not in_bytes and offsets[-1] != len(data):  # not all ASCII: characters to bytes
        raw = np.frombuffer(data, np.uint8)
        offsets = np.append(np.flatnonzero((raw & 0xC0) != 0x80), len(data))[offsets]
    return offsets, data


def column(values: list, arrow_type: pa.DataType) -> pa.Array:
    """``values`` (None for null) as an Arrow array of ``arrow_type``: string, int32, int64, float64,
    bool or timestamp("us") of naive datetimes."""
    n = len(values)
    nulls = values.count(None)
    present = np.fromiter(map(is_not, values, repeat(None)), np.bool_, n) if nulls else None
    validity = None if present is None else pa.py_buffer(np.packbits(present, bitorder="little"))
    if arrow_type == pa.string():
        strings = values if present is None else list(compress(values, present))
        try:
            offsets, data = _strings(strings, n, present)
        except (TypeError, AttributeError):
            bad = next(v for v in strings if not isinstance(v, str))
            raise TypeError(f"a text column holds {type(bad).__name__} {bad!r}") from None
        large = offsets[-1] > _MAX_OFFSET
        buffers = [validity, pa.py_buffer(offsets if large else offsets.astype(np.int32)), pa.py_buffer(data)]
        return pa.Array.from_buffers(pa.large_string() if large else pa.string(), n, buffers, nulls)
    if arrow_type == pa.bool_():
        bits = np.packbits(np.fromiter(map(bool, values), np.bool_, n), bitorder="little")
        return pa.Array.from_buffers(arrow_type, n, [validity, pa.py_buffer(bits)], nulls)
    if arrow_type == pa.timestamp("us"):
        values = [None if v is None else (v - _EPOCH) // _MICROSECOND for v in values]
        dtype = np.int64
    elif arrow_type in _NUMBERS:
        dtype = _NUMBERS[arrow_type]
    else:
        raise TypeError(f"no Arrow column of {arrow_type} from Python values here")
    if nulls:  # the values in place, zero under the nulls
        numbers = np.zeros(n, dtype)
        numbers[present] = np.array(list(compress(values, present)), dtype)
    else:
        numbers = np.array(values, dtype)
    return pa.Array.from_buffers(arrow_type, n, [validity, pa.py_buffer(numbers)], nulls)


def table(columns: tuple[str, ...], rows: list[tuple], types: dict[str, pa.DataType] | None = None,
          metadata: dict | None = None) -> pa.Table:
    """Rows (in ``columns`` order) as one Arrow table, a column's type from ``types`` (text by
    default), with the schema's ``metadata``."""
    types = types or {}
    cols = list(zip(*rows)) if rows else [()] * len(columns)
    arrays = [column(list(col), types.get(c, pa.string())) for c, col in zip(columns, cols)]
    return pa.Table.from_arrays(arrays, names=list(columns), metadata=metadata)
