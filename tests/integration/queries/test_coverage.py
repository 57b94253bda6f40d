"""who_covers against small hand-built graphs (docs/coverage-rules.md)."""

from __future__ import annotations

from datetime import date

import pytest
from neo4j import Driver

from domain.refusals import UnknownIdError
from queries.records import NodeRef
from queries.who_covers import who_covers
from tests.support.factory import Build, D

Graph = tuple[Driver, str]


def _entries(graph: Graph, org: str, day: date = D) -> list[tuple[str, str, str, str, int]]:
    driver, database = graph
    return [
        (c.person.id, c.relation, c.role, c.via.id, c.distance)
        for c in who_covers(driver=driver, database=database, organisation_id=org, day=day)
    ]


def _county(b: Build) -> Build:
    return (
        b.org("C", "COMMITTEE")
        .org("T", "COMMITTEE", "C")
        .org("B", "BRANCH", "T")
        .org("G", "GROUP", "B")
        .person("p1")
        .person("p2")
        .person("p3")
        .person("p4")
    )


def test_all_four_relations_in_spec_order(graph: Graph) -> None:
    b = _county(Build())
    b.post("p3", "B", "SECRETARY").post("p2", "B", "ORGANISATION_MEMBER")
    b.grid("cell", "GRID", area="B").covers("B", "cell").post("p1", "cell", "GRID_LEADER")
    b.liaison("p4", "B", "POINT").liaison("p1", "C", "SECTOR")
    b.post("p4", "T", "SECRETARY").post("p1", "C", "SECRETARY").post("p2", "C", "DEPUTY_SECRETARY")
    b.load(*graph)
    assert _entries(graph, "B") == [
        ("p2", "POST", "ORGANISATION_MEMBER", "B", 0),
        ("p3", "POST", "SECRETARY", "B", 0),
        ("p1", "GRID", "GRID_LEADER", "cell", 0),
        ("p4", "LIAISON", "POINT", "B", 0),
        ("p4", "CHAIN", "SECRETARY", "T", 1),
        ("p1", "LIAISON", "SECTOR", "C", 2),
        ("p1", "CHAIN", "SECRETARY", "C", 2),
    ]


def test_periods_are_inclusive_and_open_ended(graph: Graph) -> None:
    b = _county(Build())
    b.post("p1", "B", "SECRETARY", end=D).post("p2", "B", "SECRETARY", start=D)
    b.post("p3", "B", "SECRETARY", end=date(2024, 6, 29))
    b.post("p4", "B", "SECRETARY", start=date(2024, 7, 1))
    b.load(*graph)
    assert [e[0] for e in _entries(graph, "B")] == ["p1", "p2"]
    assert [e[0] for e in _entries(graph, "B", date(2024, 7, 1))] == ["p2", "p4"]


def test_grid_posts_count_only_on_cells_covered_directly(graph: Graph) -> None:
    b = _county(Build())
    b.grid("top", "COMMUNITY", area="T").grid("cell", "GRID", "top").covers("B", "top")
    b.post("p1", "top", "GRID_LEADER").post("p2", "cell", "GRID_LEADER")
    b.load(*graph)
    assert _entries(graph, "B") == [("p1", "GRID", "GRID_LEADER", "top", 0)]


def test_chain_takes_only_secretaries_above(graph: Graph) -> None:
    b = _county(Build())
    b.post("p1", "T", "DEPUTY_SECRETARY").post("p2", "T", "SECRETARY")
    b.post("p3", "B", "GROUP_LEADER")
    b.load(*graph)
    assert _entries(graph, "G") == [
        ("p2", "CHAIN", "SECRETARY", "T", 2),
    ]


def test_nodes_carry_names_and_labels(graph: Graph) -> None:
    b = _county(Build())
    b.grid("cell", "GRID", area="B").covers("B", "cell").post("p1", "cell", "GRID_LEADER")
    b.load(*graph)
    driver, database = graph
    (entry,) = who_covers(driver=driver, database=database, organisation_id="B", day=D)
    assert entry.person == NodeRef("p1", "p1名", "Person")
    assert entry.via == NodeRef("cell", "cell格", "Grid")


def test_nobody_covers_gives_an_empty_list(graph: Graph) -> None:
    _county(Build()).load(*graph)
    assert _entries(graph, "G") == []


def test_unknown_organisation_is_an_error(graph: Graph) -> None:
    b = _county(Build())
    b.grid("cell", "GRID", area="B")
    b.load(*graph)
    driver, database = graph
    for missing in ("nope", "cell", "p1"):
        with pytest.raises(UnknownIdError) as info:
            who_covers(driver=driver, database=database, organisation_id=missing, day=D)
        assert info.value.id == missing
