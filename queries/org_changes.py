"""An organisation's history (沿革) as a list of changes: founded, renamed, re-kinded, moved,
dissolved, oldest first (docs/model.md, "History of the organisations").

The graph keeps the history as segments: each WAS_PART_OF or WAS_ROOT row holds the name, kind
and parent the organisation had up to and including its `until`, the node itself what it has
after the last one. A change lies on each day after an `until` where a segment ends and the
next one differs, and on `founded` and `dissolved`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Any

from neo4j import Driver

from graph.model import Label, Rel
from queries.organisations import native, read
from queries.periods import PAST

ORG = Label.ORGANISATION.value
ONE_DAY = timedelta(days=1)

# Each organisation with its segments, and the name timeline of every parent it ever had, so
# that a parent is named as it was called on the day of the change.
CHANGES = f"""
UNWIND $ids AS id
MATCH (o:{ORG} {{id: id}})
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.founded AS founded,
    o.dissolved AS dissolved,
    head([(o)-[:{Rel.PART_OF}]->(p:{ORG}) | p.id]) AS parent_id,
    COLLECT {{
        MATCH (o)-[h:{PAST}]->(p:{ORG})
        WITH h, p ORDER BY h.until
        RETURN {{until: h.until, name: h.name, kind: h.kind,
            parent_id: CASE type(h) WHEN '{Rel.WAS_PART_OF}' THEN p.id END}}
    }} AS past,
    COLLECT {{
        MATCH (o)-[:{Rel.PART_OF}|{Rel.WAS_PART_OF}]->(p:{ORG})
        WITH DISTINCT p
        RETURN {{id: p.id, name: p.name, names: COLLECT {{
            MATCH (p)-[x:{PAST}]->() WITH x ORDER BY x.until
            RETURN {{until: x.until, name: x.name}}
        }}}}
    }} AS parents
"""


class ChangeKind(StrEnum):
    """What changed on a day of an organisation's history."""

    FOUNDED = "FOUNDED"
    RENAMED = "RENAMED"
    REKINDED = "REKINDED"
    MOVED = "MOVED"
    DISSOLVED = "DISSOLVED"


@dataclass(frozen=True)
class ParentOnDay:
    """A parent as it was on a day: named as it was called then."""

    id: str
    name: str
    day: date


@dataclass(frozen=True)
class OrganisationChange:
    """One change: `previous_*` held on the day before `date`, `new_*` from `date` on; only what
    the change concerns is set (FOUNDED every `new_*`, DISSOLVED every `previous_*`); a parent
    of None is a root, or none."""

    date: date
    kind: ChangeKind
    previous_name: str | None = None
    new_name: str | None = None
    previous_kind: str | None = None
    new_kind: str | None = None
    previous_parent: ParentOnDay | None = None
    new_parent: ParentOnDay | None = None


@dataclass(frozen=True)
class OrganisationHistory:
    """When an organisation exists (None: unbounded) and its changes, oldest first."""

    founded: date | None
    dissolved: date | None
    changes: tuple[OrganisationChange, ...]


@dataclass(frozen=True)
class Segment:
    """What an organisation was up to and including `until` (None: from then on, today)."""

    until: date | None
    name: str
    kind: str
    parent_id: str | None


@dataclass(frozen=True)
class NameTimeline:
    """A parent's names: each held up to and including its `until`, then `name`."""

    names: tuple[tuple[date, str], ...]
    name: str

    def on(self, day: date) -> str:
        """Returns the name of the day: the row with the smallest `until` on or after it."""
        return next((name for until, name in self.names if until >= day), self.name)


def segment_on(segments: Sequence[Segment], day: date) -> Segment:
    """Returns the segment that holds on the day (the last one holds after every `until`)."""
    return next(s for s in segments if s.until is None or s.until >= day)


def _parent(parent_id: str | None, day: date, names: dict[str, NameTimeline]) -> ParentOnDay | None:
    if parent_id is None or parent_id not in names:
        return None
    return ParentOnDay(parent_id, names[parent_id].on(day), day)


def _boundary(
    before: Segment, after: Segment, day: date, names: dict[str, NameTimeline]
) -> list[OrganisationChange]:
    """The changes between two consecutive segments, on the first day of the second: the old
    parent is named as on the day before (its last day as the parent), the new one as on it."""
    found = []
    if before.name != after.name:
        found.append(
            OrganisationChange(
                day, ChangeKind.RENAMED, previous_name=before.name, new_name=after.name
            )
        )
    if before.kind != after.kind:
        found.append(
            OrganisationChange(
                day, ChangeKind.REKINDED, previous_kind=before.kind, new_kind=after.kind
            )
        )
    if before.parent_id != after.parent_id:
        old = _parent(before.parent_id, day - ONE_DAY, names)
        new = _parent(after.parent_id, day, names)
        found.append(OrganisationChange(day, ChangeKind.MOVED, previous_parent=old, new_parent=new))
    return found


def _founding(
    segments: Sequence[Segment], day: date, names: dict[str, NameTimeline]
) -> OrganisationChange:
    """The founding: what the organisation was founded as."""
    first = segment_on(segments, day)
    parent = _parent(first.parent_id, day, names)
    return OrganisationChange(
        day, ChangeKind.FOUNDED, new_name=first.name, new_kind=first.kind, new_parent=parent
    )


def _dissolution(
    segments: Sequence[Segment], day: date, names: dict[str, NameTimeline]
) -> OrganisationChange:
    """The dissolution: what the organisation was on its last day."""
    last_day = day - ONE_DAY
    last = segment_on(segments, last_day)
    parent = _parent(last.parent_id, last_day, names)
    return OrganisationChange(
        day,
        ChangeKind.DISSOLVED,
        previous_name=last.name,
        previous_kind=last.kind,
        previous_parent=parent,
    )


def changes_of(
    segments: Sequence[Segment],
    founded: date | None,
    dissolved: date | None,
    names: dict[str, NameTimeline],
) -> list[OrganisationChange]:
    """Lists the changes of one organisation, oldest first; a boundary outside the days it
    exists is left out (its founding says what it was founded as)."""
    found = [_founding(segments, founded, names)] if founded is not None else []
    for before, after in pairwise(segments):
        if before.until is None or before.until >= date.max:
            continue
        day = before.until + ONE_DAY
        if (founded is None or day > founded) and (dissolved is None or day < dissolved):
            found += _boundary(before, after, day, names)
    if dissolved is not None:
        found.append(_dissolution(segments, dissolved, names))
    return found


def _history(row: Any) -> OrganisationHistory:
    """Builds one organisation's history from a record of CHANGES."""
    past = sorted(
        (Segment(native(r["until"]), r["name"], r["kind"], r["parent_id"]) for r in row["past"]),
        key=lambda s: s.until or date.max,
    )
    segments = [*past, Segment(None, row["name"], row["kind"], row["parent_id"])]
    names = {
        p["id"]: NameTimeline(
            tuple(sorted((native(x["until"]), x["name"]) for x in p["names"])), p["name"]
        )
        for p in row["parents"]
    }
    founded, dissolved = native(row["founded"]), native(row["dissolved"])
    return OrganisationHistory(
        founded, dissolved, tuple(changes_of(segments, founded, dissolved, names))
    )


def histories_of(
    *, driver: Driver, database: str, ids: Sequence[str]
) -> dict[str, OrganisationHistory | None]:
    """Returns the history of each organisation (None for an id that names none)."""
    found = {r["id"]: _history(r) for r in read(driver, database, CHANGES, ids=list(ids))}
    return {i: found.get(i) for i in ids}
