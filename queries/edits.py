"""Daily edits: each checked by the importer's rules inside its own write transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ConstraintError
from neo4j.time import Date

from graph.model import NODE_TABLES, REL_TABLES, Label, Rel
from loaders.dataset import Dataset, Row, Value
from loaders.importer import REL_ENDPOINTS, node_rows, rel_rows
from loaders.reading import PERIOD_TABLES, parse_cell
from loaders.tables import ALLOWED_PARENT_KINDS, ENUMS, REF_TARGETS, TABLES_BY_NAME
from loaders.validation import ROLES_BY_TARGET
from queries import datasets as cypher
from queries.gate import write_transaction

T = TypeVar("T")
ENTITY, ORG = Label.ENTITY.value, Label.ORGANISATION.value
TABLE_OF_LABEL = {label.value: table for table, label in NODE_TABLES.items()}
ORGANISATIONS = "organisations"
PARENT_LINK = cypher.NODE_LINKS[Label.ORGANISATION][0]
# The endpoint whose place decides whether a row is inside an editor's scope.
SCOPE_COLUMN = {
    "org_units": "organisation_id",
    "grid_coverage": "organisation_id",
    "posts": "target_id",
    "liaisons": "organisation_id",
    "visits": "organisation_id",
}

# Writing a property takes the node's write lock, held until commit; reading after it sees the
# latest committed state, so every check below runs on data no concurrent edit can change.
LOCK = f"""
UNWIND $ids AS id
MATCH (n:{ENTITY} {{id: id}})
SET n._lock = true REMOVE n._lock
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
       [(n)-[:{Rel.PART_OF}]->(p) | p.id][0] AS parent
"""
ANCESTORS = f"""
MATCH path = (:{ORG} {{id: $id}})-[:{Rel.PART_OF}*0..]->(a:{ORG})
RETURN a.id AS id ORDER BY length(path)
"""
CHILDREN = f"MATCH (c:{ORG})-[:{Rel.PART_OF}]->(:{ORG} {{id: $id}}) RETURN c.id AS id"
IN_SCOPE = f"""
MATCH (x:{ENTITY} {{id: $id}})
OPTIONAL MATCH (x)-[:{Rel.IN_AREA}|{Rel.PLACED_IN}]->(home:{ORG})
WITH CASE WHEN x:{ORG} THEN x ELSE home END AS place
RETURN place IS NOT NULL
       AND EXISTS {{ (place)-[:{Rel.PART_OF}*0..]->(:{ORG} {{id: $scope}}) }} AS inside
"""

# Roles one person holds at a time: a new post in them may not overlap another's period.
SINGLE_HOLDER_ROLES = ("SECRETARY", "GROUP_LEADER")
OVERLAPPING_HOLDER = f"""
MATCH (p:{Label.PERSON})-[h:{Rel.HOLDS} {{role: $role}}]->(:{ENTITY} {{id: $target}})
WHERE (h.start IS NULL OR $end IS NULL OR h.start <= $end)
  AND (h.end IS NULL OR $start IS NULL OR h.end >= $start)
RETURN p.id AS person ORDER BY person LIMIT 1
"""


def read_row_query(rel: Rel, start: Label) -> str:
    """Returns the Cypher that reads one relationship row by its endpoints and `_key`."""
    return (
        f"MATCH (:{start.value} {{id: $a}})-[r:{rel.value} {{_key: $key}}]->(:{ENTITY} {{id: $b}}) "
        "RETURN properties(r) AS props"
    )


class EditRefused(Exception):
    """An edit a rule refuses: GraphQL code, reason (a loaders.problems code), where, details."""

    def __init__(
        self, code: str, reason: str, *, table: str = "", column: str = "", value: str = "",
        **params: Any,
    ) -> None:  # fmt: skip
        super().__init__(f"{code} {reason} {table}.{column}={value!r} {params}")
        self.code, self.reason, self.params = code, reason, params
        self.table, self.column, self.value = table, column, value


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
class _Node:
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
        values = {c: _native(self.props.get(c)) for c in columns}
        return values | {"id": self.id, "parent_id": self.parent}


def _native(value: Any) -> Value:
    """Turns Neo4j dates into Python dates."""
    return value.to_native() if isinstance(value, Date) else value


# ---- input ------------------------------------------------------------------------------------


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
                "BAD_USER_INPUT", code, table=table, column=name, value=shown, **params
            )
        values[name] = value
    return values


def full_row(table: str, raw: Mapping[str, object]) -> dict[str, Value]:
    """Parses a whole row: every column present, required ones checked."""
    spec = TABLES_BY_NAME[table]
    return parse_values(table, {c.name: raw.get(c.name) for c in spec.columns})


# ---- checks -----------------------------------------------------------------------------------


def _lock(tx: ManagedTransaction, ids: list[str]) -> dict[str, _Node]:
    """Write-locks the nodes with these ids and returns them as stored."""
    found = {}
    for r in tx.run(LOCK, ids=sorted(set(ids))):  # one order for all, fewer deadlocks
        table = next(TABLE_OF_LABEL[x] for x in r["labels"] if x in TABLE_OF_LABEL)
        found[r["id"]] = _Node(r["id"], table, r["props"], r["parent"])
    return found


def _expect(found: dict[str, _Node], table: str, column: str, node_id: str) -> _Node:
    """Returns the node a reference column names, refusing unknown ids and wrong kinds."""
    targets = list(REF_TARGETS.get((table, column), (table,)))
    node = found.get(node_id)
    if node is None:
        raise EditRefused("NOT_FOUND", "missing_reference", table=table, column=column,
                          value=node_id, targets=targets)  # fmt: skip
    if node.table not in targets:
        reason = "bad_post_target" if column == "target_id" else "wrong_reference"
        raise EditRefused("BAD_USER_INPUT", reason, table=table, column=column, value=node_id,
                          targets=targets, found=node.table)  # fmt: skip
    return node


def in_scope(*, tx: ManagedTransaction, node_id: str, scope_id: str) -> bool:
    """Tells whether a node's place (an organisation itself, else its area or home) is in scope."""
    record = tx.run(IN_SCOPE, id=node_id, scope=scope_id).single()
    return bool(record and record["inside"])


def _check_scope(
    tx: ManagedTransaction, scope_id: str | None, node_id: str | None, table: str, column: str
) -> None:
    """Refuses an edit of something outside the editor's scope (a new root is always outside)."""
    if scope_id is None:
        return
    if node_id is None or not in_scope(tx=tx, node_id=node_id, scope_id=scope_id):
        raise EditRefused("FORBIDDEN", "out_of_scope", table=table, column=column,
                          value=node_id or "", scope=scope_id)  # fmt: skip


def _check_version(expected: int | None, current: int, table: str, value: str) -> None:
    """Refuses an edit made against a version that is no longer current."""
    if expected is not None and expected != current:
        column = "id" if value else ""  # a row has no id: its key was named by the arguments
        raise EditRefused("CONFLICT", "stale_version", table=table, column=column, value=value,
                          expected=expected, current=current)  # fmt: skip


def _check_parent_kind(kind: str, parent: _Node | None, parent_id: str | None) -> None:
    """Refuses a kind of organisation under a parent kind the importer would refuse."""
    parent_kind = parent.props.get("kind") if parent else None
    allowed = ALLOWED_PARENT_KINDS[kind]
    if parent_kind not in allowed:
        ordered = [k for k in ENUMS["org_kind"] if k in allowed]
        raise EditRefused("BAD_USER_INPUT", "bad_parent_kind", table=ORGANISATIONS,
                          column="parent_id", value=parent_id or "", kind=kind,
                          parent_kind=parent_kind, allowed=ordered)  # fmt: skip


def _check_period(table: str, row: Mapping[str, Value]) -> None:
    """Refuses a period that ends before it starts."""
    start, end = row.get("start"), row.get("end")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        raise EditRefused("BAD_USER_INPUT", "start_after_end", table=table, column="end",
                          value=end.isoformat(), start=start.isoformat())  # fmt: skip


def _check_role(row: Mapping[str, Value], target: _Node) -> None:
    """Refuses a post whose role does not fit its target (organisation or grid roles)."""
    allowed = ROLES_BY_TARGET[target.table]
    if row["role"] not in allowed:
        raise EditRefused("BAD_USER_INPUT", "role_target_mismatch", table="posts", column="role",
                          value=str(row["role"]), role=row["role"], target=target.table,
                          allowed=[r for r in ENUMS["role"] if r in allowed])  # fmt: skip


def _check_single_holder(tx: ManagedTransaction, row: Mapping[str, Value]) -> None:
    """Refuses a secretary or group leader whose period overlaps another's in the same place."""
    # Runs after both ends are locked, so a concurrent appointment to the target waits for us.
    if row["role"] not in SINGLE_HOLDER_ROLES:
        return
    params = {k: row[k] for k in ("role", "start", "end")} | {"target": row["target_id"]}
    record = tx.run(OVERLAPPING_HOLDER, params).single()
    if record is not None:
        raise EditRefused("BAD_USER_INPUT", "post_taken", table="posts", column="role",
                          value=str(row["role"]), holder=record["person"])  # fmt: skip


def _run(driver: Driver, database: str, work: Callable[[ManagedTransaction], T]) -> T:
    """Runs one edit as a retried write transaction function that holds the write gate."""
    return write_transaction(driver=driver, database=database, work=work)


# ---- organisations ----------------------------------------------------------------------------


def create_organisation(
    *, driver: Driver, database: str, values: Mapping[str, object], scope_id: str | None = None
) -> NodeEdit:
    """Creates an organisation under its parent (or as a root); its id must be new everywhere."""
    row = full_row(ORGANISATIONS, values)
    try:
        return _run(driver, database, lambda tx: _create_organisation(tx, row, scope_id))
    except ConstraintError:
        # A concurrent edit took the id between our check and our write: check again, now
        # that it is committed, so the refusal names it like any other taken id.
        return _run(driver, database, lambda tx: _create_organisation(tx, row, scope_id))


def _create_organisation(
    tx: ManagedTransaction, row: dict[str, Value], scope_id: str | None
) -> NodeEdit:
    node_id, parent_id = str(row["id"]), _opt_str(row["parent_id"])
    found = _lock(tx, [node_id] + ([parent_id] if parent_id else []))
    if node_id in found:
        raise EditRefused("BAD_USER_INPUT", "id_taken", table=ORGANISATIONS, column="id",
                          value=node_id, found=found[node_id].table)  # fmt: skip
    parent = _expect(found, ORGANISATIONS, "parent_id", parent_id) if parent_id else None
    _check_parent_kind(str(row["kind"]), parent, parent_id)
    _check_scope(tx, scope_id, parent_id, ORGANISATIONS, "parent_id")
    return _store_organisation(tx, row, version=1, relink=parent_id is not None)


def update_organisation(
    *,
    driver: Driver,
    database: str,
    organisation_id: str,
    changes: Mapping[str, object],
    expected_version: int | None = None,
    scope_id: str | None = None,
) -> NodeEdit:
    """Changes an organisation's own columns (not its parent: see move_organisation)."""
    if {"id", "parent_id"} & set(changes):
        raise ValueError("an organisation's id is fixed and its parent changes by a move")
    parsed = parse_values(ORGANISATIONS, changes)

    def work(tx: ManagedTransaction) -> NodeEdit:
        node = _expect(_lock(tx, [organisation_id]), ORGANISATIONS, "id", organisation_id)
        _check_version(expected_version, node.version, ORGANISATIONS, organisation_id)
        _check_scope(tx, scope_id, organisation_id, ORGANISATIONS, "id")
        row = node.row() | parsed
        if row["kind"] != node.props.get("kind"):
            _check_kind_change(tx, node, str(row["kind"]))
        return _store_organisation(tx, row, version=node.version + 1, relink=False)

    return _run(driver, database, work)


def _check_kind_change(tx: ManagedTransaction, node: _Node, kind: str) -> None:
    """Refuses a new kind that its parent or any of its children does not allow."""
    # The node is locked, so no child can be added or moved in while these are read.
    children = [r["id"] for r in tx.run(CHILDREN, id=node.id)]
    found = _lock(tx, children + ([node.parent] if node.parent else []))
    _check_parent_kind(kind, found.get(node.parent or ""), node.parent)
    for child_id in sorted(children):
        child_kind = str(found[child_id].props.get("kind"))
        if kind not in ALLOWED_PARENT_KINDS[child_kind]:
            raise EditRefused("BAD_USER_INPUT", "bad_child_kind", table=ORGANISATIONS,
                              column="kind", value=kind, child=child_id,
                              child_kind=child_kind, kind=kind)  # fmt: skip


def move_organisation(
    *,
    driver: Driver,
    database: str,
    organisation_id: str,
    new_parent_id: str | None,
    expected_version: int | None = None,
    scope_id: str | None = None,
) -> NodeEdit:
    """Puts an organisation under a new parent (None: makes it a root), refusing cycles."""

    def work(tx: ManagedTransaction) -> NodeEdit:
        ids = [organisation_id] + ([new_parent_id] if new_parent_id else [])
        found = _lock(tx, ids)
        node = _expect(found, ORGANISATIONS, "id", organisation_id)
        parent = (
            _expect(found, ORGANISATIONS, "parent_id", new_parent_id) if new_parent_id else None
        )
        _check_version(expected_version, node.version, ORGANISATIONS, organisation_id)
        _check_scope(tx, scope_id, organisation_id, ORGANISATIONS, "id")
        chain = _lock_ancestors(tx, new_parent_id) if new_parent_id else []
        if organisation_id in chain:
            cycle = [organisation_id, *chain[: chain.index(organisation_id) + 1]]
            raise EditRefused("BAD_USER_INPUT", "cycle", table=ORGANISATIONS, column="parent_id",
                              value=new_parent_id or "", cycle=cycle)  # fmt: skip
        _check_parent_kind(str(node.props.get("kind")), parent, new_parent_id)
        _check_scope(tx, scope_id, new_parent_id, ORGANISATIONS, "parent_id")
        row = node.row() | {"parent_id": new_parent_id}
        return _store_organisation(tx, row, version=node.version + 1, relink=True)

    return _run(driver, database, work)


def _lock_ancestors(tx: ManagedTransaction, organisation_id: str) -> list[str]:
    """Locks an organisation and all its ancestors; returns them nearest first."""
    # Every move locks the node it moves, so once the whole chain is locked and read again
    # unchanged, no concurrent move can alter it before commit (a cycle check then holds).
    locked: set[str] = set()
    while True:
        chain = [r["id"] for r in tx.run(ANCESTORS, id=organisation_id)]
        fresh = [i for i in chain if i not in locked]
        if not fresh:
            return chain
        _lock(tx, fresh)
        locked.update(fresh)


def _store_organisation(
    tx: ManagedTransaction, row: dict[str, Value], *, version: int, relink: bool
) -> NodeEdit:
    """Writes an organisation row exactly as the importer does, plus its version."""
    node = next(node_rows(_one_row(ORGANISATIONS, row), ORGANISATIONS))
    node["version"] = version
    cypher.upsert_nodes(tx=tx, label=Label.ORGANISATION, rows=[node])
    if relink:
        target = {"id": node["id"], "target": node["links"][PARENT_LINK.column]}
        cypher.relink_nodes(tx=tx, label=Label.ORGANISATION, link=PARENT_LINK, rows=[target])
    return NodeEdit(str(row["id"]), version)


def _opt_str(value: Value) -> str | None:
    """Returns an optional id as text."""
    return None if value is None else str(value)


# ---- relationship rows: posts, liaisons, visits, org_units, grid_coverage ---------------------


def add_row(
    *,
    driver: Driver,
    database: str,
    table: str,
    values: Mapping[str, object],
    scope_id: str | None = None,
) -> RowEdit:
    """Adds a row of a relationship table (appoint, assign, record, link); it must be new."""
    row = full_row(table, values)
    _check_period(table, row)

    def work(tx: ManagedTransaction) -> RowEdit:
        _locked_endpoints(tx, table, row, scope_id)
        if _read_row(tx, table, row) is not None:
            raise EditRefused("BAD_USER_INPUT", "row_exists", table=table,
                              key=list(TABLES_BY_NAME[table].key))  # fmt: skip
        if table == "posts":
            _check_single_holder(tx, row)
        return _store_row(tx, table, row, version=1)

    return _run(driver, database, work)


def end_row(
    *,
    driver: Driver,
    database: str,
    table: str,
    key: Mapping[str, object],
    end: date,
    expected_version: int | None = None,
    scope_id: str | None = None,
) -> RowEdit:
    """Sets the end of a post or liaison; the row stays, as the history of who held what."""
    if table not in PERIOD_TABLES:
        raise ValueError(f"{table} rows have no period")
    wanted = _key_row(table, key)

    def work(tx: ManagedTransaction) -> RowEdit:
        stored, version = _existing_row(tx, table, wanted, scope_id, expected_version)
        row = stored | {"end": end}
        _check_period(table, row)
        return _store_row(tx, table, row, version=version + 1)

    return _run(driver, database, work)


def remove_row(
    *,
    driver: Driver,
    database: str,
    table: str,
    key: Mapping[str, object],
    expected_version: int | None = None,
    scope_id: str | None = None,
) -> RowEdit:
    """Removes an org_units or grid_coverage row; returns it as it was."""
    # The one place an edit deletes: these two tables carry no period (SPEC §1), so a link
    # that no longer holds has no history to keep. Posts and liaisons are ended instead.
    if table not in ("org_units", "grid_coverage"):
        raise ValueError(f"{table} rows are ended, not removed")
    wanted = _key_row(table, key)

    def work(tx: ManagedTransaction) -> RowEdit:
        stored, version = _existing_row(tx, table, wanted, scope_id, expected_version)
        rel, start, _ = REL_TABLES[table]
        row = next(rel_rows(_one_row(table, stored), table))
        cypher.delete_rels(tx=tx, rel=rel, start=start, rows=[row])
        return RowEdit(table, stored, version)

    return _run(driver, database, work)


def _key_row(table: str, key: Mapping[str, object]) -> dict[str, Value]:
    """Parses the key columns that name a row; the others are left empty."""
    spec = TABLES_BY_NAME[table]
    parsed = parse_values(table, {c: key.get(c) for c in spec.key})
    return {c.name: parsed.get(c.name) for c in spec.columns}


def _existing_row(
    tx: ManagedTransaction,
    table: str,
    wanted: dict[str, Value],
    scope_id: str | None,
    expected_version: int | None,
) -> tuple[dict[str, Value], int]:
    """Locks a row's endpoints and returns the row as stored with its version."""
    _locked_endpoints(tx, table, wanted, scope_id)
    props = _read_row(tx, table, wanted)
    if props is None:
        raise EditRefused("NOT_FOUND", "no_such_row", table=table,
                          key=list(TABLES_BY_NAME[table].key))  # fmt: skip
    version = int(props.get("version", 0))
    _check_version(expected_version, version, table, "")
    columns = TABLES_BY_NAME[table].columns
    stored = {c.name: _native(props.get(c.name)) for c in columns}
    endpoints = {c: wanted[c] for c in REL_ENDPOINTS[table]}
    return stored | endpoints, version


def _locked_endpoints(
    tx: ManagedTransaction, table: str, row: Mapping[str, Value], scope_id: str | None
) -> None:
    """Locks both ends of a row, checks what they are, and that the row is in scope."""
    # Locking both ends serialises edits of the same row, so two can't both create it.
    columns = REL_ENDPOINTS[table]
    found = _lock(tx, [str(row[c]) for c in columns])
    nodes = [_expect(found, table, c, str(row[c])) for c in columns]
    if table == "posts":
        _check_role(row, nodes[1])
    scope_column = SCOPE_COLUMN[table]
    _check_scope(tx, scope_id, str(row[scope_column]), table, scope_column)


def _read_row(
    tx: ManagedTransaction, table: str, row: Mapping[str, Value]
) -> dict[str, Any] | None:
    """Returns the stored properties of the row with this key, or None."""
    rel, start, _ = REL_TABLES[table]
    a, b, key = _ends_and_key(table, row)
    record = tx.run(read_row_query(rel, start), a=a, b=b, key=key).single()
    return dict(record["props"]) if record else None


def _ends_and_key(table: str, row: Mapping[str, Value]) -> tuple[str, str, str]:
    """Returns (start id, end id, `_key`) as the importer computes them."""
    shaped = next(rel_rows(_one_row(table, row), table))
    return shaped["a"], shaped["b"], shaped["key"]


def _store_row(
    tx: ManagedTransaction, table: str, row: Mapping[str, Value], *, version: int
) -> RowEdit:
    """Writes a relationship row exactly as the importer does, plus its version."""
    rel, start, _ = REL_TABLES[table]
    shaped = next(rel_rows(_one_row(table, row), table))
    shaped["version"] = version
    cypher.upsert_rels(tx=tx, rel=rel, start=start, rows=[shaped])
    return RowEdit(table, dict(row), version)


def _one_row(table: str, row: Mapping[str, Value]) -> Dataset:
    """Wraps one row in a dataset, the shape the importer's row builders read."""
    dataset = Dataset()
    dataset.rows(table).append(Row(dict(row)))
    return dataset
