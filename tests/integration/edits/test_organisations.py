"""Organisation edits obey the import rules: unique ids, parent kinds, no cycles, versions."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import pytest
from neo4j import Driver

from domain.refusals import EditRefused, Refusal
from services import edits
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset

Graph = tuple[Driver, str]


def _create(g: Graph, scope_id: str | None = None, **values: object) -> edits.NodeEdit:
    driver, database = g
    return edits.create_organisation(
        driver=driver, database=database, values=values, scope_id=scope_id
    )


def _move(g: Graph, org: str, parent: str | None, **kw: object) -> edits.NodeEdit:
    driver, database = g
    return edits.move_organisation(
        driver=driver, database=database, organisation_id=org, new_parent_id=parent, **kw
    )


def _update(g: Graph, org: str, changes: dict[str, object], **kw: object) -> edits.NodeEdit:
    driver, database = g
    return edits.update_organisation(
        driver=driver, database=database, organisation_id=org, changes=changes, **kw
    )


def _refused(kind: Refusal, reason: str) -> AbstractContextManager[Any]:
    return pytest.raises(EditRefused, match=f"^{kind} {reason} ")


def _organisation(g: Graph, org: str) -> dict[str, object]:
    driver, database = g
    row = next(r for r in read_graph(driver=driver, database=database).rows("organisations")
               if r["id"] == org)  # fmt: skip
    return row.values


def test_create_with_chinese_enums_is_exported_like_an_imported_row(loaded: Graph) -> None:
    edit = _create(loaded, id="B9", name="新支部", kind="党支部", domain="社区", parent_id="S1",
                   full_members=8, term_start=date(2024, 1, 5))  # fmt: skip
    assert edit == edits.NodeEdit("B9", 1)
    assert _organisation(loaded, "B9") == {
        "id": "B9", "name": "新支部", "kind": "BRANCH", "domain": "COMMUNITY", "parent_id": "S1",
        "full_members": 8, "probationary_members": None, "term_start": date(2024, 1, 5),
        "founded": None, "dissolved": None,
    }  # fmt: skip


def test_an_export_after_edits_reimports_unchanged(loaded: Graph) -> None:
    driver, database = loaded
    _create(loaded, id="B9", name="新支部", kind="BRANCH", parent_id="S1")
    _move(loaded, "B2", "S1")
    _update(loaded, "B1", {"full_members": 11, "domain": None})
    exported = read_graph(driver=driver, database=database)
    again = import_dataset(driver=driver, database=database, dataset=exported)
    for table, counts in again.tables.items():
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), table


def test_an_id_is_unique_across_all_tables(loaded: Graph) -> None:
    for taken in ("B1", "P1", "U1", "GR1"):
        with _refused(Refusal.INVALID, "id_taken"):
            _create(loaded, id=taken, name="重名", kind="BRANCH", parent_id="T1")


def test_parent_kind_rules_apply_on_create_and_move(loaded: Graph) -> None:
    with _refused(Refusal.INVALID, "bad_parent_kind"):
        _create(loaded, id="X1", name="小组", kind="GROUP", parent_id="T1")
    with _refused(Refusal.INVALID, "bad_parent_kind"):
        _create(loaded, id="X2", name="支部", kind="BRANCH")  # a branch is never a root
    with _refused(Refusal.INVALID, "bad_parent_kind"):
        _move(loaded, "G1", "S1")  # a group sits under a branch only
    assert _create(loaded, id="X3", name="新县委", kind="COMMITTEE").version == 1


def test_moving_under_itself_or_a_descendant_is_refused(loaded: Graph) -> None:
    with pytest.raises(EditRefused) as caught:
        _move(loaded, "T1", "B1")  # a kind mismatch too, but the cycle is what is named
    assert (caught.value.reason, caught.value.params["cycle"]) == ("cycle", ["T1", "B1", "T1"])
    with pytest.raises(EditRefused) as caught:
        _move(loaded, "C1", "T1")
    assert (caught.value.reason, caught.value.params["cycle"]) == ("cycle", ["C1", "T1", "C1"])
    with _refused(Refusal.INVALID, "cycle"):
        _move(loaded, "S1", "S1")


def test_unknown_ids_and_wrong_kinds(loaded: Graph) -> None:
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _move(loaded, "NOPE", "C1")
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _move(loaded, "B2", "NOPE")
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _update(loaded, "NOPE", {"name": "x"})
    with _refused(Refusal.INVALID, "wrong_reference"):
        _move(loaded, "B2", "P1")
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _create(loaded, id="X1", name="x", kind="BRANCH", parent_id="NOPE")


def test_bad_values_are_refused_like_bad_cells(loaded: Graph) -> None:
    with _refused(Refusal.INVALID, "unknown_enum"):
        _create(loaded, id="X1", name="x", kind="SUPER", parent_id="T1")
    with _refused(Refusal.INVALID, "required"):
        _update(loaded, "B1", {"name": "  "})
    with _refused(Refusal.INVALID, "negative_count"):
        _update(loaded, "B1", {"full_members": -1})


def test_changing_a_kind_checks_parent_and_children(loaded: Graph) -> None:
    with _refused(Refusal.INVALID, "bad_child_kind"):
        _update(loaded, "B1", {"kind": "GENERAL_BRANCH"})  # its child G1 is a GROUP
    with _refused(Refusal.INVALID, "bad_parent_kind"):
        _update(loaded, "B2", {"kind": "GROUP"})  # under the committee T1
    assert _update(loaded, "B2", {"kind": "党总支"}).version == 2
    assert _organisation(loaded, "B2")["kind"] == "GENERAL_BRANCH"


def test_versions_count_edits_and_stale_ones_conflict(loaded: Graph) -> None:
    # An imported organisation is at version 1.
    assert _update(loaded, "B2", {"name": "甲"}, expected_version=1).version == 2
    assert _move(loaded, "B2", "S1", expected_version=2).version == 3
    with _refused(Refusal.CONFLICT, "stale_version"):
        _update(loaded, "B2", {"name": "乙"}, expected_version=2)
    with _refused(Refusal.CONFLICT, "stale_version"):
        _move(loaded, "B2", "T1", expected_version=1)
    assert _organisation(loaded, "B2")["name"] == "甲"
    assert _update(loaded, "B2", {"name": "丙"}).version == 4  # no expectation, no check


def test_an_editor_edits_only_inside_its_scope(loaded: Graph) -> None:
    # Ids outside the scope read exactly like unknown ones.
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _update(loaded, "B3", {"name": "x"}, scope_id="T1", expected_version=99)
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _move(loaded, "B2", "S1", scope_id="T1")  # out of its scope
    with _refused(Refusal.FORBIDDEN, "out_of_scope"):
        _create(loaded, scope_id="T1", id="X1", name="x", kind="COMMITTEE")  # a new root
    with _refused(Refusal.FORBIDDEN, "out_of_scope"):
        _move(loaded, "B2", None, scope_id="T1")  # a root is outside every scope
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _move(loaded, "T1", "S1", scope_id="T1")  # its own top cannot leave
    assert _update(loaded, "B2", {"name": "x"}, scope_id="T1").version == 2
    assert _create(loaded, scope_id="T1", id="X2", name="x", kind="BRANCH", parent_id="T1")
