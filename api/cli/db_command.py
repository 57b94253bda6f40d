"""`covergraph db start|stop|status`: the bundled Neo4j of COVERGRAPH_HOME."""

from __future__ import annotations

import typer

from api.cli.failures import fail
from domain.settings import DatabaseSettings, read
from graph.connection import covergraph_home
from graph.database import DatabaseUnavailable, session_driver
from graph.instance import Instance, InstanceError
from queries.system import components

app = typer.Typer(help="Run the bundled Neo4j Community server (start, stop, status).")

PortOption = typer.Option(
    None, "--port", help="Bolt port on 127.0.0.1 (default: last used, or 7687)."
)


def _instance() -> Instance:
    """Returns the bundled instance, refusing when NEO4J_URI points elsewhere."""
    if read(DatabaseSettings).uri:
        fail("NEO4J_URI is set: the database is managed elsewhere, not by `covergraph db`")
    return Instance(covergraph_home())


@app.command()
def start(port: int | None = PortOption) -> None:
    """Starts the bundled Neo4j and returns once it accepts queries."""
    instance = _instance()
    try:
        started = instance.start(port)
    except InstanceError as error:
        fail(str(error))
    if not started:
        if port is not None and port != instance.port():
            fail(f"already running on port {instance.port()}, not {port}: stop it first")
        typer.echo(f"Neo4j is already running at {instance.uri()} (data: {instance.data_dir})")
        return
    typer.echo(f"Neo4j started at {instance.uri()} (data: {instance.data_dir})")


@app.command()
def stop(port: int | None = PortOption) -> None:
    """Stops the bundled Neo4j cleanly; every committed write is on disk afterwards."""
    instance = _instance()
    try:
        stopped = instance.stop()
    except InstanceError as error:
        fail(str(error))
    typer.echo("Neo4j stopped" if stopped else "Neo4j is not running")


@app.command()
def status(port: int | None = PortOption) -> None:
    """Says where the bundled Neo4j runs and which version and edition answer."""
    instance = _instance()
    if instance.pid() is None:
        typer.echo(f"Neo4j is not running (data: {instance.data_dir})")
        raise typer.Exit(3)
    try:
        with session_driver() as (driver, database):
            kernel = components(driver=driver, database=database)
    except DatabaseUnavailable as error:
        fail(str(error))
    typer.echo(f"running: {instance.uri()} (pid {instance.pid()})")
    typer.echo(f"data: {instance.data_dir}")
    typer.echo(f"{kernel.name} {kernel.version} {kernel.edition}")
