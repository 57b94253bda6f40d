"""The rules of every day (domain/history_rules.py) over a whole dataset, each broken one a
problem located as the user's file or sheet names its cell."""

from __future__ import annotations

from domain.dataset import Dataset, Row
from domain.history_rules import breaches
from domain.problems import Problem
from services.exchange.cell_problems import cell_problem

# Where each id was first seen: id -> (table name, row).
IdIndex = dict[str, tuple[str, Row]]


def history_problems(dataset: Dataset, ids: IdIndex) -> list[Problem]:
    """Checks existence, parent kinds, parents' existence and cycles on every day."""
    return [
        cell_problem(b.table, b.row, b.column, b.code, **b.params)
        for b in breaches(dataset, _organisations(dataset, ids))
    ]


def _organisations(dataset: Dataset, ids: IdIndex) -> dict[str, Row]:
    """The organisations by id, each the row its id names (a repeated id is refused)."""
    found = {}
    for row in dataset.rows("organisations"):
        org = row.values.get("id")
        hit = ids.get(org) if isinstance(org, str) else None
        if hit is not None and hit[1] is row:
            found[str(org)] = row
    return found
