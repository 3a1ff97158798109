"""Shared test helpers. Real documents are read from ../shared in place, never copied here."""
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CASES = Path(__file__).resolve().parent / "cases"


def load_cases():
    """Every case of tests/cases/*.jsonl as a pytest param, xfail-strict when marked."""
    params = []
    for path in sorted(CASES.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            case = json.loads(line)
            marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
            params.append(pytest.param(case, id=case.get("id", f"{path.stem}-{n}"), marks=marks))
    return params


def needs_shared():
    return pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside the repo")
