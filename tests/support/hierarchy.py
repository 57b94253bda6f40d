"""The hierarchy of a day D (SPEC §5), for the oracle and the checks of generated histories.

An organisation exists on D when `founded` ≤ D (or empty) and D < `dissolved` (or empty). On D
its name, kind and parent are those of its `organisation_history` row with the smallest
`until` ≥ D, or else those of its `organisations` row. §5's validation is here too: on every
day, the organisations existing that day obey §1's parent rules, have no cycles and have their
parents existing; every post, liaison and visit on an organisation lies within its existence.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from domain.dataset import Dataset, Row
from domain.tables import ALLOWED_PARENT_KINDS

ONE_DAY = timedelta(days=1)
# Which column of each table holds the organisation a row is on, and its period or day.
DATED_ROWS = {
    "posts": ("target_id", "start", "end"),
    "liaisons": ("organisation_id", "start", "end"),
    "visits": ("organisation_id", "date", "date"),
}


class NotExisting(KeyError):
    """An organisation asked about on a day it does not exist (NOT_FOUND), with its existence."""

    def __init__(self, org_id: str, day: date, founded: date | None, dissolved: date | None):
        super().__init__(org_id)
        self.org_id, self.day = org_id, day
        self.founded, self.dissolved = founded, dissolved

    def __str__(self) -> str:
        return (
            f"organisation {self.org_id} does not exist on {self.day.isoformat()}: "
            f"it exists {existence_text(self.founded, self.dissolved)}"
        )


def existence_text(founded: date | None, dissolved: date | None) -> str:
    """Says which days an organisation exists: `dissolved` is the first day it no longer does."""
    since = f"from {founded.isoformat()}" if founded else ""
    until = f"until {(dissolved - ONE_DAY).isoformat()}" if dissolved else ""
    return " ".join(part for part in (since, until) if part) or "on every day"


def exists_on(org: Row, day: date) -> bool:
    """Tells whether the organisation exists on day: founded ≤ D (or empty), D < dissolved (or
    empty)."""
    founded, dissolved = org["founded"], org["dissolved"]
    return (founded is None or founded <= day) and (dissolved is None or day < dissolved)


def history_of(ds: Dataset) -> dict[str, list[Row]]:
    """Returns each organisation's history rows, earliest `until` first."""
    history: dict[str, list[Row]] = defaultdict(list)
    for row in sorted(ds.rows("organisation_history"), key=lambda r: r["until"]):
        history[row["organisation_id"]].append(row)
    return history


def as_of(org: Row, history: list[Row], day: date) -> Row:
    """Returns the organisation's row with the name, kind and parent of day: those of the history
    row with the smallest `until` ≥ D (history is sorted by `until`), else the row's own."""
    for past in history:
        if past["until"] >= day:
            of_day = {"name": past["name"], "kind": past["kind"], "parent_id": past["parent_id"]}
            return Row({**org.values, **of_day}, org.source, org.line)
    return org


def organisations_on(ds: Dataset, day: date) -> dict[str, Row]:
    """Returns the organisations existing on day, by id, each with its name, kind and parent of
    day; every other column (domain, member counts, term_start, …) is its row's."""
    history = history_of(ds)
    return {
        org["id"]: as_of(org, history.get(org["id"], []), day)
        for org in ds.rows("organisations")
        if exists_on(org, day)
    }


# --- §5's validation ------------------------------------------------------------------------


def change_days(ds: Dataset) -> list[date]:
    """Returns the days on which the hierarchy can change (a founding, a dissolution, the day
    after an `until`) and a day before all of them: between two of them nothing changes, so
    checking these days checks every day."""
    days = {r[c] for r in ds.rows("organisations") for c in ("founded", "dissolved")}
    days |= {r["until"] + ONE_DAY for r in ds.rows("organisation_history") if r["until"] < date.max}
    days.discard(None)
    first = min(days, default=date(2000, 1, 1))
    return sorted(days | {first - ONE_DAY if first > date.min else first})


def hierarchy_problems(orgs: dict[str, Row], day: date) -> list[str]:
    """Checks one day's hierarchy: each parent exists, the parent rules hold, no cycle."""
    problems = []
    for org in orgs.values():
        parent = org["parent_id"]
        if parent is not None and parent not in orgs:
            problems.append(f"{day}: the parent {parent} of {org['id']} does not exist")
            continue
        parent_kind = None if parent is None else orgs[parent]["kind"]
        if parent_kind not in ALLOWED_PARENT_KINDS[org["kind"]]:
            problems.append(f"{day}: {org['kind']} {org['id']} under {parent_kind} {parent}")
    return problems + _cycles(orgs, day)


def _cycles(orgs: dict[str, Row], day: date) -> list[str]:
    """Names the organisations whose chain of parents comes back to itself."""
    problems = []
    for org_id in orgs:
        seen, current = {org_id}, orgs[org_id]["parent_id"]
        while current in orgs and current not in seen:
            seen.add(current)
            current = orgs[current]["parent_id"]
        if current == org_id:
            problems.append(f"{day}: {org_id} is its own ancestor")
    return problems


def period_problems(ds: Dataset) -> list[str]:
    """Checks that every post, liaison and visit on an organisation lies within its existence."""
    orgs = {r["id"]: r for r in ds.rows("organisations")}
    problems = []
    for table, (column, first, last) in DATED_ROWS.items():
        for row in ds.rows(table):
            org = orgs.get(row[column])
            if org is not None and not _within(row[first], row[last], org):
                problems.append(f"{table} {row.values} outside the existence of {org['id']}")
    return problems


def _within(start: date | None, end: date | None, org: Row) -> bool:
    """Tells whether the period start..end (empty: open) lies within the organisation's days."""
    founded, dissolved = org["founded"], org["dissolved"]
    after_founding = founded is None or (start is not None and start >= founded)
    before_dissolution = dissolved is None or (end is not None and end < dissolved)
    return after_founding and before_dissolution


def history_problems(ds: Dataset) -> list[str]:
    """§5's validation: the hierarchy of every day, then the periods; empty when valid."""
    problems = [p for d in change_days(ds) for p in hierarchy_problems(organisations_on(ds, d), d)]
    return problems + period_problems(ds)
