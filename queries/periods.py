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


def down_on(day: str = "$day") -> str:
    """Returns a quantified path that descends the hierarchy of the day."""
    return f"(()<-[r:{HIERARCHY}]-() WHERE {valid_on('r', day)})*"


def exists_on(var: str, day: str = "$day") -> str:
    """Returns the Cypher test that an organisation exists on the day."""
    after = f"{day} + duration('P1D')"
    return f"coalesce({var}.founded, {day}) <= {day} AND coalesce({var}.dissolved, {after}) > {day}"


PAST = "WAS_PART_OF|WAS_ROOT"


def as_of(var: str, field: str, day: str = "$day") -> str:
    """Returns an organisation's name or kind of the day: its history row's, else its own."""
    past = f"[({var})-[h:{PAST}]->() WHERE {valid_on('h', day)} | h.{field}]"
    return f"coalesce(head({past}), {var}.{field})"


# Organisations whose name, kind or parent changed at some time; index pre-filters on today's
# kind must let them through, and the rule decides on the kind of the day.
HAS_PAST = f"EXISTS {{ (n)-[:{PAST}]->() }}"
