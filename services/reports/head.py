"""What a gap report is about: scope, day, time of generation and the count of each rule."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from neo4j import Driver

from domain.refusals import UnknownIdError
from domain.settings import gap_thresholds
from domain.thresholds import Thresholds
from graph.model import Label
from queries.gaps import asked_rules, count_gaps, iter_gaps
from queries.organisations import Organisation
from queries.records import Gap, NodeRef
from queries.units_grids import nodes_by_id
from services.reports.labels import LANGS, word


@dataclass(frozen=True)
class ReportHead:
    """The header of a report: scope (None: everything), day, generation time, counts, language."""

    scope: NodeRef | None
    day: date
    generated_at: datetime
    counts: dict[str, int]  # per asked rule, in report order
    lang: str = "zh"

    @property
    def total(self) -> int:
        """Returns the number of gaps in the report."""
        return sum(self.counts.values())

    @property
    def scope_text(self) -> str:
        """Returns the scope as "id name", or the word for everything."""
        if self.scope is None:
            return word("everything", self.lang)
        return f"{self.scope.id} {self.scope.name}"

    @property
    def generated_text(self) -> str:
        """Returns the local time of generation with its UTC offset."""
        offset = self.generated_at.strftime("%z")  # "+0800"; empty for a naive time
        shown = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
        return f"{self.generated_at:%Y-%m-%d %H:%M:%S}{shown}"


@dataclass(frozen=True)
class ReportRequest:
    """Which gaps a report holds: day, scope, rules (None: all), thresholds and language."""

    day: date
    scope_id: str | None = None
    rules: tuple[str, ...] | None = None
    thresholds: Thresholds = field(default_factory=gap_thresholds)  # COVERGRAPH_<threshold>
    lang: str = "zh"


def scope_ref(*, driver: Driver, database: str, scope_id: str, day: date) -> NodeRef:
    """Returns the scope organisation by id with its name of the day, or raises UnknownIdError."""
    found = nodes_by_id(driver=driver, database=database, ids=[scope_id], scope_id=None, day=day)
    node = found.get(scope_id)
    if not isinstance(node, Organisation):
        raise UnknownIdError(scope_id)
    return NodeRef(node.id, node.name, Label.ORGANISATION.value)


def report_head(*, driver: Driver, database: str, request: ReportRequest) -> ReportHead:
    """Checks the request (language, rules, scope) and counts its gaps per rule."""
    if request.lang not in LANGS:
        raise ValueError(f"unknown language {request.lang!r}: use zh or en")
    asked = asked_rules(request.rules)
    scope = None
    if request.scope_id is not None:
        scope = scope_ref(
            driver=driver, database=database, scope_id=request.scope_id, day=request.day
        )
    counts = count_gaps(
        driver=driver,
        database=database,
        day=request.day,
        scope_id=request.scope_id,
        rules=asked,
        thresholds=request.thresholds,
    )
    return ReportHead(scope, request.day, datetime.now().astimezone(), counts, request.lang)


def report_gaps(
    *, driver: Driver, database: str, request: ReportRequest
) -> Generator[Gap, None, None]:
    """Streams the gaps of the request in report order; closing it ends the query."""
    yield from iter_gaps(
        driver=driver,
        database=database,
        day=request.day,
        scope_id=request.scope_id,
        rules=request.rules,
        thresholds=request.thresholds,
    )


def by_rule(head: ReportHead, gaps: Iterable[Gap]) -> Iterator[tuple[str, Iterator[Gap]]]:
    """Groups the streamed gaps by asked rule, in order; read each group to its end first."""
    stream = iter(gaps)
    pending: list[Gap] = []
    for rule in head.counts:
        yield rule, _run(rule, stream, pending)


def _run(rule: str, stream: Iterator[Gap], pending: list[Gap]) -> Iterator[Gap]:
    """Yields the gaps of one rule; the first gap of a later rule is kept in `pending`."""
    if pending:
        if pending[0].rule != rule:
            return
        yield pending.pop()
    for gap in stream:
        if gap.rule != rule:
            pending.append(gap)
            return
        yield gap
