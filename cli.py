"""The ``zhibiao`` command: a thin Typer layer over the library.

Errors are caught in one place (``_Group.invoke``): a ``ZhibiaoError`` is one ``error: …`` line
on stderr and exit 1 (``--debug`` adds the traceback); usage errors exit 2. A file that fails
is reported by the library as an outcome, so the other files of the call still run. A closed
pipe (``zhibiao extract … | head``) ends the run quietly.
"""
from __future__ import annotations

import atexit
import gc
import json
import os
import sys
import traceback
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from extractor.errors import ZhibiaoError

# Everything else is imported inside the command that uses it: `zhibiao --help` loads Typer only.

# numpy (imported for Arrow columns: Parquet output, the store) loads OpenBLAS, which starts a
# thread a core that spins on start: 0.1 CPU-s of a 0.35 s `extract -o parquet`, and taken from an
# ingest's workers. No command does linear algebra; a user who sets the variable keeps theirs.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

_DEBUG = {"on": False}
EXIT_PIPE = 141  # as a process killed by SIGPIPE, like other filters whose reader went away


def _err(msg: str) -> None:
    typer.echo(f"error: {msg}", err=True)


def _traceback(exc: BaseException) -> None:
    if _DEBUG["on"]:
        traceback.print_exception(exc, file=sys.stderr)


def _quiet_stdout() -> None:
    """The reader of stdout has gone: send what is left to /dev/null, so that nothing more is
    written and Python's own flush at exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


class _Group(TyperGroup):
    """Every command runs inside this one handler of zhibiao's errors and of a closed pipe."""

    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
            return result
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(EXIT_PIPE) from None
        except ZhibiaoError as e:
            _traceback(e)
            _err(str(e))
            raise typer.Exit(1) from None


app = typer.Typer(cls=_Group, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="zhibiao (指标): quantity records from Chinese government text.")


_CONSOLE = False  # set by main(): this process is the zhibiao command, its collector ours to tune


def main() -> None:
    """The console script ``zhibiao``."""
    global _CONSOLE
    _CONSOLE = True
    # At exit Python's last cycle collection walks every object left: the patterns', the
    # gazetteer's, jieba's (35 of the 70 ms a 3 MB extract took to end). Frozen, they are not
    # walked; they are still freed and every exit handler still runs.
    atexit.register(gc.freeze)
    app()


def frozen_after_first(items: Iterable):
    """``items``, with Python's cycle collector off until the first is made and everything then
    alive frozen (``gc.freeze``): the first document loads the pattern tables, a million
    long-lived objects, and the first collection after it walked them all (40 ms of a 3 MB
    extract); the later documents' objects are collected as usual. For the command's own process
    only (``main``): a library caller's objects are not ours to freeze."""
    was = gc.isenabled()
    gc.disable()
    try:
        for n, item in enumerate(items):
            if n == 0 and was:
                gc.freeze()
                gc.enable()
            yield item
    finally:
        if was:
            gc.enable()


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def _pick_format(fmt: Optional[Format], output: Optional[Path]) -> Format:
    if fmt is not None:
        return fmt
    if output is not None:
        return {".csv": Format.csv, ".parquet": Format.parquet}.get(output.suffix.lower(), Format.jsonl)
    return Format.table if sys.stdout.isatty() else Format.jsonl


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="Show the traceback behind each error."),
          patterns: list[Path] = typer.Option([], "--patterns", metavar="DIR",
                                              help="A folder of extra pattern rows (files named as in patterns/: "
                                                   "units.tsv, cues.yaml …) added to the shipped ones; repeatable.")
          ) -> None:
    """zhibiao (指标): quantity records from Chinese government text."""
    _DEBUG["on"] = debug
    if patterns:
        from extractor.patternset import EXTRA_ENV, FOLDER_ENV, Patterns, set_default

        extra = [p for p in os.environ.get(EXTRA_ENV, "").split(os.pathsep) if p] + [str(p.resolve()) for p in patterns]
        set_default(Patterns(os.environ.get(FOLDER_ENV) or None, extra))
        os.environ[EXTRA_ENV] = os.pathsep.join(extra)  # for worker processes


@app.command()
def extract(
    files: list[str] = typer.Argument(..., metavar="FILE...", help="Text, HTML, .docx, .pdf, or .jsonl/.csv "
                                      "corpus files (a document a row); - reads stdin."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f",
                                         help="table (default on a terminal), jsonl, csv or parquet."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a review page: the text with every "
                                        "mention highlighted and explained on hover."),
    region: Optional[str] = typer.Option(None, "--region", "-r",
                                         help="The division the files speak for, when they do not say: "
                                              "a name, short name or 6-digit code (通山县, 421224)."),
    columns: Optional[str] = typer.Option(None, "--columns", "-c",
                                          help="The table's columns, comma-separated (text,indicator,base value,"
                                               "unit,county,year,notes,city,start,doc); default: those that fit."),
) -> None:
    """Print every quantity mention of FILE... as records.

    A file that cannot be read is reported (error: FILE: reason) and the others still run; the
    exit status is then 1.

    Example: zhibiao extract report.txt --format jsonl > records.jsonl

    Review: zhibiao extract report.txt --html review.html
    """
    from corpus.inputs import extract_inputs
    from extractor.geography import resolve_region

    fmt = _pick_format(fmt, output)
    if region is not None:
        try:
            resolve_region(region)
        except ZhibiaoError as e:
            _err(str(e))
            raise typer.Exit(2) from None
    if fmt is Format.parquet and output is None:
        _err("--format parquet writes a binary file: give it --output PATH (e.g. -o records.parquet)")
        raise typer.Exit(2)
    failed = 0
    records, pages = [], []
    # jsonl, csv and parquet are written as each document finishes; the table and --html hold theirs
    stream = fmt is not Format.table

    def run(writer):
        nonlocal failed
        outcomes = extract_inputs(files, region=region)
        for outcome in frozen_after_first(outcomes) if _CONSOLE else outcomes:
            if outcome.error is not None:
                failed += 1
                _traceback(outcome.error.__cause__ or outcome.error)
                _err(str(outcome.error))
                continue
            if writer is not None:
                writer.write(outcome.records)
            else:
                records.extend(outcome.records)
            if html is not None:
                pages.append((outcome.doc_id, outcome.doc.text, outcome.records))

    if stream:
        from extractor.output import RecordWriter

        if output is None:
            with RecordWriter(fmt.value, sys.stdout) as w:
                run(w)
        elif fmt is Format.parquet:
            _write_file(output, lambda: _run_writer(RecordWriter(fmt.value, output), run))
        else:
            def write():
                with open(output, "w", encoding="utf-8", newline="") as out:
                    _run_writer(RecordWriter(fmt.value, out), run)
            _write_file(output, write)
    else:
        run(None)
        try:
            _write_records(records, fmt, sys.stdout, columns)
        except ZhibiaoError as e:
            _err(str(e))
            raise typer.Exit(2) from None
    if html is not None:
        from extractor.review import render

        page = render(pages, title=f"zhibiao · {', '.join(d for d, _, _ in pages) or 'no documents'}")
        _write_file(html, lambda: html.write_text(page, encoding="utf-8"))
    if failed:
        raise typer.Exit(1)


def _run_writer(writer, run) -> None:
    with writer:
        run(writer)


def _write_records(records, fmt: Format, out, columns: str | None = None) -> None:
    from extractor.output import render_table, write_csv, write_jsonl

    if fmt is Format.csv:
        write_csv(records, out)
    elif fmt is Format.table:
        from rich.console import Console

        # the terminal's width (COLUMNS where set); 200 when the table goes to a file or pipe
        console = Console(file=out, width=None if out.isatty() or os.environ.get("COLUMNS") else 200)
        cols = tuple(c.strip() for c in columns.split(",")) if columns else None
        render_table(records, console, cols)
    else:
        write_jsonl(records, out)


def _plain_value(v) -> str:
    """A table cell: floats as in extract's table (61,240,000,000; 7.8), the rest as text."""
    if isinstance(v, float):
        from decimal import Decimal

        from extractor.output import _plain

        return _plain(Decimal(repr(v)))
    return str(v)


def _write_file(path: Path, write) -> None:
    """Run ``write``; a file that cannot be written is a ZhibiaoError naming it."""
    try:
        write()
    except OSError as e:
        raise ZhibiaoError(f"{path}: cannot write ({e.strerror or e})") from None


DB_HELP = "The corpus store (DuckDB file); default $ZHIBIAO_DB or ./zhibiao.duckdb."


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., metavar="PATH...", help="Files or directories (recursive); - reads a list of paths from stdin."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes reading and extracting files: this one and N-1 forked workers."),
    include: list[str] = typer.Option([], "--include", help="Only files matching this glob (repeatable)."),
    exclude: list[str] = typer.Option([], "--exclude", help="Skip files matching this glob (repeatable)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", envvar="ZHIBIAO_SCHEDULER",
                                            help="Run on a Dask cluster: tcp://HOST:8786."),
    parts: Optional[Path] = typer.Option(None, "--parts", help="With --scheduler: where workers write Parquet parts "
                                         "(storage the workers and this machine share); default beside the store."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Add documents (text, HTML, .docx, .pdf) and their records to the corpus store, once each.

    Example: zhibiao ingest news/ --db corpus.duckdb --jobs 2 --include '*.html'
    """
    from corpus.ingest import ingest as run

    bar = _Bar(quiet)
    try:
        with bar as b:
            if scheduler:
                from corpus.distributed import ingest_dask

                report = ingest_dask(paths, db, scheduler, parts, include or None, exclude or None, progress=b)
            else:
                report = run(paths, db, jobs, include or None, exclude or None, progress=b)
    except KeyboardInterrupt:
        _err("interrupted: every document stored so far is complete; run the same command again to finish")
        raise typer.Exit(130) from None
    for path, reason, *trace in report.errors:
        if _DEBUG["on"] and trace and trace[0]:
            typer.echo(trace[0], err=True, nl=False)
        _err(reason if reason.startswith(f"{path}:") else f"{path}: {reason}")  # r.jsonl:21: not JSON
    from corpus.ingest import ON_REQUEST

    for suffix, n in sorted(report.passed_over.items()):
        files = f"{n} {suffix} file{'s' if n != 1 else ''} skipped"
        typer.echo(f"{files}: --include '*{suffix}' reads them" if suffix in ON_REQUEST
                   else f"{files}: not a kind zhibiao reads (text, HTML, Word, PDF, CSV, JSONL)", err=True)
    typer.echo(f"{report.documents} documents, {report.records} records added; {report.skipped} files already stored, "
               f"{report.duplicates} duplicates of stored documents, {len(report.errors)} errors", err=True)
    if report.errors:
        raise typer.Exit(1)


class _Bar:
    """A rich progress bar on stderr: documents, records, errors and rate."""

    def __init__(self, quiet: bool):
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.quiet, self.read = quiet, 0
        self.p = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                          console=Console(stderr=True), transient=False, disable=quiet)
        self.task = None

    def __enter__(self):
        self.p.__enter__()
        self.task = self.p.add_task("starting", total=None)
        return self

    def __exit__(self, *exc):
        return self.p.__exit__(*exc)

    def __call__(self, report, _result=None):
        # called a result at a time: a document (a file, or a corpus file's row), a file already
        # stored or one that failed; the report counts new documents only as their batch is written
        self.read += 1
        elapsed = self.p.tasks[0].elapsed or 1e-9
        self.p.update(self.task, description=f"{self.read} read · {report.documents} new documents stored · "
                      f"{report.records} records · {len(report.errors)} errors · {self.read / elapsed:.1f}/s")


class QueryFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


@app.command()
def query(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    county: Optional[str] = typer.Option(None, "--county", help="A county's name, short name or code: 通山县, 通山, 421224."),
    city: Optional[str] = typer.Option(None, "--city", help="A prefecture's name or code."),
    province: Optional[str] = typer.Option(None, "--province", help="A province's name."),
    indicator: Optional[str] = typer.Option(None, "--indicator", help="A canonical indicator (旅游综合收入, tourism_revenue) or words of the phrase."),
    year: Optional[int] = typer.Option(None, "--year"),
    limit: Optional[int] = typer.Option(None, "--limit"),
    fmt: Optional[QueryFormat] = typer.Option(None, "--format", "-f", help="table (default on a terminal), jsonl or csv."),
) -> None:
    """Records in the corpus that match every filter given.

    Example: zhibiao query --county 通山县 --indicator 旅游综合收入 --year 2021
    """
    from corpus.query import records
    from extractor.output import write_csv_rows
    from extractor.schema import json_line

    rows = records(db, county=county, city=city, province=province, indicator=indicator, year=year, limit=limit)
    fmt = fmt or (QueryFormat.table if sys.stdout.isatty() else QueryFormat.jsonl)
    if fmt is QueryFormat.csv:
        write_csv_rows(rows, sys.stdout)  # the dialect of extract and export
    elif fmt is QueryFormat.jsonl:
        for row in rows:
            typer.echo(json_line(row))
    else:
        from rich.console import Console
        from rich.table import Table

        console = Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200)
        t = Table(header_style="bold")
        cols = ["text", "indicator", "base_value", "base_unit", "county", "year", "modality", "city", "doc"]
        cols = cols[: 6 if console.width < 100 else 7 if console.width < 140 else 9]  # what fits, most needed first
        for c in cols:
            t.add_column(c, overflow="fold", justify="right" if c in ("base_value", "year") else "left")
        for row in rows:
            t.add_row(*("" if row[c] is None else _plain_value(row[c]) for c in cols))
        console.print(t)


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


class PanelFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


_PANEL_OPTIONS = dict(
    indicator=typer.Option(..., "--indicator", "-i", help="A canonical indicator's id, name or synonym (gdp, "
                                                          "地区生产总值); repeatable."),
    db=typer.Option(None, "--db", help=DB_HELP),
    county=typer.Option(None, "--county", help="A county's name, short name or code."),
    city=typer.Option(None, "--city", help="A prefecture's name or code; its own figures appear as its row."),
    province=typer.Option(None, "--province", help="A province's name."),
    start=typer.Option(None, "--from", help="The first year."),
    end=typer.Option(None, "--to", help="The last year."),
    modality=typer.Option("actual", "--modality", help="actual (default), planned or expected."),
    changes=typer.Option(False, "--changes", help="Changes (增长8.1%) instead of levels."),
    fmt=typer.Option(None, "--format", "-f", help="table (default on a terminal), jsonl, csv or parquet."),
    output=typer.Option(None, "--output", "-o", help="Write here instead of stdout (parquet needs it)."),
)


def _emit_frame(df, fmt, output) -> None:
    from extractor.output import write_frame

    fmt = fmt or (PanelFormat(_pick_format(None, output).value) if output else
                  PanelFormat.table if sys.stdout.isatty() else PanelFormat.jsonl)
    if fmt is PanelFormat.parquet:
        if output is None:
            _err("--format parquet writes a binary file: give it --output PATH")
            raise typer.Exit(2)
        _write_file(output, lambda: write_frame(df, "parquet", path=output))
    elif output is not None:
        def write():
            with open(output, "w", encoding="utf-8", newline="") as out:
                write_frame(df, fmt.value, out)
        _write_file(output, write)
    elif fmt is PanelFormat.table:
        from rich.console import Console

        write_frame(df, "table", console=Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200))
    else:
        write_frame(df, fmt.value, sys.stdout)


@app.command()
def panel(
    indicator: list[str] = _PANEL_OPTIONS["indicator"], db: Optional[Path] = _PANEL_OPTIONS["db"],
    county: Optional[str] = _PANEL_OPTIONS["county"], city: Optional[str] = _PANEL_OPTIONS["city"],
    province: Optional[str] = _PANEL_OPTIONS["province"], start: Optional[int] = _PANEL_OPTIONS["start"],
    end: Optional[int] = _PANEL_OPTIONS["end"], modality: str = _PANEL_OPTIONS["modality"],
    changes: bool = _PANEL_OPTIONS["changes"], fmt: Optional[PanelFormat] = _PANEL_OPTIONS["fmt"],
    output: Optional[Path] = _PANEL_OPTIONS["output"],
    wide: bool = typer.Option(False, "--wide", help="Counties × years instead of a row per cell."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw the panel: FILE.svg, .png or .html."),
) -> None:
    """One value per county and year of an indicator, each with its source (document, sentence).

    Values are chosen by the rules in the README (a bulletin over a work report over news; a later
    revision over an earlier release; then the value most documents give).

    Example: zhibiao panel --indicator gdp --city 保定市 --from 2015 --wide
    """
    from corpus.panel import panel as run

    kw = dict(db=db, county=county, city=city, province=province, start=start, end=end, modality=modality,
              changes=changes)
    df = run(indicator, wide=wide, **kw)
    if plot is not None:
        from corpus.plot import plot_panel

        long = df if not wide else run(indicator, **kw)
        _write_file(plot, lambda: plot_panel(long, plot))
    _emit_frame(df, fmt, output)


@app.command()
def conflicts(
    indicator: list[str] = _PANEL_OPTIONS["indicator"], db: Optional[Path] = _PANEL_OPTIONS["db"],
    county: Optional[str] = _PANEL_OPTIONS["county"], city: Optional[str] = _PANEL_OPTIONS["city"],
    province: Optional[str] = _PANEL_OPTIONS["province"], start: Optional[int] = _PANEL_OPTIONS["start"],
    end: Optional[int] = _PANEL_OPTIONS["end"], modality: str = _PANEL_OPTIONS["modality"],
    changes: bool = _PANEL_OPTIONS["changes"], fmt: Optional[PanelFormat] = _PANEL_OPTIONS["fmt"],
    output: Optional[Path] = _PANEL_OPTIONS["output"],
) -> None:
    """The panel's cells whose sources disagree beyond rounding: each value, its document, date,
    kind and sentence, the chosen one first.

    Example: zhibiao conflicts --indicator gdp --city 保定市
    """
    from corpus.panel import conflicts as run

    _emit_frame(run(indicator, db=db, county=county, city=city, province=province, start=start, end=end,
                    modality=modality, changes=changes), fmt, output)


@app.command()
def export(
    out: Path = typer.Argument(..., metavar="OUT", help="The file to write."),
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="parquet, csv or jsonl."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Write every record of the corpus, one row each with every SPEC field.

    Example: zhibiao export --format parquet records.parquet
    """
    from corpus.query import export as run

    n = 0

    def write():
        nonlocal n
        n = run(out, fmt.value, db)
    _write_file(out, write)
    typer.echo(f"{n} records written to {out}", err=True)


@app.command()
def stats(db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Documents, records, counties, indicators and years in the corpus.

    Example: zhibiao stats --db corpus.duckdb
    """
    from corpus.query import stats as run

    s = run(db)
    typer.echo(json.dumps(s, ensure_ascii=False, default=str))


@app.command()
def evaluate(
    paths: list[str] = typer.Argument(..., metavar="GOLD PRED | FILE...",
                                      help="A gold and a predicted .jsonl file; with --gold, the documents to extract."),
    gold: Optional[Path] = typer.Option(None, "--gold", help="A folder of gold .jsonl files: extract FILE... and "
                                        "score them against it (each document's id is its file's stem)."),
    errors: int = typer.Option(0, "--errors", help="List up to N misses, false alarms and wrong records in context."),
    doc: Optional[str] = typer.Option(None, "--doc", help="Treat every record of both files as document DOC."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    region: Optional[str] = typer.Option(None, "--region", "-r", help="With --gold: as for extract."),
) -> None:
    """Score records against annotated ones, as SPEC judges them: mention, value, county and
    record F1, field accuracies, and a table per document.

    Example: zhibiao evaluate gold.jsonl pred.jsonl --errors 20

    Example: zhibiao evaluate --gold my-gold/ docs/*.txt
    """
    from corpus.inputs import extract_inputs
    from extractor.evaluate import gold_of_dir, read_records, score

    texts: dict[str, str] = {}
    if gold is not None:
        gold_rows = gold_of_dir(gold)
        pred_rows, failed = [], 0
        for outcome in extract_inputs(paths, region=region):
            if outcome.error is not None:
                failed += 1
                _err(str(outcome.error))
                continue
            texts[outcome.doc_id] = outcome.doc.text
            pred_rows += [r.to_dict() for r in outcome.records]
        if failed:
            raise typer.Exit(1)
    else:
        if len(paths) != 2:
            _err(f"evaluate takes GOLD PRED (two .jsonl files), or --gold DIR FILE...; got {len(paths)} paths")
            raise typer.Exit(2)
        gold_rows, pred_rows = read_records(paths[0], doc), read_records(paths[1], doc)
    s = score(gold_rows, pred_rows)
    if as_json:
        typer.echo(json.dumps({"overall": s.overall, "by_doc": s.by_doc}, ensure_ascii=False))
    else:
        _print_scores(s)
    if errors:
        _print_errors(s, errors, texts)


def _fmt(v) -> str:
    return "" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def _print_scores(s) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    overall = Table("figure", "value", header_style="bold", title="all documents")
    for k, v in s.overall.items():
        overall.add_row(k, _fmt(v))
    console.print(overall)
    docs = Table("doc", "gold", "predicted", "mention F1", "value", "county", "record F1", header_style="bold",
                 title="by document")
    for d, f in s.by_doc.items():
        docs.add_row(d, *(_fmt(f[k]) for k in ("gold", "predicted", "mention_f1", "value_accuracy",
                                                "county_accuracy", "record_f1")))
    console.print(docs)


def _context(r: dict, texts: dict[str, str]) -> str:
    text = texts.get(r.get("doc"))
    if text is None:
        sentence = (r.get("sentence") or "").replace("\n", " ")
        return sentence[:60]
    a, b = r["start"], r["end"]
    return (text[max(0, a - 15) : a] + "[" + text[a:b] + "]" + text[b : b + 15]).replace("\n", " ")


def _show(r: dict) -> str:
    return f"{r.get('text')} = {r.get('base_value')} {r.get('base_unit')}, county {r.get('county')}"


def _print_errors(s, n: int, texts: dict[str, str]) -> None:
    for r in s.misses[:n]:
        typer.echo(f"MISS   {r.get('doc')}:{r['start']}  {_show(r)}  | {_context(r, texts)}")
    for r in s.false_alarms[:n]:
        typer.echo(f"ALARM  {r.get('doc')}:{r['start']}  {_show(r)}  | {_context(r, texts)}")
    for g, p in s.wrong[:n]:
        typer.echo(f"WRONG  {g.get('doc')}:{g['start']}  gold {_show(g)}; predicted {_show(p)}  | {_context(g, texts)}")


def _one_line_paragraphs(doc: str) -> str:
    """A docstring with each paragraph on one line: typer prints its line breaks as written, so
    a paragraph wrapped at 100 columns came out broken mid-sentence on an 80-column terminal."""
    import inspect

    return "\n\n".join(" ".join(line.strip() for line in par.splitlines())
                        for par in inspect.cleandoc(doc).split("\n\n"))


for _info in app.registered_commands:
    if _info.help is None and _info.callback is not None and _info.callback.__doc__:
        _info.help = _one_line_paragraphs(_info.callback.__doc__)


if __name__ == "__main__":
    main()
