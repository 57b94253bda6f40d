"""`covergraph gaps`: the coverage gaps of a scope on a day, on the terminal or as a file."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date
from functools import partial
from pathlib import Path
from typing import IO

import typer
from neo4j import Driver
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from api.cli.failures import fail
from api.cli.text import resolve_lang, say
from api.types.date import parse_date
from domain.refusals import UnknownIdError
from domain.thresholds import GAP_RULES
from graph.database import DatabaseUnavailable, session_driver
from queries.records import Gap
from services.reports import (
    FORMATS,
    ReportHead,
    ReportRequest,
    report_gaps,
    report_head,
    write_file,
)
from services.reports.delimited import write_csv
from services.reports.head import by_rule
from services.reports.labels import gap_fields, header, headers, rule_name, word

FORMAT_NAMES = ("table", *FORMATS)
PROGRESS_FROM = 1000  # gaps; shorter reports finish before a bar would help
TABLE_CHUNK = 1000  # terminal rows laid out at a time, so memory stays flat
# Columns on the terminal: a fixed width, or a share of the rest (the same in every chunk).
TABLE_COLUMNS: tuple[tuple[str, int | None, int | None], ...] = (
    ("subject_id", 9, None),
    ("subject_name", None, 4),
    ("subject_kind", 8, None),
    ("related_names", None, 3),
    ("detail", None, 8),
)

console = Console(highlight=False)
stderr = Console(stderr=True, highlight=False)


def gaps(
    scope: str | None = typer.Option(None, "--scope", help="An organisation id: its subtree."),
    as_of: str | None = typer.Option(None, "--as-of", help="The day, YYYY-MM-DD (default today)."),
    rule: list[str] | None = typer.Option(None, "--rule", help="Only this rule; repeatable."),
    fmt: str = typer.Option("table", "--format", help="table, csv, json, xlsx or html."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    lang: str | None = typer.Option(
        None, "--lang", help="zh (default, or COVERGRAPH_LANG) or en: report and messages."
    ),
) -> None:
    """Lists the coverage gaps of a scope on a day, or writes them as CSV, JSON, xlsx or HTML."""
    language = resolve_lang(lang)
    request = ReportRequest(
        day=_day(as_of, language),
        scope_id=scope,
        rules=_rules(rule, language),
        lang=language,
    )
    _check_format(fmt, output, language)
    try:
        with session_driver() as (driver, database):
            head = _head(driver, database, request)
            # Closed here, while the driver is open: a reader may stop before the end.
            with closing(report_gaps(driver=driver, database=database, request=request)) as found:
                _emit(fmt, head, _with_progress(found, head), output)
    except DatabaseUnavailable as error:
        fail(str(error))


def _day(as_of: str | None, lang: str) -> date:
    """Returns the asked day, today by default; a malformed one stops with its value named."""
    if as_of is None:
        return date.today()
    try:
        return parse_date(as_of)
    except ValueError:
        fail(say("bad_date", lang, value=as_of))


def _rules(rule: list[str] | None, lang: str) -> tuple[str, ...] | None:
    """Returns the asked rules (None: all); an unknown one stops with the valid ones listed."""
    if not rule:
        return None
    unknown = [r for r in rule if r not in GAP_RULES]
    if unknown:
        fail(say("unknown_rules", lang, rules=", ".join(unknown), valid=", ".join(GAP_RULES)))
    return tuple(rule)


def _check_format(fmt: str, output: Path | None, lang: str) -> None:
    """Stops on an unknown format, and on xlsx without a file to write to."""
    if fmt not in FORMAT_NAMES:
        fail(say("unknown_format", lang, value=fmt, valid=", ".join(FORMAT_NAMES)))
    if fmt == "xlsx" and output is None:
        fail(say("xlsx_needs_output", lang))


def _head(driver: Driver, database: str, request: ReportRequest) -> ReportHead:
    """Counts the gaps; an unknown scope stops with its id named."""
    try:
        return report_head(driver=driver, database=database, request=request)
    except UnknownIdError as error:
        fail(say("unknown_scope", request.lang, id=error.id))


def _with_progress(found: Iterator[Gap], head: ReportHead) -> Iterator[Gap]:
    """Passes the gaps through, with a progress bar on stderr for a long report on a terminal."""
    if head.total < PROGRESS_FROM or not stderr.is_terminal:
        yield from found
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task(say("reporting", head.lang), total=head.total)
        for gap in found:
            bar.advance(task)
            yield gap


def _emit(fmt: str, head: ReportHead, found: Iterator[Gap], output: Path | None) -> None:
    """Prints the table, or writes the file to --output or stdout."""
    if fmt == "table" and output is None:
        print_table(head, found, console)
    elif fmt == "table" and output is not None:
        with output.open("w", encoding="utf-8") as handle:
            print_table(head, found, Console(file=handle, width=160, highlight=False))
    elif output is not None:
        written = write_file(fmt, head, found, output)
        console.print(say("report_written", head.lang, path=output, gaps=written))
    else:
        writer = partial(write_csv, bom=False) if fmt == "csv" else FORMATS[fmt].write
        _to_stdout(lambda out: writer(head, found, out))


def _to_stdout(write: Callable[[IO[bytes]], int]) -> None:
    """Writes to stdout; a reader that stops early (| head) ends the command quietly."""
    try:
        write(sys.stdout.buffer)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None


def print_table(head: ReportHead, found: Iterator[Gap], out: Console) -> None:
    """Prints the header, one table per rule with gaps, and the counts per rule."""
    lang = head.lang
    out.print(Text(word("title", lang), style="bold"))
    for key, value in (
        ("scope", head.scope_text),
        ("day", head.day.isoformat()),
        ("generated_at", head.generated_text),
    ):
        out.print(f"{word(key, lang)}: {value}", markup=False)
    for rule, run in by_rule(head, found):
        _print_rule(out, head, rule, run)
    out.print(_counts_table(head))


def _print_rule(out: Console, head: ReportHead, rule: str, run: Iterator[Gap]) -> None:
    """Prints one rule's gaps in chunks of equal column widths."""
    chunk: list[Gap] = []
    first = True
    for gap in run:
        chunk.append(gap)
        if len(chunk) == TABLE_CHUNK:
            out.print(_gap_table(head, rule, chunk, first))
            chunk, first = [], False
    if chunk:
        out.print(_gap_table(head, rule, chunk, first))


def _gap_table(head: ReportHead, rule: str, chunk: list[Gap], first: bool) -> Table:
    """Returns a table of gaps; the first of a rule carries its title and the column headers."""
    lang = head.lang
    name, count = rule_name(rule, lang), head.counts.get(rule, 0)
    title = Text(f"{name} {rule} ({count})", style="bold") if first else None
    table = Table(title=title, title_justify="left", show_header=first, expand=True)
    for key, width, ratio in TABLE_COLUMNS:
        table.add_column(header(key, lang), width=width, ratio=ratio, overflow="fold")
    for gap in chunk:
        fields = gap_fields(gap, lang)
        table.add_row(*(Text(fields[key]) for key, _, _ in TABLE_COLUMNS))
    return table


def _counts_table(head: ReportHead) -> Table:
    """Returns the table of counts per rule and the total."""
    lang = head.lang
    table = Table(*headers(lang)[:2], word("count", lang), show_footer=True)
    table.columns[0].footer = word("total", lang)
    table.columns[2].footer = str(head.total)
    table.columns[2].justify = "right"
    for rule, count in head.counts.items():
        table.add_row(rule_name(rule, lang), rule, str(count))
    return table
