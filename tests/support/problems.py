"""Checks of the problems a validation finds: exactly one of a code, located in its messages."""

from __future__ import annotations

from domain.dataset import Dataset
from domain.problems import Problem
from services.exchange.validation import validate


def located(dataset: Dataset, code: str) -> Problem:
    """Returns the one problem with this code, after checking its messages name where it is."""
    found = [p for p in validate(dataset) if p.code == code]
    assert len(found) == 1, validate(dataset)
    problem = found[0]
    for lang in ("zh", "en"):
        message = problem.message(lang)
        for part in (problem.source, str(problem.line), problem.column, problem.value):
            assert part in message, message
    return problem


def cell(problem: Problem) -> tuple[str, int, str, str]:
    """Returns where a problem is: source, line, column and value."""
    return problem.source, problem.line, problem.column, problem.value
