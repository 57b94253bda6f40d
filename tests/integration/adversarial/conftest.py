"""Adversarial tests: fuzzing the API and the importer; their counts are printed at the end."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.fuzz import COUNTS, STACK_TRACE


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Prints how many fuzz cases each suite ran and how many were refused."""
    if not COUNTS:
        return
    terminalreporter.section("adversarial")
    for suite, counts in COUNTS.items():
        details = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "cases")
        terminalreporter.write_line(f"{suite}: {counts['cases']} fuzz cases run ({details})")


@pytest.fixture
def no_stack_trace() -> Any:
    """Returns a check that a text shows no stack trace or driver error."""

    def check(text: str) -> None:
        found = STACK_TRACE.search(text)
        assert found is None, f"stack text {found.group(0)!r} in: {text[:500]}"

    return check
