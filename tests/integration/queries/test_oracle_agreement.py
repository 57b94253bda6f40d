"""Random valid datasets: who_covers and coverage_gaps agree with the oracle, order included."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver

from domain.dataset import Dataset
from domain.thresholds import GAP_RULES, Thresholds
from queries.gaps import coverage_gaps
from queries.records import Gap, GapKey
from queries.who_covers import who_covers
from tests.support import oracle
from tests.support.generated import DAYS, datasets, thresholds
from tests.support.graph import load_fresh


def _keys(found: list[Gap]) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(g.rule, g.subject.id, tuple(r.id for r in g.related), g.discriminator) for g in found]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(), data=st.data(), th=thresholds)
def test_queries_agree_with_the_oracle(
    session_graph: tuple[Driver, str], ds: Dataset, data: st.DataObject, th: Thresholds
) -> None:
    driver, database = session_graph
    load_fresh(driver, database, ds)
    orgs = [r["id"] for r in ds.rows("organisations")]
    for _ in range(3):
        org, day = data.draw(st.sampled_from(orgs)), data.draw(st.sampled_from(DAYS))
        mine = who_covers(driver=driver, database=database, organisation_id=org, day=day)
        expected = oracle.who_covers(ds, org, day)
        assert [(c.person.id, c.relation, c.role, c.via.id, c.distance) for c in mine] == [
            (e.person_id, e.relation, e.role, e.via_id, e.distance) for e in expected
        ]
    scope = data.draw(st.one_of(st.none(), st.sampled_from(orgs)))
    rules = data.draw(st.one_of(st.none(), st.sets(st.sampled_from(GAP_RULES), min_size=1)))
    day = data.draw(st.sampled_from(DAYS))
    found = coverage_gaps(driver=driver, database=database, day=day, scope_id=scope, rules=rules,
                          thresholds=th)  # fmt: skip
    expected_gaps = oracle.gaps(ds, day, scope_id=scope, rules=rules, thresholds=th)
    assert _keys(found) == [(g.rule, g.subject_id, g.related_ids, g.discriminator)
                            for g in expected_gaps]  # fmt: skip
    size = data.draw(st.integers(2, 6))
    pages: list[Gap] = []
    after: GapKey | None = None
    while page := coverage_gaps(driver=driver, database=database, day=day, scope_id=scope,
                                rules=rules, thresholds=th, first=size, after=after):  # fmt: skip
        pages += page
        after = page[-1].key
    assert pages == found
