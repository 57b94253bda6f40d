"""What the organisation edits that write history share: the history row that keeps the
current name, kind and parent up to the day a new one takes effect, and the rules of every day
(domain/history_rules.py) checked on the timelines an edit changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from neo4j import ManagedTransaction

from domain.dataset import Dataset, Row, Value
from domain.history_rules import Breach, breaches
from domain.refusals import EditRefused, Refusal
from domain.tables import TABLES_BY_NAME
from domain.timelines import ONE_DAY, later
from queries import timeline_reads
from queries.timeline_reads import StoredTimeline
from services.edits.edit_checks import Editor, LockedNode, inside_scope, lock, native

ORGANISATIONS, HISTORY = "organisations", "organisation_history"
# The columns of a row of the past: the organisation, until, and what it had up to then.
LASTING = ("name", "kind", "parent_id")
HIDDEN = "…"  # an organisation outside the editor's scope, named in a refusal


def current_start(tx: ManagedTransaction, node: LockedNode) -> tuple[date | None, bool]:
    """Returns the first day the organisation's current name, kind and parent hold (None: since
    always), and whether it has history rows at all."""
    stored = timeline_reads.stored_timelines(tx=tx, ids=[node.id])
    untils = [native(h["until"]) for t in stored for h in t.past]
    last = max((u for u in untils if isinstance(u, date)), default=None)
    founded = native(node.props.get("founded"))
    after = None if last is None else last + ONE_DAY
    return later(after, founded if isinstance(founded, date) else None), last is not None


def succession(
    tx: ManagedTransaction, node: LockedNode, row: dict[str, Value], effective: date
) -> dict[str, Value]:
    """Returns the history row that keeps the current name, kind and parent up to the day
    before `effective`, refusing a day on which they did not hold yet (rows of an earlier past
    are changed by a load, not by an edit) or no longer exist, and an edit that changes none."""
    kept = node.row()
    if all(row[c] == kept[c] for c in LASTING):
        raise EditRefused(Refusal.INVALID, "nothing_takes_effect", effective=effective.isoformat())
    start, _ = current_start(tx, node)
    if effective <= (start or date.min):
        raise EditRefused(Refusal.INVALID, "effective_too_early", effective=effective.isoformat(),
                          start=(start or date.min).isoformat())  # fmt: skip
    dissolved = native(node.props.get("dissolved"))
    if isinstance(dissolved, date) and effective >= dissolved:
        raise EditRefused(Refusal.INVALID, "effective_after_dissolved",
                          effective=effective.isoformat(),
                          dissolved=dissolved.isoformat())  # fmt: skip
    past: dict[str, Value] = {"organisation_id": node.id, "until": effective - ONE_DAY}
    return past | {c: kept[c] for c in LASTING}


def check_every_day(
    tx: ManagedTransaction,
    editor: Editor,
    row: dict[str, Value],
    added: Sequence[dict[str, Value]] = (),
    others: Iterable[str | None] = (),
) -> None:
    """Refuses an organisation's new row and history rows when they break a rule of every day
    that held before: parent kinds, parents' existence, cycles (`others`: ids it newly hangs
    under). Only the timelines the edit can affect are read: its own, everything above it or
    them on any day, and every child it ever had."""
    org_id = str(row["id"])
    ids = timeline_reads.related_ids(tx=tx, ids=[org_id, *(i for i in others if i)])
    # The write gate already serialises writes; locking what the check reads keeps it true
    # should that ever change, as the other edits lock what they check.
    lock(tx, sorted(ids))
    stored = {t.id: t for t in timeline_reads.stored_timelines(tx=tx, ids=sorted(ids))}
    mine = stored.pop(org_id, None)
    past = [] if mine is None else _past_rows(mine)
    before = _breaches([*stored.values(), *([mine] if mine else [])])
    after = _breaches(list(stored.values()), (row, [*past, *added]))
    known = {_key(b) for b in before}
    new = sorted((b for b in after if _key(b) not in known), key=lambda b: _owner(b) != org_id)
    if new:
        raise _refusal(tx, editor, row, _on_own_link(new[0], org_id, row))


def _breaches(
    stored: list[StoredTimeline],
    edited: tuple[dict[str, Value], list[dict[str, Value]]] | None = None,
) -> list[Breach]:
    """Checks the rules of every day on these timelines (and an edited one)."""
    dataset, organisations = Dataset(), {}
    timelines = [(_row(t), _past_rows(t)) for t in stored] + ([edited] if edited else [])
    for row, past in timelines:
        organisations[str(row["id"])] = _add(dataset, ORGANISATIONS, row)
        for history_row in past:
            _add(dataset, HISTORY, history_row)
    return breaches(dataset, organisations)


def _add(dataset: Dataset, table: str, values: dict[str, Value]) -> Row:
    """Appends a row, numbered so that a cycle is reported on the same link every time."""
    rows = dataset.rows(table)
    rows.append(Row(dict(values), line=len(rows) + 2))
    return rows[-1]


def _row(stored: StoredTimeline) -> dict[str, Value]:
    """The columns of an organisation's row that its timeline reads."""
    columns = ("name", "kind", "founded", "dissolved")
    return {"id": stored.id, "parent_id": stored.parent} | {
        c: native(stored.props.get(c)) for c in columns
    }


def _past_rows(stored: StoredTimeline) -> list[dict[str, Value]]:
    """An organisation's history rows, as rows of the organisation_history table."""
    return [
        {"organisation_id": stored.id, "until": native(h["until"]), "name": h["name"],
         "kind": h["kind"], "parent_id": h["parent"]}
        for h in stored.past
    ]  # fmt: skip


def _owner(breach: Breach) -> str:
    """The organisation whose row breaks the rule."""
    return str(breach.row["id" if breach.table == ORGANISATIONS else "organisation_id"])


def _key(breach: Breach) -> tuple[Any, ...]:
    """Identifies a broken rule across the states before and after an edit: the rule, the row
    by its key and the cell (not the day, which an edit may move)."""
    key = tuple(breach.row[c] for c in TABLES_BY_NAME[breach.table].key)
    return breach.code, breach.table, key, breach.column


def _on_own_link(breach: Breach, org_id: str, row: dict[str, Value]) -> Breach:
    """Reports a new cycle through the edited organisation on its own new parent: whichever row
    the check names, that is the link the edit made."""
    cycle = breach.params.get("cycle", [])
    if breach.code != "cycle" or org_id not in cycle:
        return breach
    path = cycle[:-1]
    first = path.index(org_id)
    turned = [*path[first:], *path[:first], org_id]
    return Breach(ORGANISATIONS, Row(row), "parent_id", "cycle", breach.params | {"cycle": turned})


def _refusal(
    tx: ManagedTransaction, editor: Editor, row: dict[str, Value], breach: Breach
) -> EditRefused:
    """The refusal of a broken rule: on the edited organisation's own cell, or naming the other
    organisation whose row it breaks (one outside the editor's scope stays unnamed)."""
    org_id, owner = str(row["id"]), _owner(breach)
    cell = breach.row[breach.column]
    mentioned = {owner, *breach.params.get("cycle", ()), breach.params.get("parent")}
    mentioned |= {cell} if breach.column == "parent_id" else set()
    shown = _visible(tx, editor, {i for i in mentioned if isinstance(i, str)})
    params = dict(breach.params)
    if "cycle" in params:
        params["cycle"] = [shown(i) for i in params["cycle"]]
    if "parent" in params:
        params["parent"] = shown(params["parent"])
    value = cell.isoformat() if isinstance(cell, date) else shown(str(cell or ""))
    if owner == org_id:
        return EditRefused(Refusal.INVALID, breach.code, table=breach.table,
                           column=breach.column, value=value, **params)  # fmt: skip
    return EditRefused(Refusal.INVALID, "breaks_rule_of", organisation=shown(owner),
                       name=breach.row["name"] if shown(owner) == owner else "",
                       child=breach.row["parent_id"] == org_id, code=breach.code,
                       detail=params)  # fmt: skip


def _visible(tx: ManagedTransaction, editor: Editor, ids: set[str]) -> Callable[[str], str]:
    """Returns a function that shows an id inside the editor's scope and hides one outside."""
    inside = inside_scope(tx, sorted(ids), editor.scope_id)
    return lambda i: i if i in inside or i not in ids else HIDDEN
