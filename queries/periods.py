"""Validity of a dated relationship (post, liaison) on a day, as Cypher."""

from __future__ import annotations


def valid_on(var: str, day: str = "$day") -> str:
    """Returns the Cypher test that a relationship's start..end period holds the day."""
    # coalesce rather than `IS NULL OR`: an OR makes the planner split the test into a union
    # of relationship index scans instead of expanding from the node it already has.
    return f"coalesce({var}.start, {day}) <= {day} AND coalesce({var}.end, {day}) >= {day}"
