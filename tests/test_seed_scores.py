"""The quality gate: scores on the annotated sample may not drop below the pinned figures."""
import importlib.util
import json
from pathlib import Path


from conftest import SHARED, needs_shared
from extractor import extract

PINNED = Path(__file__).resolve().parent / "scores.json"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@needs_shared()
def test_seed_scores_do_not_drop():
    score = _scorer()
    text = (SHARED / "dev" / "seed.txt").read_text(encoding="utf-8")
    pred = [r.to_dict() for r in extract(text, doc_id="seed")]
    gold = score.load(SHARED / "dev" / "seed.gold.jsonl", "seed")
    got = score.score(gold, pred)
    pins = json.loads(PINNED.read_text(encoding="utf-8"))["seed"]
    low = {k: (got[k], v) for k, v in pins.items() if got[k] is None or got[k] + 1e-9 < v}
    assert not low, f"scores below their pins (got, pinned): {low}"
