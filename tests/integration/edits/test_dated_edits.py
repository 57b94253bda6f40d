"""Renames, re-kinds and moves effective on a day keep what they replace as a history row, and
are refused when any day's hierarchy would break a rule; creations respect `founded`."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import pytest
from neo4j import Driver

from api.types.edit_errors import message
from domain.refusals import EditRefused, NotExisting, Refusal
from queries.audit import AuditFilter, iter_audit
from queries.who_covers import who_covers
from services import edits
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from services.exchange.validation import validate
from tests.support import oracle
from tests.support.factory import Build, history_dataset
from tests.support.graph import stored_on

Graph = tuple[Driver, str]
HISTORY = "organisation_history"


def _update(g: Graph, org: str, changes: dict[str, object], **kw: Any) -> edits.NodeEdit:
    return edits.update_organisation(driver=g[0], database=g[1], organisation_id=org,
                                     changes=changes, **kw)  # fmt: skip


def _move(g: Graph, org: str, parent: str | None, **kw: Any) -> edits.NodeEdit:
    return edits.move_organisation(driver=g[0], database=g[1], organisation_id=org,
                                   new_parent_id=parent, **kw)  # fmt: skip


def _refused(reason: str) -> AbstractContextManager[Any]:
    return pytest.raises(EditRefused, match=f"^{Refusal.INVALID} {reason} ")


def _history(g: Graph) -> list[dict[str, object]]:
    return [r.values for r in read_graph(driver=g[0], database=g[1]).rows(HISTORY)]


def _round_trips(g: Graph) -> None:
    """The export is valid and a load of it changes nothing."""
    exported = read_graph(driver=g[0], database=g[1])
    assert validate(exported) == []
    again = import_dataset(driver=g[0], database=g[1], dataset=exported)
    for table, counts in again.tables.items():
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), table


def _covering(g: Graph, org: str, day: date) -> set[tuple[str, str, str]]:
    answer = who_covers(driver=g[0], database=g[1], organisation_id=org, day=day)
    return {(c.person.id, c.relation, c.via.id) for c in answer}


def test_a_rename_with_an_effective_date_keeps_the_old_name_as_history(loaded: Graph) -> None:
    edit = _update(loaded, "B2", {"name": "红旗村第一党支部"}, effective=date(2024, 1, 1),
                   expected_version=1)  # fmt: skip
    assert edit == edits.NodeEdit("B2", 2)
    kept = {"organisation_id": "B2", "until": date(2023, 12, 31), "name": "红旗村党支部",
            "kind": "BRANCH", "parent_id": "T1"}  # fmt: skip
    assert _history(loaded) == [kept]
    driver, database = loaded
    assert stored_on(driver, database, "B2", date(2023, 12, 31)) == [
        ("红旗村党支部", "BRANCH", "T1")
    ]
    assert stored_on(driver, database, "B2", date(2024, 1, 1)) == [
        ("红旗村第一党支部", "BRANCH", "T1")
    ]
    exported = read_graph(driver=driver, database=database)
    assert oracle.organisation(exported, "B2", date(2023, 12, 31))["name"] == "红旗村党支部"
    assert oracle.organisation(exported, "B2", date(2024, 1, 1))["name"] == "红旗村第一党支部"
    _round_trips(loaded)
    entries = list(iter_audit(driver=driver, database=database, where=AuditFilter("B2")))
    assert [(e.action, e.target_kind) for e in entries][-2:] == [
        ("add", HISTORY), ("update", "organisations")]  # fmt: skip
    assert entries[-2].after is not None
    assert entries[-2].after["until"] == "2023-12-31"


def test_a_move_with_an_effective_date_changes_who_covers_from_that_day(loaded: Graph) -> None:
    before, after = date(2024, 6, 30), date(2024, 7, 1)
    assert _covering(loaded, "B2", before) == _covering(loaded, "B2", after)
    _move(loaded, "B2", "S1", effective=after)
    # Up to the day before, the township's secretary and liaison cover it as well as the county's
    # secretary; from the move on only the county's, as the street has neither.
    assert _covering(loaded, "B2", before) == {
        ("P2", "CHAIN", "T1"), ("P1", "LIAISON", "T1"), ("P1", "CHAIN", "C1")}  # fmt: skip
    assert _covering(loaded, "B2", after) == {("P1", "CHAIN", "C1")}
    exported = read_graph(driver=loaded[0], database=loaded[1])
    for day in (before, after):
        expected = {
            (e.person_id, e.relation, e.via_id) for e in oracle.who_covers(exported, "B2", day)
        }
        assert _covering(loaded, "B2", day) == expected
    _round_trips(loaded)


def test_an_effective_date_must_come_after_the_current_values_took_effect(loaded: Graph) -> None:
    _update(loaded, "B2", {"name": "二名"}, effective=date(2024, 1, 1))
    for day in (date(2023, 6, 1), date(2024, 1, 1)):
        with _refused("effective_too_early") as caught:
            _update(loaded, "B2", {"name": "三名"}, effective=day)
    assert message(caught.value, "en") == (
        "the effective date 2024-01-01 must come after 2024-01-01, the day the current name, "
        "kind and parent took effect; an earlier past is changed by a load"
    )
    with _refused("nothing_takes_effect"):
        _move(loaded, "B2", "T1", effective=date(2024, 3, 1))
    _update(loaded, "B2", {"name": "三名", "full_members": 5}, effective=date(2024, 1, 2))
    assert sorted((r["until"], r["name"]) for r in _history(loaded)) == [
        (date(2023, 12, 31), "红旗村党支部"), (date(2024, 1, 1), "二名")]  # fmt: skip
    _round_trips(loaded)


def _past_graph(g: Graph) -> None:
    """A county whose second township sat under the first until 2021, and whose general
    branch was a branch until 2022."""
    b = Build(every_column=False)
    b.org("C1", "COMMITTEE", name="县委")
    b.org("T1", "COMMITTEE", "C1", name="一镇")
    b.org("T2", "COMMITTEE", "C1", name="二镇")
    b.org("GB", "GENERAL_BRANCH", "T1", name="总支")
    b.org("B1", "BRANCH", "T2", name="支部")
    b.org("N1", "COMMITTEE", "C1", name="新镇", founded=date(2023, 1, 1))
    b.row(HISTORY, organisation_id="T2", until=date(2021, 12, 31), name="二镇旧",
          kind="COMMITTEE", parent_id="T1")  # fmt: skip
    b.row(HISTORY, organisation_id="GB", until=date(2022, 12, 31), name="支部旧", kind="BRANCH",
          parent_id="T1")  # fmt: skip
    b.load(*g)


def test_a_move_that_makes_a_cycle_on_a_past_day_is_refused(graph: Graph) -> None:
    _past_graph(graph)
    # Today T2 is under C1, so T1 under T2 is no cycle; but up to 2021 T2 was under T1.
    with _refused("cycle") as caught:
        _move(graph, "T1", "T2", effective=date(2021, 1, 1))
    assert message(caught.value, "en") == (
        'parentId, value "T2": on 2021-01-01, the parent links form a cycle: T1 → T2 → T1'
    )
    _move(graph, "T1", "T2", effective=date(2022, 1, 1))  # once T2 had left T1, it may


def test_a_move_under_a_parent_of_the_wrong_kind_on_some_day_is_refused(graph: Graph) -> None:
    _past_graph(graph)
    with _refused("bad_parent_kind") as caught:
        _move(graph, "B1", "GB", effective=date(2022, 6, 1))
    assert message(caught.value, "en").startswith('parentId, value "GB": on 2022-06-01, a BRANCH')
    with _refused("parent_not_founded") as caught:
        _move(graph, "B1", "N1", effective=date(2022, 6, 1))
    assert message(caught.value) == (
        "上级组织编码 值“N1”：2022-06-01 这一天上级组织 N1 尚未成立（成立于 2023-01-01）"
    )
    _move(graph, "B1", "GB", effective=date(2023, 1, 1))
    _round_trips(graph)


def test_a_new_kind_that_a_child_does_not_allow_is_refused_naming_it(loaded: Graph) -> None:
    with _refused("breaks_rule_of") as caught:
        _update(loaded, "B1", {"kind": "GENERAL_BRANCH"}, effective=date(2024, 1, 1))
    assert message(caught.value, "en").startswith(
        "its child G1 (第一党小组): on 2024-01-01, a GROUP"
    )
    assert _history(loaded) == []


def test_a_new_organisation_is_founded_on_a_day_its_parent_exists(graph: Graph) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=history_dataset())
    values = {"id": "B9", "name": "新支部", "kind": "BRANCH", "parent_id": "T1"}
    for founded in (None, date(2019, 6, 1)):
        with _refused("parent_not_founded"):
            edits.create_organisation(driver=driver, database=database,
                                      values=values | {"founded": founded})  # fmt: skip
    edits.create_organisation(driver=driver, database=database,
                              values=values | {"founded": date(2020, 6, 1)})  # fmt: skip
    assert stored_on(driver, database, "B9", date(2020, 6, 1)) == [("新支部", "BRANCH", "T1")]
    assert stored_on(driver, database, "B9", date(2020, 5, 31)) == []
    with pytest.raises(NotExisting, match="it exists from 2020-06-01"):
        who_covers(driver=driver, database=database, organisation_id="B9", day=date(2020, 5, 31))
    _round_trips(graph)
