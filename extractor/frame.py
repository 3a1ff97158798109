"""Records as a pandas DataFrame with one typed column per field."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .record import FIELDS, Record

DTYPES = {
    "doc": "string", "text": "string", "start": "Int64", "end": "Int64",
    "value": "Float64", "value_high": "Float64", "unit": "string", "base_value": "Float64",
    "base_value_high": "Float64", "base_unit": "string", "quantity": "category",
    "qualifier": "category", "change": "boolean", "direction": "category", "modality": "category",
    "indicator": "string", "indicator_id": "string", "county": "string", "county_code": "string",
    "city": "string", "city_code": "string", "province": "string", "place": "string",
    "year": "Int64", "sentence": "string",
}
assert tuple(DTYPES) == FIELDS


def to_dataframe(records: Iterable[Record]) -> pd.DataFrame:
    """One row per record, SPEC columns in order, nullable dtypes (floats at this edge).

    >>> from extractor import extract
    >>> df = to_dataframe(extract("发放小额贷款145户585.77万元"))
    >>> df[["text", "base_value"]].values.tolist()
    [['145户', 145.0], ['585.77万元', 5857700.0]]
    """
    rows = [r.to_dict() for r in records]
    df = pd.DataFrame(rows, columns=list(FIELDS))
    return df.astype(DTYPES)
