"""zhibiao's speed in one run: in process, as whole processes, start-up, memory, and the ceiling.

    python scripts/benchmark.py [--repeat 3] [--data ../shared/data/work-reports/baoding-hebei-county-city]

Every figure is a ratio against a baseline measured in the same run on the same text, so the
machine's speed of the day cancels out (this 2-core machine varies by up to 2x between runs):

- in process, unseen: ``extract`` (every field on) over half of the Baoding county reports, each
  report once, in a fresh process warmed on the other half, vs ``jieba.lcut`` over the same
  strings in that process; both halves, ``--repeat`` rounds, the median of the rounds' ratios.
  This is what a user's run gets: extraction remembers the answers of its per-mention functions
  (``patternset.remembered``), so a second pass over the same texts is ~13 % faster than the first;
- in process, repeated: the same two, best of ``--repeat`` passes each over all the reports after
  a warm-up pass, in turns (the figure of earlier rounds, kept for comparison);
- whole process, 3 MB: ``zhibiao extract FILE -f jsonl`` of the reports' texts joined into one
  3 MB ``.txt`` vs a ``python -c "import jieba; jieba.lcut(...)"`` process on it, in turns (the
  ratio is the median of each pair's);
- whole process, 5 KB: the same two on the file's first 5 KB; and ``zhibiao --help``;
- memory: peak RSS of ``zhibiao extract`` over 1 MB and over 8 MB of documents (a folder of
  files each), records written to /dev/null as JSON Lines;
- the ceiling: one ``regex`` scan for numbers followed by a unit character, in MB/s.

Whole-process runs start warm, as every run after a user's first does: the cache of
``extractor.diskcache`` built by a first run, and zhibiao's modules byte-compiled first (as pip
does when it installs a package, jieba included; an editable install compiles them at its first
start, except where PYTHONDONTWRITEBYTECODE is set, as on our CI machine, where every start
compiled ~30 modules from source: 60 ms). Prints JSON, first how the extraction's modules run
(``build``: compiled by the install, or from source and why; ``ZHIBIAO_PURE=1`` measures the source).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
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


def one_pass(fn, texts) -> float:
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - t0


def best_of_paired(n: int, a, b, texts) -> tuple[float, float]:
    """The best of ``n`` passes of ``a`` and of ``b`` over ``texts``, taken in turns (a, b, a, b…),
    so a drift of the machine's speed during the run touches both alike."""
    best_a = best_b = float("inf")
    for _ in range(n):
        best_a = min(best_a, one_pass(a, texts))
        best_b = min(best_b, one_pass(b, texts))
    return best_a, best_b


def unseen(folder: Path, half: int) -> tuple[float, float]:
    """In this process: warm on the other half of the reports, then one pass of ``extract`` and
    one of ``jieba.lcut`` over ``half`` (every other report): their seconds."""
    import jieba

    texts = load(folder)
    for t in texts[1 - half :: 2]:
        extract(t)
    jieba.lcut("全县新建高标准农田")
    mine = texts[half::2]
    return one_pass(extract, mine), one_pass(jieba.lcut, mine)


def unseen_rounds(n: int, folder: Path) -> list[float]:
    """The ratio jieba / extract over all the reports, each report seen once, for ``n`` rounds of
    two fresh processes (one a half)."""
    ratios = []
    for _ in range(n):
        e = j = 0.0
        for half in (0, 1):
            out = subprocess.run([sys.executable, __file__, "--data", str(folder), "--unseen", str(half)],
                                 capture_output=True, text=True, check=True).stdout
            de, dj = json.loads(out)
            e, j = e + de, j + dj
        ratios.append(round(j / e, 3))
    return ratios


def zhibiao() -> list[str]:
    script = Path(sys.executable).with_name("zhibiao")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


# A small launcher runs each measured process: a child's peak RSS counts the memory of the
# process it was forked from, so forking it from this one (150 MB of texts) would count ours.
_LAUNCH = ("import os, sys, time\n"
           "t0 = time.perf_counter()\n"
           "pid = os.fork()\n"
           "if pid == 0:\n    os.execvp(sys.argv[1], sys.argv[1:])\n"
           "_, status, usage = os.wait4(pid, 0)\n"
           "print(time.perf_counter() - t0, usage.ru_maxrss, file=sys.stderr)\n"
           "sys.exit(os.waitstatus_to_exitcode(status))\n")


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds (from fork to exit, timed by the launcher) and peak RSS (MB) of one process,
    its output to /dev/null."""
    res = subprocess.run([sys.executable, "-c", _LAUNCH, *cmd], cwd=ROOT, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}… failed: {res.stderr.strip()}")
    wall, rss = res.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def median_of(n: int, cmd: list[str]) -> float:
    return statistics.median(run(cmd)[0] for _ in range(n))


def paired(n: int, cmd: list[str], baseline: list[str]) -> tuple[float, float, float]:
    """Median seconds of ``cmd`` and of ``baseline`` run in turns, and the median of the
    ratios of each pair (the figure a drift of the machine's speed moves least)."""
    pairs = [(run(cmd)[0], run(baseline)[0]) for _ in range(n)]
    return (statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs),
            statistics.median(a / b for a, b in pairs))


def jieba_process(path: Path) -> list[str]:
    code = ("import jieba, sys; jieba.setLogLevel(60); "
            "jieba.lcut(open(sys.argv[1], encoding='utf-8').read())")
    return [sys.executable, "-c", code, str(path)]


def byte_compile() -> None:
    """zhibiao's modules as bytecode in their ``__pycache__`` (see the module's docstring)."""
    import compileall

    for folder in ("extractor", "corpus"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    compileall.compile_file(ROOT / "cli.py", quiet=1)


def cut_utf8(text: str, size: int) -> str:
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def ceiling(texts: list[str], mb: float) -> float:
    """MB/s of one regex pass for a number followed by a character that may start a unit."""
    import regex

    from extractor.data import units

    first = "".join(sorted({regex.escape(k[0]) for k in units()}))
    pattern = regex.compile(rf"\d+(?:\.\d+)?(?=[{first}])")
    t0 = time.perf_counter()
    for t in texts:
        for _ in pattern.finditer(t):
            pass
    return mb / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/work-reports/baoding-hebei-county-city")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--unseen", type=int, choices=(0, 1), help=argparse.SUPPRESS)  # one half, in this process
    a = ap.parse_args()
    if a.unseen is not None:
        print(json.dumps(unseen(a.data, a.unseen)))
        return
    import jieba

    texts = load(a.data)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 2**20
    extract("来源:咸宁网\n全县新建高标准农田16.07万亩，还新建公园3个")  # patterns, compiled rules
    jieba.lcut("全县新建高标准农田")  # jieba's dictionary
    records = sum(len(extract(t)) for t in texts)
    t_extract, t_jieba = best_of_paired(a.repeat, extract, jieba.lcut, texts)
    from extractor import compiled

    out = {"build": compiled.summary(), "documents": len(texts), "megabytes_utf8": round(mb, 2), "records": records,
           "in_process": {"extract_s": round(t_extract, 3), "jieba_lcut_s": round(t_jieba, 3),
                          "extract_mb_per_s": round(mb / t_extract, 2),
                          "extract_vs_jieba": round(t_jieba / t_extract, 3)}}
    rounds = unseen_rounds(a.repeat, a.data)
    out["in_process_unseen"] = {"extract_vs_jieba_by_round": rounds, "extract_vs_jieba": statistics.median(rounds)}

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        joined = "\n\n".join(texts)
        big, small = tmp / "reports-3mb.txt", tmp / "reports-5kb.txt"
        big.write_text(cut_utf8(joined, 3 * 2**20), encoding="utf-8")
        small.write_text(cut_utf8(joined, 5 * 2**10), encoding="utf-8")
        byte_compile()
        run(zhibiao() + ["extract", str(small), "-f", "jsonl"])  # the cache, as after a user's first run
        z_big, j_big, r_big = paired(a.repeat, zhibiao() + ["extract", str(big), "-f", "jsonl"], jieba_process(big))
        z_small, j_small, r_small = paired(a.repeat + 2, zhibiao() + ["extract", str(small), "-f", "jsonl"],
                                           jieba_process(small))
        z_help = median_of(a.repeat + 2, zhibiao() + ["--help"])
        out["whole_process"] = {
            "extract_3mb_s": round(z_big, 2), "jieba_3mb_s": round(j_big, 2), "extract_vs_jieba_3mb": round(r_big, 3),
            "extract_5kb_s": round(z_small, 2), "jieba_5kb_s": round(j_small, 2),
            "extract_vs_jieba_5kb": round(r_small, 3), "help_s": round(z_help, 2)}
        rss = {}
        for size in (1, 8):
            folder = tmp / f"docs-{size}mb"
            folder.mkdir()
            written, i = 0, 0
            while written < size * 2**20:
                t = texts[i % len(texts)]
                (folder / f"d{i:05d}.txt").write_text(t, encoding="utf-8")
                written += len(t.encode("utf-8"))
                i += 1
            rss[size] = run(zhibiao() + ["extract", *sorted(map(str, folder.iterdir())), "-f", "jsonl"])[1]
        out["memory"] = {"peak_rss_1mb": round(rss[1], 1), "peak_rss_8mb": round(rss[8], 1),
                         "ratio_8mb_vs_1mb": round(rss[8] / rss[1], 2)}
    out["ceiling_regex_scan_mb_per_s"] = round(ceiling(texts, mb), 1)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
