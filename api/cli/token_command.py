"""`covergraph token create|list|revoke`: bearer tokens of the GraphQL API."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from api.auth import ROLES, issue_token
from api.cli.failures import fail
from graph.database import session_driver
from queries.tokens import TokenRecord, list_tokens, revoke_token

app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)


def describe(record: TokenRecord) -> str:
    """Returns one line about a token: id, role, scope, dates, state."""
    scope = record.scope_id or "everything"
    expires = record.expires.date().isoformat() if record.expires else "never"
    state = "revoked" if record.revoked else "active"
    if not record.revoked and not record.usable_at(datetime.now(UTC)):
        state = "expired"
    created = record.created.date().isoformat()
    dates = f"created {created}  expires {expires}"
    return f"{record.id}  {record.role:<6}  scope {scope}  {dates}  {state}"


@app.command("create")
def create(
    role: str = typer.Option(..., "--role", help=f"One of {', '.join(ROLES)}."),
    scope: str | None = typer.Option(None, "--scope", help="Organisation id the token sees."),
    expires_days: int | None = typer.Option(None, "--expires-days", help="Days until it expires."),
) -> None:
    """Prints a new token, alone on the last line; only its hash is stored."""
    with session_driver() as (driver, database):
        try:
            record, secret = issue_token(
                driver=driver,
                database=database,
                role=role,
                scope_id=scope,
                expires_days=expires_days,
            )
        except (ValueError, LookupError) as error:
            fail(str(error))
    typer.echo(f"created {describe(record)}")
    typer.echo("keep this token now; it cannot be shown again:")
    typer.echo(secret)


@app.command("list")
def list_() -> None:
    """Lists every token (never their secrets)."""
    with session_driver() as (driver, database):
        records = list_tokens(driver=driver, database=database)
    for record in records:
        typer.echo(describe(record))
    if not records:
        typer.echo("no tokens")


@app.command("revoke")
def revoke(token_id: str = typer.Argument(..., help="The token's id (see `token list`).")) -> None:
    """Revokes a token; it stops working within five seconds."""
    with session_driver() as (driver, database):
        record = revoke_token(driver=driver, database=database, token_id=token_id)
    if record is None:
        fail(f"unknown token id {token_id!r}")
    typer.echo(f"revoked {describe(record)}")
