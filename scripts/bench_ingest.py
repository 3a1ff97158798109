"""Ingest throughput and memory: all of ../shared/data/work-reports and regulations into a fresh
store with --jobs 1 and --jobs 2, then once more to show a re-run adds nothing.

    python scripts/bench_ingest.py [--data ../shared/data] [--jobs 1 2]

Reports documents/s, MB/s, the store's size, and the main process's resident memory sampled as
the corpus grows (it must stay flat: results stream into the store, nothing is held).
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.ingest import SUFFIXES, ingest, iter_files  # noqa: E402
from corpus.query import stats  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(paths: list[str], db: Path, jobs: int) -> dict:
    samples = []

    def progress(report, _):
        n = report.documents + report.skipped + report.duplicates + len(report.errors)
        if n % 100 == 0:
            samples.append((n, round(rss_mb(), 1)))

    t0 = time.perf_counter()
    report = ingest(paths, db, jobs=jobs, progress=progress)
    secs = time.perf_counter() - t0
    return {"jobs": jobs, "seconds": round(secs, 1), "documents": report.documents, "records": report.records,
            "errors": len(report.errors), "docs_per_s": round(report.documents / secs, 1),
            "rss_mb_by_documents": samples[:: max(1, len(samples) // 6)] + samples[-1:]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    a = ap.parse_args()
    paths = [str(a.data / "work-reports"), str(a.data / "regulations")]
    files = list(iter_files(paths))
    mb = sum(Path(f).stat().st_size for f in files if Path(f).suffix.lower() in SUFFIXES) / 2**20
    out = {"files": len(files), "megabytes": round(mb, 1), "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in a.jobs:
            db = Path(tmp) / f"bench-{jobs}.duckdb"
            r = run(paths, db, jobs)
            r["mb_per_s"] = round(mb / r["seconds"], 2)
            r["store_mb"] = round(db.stat().st_size / 2**20, 1)
            out["runs"].append(r)
        t0 = time.perf_counter()
        before = stats(db)["records"]
        again = ingest(paths, db, jobs=a.jobs[-1])
        out["rerun"] = {"seconds": round(time.perf_counter() - t0, 1), "documents_added": again.documents,
                        "records_added": stats(db)["records"] - before, "skipped": again.skipped}
    out["max_rss_mb_main"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["max_rss_mb_workers"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
