"""Ingest throughput and memory: all of ../shared/data/work-reports and regulations into a fresh
store with --jobs 1 and --jobs 2, in turns, then once more to show a re-run adds nothing.

    python scripts/bench_ingest.py [--data ../shared/data] [--jobs 1 2] [--repeat 7] [--paths F ...]

``--paths`` ingests those files or directories instead: one large .jsonl corpus file, say, which
is read in parts on every core (../shared/data/work-reports/national-state-council/*.jsonl,
3.3 MB in 72 rows).

Each ingest runs in a process of its own, as a user's command does: run in one process one after
the other, the second inherited what the first had loaded and learnt from the same documents
(its workers are forked from it), and --jobs 2 after --jobs 1 looked 0.2-0.4 s faster than it is.
Reports documents/s, MB/s, the store's size, the main process's resident memory sampled as the
corpus grows (it must stay flat: results stream into the store, nothing is held), and for each
round the ratio of the last --jobs to the first, with the median of the rounds, and the ratio of
the fastest runs. The second is what the code does, the first what a user of a busy machine sees:
on a shared host, noise only adds time, and more to --jobs 2, which needs both cores, than to
--jobs 1, which a neighbour on the other core leaves alone. Beside each round the machine's own
ceiling: two busy pure-Python processes at once against one alone, by round and fastest against
fastest. Each run also reports the CPU seconds of its processes (what --jobs N costs in all).
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cli  # noqa: E402,F401: the process a `zhibiao` command runs in (its environment settings)
from corpus.ingest import SUFFIXES, ingest, iter_files  # noqa: E402
from corpus.query import stats  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(paths: list[str], db: Path, jobs: int) -> dict:
    samples, seen = [], 0

    def progress(report, _):
        # called a result at a time (the report counts documents only as their batch is written)
        nonlocal seen
        seen += 1
        if seen % 100 == 0:
            samples.append((seen, round(rss_mb(), 1)))

    t0 = time.perf_counter()
    report = ingest(paths, db, jobs=jobs, progress=progress)
    secs = time.perf_counter() - t0
    return {"jobs": jobs, "seconds": round(secs, 2), "documents": report.documents, "records": report.records,
            "errors": len(report.errors), "docs_per_s": round(report.documents / secs, 1),
            "rss_mb_by_documents_read": samples[:: max(1, len(samples) // 6)] + samples[-1:]}


def one(paths: list[str], db: Path, jobs: int, mb: float) -> dict:
    r = run(paths, db, jobs)
    r["mb_per_s"] = round(mb / r["seconds"], 2)
    r["store_mb"] = round(db.stat().st_size / 2**20, 1)
    main, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    r["max_rss_mb_main"] = round(main.ru_maxrss / 1024, 1)
    r["max_rss_mb_workers"] = round(workers.ru_maxrss / 1024, 1)
    r["cpu_seconds"] = round(sum(u.ru_utime + u.ru_stime for u in (main, workers)), 2)
    return r


_BUSY = "s = 0\nfor i in range(4_000_000): s += i * i % 7"


def two_at_once() -> tuple[float, float]:
    """The seconds of one pure-Python loop alone and of two of them at once (two processes): on
    two free cores 2 * t1 / t2 is 2."""
    def wall(n: int) -> float:
        t0 = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _BUSY]) for _ in range(n)]
        for p in procs:
            p.wait()
        return time.perf_counter() - t0
    return wall(1), wall(2)


def in_own_process(a, db: Path, jobs: int, *extra: str) -> dict:
    cmd = [sys.executable, __file__, "--data", str(a.data), "--one", str(jobs), "--db", str(db), *extra]
    if a.paths:
        cmd += ["--paths", *a.paths]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--paths", nargs="+", help="files or directories to ingest instead of the two folders of --data")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one ingest, in this process
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--rerun", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    paths = a.paths or [str(a.data / "work-reports"), str(a.data / "regulations")]
    files = list(iter_files(paths))
    mb = sum(Path(f).stat().st_size for f in files if Path(f).suffix.lower() in SUFFIXES) / 2**20
    if a.one is not None:
        if a.rerun:
            t0 = time.perf_counter()
            before = stats(a.db)["records"]
            again = ingest(paths, a.db, jobs=a.one)
            out = {"seconds": round(time.perf_counter() - t0, 1), "documents_added": again.documents,
                   "records_added": stats(a.db)["records"] - before, "skipped": again.skipped}
        else:
            out = one(paths, a.db, a.one, mb)
        print(json.dumps(out))
        return
    out = {"files": len(files), "megabytes": round(mb, 1), "runs": [], "ratios": [], "machine_two_at_once": []}
    machine: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(a.repeat):
            runs = [in_own_process(a, Path(tmp) / f"bench-{k}-{jobs}.duckdb", jobs) for jobs in a.jobs]
            out["runs"] += runs
            out["ratios"].append(round(runs[0]["seconds"] / runs[-1]["seconds"], 2))
            machine.append(two_at_once())
            out["machine_two_at_once"].append(round(2 * machine[-1][0] / machine[-1][1], 2))
        out["rerun"] = in_own_process(a, Path(tmp) / f"bench-{a.repeat - 1}-{a.jobs[-1]}.duckdb", a.jobs[-1], "--rerun")
    out["median_ratio"] = statistics.median(out["ratios"])
    out["median_machine_two_at_once"] = statistics.median(out["machine_two_at_once"])
    fastest = {jobs: min(r["seconds"] for r in out["runs"] if r["jobs"] == jobs) for jobs in a.jobs}
    out["fastest_seconds"] = fastest
    out["ratio_of_fastest"] = round(fastest[a.jobs[0]] / fastest[a.jobs[-1]], 2)
    out["machine_ratio_of_fastest"] = round(2 * min(t for t, _ in machine) / min(t for _, t in machine), 2)
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
