"""pytest, for the whole checkout: the doctests of a compiled module (extractor/*.so beside its
.py, see setup.py) are collected from the .py file while the import gives the .so; pytest's own
switch accepts that (the examples are run against the module as it is imported)."""
import os
from pathlib import Path

if any((Path(__file__).parent / "extractor").glob("*.so")):
    os.environ.setdefault("PY_IGNORE_IMPORTMISMATCH", "1")
