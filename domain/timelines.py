"""Each organisation's timeline: its existence (founded, dissolved) and the segments of days on
which it had one name, kind and parent, from its organisation_history rows and its own row
(docs/exchange-format.md, "organisation_history")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.dataset import Dataset, Row

ONE_DAY = timedelta(days=1)
# Where a segment comes from, for ordering problems as the tables are ordered.
TABLE_RANK = {"organisations": 0, "organisation_history": 1}


@dataclass(frozen=True, slots=True)
class Life:
    """The days an organisation exists: `first` to `last`, both included (None: unbounded)."""

    founded: date | None
    dissolved: date | None

    @property
    def first(self) -> date | None:
        """The first day it exists, or None for since always."""
        return self.founded

    @property
    def last(self) -> date | None:
        """The last day it exists, or None while it still exists."""
        return None if self.dissolved is None else self.dissolved - ONE_DAY

    @property
    def bounded(self) -> bool:
        """Tells whether it has a first or a last day at all."""
        return self.founded is not None or self.dissolved is not None


@dataclass(frozen=True, slots=True)
class Segment:
    """Days `start`..`end` (both included, None: unbounded) on which an organisation had one
    kind and one parent, and the row that says so."""

    org: str
    start: date | None
    end: date | None
    kind: str | None
    parent: str | None
    table: str
    row: Row

    def holds(self, day: date | None) -> bool:
        """Tells whether the segment holds on the day (None: the beginning of time)."""
        if day is None:
            return self.start is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def rank(self) -> tuple[int, int]:
        """Orders segments as their rows come in the dataset."""
        return TABLE_RANK[self.table], self.row.line


ALWAYS = Life(None, None)


def later(a: date | None, b: date | None) -> date | None:
    """The later of two starts, where None is the beginning of time."""
    return b if a is None else a if b is None else max(a, b)


def earlier(a: date | None, b: date | None) -> date | None:
    """The earlier of two ends, where None is the end of time."""
    return b if a is None else a if b is None else min(a, b)


def is_empty(start: date | None, end: date | None) -> bool:
    """Tells whether start..end holds no day."""
    return start is not None and end is not None and start > end


def lives(organisations: dict[str, Row]) -> dict[str, Life]:
    """Returns each organisation's existence; one whose dissolved is not after its founded
    (refused on its own) exists on no day and is left out."""
    found = {}
    for org_id, row in organisations.items():
        values = row.values  # read directly: this runs over every organisation of a province
        founded, dissolved = _date(values.get("founded")), _date(values.get("dissolved"))
        if founded is None and dissolved is None:
            found[org_id] = ALWAYS  # most organisations: one shared value is faster
        elif dissolved == date.min:
            continue  # dissolved on the first day a date can name: it exists on no day
        elif founded is None or dissolved is None or founded < dissolved:
            found[org_id] = Life(founded, dissolved)
    return found


def timelines(
    dataset: Dataset, organisations: dict[str, Row], life: dict[str, Life]
) -> dict[str, list[Segment]]:
    """Returns each existing organisation's segments in day order, clipped to its existence."""
    history: dict[str, dict[date, Row]] = {}
    for row in dataset.rows("organisation_history"):
        org, until = row["organisation_id"], row["until"]
        if isinstance(org, str) and org in life and isinstance(until, date):
            history.setdefault(org, {}).setdefault(until, row)  # a repeated key is refused
    return {
        org: _segments(org, organisations[org], span, sorted(history.get(org, {}).items()))
        if org in history or span is not ALWAYS
        else _segment(org, organisations[org], "organisations", span, None, None)
        for org, span in life.items()
    }


def _segments(org: str, row: Row, life: Life, past: list[tuple[date, Row]]) -> list[Segment]:
    found = []
    start: date | None = None
    for until, history_row in past:
        found += _segment(org, history_row, "organisation_history", life, start, until)
        if until == date.max:
            return found  # nothing comes after the end of time
        start = until + ONE_DAY
    return found + _segment(org, row, "organisations", life, start, None)


def _segment(
    org: str, row: Row, table: str, life: Life, start: date | None, until: date | None
) -> list[Segment]:
    """The days start..until of one row, clipped to the organisation's existence (none left:
    no segment)."""
    if life is ALWAYS and start is None and until is None:
        first, last = None, None  # the common case, without the arithmetic
    else:
        first, last = later(start, life.first), earlier(until, life.last)
    if is_empty(first, last):
        return []
    kind, parent = row.values.get("kind"), row.values.get("parent_id")
    return [Segment(org, first, last, _text(kind), _text(parent), table, row)]


def segment_on(segments: list[Segment], day: date | None) -> Segment | None:
    """Returns the segment holding on the day, if any (an organisation has few)."""
    return next((s for s in segments if s.holds(day)), None)


def _date(value: object) -> date | None:
    return value if isinstance(value, date) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
