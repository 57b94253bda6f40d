"""Random datasets with a history of their organisations: whoCovers and the gap lists on any day
agree with the oracle, which follows the hierarchy of that day (docs/model.md)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver

from domain.dataset import Dataset
from domain.refusals import NotExisting
from queries.gaps import coverage_gaps
from queries.who_covers import who_covers
from services.exchange.validation import validate
from tests.support import oracle
from tests.support.graph import load_fresh
from tests.support.histories import days_to_ask, histories


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=histories(), data=st.data())
def test_queries_follow_the_hierarchy_of_the_day(
    session_graph: tuple[Driver, str], ds: Dataset, data: st.DataObject
) -> None:
    assert validate(ds) == []
    driver, database = session_graph
    load_fresh(driver, database, ds)
    orgs = [r["id"] for r in ds.rows("organisations")]
    for day in data.draw(st.lists(st.sampled_from(days_to_ask(ds)), min_size=1, max_size=4)):
        for org in orgs:
            _agree_on_who_covers(driver, database, ds, org, day)
        scope = data.draw(st.one_of(st.none(), st.sampled_from(orgs)))
        try:
            expected_gaps = oracle.gaps(ds, day, scope_id=scope)
        except KeyError:
            continue
        found = coverage_gaps(driver=driver, database=database, day=day, scope_id=scope)
        assert [(g.rule, g.subject.id, tuple(r.id for r in g.related), g.discriminator)
                for g in found] == [
            (g.rule, g.subject_id, g.related_ids, g.discriminator) for g in expected_gaps
        ]  # fmt: skip


def _agree_on_who_covers(driver: Driver, database: str, ds: Dataset, org: str, day: date) -> None:
    """Checks whoCovers of one organisation on one day against the oracle."""
    try:
        expected = oracle.who_covers(ds, org, day)
    except KeyError:
        try:
            who_covers(driver=driver, database=database, organisation_id=org, day=day)
        except NotExisting:
            return
        raise AssertionError(f"{org} answered on {day}, a day it does not exist") from None
    mine = who_covers(driver=driver, database=database, organisation_id=org, day=day)
    assert [(c.person.id, c.relation, c.role, c.via.id, c.distance) for c in mine] == [
        (e.person_id, e.relation, e.role, e.via_id, e.distance) for e in expected
    ]
