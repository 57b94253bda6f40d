"""The coverage index equals a full recomputation after every step of random sequences of edits,
imports, restores and day changes; and its answers equal the ones computed from the graph."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver

from domain.refusals import EditRefused, NotExisting, UnknownIdError
from domain.thresholds import GAP_RULES, Thresholds
from queries import dashboard, gaps, index_upkeep, organisations
from queries.coverage_index import state
from services import edits
from services.backup.backup_restore import restore_backup, write_backup
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from tests.support.generated import DAYS
from tests.support.graph import load_fresh
from tests.support.histories import histories

Graph = tuple[Driver, str]
Step = Callable[[Graph, st.DataObject, date], object]


class Nothing(Exception):
    """The graph has nothing to draw for a step: it is skipped."""


def _ids(g: Graph, label: str) -> list[str]:
    records, _, _ = g[0].execute_query(
        f"MATCH (n:{label}) RETURN n.id AS id ORDER BY id", database_=g[1]
    )
    if not records:
        raise Nothing(label)
    return [r["id"] for r in records]


REFUSED = (EditRefused, NotExisting, UnknownIdError, ValueError, Nothing)


def _rows(g: Graph, table: str) -> list[dict[str, Any]]:
    return [dict(r.values) for r in read_graph(driver=g[0], database=g[1]).rows(table)]


def _day(data: st.DataObject, day: date) -> date:
    return data.draw(st.sampled_from([day, day - timedelta(days=1), day + timedelta(days=1)]))


def appoint(g: Graph, data: st.DataObject, day: date) -> object:
    role = data.draw(st.sampled_from(["SECRETARY", "DEPUTY_SECRETARY", "COMMITTEE_MEMBER"]))
    target = data.draw(st.sampled_from(_ids(g, "Organisation")))
    if data.draw(st.booleans()):
        role, target = "GRID_LEADER", data.draw(st.sampled_from(_ids(g, "Grid")))
    values = {"person_id": data.draw(st.sampled_from(_ids(g, "Person"))), "target_id": target,
              "role": role, "start": _day(data, day)}  # fmt: skip
    return edits.add_row(driver=g[0], database=g[1], table="posts", values=values)


def liaise(g: Graph, data: st.DataObject, day: date) -> object:
    values = {
        "person_id": data.draw(st.sampled_from(_ids(g, "Person"))),
        "organisation_id": data.draw(st.sampled_from(_ids(g, "Organisation"))),
        "kind": data.draw(st.sampled_from(["POINT", "VILLAGE", "SECTOR"])),
        "start": _day(data, day),
    }
    return edits.add_row(driver=g[0], database=g[1], table="liaisons", values=values)


def visit(g: Graph, data: st.DataObject, day: date) -> object:
    values = {
        "person_id": data.draw(st.sampled_from(_ids(g, "Person"))),
        "organisation_id": data.draw(st.sampled_from(_ids(g, "Organisation"))),
        "date": _day(data, day),
        "kind": "GUIDANCE",
    }
    return edits.add_row(driver=g[0], database=g[1], table="visits", values=values)


def link(g: Graph, data: st.DataObject, day: date) -> object:
    del day
    org = data.draw(st.sampled_from(_ids(g, "Organisation")))
    if data.draw(st.booleans()):
        values = {"organisation_id": org, "unit_id": data.draw(st.sampled_from(_ids(g, "Unit"))),
                  "form": data.draw(st.sampled_from(["OWN", "JOINT"]))}  # fmt: skip
        return edits.add_row(driver=g[0], database=g[1], table="org_units", values=values)
    values = {"organisation_id": org, "grid_id": data.draw(st.sampled_from(_ids(g, "Grid")))}
    return edits.add_row(driver=g[0], database=g[1], table="grid_coverage", values=values)


def end_or_remove(g: Graph, data: st.DataObject, day: date) -> object:
    table = data.draw(st.sampled_from(["posts", "liaisons", "visits", "org_units"]))
    rows = _rows(g, table)
    if not rows:
        return None
    row = data.draw(st.sampled_from(rows))
    if table in ("posts", "liaisons") and data.draw(st.booleans()):
        return edits.end_row(driver=g[0], database=g[1], table=table, key=row,
                             end=_day(data, day))  # fmt: skip
    return edits.remove_row(driver=g[0], database=g[1], table=table, key=row)


def move(g: Graph, data: st.DataObject, day: date) -> object:
    orgs = _ids(g, "Organisation")
    effective = data.draw(st.one_of(st.none(), st.just(_day(data, day))))
    return edits.move_organisation(driver=g[0], database=g[1],
                                   organisation_id=data.draw(st.sampled_from(orgs)),
                                   new_parent_id=data.draw(st.sampled_from(orgs)),
                                   effective=effective)  # fmt: skip


def update(g: Graph, data: st.DataObject, day: date) -> object:
    changes = data.draw(st.sampled_from([
        {"name": "改名后的支部"},
        {"full_members": 60},
        {"full_members": 8},
        {"term_start": day - timedelta(days=5 * 365)},
        {"kind": "BRANCH"},
    ]))  # fmt: skip
    effective = data.draw(st.one_of(st.none(), st.just(_day(data, day))))
    org = data.draw(st.sampled_from(_ids(g, "Organisation")))
    return edits.update_organisation(driver=g[0], database=g[1], organisation_id=org,
                                     changes=changes, effective=effective)  # fmt: skip


def dissolve(g: Graph, data: st.DataObject, day: date) -> object:
    org = data.draw(st.sampled_from(_ids(g, "Organisation")))
    return edits.dissolve_organisation(driver=g[0], database=g[1], organisation_id=org,
                                       dissolved=_day(data, day))  # fmt: skip


def create(g: Graph, data: st.DataObject, day: date) -> object:
    values = {"id": f"NEW{data.draw(st.integers(0, 99))}", "name": "新建支部", "kind": "BRANCH",
              "parent_id": data.draw(st.sampled_from(_ids(g, "Organisation"))),
              "founded": data.draw(st.one_of(st.none(), st.just(_day(data, day))))}  # fmt: skip
    return edits.create_organisation(driver=g[0], database=g[1], values=values)


def reimport(g: Graph, data: st.DataObject, day: date) -> object:
    del data, day
    return import_dataset(
        driver=g[0], database=g[1], dataset=read_graph(driver=g[0], database=g[1])
    )


def restore(g: Graph, data: st.DataObject, day: date) -> object:
    del data, day
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.backup"
        write_backup(driver=g[0], database=g[1], path=path)
        return restore_backup(driver=g[0], database=g[1], path=path, replace=True)


def next_day(g: Graph, data: st.DataObject, day: date) -> object:
    new = _day(data, day + timedelta(days=1))
    return index_upkeep.rebuild(driver=g[0], database=g[1], day=new, thresholds=Thresholds())


STEPS: list[Step] = [appoint, liaise, visit, link, end_or_remove, move, update, dissolve, create,
                     reimport, restore, next_day]  # fmt: skip


def _answers_agree(g: Graph, day: date, data: st.DataObject) -> None:
    """What the index answers equals what the graph computes: everywhere, and in the scope of
    an organisation of the day."""
    scopes: list[str | None] = [None]
    with suppress(Nothing):
        scopes.append(data.draw(st.sampled_from(_ids(g, "IndexedOrganisation"))))
    for scope in scopes:
        indexed = gaps.coverage_gaps(driver=g[0], database=g[1], day=day, scope_id=scope)
        computed = gaps.computed_gaps(driver=g[0], database=g[1], day=day, scope_id=scope,
                                      rules=GAP_RULES, thresholds=Thresholds(), first=None,
                                      after=None)  # fmt: skip
        assert indexed == computed, scope
        assert [g.facts for g in indexed] == [g.facts for g in computed], scope
        counted = gaps.computed_counts(driver=g[0], database=g[1], day=day, scope_id=scope,
                                       rules=GAP_RULES, thresholds=Thresholds())  # fmt: skip
        assert gaps.count_gaps(driver=g[0], database=g[1], day=day, scope_id=scope) == counted
        if scope is None:  # each organisation's own gaps, as the lists and panels count them
            own = Counter(gap.subject.id for gap in computed if gap.subject.label == "Organisation")
            with suppress(Nothing):
                ids = _ids(g, "Organisation")
                counts = organisations.gap_counts_of(driver=g[0], database=g[1], ids=ids, day=day,
                                                     thresholds=Thresholds())  # fmt: skip
                assert counts == {i: own[i] for i in ids}
    for root in organisations.root_ids(driver=g[0], database=g[1], day=day)[:1]:
        summary = dashboard.coverage_summary(driver=g[0], database=g[1], scope_id=root, day=day)
        assert summary == dashboard.computed_summary(driver=g[0], database=g[1], scope_id=root,
                                                     day=day, thresholds=Thresholds())  # fmt: skip


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(ds=histories(), data=st.data(), day=st.sampled_from(sorted(set(DAYS))))
def test_the_index_equals_a_recomputation_after_every_step(
    graph: Graph, ds: Any, data: st.DataObject, day: date
) -> None:
    load_fresh(*graph, ds)
    index_upkeep.rebuild(driver=graph[0], database=graph[1], day=day, thresholds=Thresholds())
    assert index_upkeep.check(driver=graph[0], database=graph[1]) == []
    for _ in range(data.draw(st.integers(3, 8))):
        step = data.draw(st.sampled_from(STEPS))
        with suppress(REFUSED):
            step(graph, data, day)
        assert index_upkeep.check(driver=graph[0], database=graph[1]) == [], step.__name__
        day = state_of(graph)
    # The recomputation the index is checked against answers as the graph does.
    _answers_agree(graph, day, data)


def state_of(g: Graph) -> date:
    with g[0].session(database=g[1]) as session:
        found = session.execute_read(state)
    assert found is not None
    return found[0]
