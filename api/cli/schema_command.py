"""`covergraph schema`: the GraphQL schema as SDL, for schema.graphql and client generators."""

from __future__ import annotations

from pathlib import Path

import typer


def sdl() -> str:
    """Returns the schema's SDL, ending with one newline."""
    from api.schema import schema

    return schema.as_str().rstrip("\n") + "\n"


def schema_command(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
) -> None:
    """Prints the GraphQL schema (SDL), or writes it to --output."""
    if output is None:
        typer.echo(sdl(), nl=False)
        return
    output.write_text(sdl(), encoding="utf-8")
    typer.echo(f"wrote {output}")
