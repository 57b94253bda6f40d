"""Posts, liaisons, visits and links: the import rules, history kept, stored like imported rows."""

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
POST = {"person_id": "P3", "target_id": "B2", "role": "书记", "start": date(2024, 7, 1)}


def _add(g: Graph, table: str, scope_id: str | None = None, **values: object) -> edits.RowEdit:
    driver, database = g
    return edits.add_row(
        driver=driver, database=database, table=table, values=values, scope_id=scope_id
    )


def _end(g: Graph, table: str, key: dict[str, object], end: date, **kw: Any) -> edits.RowEdit:
    driver, database = g
    return edits.end_row(driver=driver, database=database, table=table, key=key, end=end, **kw)


def _remove(g: Graph, table: str, **key: object) -> edits.RowEdit:
    driver, database = g
    return edits.remove_row(driver=driver, database=database, table=table, key=key)


def _refused(kind: Refusal, reason: str) -> AbstractContextManager[Any]:
    return pytest.raises(EditRefused, match=f"^{kind} {reason} ")


def _rows(g: Graph, table: str) -> list[dict[str, object]]:
    driver, database = g
    return [r.values for r in read_graph(driver=driver, database=database).rows(table)]


def test_appoint_then_end_keeps_the_post_as_history(loaded: Graph) -> None:
    appointed = _add(loaded, "posts", **POST)
    assert (appointed.values["role"], appointed.version) == ("SECRETARY", 1)
    ended = _end(loaded, "posts", POST, date(2024, 12, 31), expected_version=1)
    assert (ended.values["end"], ended.version) == (date(2024, 12, 31), 2)
    posts = [p for p in _rows(loaded, "posts") if p["target_id"] == "B2"]
    assert posts == [{"person_id": "P3", "target_id": "B2", "role": "SECRETARY",
                      "start": date(2024, 7, 1), "end": date(2024, 12, 31)}]  # fmt: skip


def test_an_export_after_row_edits_reimports_unchanged(loaded: Graph) -> None:
    driver, database = loaded
    _add(loaded, "posts", **POST)
    _end(loaded, "posts", {**POST, "role": "SECRETARY"}, date(2025, 1, 1))
    _add(
        loaded, "liaisons", person_id="P5", organisation_id="B3", kind="联系点", visits_per_month=3
    )
    _add(loaded, "visits", person_id="P5", organisation_id="B3", date=date(2024, 6, 1), kind="调研")
    _add(loaded, "org_units", organisation_id="B3", unit_id="U2", form="联合组建")
    _add(loaded, "grid_coverage", organisation_id="S1", grid_id="GR3")
    _remove(loaded, "org_units", organisation_id="B1", unit_id="U1")
    exported = read_graph(driver=driver, database=database)
    assert len(exported.rows("visits")) == 3
    again = import_dataset(driver=driver, database=database, dataset=exported)
    for table, counts in again.tables.items():
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), table


def test_a_role_must_fit_its_target(loaded: Graph) -> None:
    with _refused(Refusal.INVALID, "role_target_mismatch"):
        _add(loaded, "posts", person_id="P3", target_id="GR2", role="SECRETARY")
    with _refused(Refusal.INVALID, "role_target_mismatch"):
        _add(loaded, "posts", person_id="P3", target_id="B2", role="网格长")
    with _refused(Refusal.INVALID, "bad_post_target"):
        _add(loaded, "posts", person_id="P3", target_id="U1", role="SECRETARY")
    assert _add(loaded, "posts", person_id="P3", target_id="GR3", role="楼栋长").version == 1


def test_a_period_may_not_end_before_it_starts(loaded: Graph) -> None:
    with _refused(Refusal.INVALID, "start_after_end"):
        _add(loaded, "posts", **POST, end=date(2024, 6, 30))
    _add(loaded, "posts", **POST)
    with _refused(Refusal.INVALID, "start_after_end"):
        _end(loaded, "posts", POST, date(2024, 6, 30))
    assert _end(loaded, "posts", POST, date(2024, 7, 1)).values["end"] == date(2024, 7, 1)


def test_unknown_ids_and_rows_are_not_found(loaded: Graph) -> None:
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _add(loaded, "posts", person_id="NOPE", target_id="B2", role="SECRETARY")
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _add(loaded, "visits", person_id="P1", organisation_id="NOPE", date=date(2024, 1, 1))
    with _refused(Refusal.NOT_FOUND, "no_such_row"):
        _end(loaded, "posts", POST, date(2025, 1, 1))
    with _refused(Refusal.NOT_FOUND, "no_such_row"):
        _remove(loaded, "grid_coverage", organisation_id="B3", grid_id="GR3")
    with _refused(Refusal.INVALID, "wrong_reference"):
        _add(loaded, "liaisons", person_id="B1", organisation_id="B2", kind="POINT")


def test_a_row_is_added_once(loaded: Graph) -> None:
    _add(loaded, "visits", person_id="P1", organisation_id="B2", date=date(2024, 7, 1))
    with _refused(Refusal.INVALID, "row_exists"):
        _add(loaded, "visits", person_id="P1", organisation_id="B2", date=date(2024, 7, 1))
    with _refused(Refusal.INVALID, "row_exists"):
        _add(loaded, "org_units", organisation_id="B1", unit_id="U1", form="JOINT")


def test_stale_versions_conflict_on_end(loaded: Graph) -> None:
    key = {"person_id": "P3", "target_id": "B1", "role": "SECRETARY", "start": date(2019, 2, 28)}
    # An imported post is at version 1.
    assert _end(loaded, "posts", key, date(2024, 7, 31), expected_version=1).version == 2
    with _refused(Refusal.CONFLICT, "stale_version"):
        _end(loaded, "posts", key, date(2024, 8, 31), expected_version=1)


def test_linking_a_grid_leaves_areas_alone(loaded: Graph) -> None:
    driver, database = loaded
    _add(loaded, "grid_coverage", organisation_id="B1", grid_id="GR3")
    assert {"organisation_id": "B1", "grid_id": "GR3"} in _rows(loaded, "grid_coverage")
    removed = _remove(loaded, "grid_coverage", organisation_id="B1", grid_id="GR3")
    assert removed.version == 1
    areas, _, _ = driver.execute_query(
        "MATCH (g:Grid)-[:IN_AREA]->(o) RETURN g.id AS g, o.id AS o ORDER BY g", database_=database
    )
    assert [(r["g"], r["o"]) for r in areas] == [("GR1", "S1"), ("GR2", "S1"), ("GR3", "S1")]


def test_rows_in_scope_only(loaded: Graph) -> None:
    # Both ends must be inside the scope; an end outside reads exactly like an unknown id.
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _add(loaded, "posts", scope_id="T1", person_id="P4", target_id="GR2", role="GRID_LEADER")
    with _refused(Refusal.NOT_FOUND, "missing_reference"):
        _add(loaded, "org_units", scope_id="T1", organisation_id="B3", unit_id="U1")
    with _refused(Refusal.NOT_FOUND, "missing_reference"):  # P1 lives in the county, above T1
        _add(loaded, "liaisons", scope_id="T1", person_id="P1", organisation_id="B2", kind="POINT")
    grid_post = {"person_id": "P4", "target_id": "GR3", "role": "BUILDING_LEADER"}
    assert _add(loaded, "posts", scope_id="S1", **grid_post).version == 1  # area S1
    assert _add(loaded, "liaisons", scope_id="T1", person_id="P2", organisation_id="B2",
                kind="POINT").version == 1  # fmt: skip


def test_history_tables_are_ended_and_links_removed() -> None:
    with pytest.raises(ValueError, match="ended, not removed"):
        edits.remove_row(driver=None, database="", table="posts", key={})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no period"):
        edits.end_row(driver=None, database="", table="visits", key={}, end=date(2024, 1, 1))  # type: ignore[arg-type]
