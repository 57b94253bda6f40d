"""Dissolving an organisation: it no longer exists from a day on, once nothing happens in it
on that day or later (children, posts, liaisons, visits) and its timeline keeps the rules of
every day; audited like every edit."""

from __future__ import annotations

from datetime import date

from neo4j import Driver, ManagedTransaction

from domain.refusals import EditRefused, Refusal
from queries import timeline_reads
from queries.audit import CLI_ACTOR
from queries.timeline_reads import Happening
from services.edits import history_edits
from services.edits.edit_checks import Editor, LockedNode, NodeEdit, inside_scope, run
from services.edits.organisation_edits import current_organisation, store_organisation

ORGANISATIONS = "organisations"
# What keeps an organisation from being dissolved, in the order a refusal names it: children
# (organisations), then posts, liaisons and visits; each refusal names at most SHOWN of them.
BLOCKERS = ("organisations", "posts", "liaisons", "visits")
SHOWN = 5


def dissolve_organisation(
    *,
    driver: Driver,
    database: str,
    organisation_id: str,
    dissolved: date,
    expected_version: int | None = None,
    scope_id: str | None = None,
    actor: str = CLI_ACTOR,
) -> NodeEdit:
    """Sets the first day an organisation no longer exists; refused while it has children,
    posts, liaisons or visits on that day or later."""
    editor = Editor(actor, scope_id)

    def work(tx: ManagedTransaction) -> NodeEdit:
        node, _ = current_organisation(tx, editor, organisation_id, expected_version)
        if editor.scope_id == node.id:
            raise EditRefused(Refusal.FORBIDDEN, "scope_top_dissolve", table=ORGANISATIONS,
                              column="dissolved", value=dissolved.isoformat(),
                              scope=editor.scope_id)  # fmt: skip
        _check_after_current(tx, node, dissolved)
        for table in BLOCKERS:
            found = timeline_reads.happening_from(tx=tx, table=table, organisation_id=node.id,
                                                  day=dissolved)  # fmt: skip
            if found:
                raise _blocked(tx, editor, table, dissolved, found)
        row = node.row() | {"dissolved": dissolved}
        # Dissolving later than before lengthens its existence: its parents must last as long.
        history_edits.check_every_day(tx, editor, row)
        return store_organisation(tx, editor, "dissolve", node, row, version=node.version + 1,
                                  relink=False)  # fmt: skip

    return run(driver, database, work)


def _check_after_current(tx: ManagedTransaction, node: LockedNode, dissolved: date) -> None:
    """Refuses a dissolution on or before the first day of the current name, kind and parent:
    the history rows would then tell of days it no longer existed. Without history rows the
    founding day bounds it, as the import checks."""
    start, has_past = history_edits.current_start(tx, node)
    if has_past and start is not None and dissolved <= start:
        raise EditRefused(Refusal.INVALID, "dissolved_too_early", table=ORGANISATIONS,
                          column="dissolved", value=dissolved.isoformat(),
                          start=start.isoformat())  # fmt: skip


def _blocked(
    tx: ManagedTransaction, editor: Editor, table: str, dissolved: date, found: list[Happening]
) -> EditRefused:
    """The refusal naming what still happens on or after the day: the first few inside the
    editor's scope by id and name, the rest (and any outside the scope) only counted."""
    inside = inside_scope(tx, sorted({h.id for h in found}), editor.scope_id)
    shown = [[h.id, h.name, h.detail] for h in found if h.id in inside][:SHOWN]
    return EditRefused(Refusal.INVALID, "dissolve_blocked", table=ORGANISATIONS,
                       column="dissolved", value=dissolved.isoformat(), blocker=table,
                       items=shown, more=len(found) - len(shown))  # fmt: skip
