"""Read the example column of patterns/numerals.tsv for the tests."""
from extractor.data import _rows


def numeral_examples() -> dict[str, str]:
    return {row["char"]: row["example"] for _, _, row in _rows("numerals.tsv", ("char", "value", "role", "example"))}
