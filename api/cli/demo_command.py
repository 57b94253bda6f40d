"""`covergraph demo`: a realistic synthetic dataset, written to files or loaded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from api.cli.dataset_command import console, print_summary, write
from api.cli.failures import fail
from api.cli.text import LangOption, resolve_lang, say
from domain.problems import DatasetError
from graph.database import DatabaseUnavailable, session_driver
from queries.dataset_store import is_empty
from services.demo.generator import SCALES, generate
from services.exchange.validation import validate
from services.exchange.writing import write_dataset

SCALE_NAMES = {
    "county": ("县级", "county"),
    "city": ("市级", "city"),
    "province": ("省级", "province"),
}


def demo(
    scale: str = typer.Option("county", "--scale", help="county, city or province."),
    seed: int = typer.Option(1, "--seed", help="The same seed gives the same dataset."),
    out: Path | None = typer.Option(
        None, "--out", help="Write here (.xlsx or folder) instead of loading."
    ),
    anchor: str | None = typer.Option(
        None, "--anchor", help="The day the data is recent to (default today)."
    ),
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Load only when the graph holds no data."
    ),
    history: bool = typer.Option(
        True,
        "--history/--no-history",
        help="Give the organisations a past: merged townships, moved, founded and dissolved "
        "branches.",
    ),
    lang: str | None = LangOption,
) -> None:
    """Generates a county, city or province dataset; loads it unless --out is given."""
    language = resolve_lang(lang)
    if scale not in SCALES:
        fail(f"--scale must be one of {', '.join(SCALES)}, not {scale!r}")
    if if_empty and out is None and not _graph_is_empty():
        console.print(say("not_empty", language))
        return
    day = date.fromisoformat(anchor) if anchor else date.today()
    with console.status(f"{scale} …"):
        dataset = generate(scale, seed, day, history)
    shown = SCALE_NAMES[scale][0 if language == "zh" else 1]
    console.print(say("generated", language, scale=shown, seed=seed, rows=dataset.row_count()))
    if out is not None:
        try:
            write_dataset(dataset, out, lang=language if language == "zh" else "en")
        except DatasetError as error:
            fail(error.headline(language))
        console.print(say("written_to", language, path=out))
        return
    problems = validate(dataset)
    if problems:  # the generator must always produce valid data; refuse to load if not
        fail(problems[0].message(language))
    print_summary(write(dataset, replace=False, lang=language), language)


def _graph_is_empty() -> bool:
    """Tells whether the configured graph holds no organisation."""
    try:
        with session_driver() as (driver, database):
            return is_empty(driver=driver, database=database)
    except DatabaseUnavailable as error:
        fail(str(error))
