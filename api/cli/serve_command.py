"""`covergraph serve`: the API and dashboard over HTTP."""

from __future__ import annotations

import typer
import uvicorn


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="HTTP port."),
    workers: int = typer.Option(1, "--workers", help="Worker processes (stateless)."),
) -> None:
    """Serves GraphQL at /graphql and the health check at /health."""
    typer.echo(
        f"covergraph serving at http://{host}:{port}/ (GraphQL: http://{host}:{port}/graphql)"
    )
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers)
