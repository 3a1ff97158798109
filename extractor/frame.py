"""Records as a pandas DataFrame with one typed column per field."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .record import FIELDS, Record
from .schema import dataframe_dtypes

DTYPES = dataframe_dtypes()  # from the one schema (extractor/schema.py)


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
