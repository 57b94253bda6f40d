"""`covergraph audit export`: the audit trail as CSV or JSON lines."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import IO

import typer

from api.cli.failures import fail
from api.cli.text import LangOption, resolve_lang, say
from graph.database import DatabaseUnavailable, session_driver
from queries.audit import AuditEntry, AuditFilter, iter_audit
from services.exchange.formulas import SpreadsheetCsv

app = typer.Typer(help="The audit trail of every edit and import.", no_args_is_help=True)
COLUMNS = ("id", "at", "actor", "action", "target_kind", "target_id", "before", "after")


def _fields(entry: AuditEntry) -> dict[str, str | None]:
    """Returns an entry as flat text fields; before and after stay JSON."""

    def as_json(state: dict[str, object] | None) -> str | None:
        return None if state is None else json.dumps(state, ensure_ascii=False, sort_keys=True)

    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "target_kind": entry.target_kind,
        "target_id": entry.target_id,
        "before": as_json(entry.before),
        "after": as_json(entry.after),
    }


def write_csv(entries: Iterable[AuditEntry], out: IO[str]) -> int:
    """Writes one CSV row per entry, after a header; returns how many. An id that would run
    as a formula in a spreadsheet gets a quote in front (services/exchange/formulas.py)."""
    writer = SpreadsheetCsv(out)
    writer.writerow(COLUMNS)
    count = 0
    for entry in entries:
        fields = _fields(entry)
        writer.writerow(fields[column] or "" for column in COLUMNS)
        count += 1
    return count


def write_json_lines(entries: Iterable[AuditEntry], out: IO[str]) -> int:
    """Writes one JSON object per line per entry; returns how many."""
    count = 0
    for entry in entries:
        fields = {**_fields(entry), "before": entry.before, "after": entry.after}
        out.write(json.dumps(fields, ensure_ascii=False) + "\n")
        count += 1
    return count


@app.command("export")
def export(
    path: Path = typer.Argument(..., help="A .csv file, else JSON lines (.jsonl)."),
    target: str | None = typer.Option(None, "--target", help="Only entries about this id."),
    since: datetime | None = typer.Option(None, "--since", formats=["%Y-%m-%d"], help="From."),
    until: datetime | None = typer.Option(None, "--until", formats=["%Y-%m-%d"], help="Before."),
    lang: str | None = LangOption,
) -> None:
    """Writes the audit trail, oldest first, to a file that appears whole or not at all."""
    language = resolve_lang(lang)
    where = AuditFilter(target, since, until)
    write = write_csv if path.suffix.lower() == ".csv" else write_json_lines
    partial = path.with_name(f".{path.name}.partial")
    try:
        with session_driver() as (driver, database), partial.open("w", encoding="utf-8") as out:
            count = write(iter_audit(driver=driver, database=database, where=where), out)
        os.replace(partial, path)
    except DatabaseUnavailable as error:
        fail(str(error))
    finally:
        partial.unlink(missing_ok=True)
    typer.echo(say("audit_exported", language, entries=count, path=path))
