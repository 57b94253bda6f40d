"""`covergraph load` and `covergraph export`: the exchange format in and out of the graph."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli.failures import fail
from api.cli.text import LangOption, resolve_lang, say
from domain.dataset import Dataset
from domain.problems import DatasetError
from graph.database import DatabaseUnavailable, session_driver
from services.exchange.exporter import read_graph
from services.exchange.import_stage import ImportRefused
from services.exchange.importer import ImportSummary, import_dataset
from services.exchange.problem_marks import write_problem_workbook
from services.exchange.validation import check
from services.exchange.writing import write_dataset

console = Console(highlight=False)
stderr = Console(stderr=True, highlight=False)


SHOWN_PROBLEMS = 20  # a terminal shows these; the rest are counted (and all marked with --problems)
ProblemsOption = typer.Option(
    None,
    "--problems",
    help="On problems, write a copy of the workbook (or of the CSV folder) to this .xlsx file "
    "with every problem's cell filled red and its message as a comment.",
)


def load(
    path: Path = typer.Argument(..., help="An .xlsx workbook or a folder of CSV files."),
    replace: bool = typer.Option(False, "--replace", help="Make the graph exactly this dataset."),
    problems: Path | None = ProblemsOption,
    lang: str | None = LangOption,
) -> None:
    """Imports a dataset, all or nothing: checked whole before anything is written."""
    language = resolve_lang(lang)
    dataset = validated(path, language, problems, loading=True)
    summary = write(dataset, replace, language, source=path.name)
    print_summary(summary, language)


def validate(
    path: Path = typer.Argument(..., help="An .xlsx workbook or a folder of CSV files."),
    problems: Path | None = ProblemsOption,
    lang: str | None = LangOption,
) -> None:
    """Checks a dataset as a load would, without writing anything."""
    language = resolve_lang(lang)
    dataset = validated(path, language, problems)
    console.print(say("valid", language, rows=dataset.row_count()))


def validated(
    path: Path, lang: str, marked: Path | None = None, *, loading: bool = False
) -> Dataset:
    """Reads and checks a dataset; on problems, shows the first of them, marks them all in a
    copy of the user's file when asked, and stops with a one-line headline."""
    if marked is not None:
        _check_marked_path(path, marked, lang)
    try:
        with console.status(say("validating", lang)):
            return check(path, limit=None if marked else SHOWN_PROBLEMS)
    except DatasetError as error:
        stderr.print(error.report(lang, first=SHOWN_PROBLEMS), soft_wrap=True, markup=False)
        if marked is not None:
            write_problem_workbook(path=path, problems=error.problems, out=marked, lang=lang)
            stderr.print(say("problems_marked", lang, path=marked), soft_wrap=True, markup=False)
        headline = error.headline(lang)
        fail(say("nothing_written", lang, headline=headline) if loading else headline)


def _check_marked_path(path: Path, marked: Path, lang: str) -> None:
    """Refuses a --problems file that is not a workbook or would overwrite the dataset."""
    if marked.suffix.lower() != ".xlsx":
        fail(say("problems_not_xlsx", lang, path=marked))
    if marked.resolve() == path.resolve():
        fail(say("problems_is_input", lang, path=marked))


def write(dataset: Dataset, replace: bool, lang: str, source: str | None = None) -> ImportSummary:
    """Writes the dataset (staged, then one switch), with a progress bar on a terminal."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with session_driver() as (driver, database), Progress(*columns, console=console) as bar:
            task = bar.add_task(say("writing", lang), total=dataset.row_count())
            return import_dataset(
                driver=driver,
                database=database,
                dataset=dataset,
                replace=replace,
                source=source,
                progress=lambda step, done: bar.update(task, advance=done, description=step),
            )
    except DatabaseUnavailable as error:
        fail(str(error))
    except ImportRefused as error:
        fail(error.message(lang))


def print_summary(summary: ImportSummary, lang: str) -> None:
    """Prints created/updated/unchanged/deleted per table, and the write rate."""
    table = Table(*(say(k, lang) for k in ("table", "created", "updated", "unchanged", "deleted")))
    for name, counts in summary.tables.items():
        table.add_row(
            name,
            *(str(n) for n in (counts.created, counts.updated, counts.unchanged, counts.deleted)),
        )
    console.print(table)
    console.print(
        say(
            "loaded", lang, rows=summary.rows, seconds=summary.seconds, rate=summary.rows_per_second
        )
    )


def export(
    path: Path = typer.Argument(..., help="An .xlsx file or a folder for CSV files."),
    lang: str = typer.Option("en", "--lang", help="en (default) or zh: names, headers and values."),
    with_personal_data: bool = typer.Option(
        False,
        "--with-personal-data",
        help="Also write the people's phone and id_number columns (left out by default).",
    ),
) -> None:
    """Writes the whole graph in the exchange format."""
    if lang not in ("en", "zh"):
        fail(f"--lang must be en or zh, not {lang!r}")
    try:
        with session_driver() as (driver, database):
            dataset = read_graph(driver=driver, database=database)
        write_dataset(dataset, path, lang=lang, personal=with_personal_data)
    except DatasetError as error:
        fail(error.headline(resolve_lang(None)))
    except DatabaseUnavailable as error:
        fail(str(error))
    console.print(say("exported", resolve_lang(None), rows=dataset.row_count(), path=path))
