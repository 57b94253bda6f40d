"""Validity of a dated relationship (post, liaison, hierarchy) on a day, and the hierarchy of a
day, as Cypher."""

from __future__ import annotations

from graph.model import Label, Rel


def valid_on(var: str, day: str = "$day") -> str:
    """Returns the Cypher test that a relationship's start..end period holds the day."""
    # coalesce rather than `IS NULL OR`: an OR makes the planner split the test into a union
    # of relationship index scans instead of expanding from the node it already has.
    return f"coalesce({var}.start, {day}) <= {day} AND coalesce({var}.end, {day}) >= {day}"


# The hierarchy of a day: the child → parent relationships valid on it (docs/model.md, "History
# of the organisations"); a valid one also says that the child exists on that day.
HIERARCHY = f"{Rel.PART_OF.value}|{Rel.WAS_PART_OF.value}"


def up_on(day: str = "$day", least: int = 0) -> str:
    """Returns a quantified path that climbs the hierarchy of the day, `least` steps or more."""
    step = f"(()-[r:{HIERARCHY}]->() WHERE {valid_on('r', day)})"
    return f"{step}{{{least},}}"


def down_on(day: str = "$day") -> str:
    """Returns a quantified path that descends the hierarchy of the day."""
    return f"(()<-[r:{HIERARCHY}]-() WHERE {valid_on('r', day)})*"


def has_history(var: str) -> str:
    """Returns the Cypher test that an organisation's existence, name, kind or parent depends on
    the day; a label test, so the organisations without a past cost nothing more to ask about."""
    return f"{var}:{Label.WITH_HISTORY.value}"


def exists_on(var: str, day: str = "$day") -> str:
    """Returns the Cypher test that an organisation exists on the day."""
    after = f"{day} + duration('P1D')"
    dates = (
        f"coalesce({var}.founded, {day}) <= {day} AND coalesce({var}.dissolved, {after}) > {day}"
    )
    return f"(NOT {has_history(var)} OR {dates})"


# The scope's organisation at the top of a walk up from a node already found. Unlabelled, it
# offers no index seek, so the planner walks up from that node (a few steps) rather than down
# from the scope to every organisation below it, which is what it did with `(:Organisation
# {id: $scope})` once the walk was a quantified path. Ids are unique over the whole graph.
SCOPE_ABOVE = "(scope_ WHERE scope_.id = $scope)"

PAST = f"{Rel.WAS_PART_OF.value}|{Rel.WAS_ROOT.value}"  # either kind of history row


def parent_on(var: str, day: str = "$day") -> str:
    """Returns the id of an organisation's parent on the day; null for a root, or on a day it
    does not exist."""
    up = f"({var})-[up_:{HIERARCHY}]->(parent_:{Label.ORGANISATION.value})"
    return f"head([{up} WHERE {valid_on('up_', day)} | parent_.id])"


def as_of(var: str, field: str, day: str = "$day") -> str:
    """Returns an organisation's name or kind of the day: its history row's, else its own."""
    past = f"[({var})-[h:{PAST}]->() WHERE {valid_on('h', day)} | h.{field}]"
    own = f"{var}.{field}"
    return f"CASE WHEN {has_history(var)} THEN coalesce(head({past}), {own}) ELSE {own} END"
