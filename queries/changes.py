"""What one write transaction changed, as the coverage index needs to know it.

Every edit records its changes in the audit trail in its own transaction (queries/audit.py);
the same call notes here which nodes the change names (the target and every `…_id` column of
its before and after rows). An import's switch and a restore change everything. The write gate
(queries/gate.py) collects these notes for the transaction it runs and hands them to the
coverage index before the transaction commits (queries/coverage_index.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

# Tables whose change can alter the gaps of a whole subtree: an organisation's own row or
# history (existence, kind, parent, name) and liaisons (NO_LIAISON looks up the hierarchy).
SUBTREE_TABLES = frozenset({"organisations", "organisation_history", "liaisons"})
EVERYTHING_TABLES = frozenset({"dataset"})  # an import's audit entry
NOT_IN_GRAPH = frozenset({"tokens"})  # tokens are not part of the coverage graph


@dataclass
class Changes:
    """The ids one transaction changed; a change to one of `subtrees` reaches every organisation
    below it."""

    ids: set[str] = field(default_factory=set)
    subtrees: set[str] = field(default_factory=set)
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.ids)


_current: ContextVar[Changes | None] = ContextVar("covergraph_changes", default=None)


@contextmanager
def collecting() -> Iterator[Changes]:
    """Collects the changes noted while the block runs (one attempt of a write transaction)."""
    seen = Changes()
    token = _current.set(seen)
    try:
        yield seen
    finally:
        _current.reset(token)


def note_change(
    target_kind: str,
    target_id: str | None,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    """Notes the nodes an audited change names."""
    seen = _current.get()
    if seen is None or target_kind in NOT_IN_GRAPH:
        return
    if target_kind in EVERYTHING_TABLES:
        # An import that created, updated and deleted nothing leaves the index as it is.
        tables = (after or {}).get("tables", {})
        kinds = ("created", "updated", "deleted")
        seen.everything |= not tables or any(t.get(k) for t in tables.values() for k in kinds)
        return
    named = {target_id} if target_id else set()
    for row in (before, after):
        for column, value in (row or {}).items():
            if (column == "id" or column.endswith("_id")) and value:
                named.add(str(value))
    seen.ids |= named
    if target_kind in SUBTREE_TABLES and target_id:
        seen.subtrees.add(target_id)  # the organisation itself; its old and new parents keep theirs


def note_everything() -> None:
    """Notes a change of the whole graph (an import's last publishing step, a restore)."""
    seen = _current.get()
    if seen is not None:
        seen.everything = True
