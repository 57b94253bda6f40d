"""Edits of relationship rows (posts, liaisons, visits, org_units, grid_coverage), audited."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from neo4j import Driver, ManagedTransaction

from domain.dataset import Value
from domain.refusals import EditRefused, Refusal
from domain.tables import ENUMS, PERIOD_TABLES, REL_ENDPOINTS, ROLES_BY_TARGET, TABLES_BY_NAME
from graph.model import REL_TABLES
from queries import dataset_store as cypher
from queries import edit_reads
from queries.audit import CLI_ACTOR, record_change
from queries.stored_rows import rel_rows
from services.edits.edit_checks import (
    Editor,
    LockedNode,
    RowEdit,
    check_period,
    check_version,
    expect,
    full_row,
    inside_scope,
    lock_visible,
    native,
    one_row,
    parse_values,
    run,
)

# The endpoint a row's history is filed under in the audit trail.
TARGET_COLUMN = {
    "org_units": "organisation_id",
    "grid_coverage": "organisation_id",
    "posts": "target_id",
    "liaisons": "organisation_id",
    "visits": "organisation_id",
}


# Roles one person holds at a time: a new post in them may not overlap another's period.
SINGLE_HOLDER_ROLES = ("SECRETARY", "GROUP_LEADER")


def add_row(
    *,
    driver: Driver,
    database: str,
    table: str,
    values: Mapping[str, object],
    scope_id: str | None = None,
    actor: str = CLI_ACTOR,
) -> RowEdit:
    """Adds a row of a relationship table (appoint, assign, record, link); it must be new."""
    row, editor = full_row(table, values), Editor(actor, scope_id)
    check_period(table, row)

    def work(tx: ManagedTransaction) -> RowEdit:
        _locked_endpoints(tx, table, row, editor)
        if _read_row(tx, table, row) is not None:
            raise EditRefused(Refusal.INVALID, "row_exists", table=table,
                              key=list(TABLES_BY_NAME[table].key))  # fmt: skip
        if table == "posts":
            _check_single_holder(tx, row, editor)
        return _store_row(tx, editor, "add", table, None, row, version=1)

    return run(driver, database, work)


def _check_single_holder(tx: ManagedTransaction, row: Mapping[str, Value], editor: Editor) -> None:
    """Refuses a secretary or group leader whose period overlaps another's in the same place;
    the refusal names the holder only when the editor's scope holds them."""
    # Runs after both ends are locked, so a concurrent appointment to the target waits for us.
    if row["role"] not in SINGLE_HOLDER_ROLES:
        return
    holder = edit_reads.overlapping_holder(
        tx=tx, role=str(row["role"]), target=str(row["target_id"]),
        start=_day(row["start"]), end=_day(row["end"]),
    )  # fmt: skip
    if holder is not None:
        shown = holder if inside_scope(tx, [holder], editor.scope_id) else None
        raise EditRefused(Refusal.INVALID, "post_taken", table="posts", column="role",
                          value=str(row["role"]), holder=shown)  # fmt: skip


def end_row(
    *,
    driver: Driver,
    database: str,
    table: str,
    key: Mapping[str, object],
    end: date,
    expected_version: int | None = None,
    scope_id: str | None = None,
    actor: str = CLI_ACTOR,
) -> RowEdit:
    """Sets the end of a post or liaison; the row stays, as the history of who held what."""
    if table not in PERIOD_TABLES:
        raise ValueError(f"{table} rows have no period")
    wanted, editor = _key_row(table, key), Editor(actor, scope_id)

    def work(tx: ManagedTransaction) -> RowEdit:
        stored, version = _current(tx, table, wanted, editor, expected_version)
        row = stored | {"end": end}
        check_period(table, row)
        before = stored | {"version": version}
        return _store_row(tx, editor, "end", table, before, row, version=version + 1)

    return run(driver, database, work)


def remove_row(
    *,
    driver: Driver,
    database: str,
    table: str,
    key: Mapping[str, object],
    expected_version: int | None = None,
    scope_id: str | None = None,
    actor: str = CLI_ACTOR,
) -> RowEdit:
    """Removes an org_units or grid_coverage row; returns it as it was."""
    # The one place an edit deletes: these two tables carry no period (docs/exchange-format.md),
    # so a link that no longer holds has no history to keep. Posts and liaisons are ended instead.
    if table not in ("org_units", "grid_coverage"):
        raise ValueError(f"{table} rows are ended, not removed")
    wanted, editor = _key_row(table, key), Editor(actor, scope_id)

    def work(tx: ManagedTransaction) -> RowEdit:
        stored, version = _current(tx, table, wanted, editor, expected_version)
        rel, start, _ = REL_TABLES[table]
        row = next(rel_rows(one_row(table, stored), table))
        cypher.delete_rels(tx=tx, rel=rel, start=start, rows=[row])
        _audit(tx, editor, "remove", table, stored | {"version": version}, None)
        return RowEdit(table, stored, version)

    return run(driver, database, work)


def _key_row(table: str, key: Mapping[str, object]) -> dict[str, Value]:
    """Parses the key columns that name a row; the others are left empty."""
    spec = TABLES_BY_NAME[table]
    parsed = parse_values(table, {c: key.get(c) for c in spec.key})
    return {c.name: parsed.get(c.name) for c in spec.columns}


def _current(
    tx: ManagedTransaction,
    table: str,
    wanted: dict[str, Value],
    editor: Editor,
    expected_version: int | None,
) -> tuple[dict[str, Value], int]:
    """Locks a row's endpoints and returns the row as stored with its version, refusing it when
    unknown, outside the scope or changed since `expected_version`."""
    _locked_endpoints(tx, table, wanted, editor)
    props = _read_row(tx, table, wanted)
    if props is None:
        raise EditRefused(Refusal.NOT_FOUND, "no_such_row", table=table,
                          key=list(TABLES_BY_NAME[table].key))  # fmt: skip
    version = int(props.get("version", 0))
    check_version(expected_version, version, table, "")
    columns = TABLES_BY_NAME[table].columns
    stored = {c.name: native(props.get(c.name)) for c in columns}
    endpoints = {c: wanted[c] for c in REL_ENDPOINTS[table]}
    return stored | endpoints, version


def _locked_endpoints(
    tx: ManagedTransaction, table: str, row: Mapping[str, Value], editor: Editor
) -> None:
    """Locks both ends of a row and checks what they are; an end outside the editor's scope
    is refused exactly like an unknown id."""
    # Locking both ends serialises edits of the same row, so two can't both create it.
    columns = REL_ENDPOINTS[table]
    found = lock_visible(tx, [str(row[c]) for c in columns], editor.scope_id)
    nodes = [expect(found, table, c, str(row[c])) for c in columns]
    if table == "posts":
        _check_role(row, nodes[1])


def _check_role(row: Mapping[str, Value], target: LockedNode) -> None:
    """Refuses a post whose role does not fit its target (organisation or grid roles)."""
    allowed = ROLES_BY_TARGET[target.table]
    if row["role"] not in allowed:
        raise EditRefused(Refusal.INVALID, "role_target_mismatch", table="posts", column="role",
                          value=str(row["role"]), role=row["role"], target=target.table,
                          allowed=[r for r in ENUMS["role"] if r in allowed])  # fmt: skip


def _read_row(
    tx: ManagedTransaction, table: str, row: Mapping[str, Value]
) -> dict[str, Any] | None:
    """Returns the stored properties of the row with this key, or None."""
    rel, start, _ = REL_TABLES[table]
    shaped = next(rel_rows(one_row(table, row), table))
    return edit_reads.row_properties(
        tx=tx, rel=rel, start=start, a=shaped["a"], b=shaped["b"], key=shaped["key"]
    )


def _store_row(
    tx: ManagedTransaction,
    editor: Editor,
    action: str,
    table: str,
    before: dict[str, Value] | None,
    row: Mapping[str, Value],
    *,
    version: int,
) -> RowEdit:
    """Writes a relationship row exactly as the importer does, plus its version and audit."""
    rel, start, _ = REL_TABLES[table]
    shaped = next(rel_rows(one_row(table, row), table))
    shaped["version"] = version
    cypher.upsert_rels(tx=tx, rel=rel, start=start, rows=[shaped])
    _audit(tx, editor, action, table, before, dict(row) | {"version": version})
    return RowEdit(table, dict(row), version)


def _audit(
    tx: ManagedTransaction,
    editor: Editor,
    action: str,
    table: str,
    before: Mapping[str, Value] | None,
    after: Mapping[str, Value] | None,
) -> None:
    """Records a row's change under the organisation or grid cell it belongs to."""
    target = str((after or before or {})[TARGET_COLUMN[table]])
    record_change(tx=tx, actor=editor.actor, action=action, target_kind=table,
                  target_id=target, before=before, after=after)  # fmt: skip


def _day(value: Value) -> date | None:
    """Returns a date column's value as a date (None when open)."""
    return value if isinstance(value, date) else None
