"""What every edit shares: parsing, locking, the scope and version checks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from neo4j import Driver, ManagedTransaction
from neo4j.time import Date

from domain.cells import parse_cell
from domain.dataset import Dataset, Row, Value
from domain.refusals import EditRefused, Refusal
from domain.tables import REF_TARGETS, TABLES_BY_NAME
from graph.model import NODE_TABLES
from queries import edit_reads
from queries.gate import write_transaction

T = TypeVar("T")
TABLE_OF_LABEL = {label.value: table for table, label in NODE_TABLES.items()}


@dataclass(frozen=True)
class NodeEdit:
    """A node an edit wrote: its id and new version."""

    id: str
    version: int


@dataclass(frozen=True)
class RowEdit:
    """A relationship row an edit wrote (or removed): its columns and version."""

    table: str
    values: dict[str, Value]
    version: int


@dataclass(frozen=True)
class Editor:
    """Who edits: the actor the audit trail names, and the scope (None: everything)."""

    actor: str = "cli"
    scope_id: str | None = None


@dataclass(frozen=True)
class LockedNode:
    """A locked node as stored: id, table, properties and (for a tree) its parent's id."""

    id: str
    table: str
    props: dict[str, Any]
    parent: str | None

    @property
    def version(self) -> int:
        """Returns the node's version; never edited is 0."""
        return int(self.props.get("version", 0))

    def row(self) -> dict[str, Value]:
        """Returns the node as a row of its table."""
        columns = [c.name for c in TABLES_BY_NAME[self.table].columns]
        values = {c: native(self.props.get(c)) for c in columns}
        return values | {"id": self.id, "parent_id": self.parent}


def native(value: Any) -> Value:
    """Turns Neo4j dates into Python dates."""
    return value.to_native() if isinstance(value, Date) else value


def parse_values(table: str, raw: Mapping[str, object]) -> dict[str, Value]:
    """Parses given columns as the importer parses cells (enums in English or Chinese)."""
    spec, values = TABLES_BY_NAME[table], {}
    for name, given in raw.items():
        column = spec.column(name)
        value, code = parse_cell(column, given)
        if code is None and value is None and column.required:
            code = "required"
        if code is not None:
            params = {"enum": column.enum} if code == "unknown_enum" else {}
            shown = given.isoformat() if isinstance(given, date) else str(given or "")
            raise EditRefused(
                Refusal.INVALID, code, table=table, column=name, value=shown, **params
            )
        values[name] = value
    return values


def full_row(table: str, raw: Mapping[str, object]) -> dict[str, Value]:
    """Parses a whole row: every column present, required ones checked."""
    spec = TABLES_BY_NAME[table]
    return parse_values(table, {c.name: raw.get(c.name) for c in spec.columns})


def lock(tx: ManagedTransaction, ids: list[str]) -> dict[str, LockedNode]:
    """Write-locks the nodes with these ids and returns them as stored."""
    found = {}
    for node in edit_reads.lock_nodes(tx=tx, ids=ids):
        table = next(TABLE_OF_LABEL[x] for x in node.labels if x in TABLE_OF_LABEL)
        found[node.id] = LockedNode(node.id, table, node.props, node.parent)
    return found


def inside_scope(tx: ManagedTransaction, ids: list[str], scope_id: str | None) -> set[str]:
    """Returns the ids among these whose node lies inside the scope (all of them, unscoped)."""
    if scope_id is None:
        return set(ids)
    return edit_reads.ids_inside(tx=tx, ids=ids, scope_id=scope_id)


def lock_visible(
    tx: ManagedTransaction, ids: list[str], scope_id: str | None
) -> dict[str, LockedNode]:
    """Locks the nodes and keeps those inside the scope: the others read as unknown ids."""
    found = lock(tx, ids)
    if scope_id is None or not found:
        return found
    inside = inside_scope(tx, list(found), scope_id)
    return {i: node for i, node in found.items() if i in inside}


def expect(found: dict[str, LockedNode], table: str, column: str, node_id: str) -> LockedNode:
    """Returns the node a reference column names, refusing unknown ids and wrong kinds."""
    targets = list(REF_TARGETS.get((table, column), (table,)))
    node = found.get(node_id)
    if node is None:
        raise EditRefused(Refusal.NOT_FOUND, "missing_reference", table=table, column=column,
                          value=node_id, targets=targets)  # fmt: skip
    if node.table not in targets:
        reason = "bad_post_target" if column == "target_id" else "wrong_reference"
        raise EditRefused(Refusal.INVALID, reason, table=table, column=column, value=node_id,
                          targets=targets, found=node.table)  # fmt: skip
    return node


def check_version(expected: int | None, current: int, table: str, value: str) -> None:
    """Refuses an edit made against a version that is no longer current."""
    if expected is not None and expected != current:
        column = "id" if value else ""  # a row has no id: its key was named by the arguments
        raise EditRefused(Refusal.CONFLICT, "stale_version", table=table, column=column,
                          value=value, expected=expected, current=current)  # fmt: skip


def check_period(table: str, row: Mapping[str, Value]) -> None:
    """Refuses a period that ends before it starts."""
    start, end = row.get("start"), row.get("end")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        raise EditRefused(Refusal.INVALID, "start_after_end", table=table, column="end",
                          value=end.isoformat(), start=start.isoformat())  # fmt: skip


def run(driver: Driver, database: str, work: Callable[[ManagedTransaction], T]) -> T:
    """Runs one edit as a retried write transaction function that holds the write gate."""
    return write_transaction(driver=driver, database=database, work=work)


def one_row(table: str, row: Mapping[str, Value]) -> Dataset:
    """Wraps one row in a dataset, the shape the importer's row builders read."""
    dataset = Dataset()
    dataset.rows(table).append(Row(dict(row)))
    return dataset


def opt_str(value: Value) -> str | None:
    """Returns an optional id as text."""
    return None if value is None else str(value)
