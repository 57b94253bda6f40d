"""Validity of a dated relationship (post, liaison) on a day, as Cypher."""

from __future__ import annotations


def valid_on(var: str, day: str = "$day") -> str:
    """Returns the Cypher test that a relationship's start..end period holds the day."""
    # coalesce rather than `IS NULL OR`: an OR makes the planner split the test into a union
    # of relationship index scans instead of expanding from the node it already has.
    return f"coalesce({var}.start, {day}) <= {day} AND coalesce({var}.end, {day}) >= {day}"


# The hierarchy of a day: the child → parent relationships valid on it (docs/model.md, "History
# of the organisations"); a valid one also says that the child exists on that day.
HIERARCHY = "PART_OF|WAS_PART_OF"


def up_on(day: str = "$day", least: int = 0) -> str:
    """Returns a quantified path that climbs the hierarchy of the day, `least` steps or more."""
    step = f"(()-[r:{HIERARCHY}]->() WHERE {valid_on('r', day)})"
    return f"{step}{{{least},}}"


def exists_on(var: str, day: str = "$day") -> str:
    """Returns the Cypher test that an organisation exists on the day."""
    return f"coalesce({var}.founded, {day}) <= {day} AND coalesce({var}.dissolved, {day} + duration('P1D')) > {day}"
