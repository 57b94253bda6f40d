"""`covergraph index check|rebuild`: the coverage index of today's gaps (docs/model.md)."""

from __future__ import annotations

from datetime import date

import typer

from api.cli.failures import fail
from api.cli.text import lang_option, say
from domain.settings import gap_thresholds
from graph.database import session_driver
from queries import index_upkeep

app = typer.Typer(help="Check or rebuild the coverage index.", no_args_is_help=True)


@app.command("check")
def check(lang: str = lang_option()) -> None:
    """Compares the stored index with a recomputation; exits 1 when they differ."""
    with session_driver() as (driver, database):
        differences = index_upkeep.check(driver=driver, database=database)
    if differences:
        for line in differences:
            typer.echo(line)
        fail(say("index_differs", lang, count=len(differences)))
    typer.echo(say("index_agrees", lang))


@app.command("rebuild")
def rebuild(
    day: str | None = typer.Option(None, "--day", help="The day (YYYY-MM-DD); default today."),
    lang: str = lang_option(),
) -> None:
    """Computes the index again for the day, in one transaction, showing each step."""
    try:
        on = date.fromisoformat(day) if day else date.today()
    except ValueError:
        fail(say("bad_date", lang, value=day))

    def progress(step: str, done: int) -> None:
        typer.echo(say("index_step", lang, step=step, done=done), err=True)

    with session_driver() as (driver, database):
        built = index_upkeep.rebuild(driver=driver, database=database, day=on,
                                     thresholds=gap_thresholds(), progress=progress)  # fmt: skip
    typer.echo(say("index_built", lang, day=built.day.isoformat(),
                   organisations=built.organisations, entries=built.entries,
                   seconds=built.seconds))  # fmt: skip
