"""Edits of organisations: create, update and move, each audited in its own transaction; an
update or move with an effective date keeps the values it replaces as a history row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ConstraintError

from domain.dataset import Value
from domain.refusals import EditRefused, Refusal
from domain.tables import ALLOWED_PARENT_KINDS, ENUMS
from graph.model import Label
from queries import dataset_store as cypher
from queries import edit_reads, org_history
from queries.audit import CLI_ACTOR, record_change
from queries.stored_rows import history_rows, node_rows
from services.edits import history_edits
from services.edits.edit_checks import (
    Editor,
    LockedNode,
    NodeEdit,
    check_version,
    expect,
    full_row,
    lock,
    lock_visible,
    one_row,
    opt_str,
    parse_values,
    run,
)

ORGANISATIONS, HISTORY = "organisations", "organisation_history"
PARENT_LINK = cypher.NODE_LINKS[Label.ORGANISATION][0]


def create_organisation(
    *,
    driver: Driver,
    database: str,
    values: Mapping[str, object],
    scope_id: str | None = None,
    actor: str = CLI_ACTOR,
) -> NodeEdit:
    """Creates an organisation under its parent (or as a root); its id must be new everywhere."""
    row, editor = full_row(ORGANISATIONS, values), Editor(actor, scope_id)
    try:
        return run(driver, database, lambda tx: _create(tx, row, editor))
    except ConstraintError:
        # A concurrent edit took the id between our check and our write: check again, now
        # that it is committed, so the refusal names it like any other taken id.
        return run(driver, database, lambda tx: _create(tx, row, editor))


def _create(tx: ManagedTransaction, row: dict[str, Value], editor: Editor) -> NodeEdit:
    node_id, parent_id = str(row["id"]), opt_str(row["parent_id"])
    taken = lock(tx, [node_id]).get(node_id)  # ids are unique over the whole graph, any scope
    if taken is not None and editor.scope_id is not None:
        # The one bit a scoped editor cannot be spared: the id is taken, somewhere. What took
        # it, and whether inside the scope or not, stays unsaid.
        raise EditRefused(Refusal.INVALID, "id_unavailable", table=ORGANISATIONS, column="id",
                          value=node_id)  # fmt: skip
    if taken is not None:
        raise EditRefused(Refusal.INVALID, "id_taken", table=ORGANISATIONS, column="id",
                          value=node_id, found=taken.table)  # fmt: skip
    found = lock_visible(tx, [parent_id] if parent_id else [], editor.scope_id)
    parent = expect(found, ORGANISATIONS, "parent_id", parent_id) if parent_id else None
    _check_parent_kind(str(row["kind"]), parent, parent_id)
    _check_inside(editor, parent_id)
    # The parent must exist, and be of a kind that allows it, on every day the new one does.
    history_edits.check_every_day(tx, editor, row, others=[parent_id])
    return store_organisation(tx, editor, "create", None, row, version=1,
                              relink=parent_id is not None)  # fmt: skip


def update_organisation(
    *,
    driver: Driver,
    database: str,
    organisation_id: str,
    changes: Mapping[str, object],
    expected_version: int | None = None,
    effective: date | None = None,
    scope_id: str | None = None,
    actor: str = CLI_ACTOR,
) -> NodeEdit:
    """Changes an organisation's own columns (not its parent: see move_organisation); from an
    `effective` day on, keeping its name and kind before that day as a history row, otherwise
    as a correction of its current row."""
    if {"id", "parent_id"} & set(changes):
        raise ValueError("an organisation's id is fixed and its parent changes by a move")
    if {"founded", "dissolved"} & set(changes):
        raise ValueError("an organisation is founded when created and ends by a dissolution")
    parsed, editor = parse_values(ORGANISATIONS, changes), Editor(actor, scope_id)

    def work(tx: ManagedTransaction) -> NodeEdit:
        node, _ = current_organisation(tx, editor, organisation_id, expected_version)
        row = node.row() | parsed
        if row["kind"] != node.props.get("kind"):
            _check_top_kept(editor, node)
            if effective is None:
                _check_kind_change(tx, node, str(row["kind"]))
        added = _succession(tx, editor, node, row, effective)
        return store_organisation(tx, editor, "update", node, row, version=node.version + 1,
                                  relink=False, added=added)  # fmt: skip

    return run(driver, database, work)


def move_organisation(
    *,
    driver: Driver,
    database: str,
    organisation_id: str,
    new_parent_id: str | None,
    expected_version: int | None = None,
    effective: date | None = None,
    scope_id: str | None = None,
    actor: str = CLI_ACTOR,
) -> NodeEdit:
    """Puts an organisation under a new parent (None: makes it a root), refusing cycles; from
    an `effective` day on, keeping its parent before that day as a history row, otherwise as a
    correction of its current row."""
    editor = Editor(actor, scope_id)

    def work(tx: ManagedTransaction) -> NodeEdit:
        node, found = current_organisation(tx, editor, organisation_id, expected_version,
                                           new_parent_id)  # fmt: skip
        parent = expect(found, ORGANISATIONS, "parent_id", new_parent_id) if new_parent_id else None
        _check_inside(editor, new_parent_id)  # moving out of the scope is refused
        row = node.row() | {"parent_id": new_parent_id}
        if effective is not None:  # the rules of every day check kinds and cycles on each day
            added = _succession(tx, editor, node, row, effective)
            return store_organisation(tx, editor, "move", node, row, version=node.version + 1,
                                      relink=True, added=added)  # fmt: skip
        chain = _lock_ancestors(tx, new_parent_id) if new_parent_id else []
        if organisation_id in chain:
            cycle = [organisation_id, *chain[: chain.index(organisation_id) + 1]]
            raise EditRefused(Refusal.INVALID, "cycle", table=ORGANISATIONS, column="parent_id",
                              value=new_parent_id or "", cycle=cycle)  # fmt: skip
        _check_parent_kind(str(node.props.get("kind")), parent, new_parent_id)
        return store_organisation(tx, editor, "move", node, row, version=node.version + 1,
                                  relink=True)  # fmt: skip

    return run(driver, database, work)


def _succession(
    tx: ManagedTransaction,
    editor: Editor,
    node: LockedNode,
    row: dict[str, Value],
    effective: date | None,
) -> list[dict[str, Value]]:
    """Returns the history row an edit effective on a day adds (none for a correction), once
    the organisation's timeline with it and its new row keeps the rules of every day."""
    if effective is None:
        return []
    added = [history_edits.succession(tx, node, row, effective)]
    history_edits.check_every_day(tx, editor, row, added, others=[opt_str(row["parent_id"])])
    return added


def current_organisation(
    tx: ManagedTransaction,
    editor: Editor,
    organisation_id: str,
    expected_version: int | None,
    other_id: str | None = None,
) -> tuple[LockedNode, dict[str, LockedNode]]:
    """Locks the organisation (and another id), refusing it when unknown, outside the scope or
    changed since `expected_version`; returns it and every visible locked node."""
    ids = [organisation_id] + ([other_id] if other_id else [])
    found = lock_visible(tx, ids, editor.scope_id)
    node = expect(found, ORGANISATIONS, "id", organisation_id)
    check_version(expected_version, node.version, ORGANISATIONS, organisation_id)
    return node, found


def _check_inside(editor: Editor, parent_id: str | None) -> None:
    """Refuses a new root to a scoped editor (a parent outside reads as unknown before this)."""
    if editor.scope_id is not None and parent_id is None:
        raise EditRefused(Refusal.FORBIDDEN, "out_of_scope", table=ORGANISATIONS,
                          column="parent_id", value="", scope=editor.scope_id)  # fmt: skip


def _check_top_kept(editor: Editor, node: LockedNode) -> None:
    """Refuses a scoped editor a new kind for the scope's own top organisation: whether its
    parent, above the scope, allows the kind is not the editor's to learn."""
    if editor.scope_id is not None and node.id == editor.scope_id:
        raise EditRefused(Refusal.FORBIDDEN, "scope_top_kind", table=ORGANISATIONS, column="kind",
                          value=str(node.props.get("kind")), scope=editor.scope_id)  # fmt: skip


def _check_parent_kind(kind: str, parent: LockedNode | None, parent_id: str | None) -> None:
    """Refuses a kind of organisation under a parent kind the importer would refuse."""
    parent_kind = parent.props.get("kind") if parent else None
    allowed = ALLOWED_PARENT_KINDS[kind]
    if parent_kind not in allowed:
        ordered = [k for k in ENUMS["org_kind"] if k in allowed]
        raise EditRefused(Refusal.INVALID, "bad_parent_kind", table=ORGANISATIONS,
                          column="parent_id", value=parent_id or "", kind=kind,
                          parent_kind=parent_kind, allowed=ordered)  # fmt: skip


def _check_kind_change(tx: ManagedTransaction, node: LockedNode, kind: str) -> None:
    """Refuses a new kind that its parent or any of its children does not allow."""
    # The node is locked, so no child can be added or moved in while these are read.
    children = edit_reads.child_ids(tx=tx, organisation_id=node.id)
    found = lock(tx, children + ([node.parent] if node.parent else []))
    _check_parent_kind(kind, found.get(node.parent or ""), node.parent)
    for child_id in sorted(children):
        child_kind = str(found[child_id].props.get("kind"))
        if kind not in ALLOWED_PARENT_KINDS[child_kind]:
            raise EditRefused(Refusal.INVALID, "bad_child_kind", table=ORGANISATIONS,
                              column="kind", value=kind, child=child_id,
                              child_kind=child_kind, kind=kind)  # fmt: skip


def _lock_ancestors(tx: ManagedTransaction, organisation_id: str) -> list[str]:
    """Locks an organisation and all its ancestors; returns them nearest first."""
    # Every move locks the node it moves, so once the whole chain is locked and read again
    # unchanged, no concurrent move can alter it before commit (a cycle check then holds).
    locked: set[str] = set()
    while True:
        chain = edit_reads.ancestor_ids(tx=tx, organisation_id=organisation_id)
        fresh = [i for i in chain if i not in locked]
        if not fresh:
            return chain
        lock(tx, fresh)
        locked.update(fresh)


def store_organisation(
    tx: ManagedTransaction,
    editor: Editor,
    action: str,
    before: LockedNode | None,
    row: dict[str, Value],
    *,
    version: int,
    relink: bool,
    added: Sequence[dict[str, Value]] = (),
) -> NodeEdit:
    """Writes an organisation row exactly as the importer does, and the history rows an edit
    adds, plus their versions and audit."""
    node = next(node_rows(one_row(ORGANISATIONS, row), ORGANISATIONS))
    node["version"] = version
    cypher.upsert_nodes(tx=tx, label=Label.ORGANISATION, rows=[node])
    if relink:
        target = {"id": node["id"], "target": node["links"][PARENT_LINK.column]}
        cypher.relink_nodes(tx=tx, label=Label.ORGANISATION, link=PARENT_LINK, rows=[target])
    for past in added:
        org_history.add_history(tx=tx, rows=list(history_rows(one_row(HISTORY, past))))
        record_change(tx=tx, actor=editor.actor, action="add", target_kind=HISTORY,
                      target_id=str(row["id"]), before=None,
                      after=past | {"version": 1})  # fmt: skip
    # A relinked PART_OF starts after the last history row again, as the import writes it; the
    # history rows stored before are left as they are.
    org_history.derive_periods(tx=tx, ids=[node["id"]])
    old = None if before is None else before.row() | {"version": before.version}
    new = row | {"version": version}
    record_change(tx=tx, actor=editor.actor, action=action, target_kind=ORGANISATIONS,
                  target_id=str(row["id"]), before=old, after=new)  # fmt: skip
    return NodeEdit(str(row["id"]), version)
