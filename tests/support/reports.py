"""What the gap report tests compare a report with: the gaps of the loaded county demo on its
day, in report order, and what a report row says about each."""

from __future__ import annotations

from datetime import date

from neo4j import Driver

from queries.gaps import coverage_gaps, detail
from queries.organisations import children_of, root_ids
from queries.records import Gap

Graph = tuple[Driver, str]
# The day the county demo of the report tests is generated for and reported on.
DAY = date(2026, 11, 1)


def expected(graph: Graph, **filters: object) -> list[Gap]:
    """The gaps the report must hold, in report order."""
    driver, database = graph
    return coverage_gaps(driver=driver, database=database, day=DAY, **filters)  # type: ignore[arg-type]


def identity(gap: Gap, lang: str = "zh") -> list[str]:
    """What a report row says about a gap: rule, subject id, related ids and detail."""
    related = ", ".join(n.id for n in gap.related)
    return [gap.rule, gap.subject.id, related, detail(gap, lang)]


def township(graph: Graph) -> str:
    """The id of a child of the county's root with gaps of its own."""
    driver, database = graph
    (root,) = root_ids(driver=driver, database=database, day=DAY)
    children = children_of(driver=driver, database=database, ids=[root], day=DAY)[root]
    return next(c.id for c in children if expected(graph, scope_id=c.id))
