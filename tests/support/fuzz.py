"""What the fuzz tests share: the text no answer may show, and the counts of the cases they ran
(tests/integration/adversarial/conftest.py prints them at the end of the run)."""

from __future__ import annotations

import re
from collections import Counter

# Text that must never reach a client or a user: a Python or Java stack, or the driver's errors.
STACK_TRACE = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|"
    r"\bat [\w.$]+\([\w$]+\.java:\d+\)|neo4j\.exceptions|Neo\.(?:Client|Transient|Database)Error"
)

# What each fuzz test ran, printed in the terminal summary (pytest captures test output).
COUNTS: dict[str, Counter[str]] = {}


def tally(suite: str) -> Counter[str]:
    """Returns the counter of one fuzz suite, registered for the summary."""
    return COUNTS.setdefault(suite, Counter())
