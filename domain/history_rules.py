"""The rules of every day (docs/exchange-format.md, "History checks"), shared by the import's
validation and the edits: on each day, the organisations existing that day obey the parent
rules, form no cycle, have their parents existing; posts, liaisons and visits fall on days their
organisation exists. Each broken rule is a Breach on one cell of one row; the importer turns it
into a located problem, an edit into a refusal.

The hierarchy changes only where a segment of some organisation starts, so each rule is
checked per segment (days on which one organisation has one kind and one parent), never per
calendar day: a province's 100,000 organisations are checked in a second or two."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.dataset import Dataset, Row
from domain.tables import ALLOWED_PARENT_KINDS, ENUMS
from domain.timelines import (
    ONE_DAY,
    Life,
    Segment,
    earlier,
    is_empty,
    later,
    lives,
    segment_on,
    timelines,
)

# The period columns of the tables whose rows happen in an organisation: (table, organisation
# column, first-day column, last-day column).
DATED_ROWS = (
    ("posts", "target_id", "start", "end"),
    ("liaisons", "organisation_id", "start", "end"),
    ("visits", "organisation_id", "date", "date"),
)


@dataclass(frozen=True)
class Breach:
    """A rule broken by one cell: the table, row and column, the problem code (a domain.problems
    reason) and what its message needs, the day it breaks among them."""

    table: str
    row: Row
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)


def breaches(dataset: Dataset, organisations: dict[str, Row]) -> list[Breach]:
    """Checks existence, parent kinds, parents' existence and cycles on every day, for the
    organisations given by id (each the row its id names) and the dataset's other rows."""
    life = lives(organisations)
    segments = timelines(dataset, organisations, life)
    found = [
        Breach("organisations", row, "dissolved", "dissolved_not_after_founded",
               {"founded": (row["founded"] or date.min).isoformat()})  # type: ignore[union-attr]
        for org, row in organisations.items()
        if org not in life
    ]  # fmt: skip
    for own in segments.values():
        for segment in own:
            found += _segment_breaches(segment, segments, life)
    found += _cycles(segments)
    found += _dated_rows(dataset, life)
    return found


def _segment_breaches(
    segment: Segment, segments: dict[str, list[Segment]], life: dict[str, Life]
) -> Iterator[Breach]:
    """The parent of one segment: allowed for its kind, and existing on each of its days."""
    if segment.kind is None or segment.kind not in ALLOWED_PARENT_KINDS:
        return  # the kind itself is reported
    allowed = ALLOWED_PARENT_KINDS[segment.kind]
    if segment.parent is None:
        if None not in allowed:
            yield _bad_kind(segment, allowed, None, segment.start or segment.end)
        return
    parent_life = life.get(segment.parent)
    if parent_life is None:
        return  # a bad reference, or a parent that exists on no day: reported already
    yield from _parent_missing(segment, parent_life)
    for theirs in segments[segment.parent]:
        first, last = later(segment.start, theirs.start), earlier(segment.end, theirs.end)
        if is_empty(first, last) or theirs.kind is None:
            continue
        if theirs.kind not in allowed:
            yield _bad_kind(segment, allowed, theirs.kind, first or last)
            return  # one refusal a segment: the first day it breaks


def _parent_missing(segment: Segment, parent: Life) -> Iterator[Breach]:
    """Refuses the first day of the segment before its parent was founded or after it was
    dissolved."""
    founded, dissolved = parent.founded, parent.dissolved
    # No day comes before the first one a date can name: a parent founded then always existed.
    if (
        founded is not None
        and founded > date.min
        and (segment.start is None or segment.start < founded)
    ):
        day = segment.start or earlier(segment.end, founded - ONE_DAY)
        yield _at(segment, "parent_not_founded", day, parent=segment.parent, founded=founded)
    if dissolved is not None and (segment.end is None or segment.end >= dissolved):
        day = later(segment.start, dissolved)
        yield _at(segment, "parent_dissolved", day, parent=segment.parent, dissolved=dissolved)


def _bad_kind(
    segment: Segment, allowed: frozenset[str | None], parent_kind: str | None, day: date | None
) -> Breach:
    ordered = [k for k in ENUMS["org_kind"] if k in allowed]
    return _at(segment, "bad_parent_kind", day, kind=segment.kind, parent_kind=parent_kind,
               allowed=ordered)  # fmt: skip


def _at(segment: Segment, code: str, day: date | None, **params: Any) -> Breach:
    """A breach of a segment's parent_id cell, naming a day it breaks: the first, or the last
    when it breaks since always; none when it breaks on every day."""
    params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
    return Breach(segment.table, segment.row, "parent_id", code, {"day": _iso(day), **params})


def _cycles(segments: dict[str, list[Segment]]) -> list[Breach]:
    """Reports each cycle once, on the first day it forms. A cycle forms on the day the last of
    its links starts, so walking up from the start of every segment finds every cycle."""
    seen: set[frozenset[int]] = set()
    found = []
    # Per day, the organisations whose walk up ends without a cycle: most segments start on the
    # same few days (since always, common founding days), so each chain is walked about once.
    settled: dict[date | None, set[str]] = {}
    for own in segments.values():
        for segment in own:
            cycle = _walk_up(segment, segments, settled.setdefault(segment.start, set()))
            if cycle is None or (members := frozenset(map(id, cycle))) in seen:
                continue
            seen.add(members)
            found.append(_cycle_breach(cycle))
    return found


def _walk_up(
    segment: Segment, segments: dict[str, list[Segment]], settled: set[str]
) -> list[Segment] | None:
    """Follows the parents of the segment's start day; returns the links back to its
    organisation, or None when the walk ends (at a root, or at an organisation `settled` for
    that day) or loops elsewhere."""
    path, met = [segment], {segment.org}
    node = segment.parent
    while node is not None and node != segment.org and node not in settled:
        if node in met:
            return None  # a cycle that does not pass through this organisation
        above = segment_on(segments.get(node, []), segment.start)
        if above is None:
            break
        met.add(node)
        path.append(above)
        node = above.parent
    if node == segment.org:
        return path
    settled.update(met)
    return None


def _cycle_breach(cycle: list[Segment]) -> Breach:
    """Reports a cycle on its link whose row comes first, from the day all its links hold."""
    first = min(range(len(cycle)), key=lambda i: cycle[i].rank)
    path = [s.org for s in cycle[first:] + cycle[:first]]
    start: date | None = None
    end: date | None = None
    for segment in cycle:
        start, end = later(start, segment.start), earlier(end, segment.end)
    return _at(cycle[first], "cycle", start or end, cycle=[*path, path[0]])


def _dated_rows(dataset: Dataset, life: dict[str, Life]) -> Iterator[Breach]:
    """Refuses posts, liaisons and visits on days their organisation does not exist."""
    bounded = {org: span for org, span in life.items() if span.bounded}
    if not bounded:
        return
    for table, org_column, first_column, last_column in DATED_ROWS:
        for row in dataset.rows(table):
            span = bounded.get(row[org_column])  # type: ignore[arg-type]
            if span is None:
                continue
            first, last = row[first_column], row[last_column]
            if is_empty(first, last):  # type: ignore[arg-type]
                continue  # ends before it starts: refused on its own
            yield from _outside(table, row, span, (first_column, first), (last_column, last))


def _outside(
    table: str, row: Row, span: Life, first: tuple[str, Any], last: tuple[str, Any]
) -> Iterator[Breach]:
    organisation = row["target_id" if table == "posts" else "organisation_id"]
    (first_column, start), (last_column, end) = first, last
    if (
        span.founded is not None
        and span.founded > date.min
        and (start is None or start < span.founded)
    ):
        day = start or earlier(end, span.founded - ONE_DAY)
        yield Breach(table, row, first_column, "organisation_not_founded",
                     {"day": _iso(day), "organisation": organisation,
                      "founded": span.founded.isoformat()})  # fmt: skip
    if span.dissolved is not None and (end is None or end >= span.dissolved):
        day = later(start, span.dissolved)
        yield Breach(table, row, last_column, "organisation_dissolved",
                     {"day": _iso(day), "organisation": organisation,
                      "dissolved": span.dissolved.isoformat()})  # fmt: skip


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()
