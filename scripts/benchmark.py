"""Throughput of ``extract`` against ``jieba.lcut`` over the same text, in the same process.

    python scripts/benchmark.py [--repeat 3] [--data ../shared/data/work-reports/baoding-hebei-county-city]

Reads the county work reports (JSON Lines ``full_text`` plus ``txt/*.txt``), times extraction and
jieba segmentation of exactly the same strings (best of ``--repeat`` runs each, after a warm-up
that loads the pattern data and jieba's dictionary), and prints the ratio and the peak memory
that extraction allocates (tracemalloc, in a separate pass so it does not slow the timing).
Every field is on: geography (county attribution) runs inside ``extract``.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import extract  # noqa: E402


def load(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("full_text"):
                texts.append(row["full_text"])
    texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("txt/*.txt"))]
    return texts


def best_of(n: int, fn, texts) -> float:
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/work-reports/baoding-hebei-county-city")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    import jieba

    texts = load(a.data)
    chars = sum(map(len, texts))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 2**20
    from extractor.data import units
    from extractor.gazetteer import gazetteer

    t0 = time.perf_counter()
    units()  # the unit table and its generated prefixes
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    gazetteer()  # divisions, townships, former names
    gazetteer_s = time.perf_counter() - t0
    from extractor.segment import tokenizer

    t0 = time.perf_counter()
    tokenizer()  # our jieba Tokenizer with its user dictionary
    segmenter_s = time.perf_counter() - t0
    extract("来源:咸宁网\n全县新建高标准农田16.07万亩")  # the rest of patterns/ and compiled regexes
    jieba.lcut("全县新建高标准农田")  # loads jieba's dictionary once
    records = sum(len(extract(t)) for t in texts)
    t_extract = best_of(a.repeat, extract, texts)
    t_jieba = best_of(a.repeat, jieba.lcut, texts)
    tracemalloc.start()
    for t in texts:
        extract(t)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    largest = max(map(len, texts))
    print(json.dumps({
        "documents": len(texts), "characters": chars, "megabytes_utf8": round(mb, 2), "records": records,
        "pattern_load_s": round(load_s, 3), "gazetteer_load_s": round(gazetteer_s, 3),
        "segmenter_load_s": round(segmenter_s, 3),
        "extract_s": round(t_extract, 3), "jieba_lcut_s": round(t_jieba, 3),
        "extract_mb_per_s": round(mb / t_extract, 2), "jieba_mb_per_s": round(mb / t_jieba, 2),
        "speed_ratio_vs_jieba": round(t_jieba / t_extract, 2),
        "extract_peak_alloc_mb": round(peak / 2**20, 1), "largest_document_chars": largest,
        "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
