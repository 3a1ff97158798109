"""The Arrow columns of the store and of Parquet output (extractor/arrow.py) are pyarrow's own,
built without its converter (which imports pandas)."""
import math
import os
import subprocess
import sys
from datetime import datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from extractor.arrow import column, table

TYPES = {
    pa.string(): st.text(max_size=40),
    pa.int32(): st.integers(-(2**31), 2**31 - 1),
    pa.int64(): st.integers(-(2**63), 2**63 - 1),
    pa.float64(): st.floats(allow_nan=False),
    pa.bool_(): st.booleans(),
    pa.timestamp("us"): st.datetimes(),
}


@settings(max_examples=60, deadline=None)
@given(st.data())
@pytest.mark.parametrize("arrow_type", list(TYPES), ids=str)
def test_a_column_is_what_pyarrow_makes_of_the_values(arrow_type, data):
    values = data.draw(st.lists(st.one_of(st.none(), TYPES[arrow_type]), max_size=80))
    assert column(values, arrow_type).equals(pa.array(values, arrow_type))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(min_size=17, max_size=60)), min_size=1, max_size=80))
def test_long_strings_are_encoded_one_by_one_to_the_same_column(values):
    assert column(values, pa.string()).equals(pa.array(values, pa.string()))


def test_nan_stays_a_number_and_none_a_null():
    got = column([math.nan, None, 1.5], pa.float64())
    assert got.null_count == 1 and math.isnan(got[0].as_py()) and got[2].as_py() == 1.5


def test_a_table_of_rows():
    rows = [("黄梅县", 12, datetime(2026, 1, 2)), (None, None, None), ("", 0, datetime(1970, 1, 1))]
    t = table(("name", "n", "at"), rows, {"n": pa.int32(), "at": pa.timestamp("us")})
    assert t.to_pylist() == [dict(zip(("name", "n", "at"), r)) for r in rows]
    assert table(("a", "b"), []).num_rows == 0


def test_a_wrong_value_is_a_type_error():
    with pytest.raises(TypeError, match="text column holds int 5"):
        column(["县", 5], pa.string())
    with pytest.raises(TypeError, match="no Arrow column"):
        column([1], pa.int8())


def test_ingest_does_not_import_pandas(tmp_path):
    code = ("import sys; from corpus.ingest import ingest; "
            f"r = ingest([{str(ROOT / 'samples' / 'huanggang-news.txt')!r}], {str(tmp_path / 'c.duckdb')!r}); "
            "assert r.records > 0, r; print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_parquet_output_is_the_table_pyarrow_makes_of_the_records(tmp_path):
    from extractor import extract
    from extractor.output import write_parquet
    from extractor.schema import arrow_schema

    records = extract((ROOT / "samples" / "huanggang-news.txt").read_text(encoding="utf-8"))
    write_parquet(records, tmp_path / "a.parquet")
    expected = pa.Table.from_pylist([r.to_dict() for r in records], schema=arrow_schema())
    assert pq.read_table(tmp_path / "a.parquet").equals(expected, check_metadata=True)
    write_parquet([], tmp_path / "empty.parquet")
    assert pq.read_table(tmp_path / "empty.parquet").schema.equals(arrow_schema(), check_metadata=True)


def test_parquet_output_imports_pandas_only_to_make_its_metadata_once(tmp_path):
    out = tmp_path / "a.parquet"
    code = ("import sys; from cli import app\ntry: app()\nexcept SystemExit: pass\nprint('pandas' in sys.modules)")
    env = {**os.environ, "ZHIBIAO_CACHE": str(tmp_path / "cache")}
    args = [sys.executable, "-c", code, "extract", str(ROOT / "samples" / "huanggang-news.txt"), "-o", str(out)]
    first, second = (subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True, env=env) for _ in range(2))
    assert first.stdout.strip().endswith("True") and second.stdout.strip().endswith("False")
    assert pq.read_metadata(out).num_rows > 0


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc")
def test_a_zhibiao_command_loads_numpy_without_openblas_threads():
    """OpenBLAS starts a thread a core on import, spinning 0.1 CPU-s; a command needs none."""
    code = "import os, cli, numpy; print(len(os.listdir('/proc/self/task')))"
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "1"


def test_a_users_own_openblas_setting_is_kept():
    code = "import os, cli; print(os.environ['OPENBLAS_NUM_THREADS'])"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "4"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "4"
