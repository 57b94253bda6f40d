"""Dissolving an organisation: refused, naming them, while children, posts, liaisons or visits
remain on or after the day; once dissolved it answers nothing from that day on."""

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
from tests.support.factory import history_dataset

Graph = tuple[Driver, str]


def _dissolve(g: Graph, org: str, day: date, **kw: Any) -> edits.NodeEdit:
    return edits.dissolve_organisation(driver=g[0], database=g[1], organisation_id=org,
                                       dissolved=day, **kw)  # fmt: skip


def _refused(kind: Refusal, reason: str) -> AbstractContextManager[Any]:
    return pytest.raises(EditRefused, match=f"^{kind} {reason} ")


def test_refused_while_it_has_children_naming_them(loaded: Graph) -> None:
    with _refused(Refusal.INVALID, "dissolve_blocked") as caught:
        _dissolve(loaded, "T1", date(2024, 1, 1))
    assert message(caught.value, "en") == (
        'dissolved, value "2024-01-01": it still has child organisations on or after that day: '
        "B1 东风村党支部, B2 红旗村党支部; dissolve or move them first"
    )
    assert message(caught.value) == (
        "撤销日期 值“2024-01-01”：该日及以后仍有下级组织：B1 东风村党支部、B2 红旗村党支部，"
        "请先撤销或移走"
    )


def test_a_long_list_names_five_and_counts_the_rest(loaded: Graph) -> None:
    driver, database = loaded
    for i in range(7):
        values = {"id": f"B{10 + i}", "name": f"支部{i}", "kind": "BRANCH", "parent_id": "S1"}
        edits.create_organisation(driver=driver, database=database, values=values)
    with _refused(Refusal.INVALID, "dissolve_blocked") as caught:
        _dissolve(loaded, "S1", date(2024, 1, 1))
    assert message(caught.value, "en").endswith(
        ": B10 支部0, B11 支部1, B12 支部2, B13 支部3, B14 支部4 and 3 more; dissolve or move "
        "them first"
    )


def test_refused_while_a_post_holds_then_dissolved(loaded: Graph) -> None:
    driver, database = loaded
    post = {"person_id": "P4", "target_id": "B3", "role": "SECRETARY", "start": date(2023, 1, 1)}
    edits.add_row(driver=driver, database=database, table="posts", values=post)
    with _refused(Refusal.INVALID, "dissolve_blocked") as caught:
        _dissolve(loaded, "B3", date(2024, 7, 1))
    assert message(caught.value, "en") == (
        'dissolved, value "2024-07-01": posts are held in it on or after that day: '
        "P4 刘洋 (SECRETARY); end them first"
    )
    assert "P4 刘洋（书记）" in message(caught.value)
    edits.end_row(driver=driver, database=database, table="posts", key=post,
                  end=date(2024, 6, 30))  # fmt: skip
    with _refused(Refusal.CONFLICT, "stale_version"):
        _dissolve(loaded, "B3", date(2024, 7, 1), expected_version=7)
    assert _dissolve(loaded, "B3", date(2024, 7, 1), expected_version=1).version == 2
    answer = who_covers(driver=driver, database=database, organisation_id="B3",
                        day=date(2024, 6, 30))  # fmt: skip
    assert {c.person.id for c in answer} == {"P4", "P1"}
    with pytest.raises(NotExisting, match="it exists since always until 2024-06-30"):
        who_covers(driver=driver, database=database, organisation_id="B3", day=date(2024, 7, 1))
    exported = read_graph(driver=driver, database=database)
    assert validate(exported) == []
    row = next(r for r in exported.rows("organisations") if r["id"] == "B3")
    assert row["dissolved"] == date(2024, 7, 1)
    entries = list(iter_audit(driver=driver, database=database, where=AuditFilter("B3")))
    assert entries[-1].action == "dissolve"
    assert entries[-1].after is not None
    assert entries[-1].after["dissolved"] == "2024-07-01"
    again = import_dataset(driver=driver, database=database, dataset=exported)
    for table, counts in again.tables.items():
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), table


def test_refused_while_liaisons_or_visits_remain(loaded: Graph) -> None:
    with _refused(Refusal.INVALID, "dissolve_blocked") as caught:
        _dissolve(loaded, "B2", date(2024, 6, 1))
    assert message(caught.value, "en") == (
        'dissolved, value "2024-06-01": visits to it are recorded on or after that day: '
        "P1 王建国 (2024-06-12); choose a later day"
    )
    _dissolve(loaded, "B2", date(2024, 6, 13))
    with _refused(Refusal.INVALID, "dissolve_blocked") as caught:
        _dissolve(loaded, "B1", date(2025, 1, 1))
    assert "G1 第一党小组" in message(caught.value, "en")
    _dissolve(loaded, "G1", date(2025, 1, 1))  # the group goes first; its secretary's post ended
    with _refused(Refusal.INVALID, "dissolve_blocked") as caught:
        _dissolve(loaded, "B1", date(2025, 1, 1))
    assert message(caught.value, "en").endswith(
        ": liaisons with it hold on or after that day: P2 李秀英 (VILLAGE); end them first"
    )


def test_a_scoped_editor_neither_dissolves_its_top_nor_learns_who_is_outside(
    loaded: Graph,
) -> None:
    with _refused(Refusal.FORBIDDEN, "scope_top_dissolve"):
        _dissolve(loaded, "T1", date(2025, 1, 1), scope_id="T1")
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _dissolve(loaded, "B3", date(2025, 1, 1), scope_id="T1")
    # The county's secretary visited B2; the editor of the township sees only that someone did.
    with _refused(Refusal.INVALID, "dissolve_blocked") as caught:
        _dissolve(loaded, "B2", date(2024, 6, 1), scope_id="T1")
    assert message(caught.value, "en") == (
        'dissolved, value "2024-06-01": visits to it are recorded on or after that day: '
        "1 outside your scope; choose a later day"
    )


def test_a_dissolution_keeps_the_rules_of_every_day(graph: Graph) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=history_dataset())
    # The group's leader served until the group was dissolved; its parent exists meanwhile.
    with _refused(Refusal.INVALID, "dissolve_blocked"):
        _dissolve(graph, "G1", date(2022, 6, 1))
    values = {"id": "B9", "name": "新支部", "kind": "BRANCH", "parent_id": "C1",
              "founded": date(2022, 1, 1)}  # fmt: skip
    edits.create_organisation(driver=driver, database=database, values=values)
    with _refused(Refusal.INVALID, "dissolved_not_after_founded") as caught:
        _dissolve(graph, "B9", date(2022, 1, 1))
    assert message(caught.value, "en") == (
        'dissolved, value "2022-01-01": must come after the founding date 2022-01-01'
    )
    edits.end_row(driver=driver, database=database, table="posts",
                  key={"person_id": "P1", "target_id": "G1", "role": "GROUP_LEADER",
                       "start": date(2021, 1, 1)}, end=date(2022, 5, 31))  # fmt: skip
    _dissolve(graph, "G1", date(2022, 6, 1))
    # B1 moved under T1 on 2021-07-01: dissolving it before then would leave that history
    # telling of days it no longer existed.
    with _refused(Refusal.INVALID, "dissolved_too_early") as caught:
        _dissolve(graph, "B1", date(2021, 7, 1))
    assert message(caught.value, "en") == (
        'dissolved, value "2021-07-01": must come after 2021-07-01, the day the current name, '
        "kind and parent took effect"
    )
    assert validate(read_graph(driver=driver, database=database)) == []
