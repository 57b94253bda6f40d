"""Random datasets with a history of their organisations: the lists, lookups, trees, scopes and
summary figures of a day hold what the oracle's hierarchy of that day holds (docs/model.md)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver

from domain.dataset import Dataset
from graph.model import Label
from queries.dashboard import coverage_summary
from queries.organisations import (
    OrganisationFilter,
    ancestors_of,
    children_of,
    organisations_page,
    root_ids,
)
from queries.people import PeopleFilter, people_page
from queries.units_grids import nodes_by_id
from services.exchange.validation import validate
from tests.support import oracle
from tests.support.graph import load_fresh
from tests.support.histories import days_to_ask, histories

ALL = 10_000  # more than any generated dataset holds


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=histories(), data=st.data())
def test_lists_and_trees_follow_the_hierarchy_of_the_day(
    session_graph: tuple[Driver, str], ds: Dataset, data: st.DataObject
) -> None:
    assert validate(ds) == []
    driver, database = session_graph
    load_fresh(driver, database, ds)
    for day in data.draw(st.lists(st.sampled_from(days_to_ask(ds)), min_size=1, max_size=3)):
        on_day = oracle.hierarchy(ds, day)
        _agree_on_organisations(driver, database, on_day, day)
        if on_day:
            scope = data.draw(st.sampled_from(sorted(on_day)))
            _agree_on_scope(driver, database, ds, scope, day)


def _agree_on_organisations(
    driver: Driver, database: str, on_day: dict[str, dict[str, object]], day: date
) -> None:
    """The unscoped list, each organisation's fields, children and ancestors, and the roots."""
    listed = organisations_page(
        driver=driver, database=database, where=OrganisationFilter(day), first=ALL, after=None
    )
    assert [(o.id, o.name, o.kind, o.parent_id) for o in listed] == [
        (i, on_day[i]["name"], on_day[i]["kind"], on_day[i]["parent_id"]) for i in sorted(on_day)
    ]
    ids = sorted(on_day)
    children = children_of(driver=driver, database=database, ids=ids, day=day)
    ancestors = ancestors_of(driver=driver, database=database, ids=ids, day=day)
    for org in ids:
        below = sorted(i for i, row in on_day.items() if row["parent_id"] == org)
        assert [c.id for c in children[org]] == below
        above, parent = [], on_day[org]["parent_id"]
        while parent is not None:
            above.append(parent)
            parent = on_day[str(parent)]["parent_id"]
        assert [a.id for a in ancestors[org]] == above
    roots = sorted(i for i, row in on_day.items() if row["parent_id"] is None)
    assert root_ids(driver=driver, database=database, day=day) == roots


def _agree_on_scope(driver: Driver, database: str, ds: Dataset, scope: str, day: date) -> None:
    """A scoped list of organisations and of people, the scope test of units and grid cells,
    and the summary's organisations by kind."""
    sees = oracle.scope(ds, scope, day)
    where = OrganisationFilter(day, scope_id=scope)
    listed = organisations_page(
        driver=driver, database=database, where=where, first=ALL, after=None
    )
    assert {o.id for o in listed} == sees.organisations
    people = people_page(
        driver=driver, database=database, where=PeopleFilter(day, scope_id=scope), first=ALL,
        after=None,
    )  # fmt: skip
    assert {p.id for p in people} == sees.people
    others = [r["id"] for table in ("units", "grids") for r in ds.rows(table)]
    found = nodes_by_id(driver=driver, database=database, ids=others, scope_id=scope, day=day)
    inside = {i for i, node in found.items() if node is not None}
    assert inside == sees.units | sees.grids
    summary = coverage_summary(driver=driver, database=database, scope_id=scope, day=day)
    on_day = oracle.hierarchy(ds, day)
    kinds = Counter(str(on_day[i]["kind"]) for i in sees.organisations)
    assert {k: n for k, n in summary.figures.organisations.items() if n} == dict(kinds)
    assert summary.scope.name == on_day[scope]["name"]
    assert Label.ORGANISATION.value == summary.scope.label
