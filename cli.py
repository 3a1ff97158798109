"""The ``zhibiao`` command: a thin Typer layer over the library.

Every user mistake becomes one ``error: …`` line on stderr and a non-zero exit.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from corpus.reader import decode, read_text
from extractor import ZhibiaoError, extract as extract_text
from extractor.geography import resolve_region
from extractor.output import render_table, write_csv, write_jsonl, write_parquet

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="zhibiao (指标): quantity records from Chinese government text.")


class Format(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def _err(msg: str) -> None:
    typer.echo(f"error: {msg}", err=True)


def _documents(files: list[str]):
    """Yield (doc id, text) per input; an unreadable input is reported and skipped."""
    for name in files:
        try:
            if name == "-":
                yield "stdin", decode(sys.stdin.buffer.read(), "stdin")
            else:
                yield Path(name).stem, read_text(name)
        except ZhibiaoError as e:
            _err(str(e))
            yield None, None


def _pick_format(fmt: Optional[Format], output: Optional[Path]) -> Format:
    if fmt is not None:
        return fmt
    if output is not None:
        return {".csv": Format.csv, ".parquet": Format.parquet}.get(output.suffix.lower(), Format.jsonl)
    return Format.table if sys.stdout.isatty() else Format.jsonl


@app.callback()
def main() -> None:
    """zhibiao (指标): quantity records from Chinese government text."""


@app.command()
def extract(
    files: list[str] = typer.Argument(..., metavar="FILE...", help="Text files to read; - reads stdin."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f",
                                         help="table (default on a terminal), jsonl, csv or parquet."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a review page: the text with every "
                                        "mention highlighted and explained on hover."),
    region: Optional[str] = typer.Option(None, "--region", "-r",
                                         help="The division the files speak for, when they do not say: "
                                              "a name, short name or 6-digit code (通山县, 421224)."),
) -> None:
    """Print every quantity mention of FILE... as records.

    Example: zhibiao extract report.txt --format jsonl > records.jsonl

    Review: zhibiao extract report.txt --html review.html
    """
    fmt = _pick_format(fmt, output)
    if region is not None:
        try:
            resolve_region(region)
        except ZhibiaoError as e:
            _err(str(e))
            raise typer.Exit(2)
    if fmt is Format.parquet and output is None:
        _err("--format parquet writes a binary file: give it --output PATH (e.g. -o records.parquet)")
        raise typer.Exit(2)
    failed = 0
    records, pages = [], []
    for doc_id, text in _documents(files):
        if doc_id is None:
            failed += 1
            continue
        found = extract_text(text, doc_id=doc_id, region=region)
        records.extend(found)
        if html is not None:
            pages.append((doc_id, text, found))
    if html is not None:
        from extractor.review import render

        try:
            html.write_text(render(pages, title=f"zhibiao · {', '.join(d for d, _, _ in pages) or 'no documents'}"),
                            encoding="utf-8")
        except OSError as e:
            _err(f"{html}: cannot write ({e.strerror or e})")
            raise typer.Exit(1)
    try:
        if fmt is Format.parquet:
            write_parquet(records, output)
        elif fmt is Format.table and output is None:
            from rich.console import Console

            render_table(records, Console(width=None if sys.stdout.isatty() else 200))
        else:
            out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
            try:
                if fmt is Format.csv:
                    write_csv(records, out)
                elif fmt is Format.table:
                    from rich.console import Console

                    render_table(records, Console(file=out, width=200))
                else:
                    write_jsonl(records, out)
            finally:
                if output:
                    out.close()
    except OSError as e:
        _err(f"{output}: cannot write ({e.strerror or e})")
        raise typer.Exit(1)
    if failed:
        raise typer.Exit(1)


if __name__ == "__main__":
    app()
