"""The `covergraph` command: one Typer app, one module per command group."""

from __future__ import annotations

import typer

from api.cli import audit_command as audit
from api.cli import backup_command as backup
from api.cli import dataset_command as datasets
from api.cli import db_command as db
from api.cli import demo_command as demo
from api.cli import gaps_command as gaps
from api.cli import index_command as index
from api.cli import schema_command as schema_cli
from api.cli import serve_command as serve
from api.cli import token_command as token
from api.cli.failures import run_guarded

app = typer.Typer(
    help="covergraph: who covers which Party organisation, and where the gaps are.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on failure."),
) -> None:
    """Global options."""


app.add_typer(db.app, name="db")
app.command(name="serve")(serve.serve)
app.command(name="load")(datasets.load)
app.command(name="validate")(datasets.validate)
app.command(name="export")(datasets.export)
app.command(name="demo")(demo.demo)
app.command(name="gaps")(gaps.gaps)
app.add_typer(token.app, name="token")
app.add_typer(audit.app, name="audit")
app.add_typer(index.app, name="index")
app.command(name="schema")(schema_cli.schema_command)
app.command(name="backup")(backup.backup)
app.command(name="restore")(backup.restore)


def main() -> None:
    """Entry point of the `covergraph` script."""
    run_guarded(app)
