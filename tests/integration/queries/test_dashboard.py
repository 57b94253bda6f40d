"""Responsibility chain, org chart, coverage summary and search on small hand-built graphs."""

from __future__ import annotations

from datetime import date

import pytest
from neo4j import Driver

from domain.refusals import UnknownIdError
from domain.thresholds import GAP_RULES
from queries.dashboard import coverage_summary, org_chart, responsibility_chain, search
from queries.gaps import count_gaps
from queries.records import NodeRef
from tests.support.factory import Build, D

Graph = tuple[Driver, str]


def _city(graph: Graph) -> None:
    """市委 C > 街道党工委 S, 镇党委 T; S > 社区支部 B1 > 党小组 G1; T > 村支部 B2, B3."""
    b = Build().org("C", "COMMITTEE", name="盛德市委").org("S", "WORKING_COMMITTEE", "C")
    b.org("T", "COMMITTEE", "C", name="青石镇党委").org("B1", "BRANCH", "S", name="幸福社区党支部")
    b.org("G1", "GROUP", "B1", name="第一党小组").org("B2", "BRANCH", "T", name="张家村党支部")
    b.org("B3", "BRANCH", "T", name="李家村党支部")
    b.person("a", "C").post("a", "C", "SECRETARY").post("a", "S", "SECRETARY")
    b.person("b", "C").post("b", "C", "DEPUTY_SECRETARY").post(
        "b", "C", "SECRETARY", end=date(2020, 1, 1)
    )
    b.person("c", "C").post("c", "C", "DEPUTY_SECRETARY").post("c", "T", "COMMITTEE_MEMBER")
    b.person("d", "B1").post("d", "B1", "SECRETARY").post("d", "G1", "GROUP_LEADER")
    b.person("e", "T").post("e", "B2", "SECRETARY", start=date(2025, 1, 1))
    b.person("f", "T").liaison("f", "T", "SECTOR").liaison("f", "B3")
    b.grid("s", "STREET", area="S").grid("g1", "GRID", "s").grid("g2", "GRID", "s")
    b.grid("v", "VILLAGE", area="T").grid("g3", "GRID", "v").covers("B1", "g1").covers("B2", "g3")
    b.load(*graph)


def test_responsibility_chain(graph: Graph) -> None:
    _city(graph)
    driver, database = graph
    chain = responsibility_chain(driver=driver, database=database, organisation_id="G1", day=D)
    assert [(link.organisation.id, link.kind, link.distance) for link in chain] == [
        ("G1", "GROUP", 0),
        ("B1", "BRANCH", 1),
        ("S", "WORKING_COMMITTEE", 2),
        ("C", "COMMITTEE", 3),
    ]
    assert [[p.id for p in link.secretaries] for link in chain] == [[], ["d"], ["a"], ["a"]]
    assert [p.id for p in chain[-1].deputies] == ["b", "c"]
    assert chain[-1].organisation == NodeRef("C", "盛德市委", "Organisation")
    with pytest.raises(UnknownIdError):
        responsibility_chain(driver=driver, database=database, organisation_id="g1", day=D)


def test_org_chart(graph: Graph) -> None:
    _city(graph)
    driver, database = graph
    chart = org_chart(driver=driver, database=database, root_id="C", depth=2, day=D)
    rows = [(n.id, n.parent_id, n.depth, n.secretaries, n.child_count) for n in chart]
    assert rows == [
        ("C", None, 0, ("a名",), 2),
        ("S", "C", 1, ("a名",), 1),
        ("B1", "S", 2, ("d名",), 1),
        ("T", "C", 1, (), 2),
        ("B2", "T", 2, (), 0),
        ("B3", "T", 2, (), 0),
    ]
    by_id = {n.id: n for n in chart}
    assert [by_id[o].gap_count for o in ("C", "S", "B1", "T", "B2", "B3")] == [0, 0, 1, 1, 1, 1]
    deep = org_chart(driver=driver, database=database, root_id="B1", depth=5, day=D)
    assert [(n.id, n.parent_id, n.secretaries, n.kind) for n in deep] == [
        ("B1", "S", ("d名",), "BRANCH"), ("G1", "B1", ("d名",), "GROUP"),
    ]  # fmt: skip
    with pytest.raises(ValueError, match="depth"):
        org_chart(driver=driver, database=database, root_id="C", depth=-1, day=D)
    with pytest.raises(UnknownIdError):
        org_chart(driver=driver, database=database, root_id="nope", depth=1, day=D)


def test_chart_gap_counts_agree_with_the_gap_list(graph: Graph) -> None:
    _city(graph)
    driver, database = graph
    org_rules = [r for r in GAP_RULES if r not in ("LIAISON_INACTIVE", "LEADER_WITHOUT_POINT",
                 "UNIT_UNCOVERED", "GRID_UNCOVERED", "GRID_LEADER_VACANT")]  # fmt: skip
    for node in org_chart(driver=driver, database=database, root_id="C", depth=9, day=D):
        counts = count_gaps(driver=driver, database=database, day=D, scope_id=node.id,
                            rules=org_rules)  # fmt: skip
        below = sum(n.gap_count for n in org_chart(
            driver=driver, database=database, root_id=node.id, depth=9, day=D))  # fmt: skip
        assert sum(counts.values()) == below


def test_coverage_summary(graph: Graph) -> None:
    _city(graph)
    driver, database = graph
    summary = coverage_summary(driver=driver, database=database, scope_id="C", day=D)
    assert summary.scope == NodeRef("C", "盛德市委", "Organisation")
    total = summary.figures
    assert total.organisations == {
        "COMMITTEE": 2, "WORKING_COMMITTEE": 1, "GENERAL_BRANCH": 0, "BRANCH": 3, "GROUP": 1,
    }  # fmt: skip
    assert total.organisation_count == 7
    assert (total.branches, total.branches_with_liaison) == (3, 2)
    assert (total.grid_cells, total.grid_cells_covered) == (3, 2)
    assert total.secretary_vacancies == 3
    assert total.gaps == count_gaps(driver=driver, database=database, day=D, scope_id="C")
    assert [c.organisation.id for c in summary.children] == ["S", "T"]
    s, t = (c.figures for c in summary.children)
    assert (s.branches, s.branches_with_liaison, s.grid_cells, s.grid_cells_covered) == (1, 0, 2, 1)
    assert (t.branches, t.branches_with_liaison, t.grid_cells, t.grid_cells_covered) == (2, 2, 1, 1)
    assert t.gaps == count_gaps(driver=driver, database=database, day=D, scope_id="T")
    leaf = coverage_summary(driver=driver, database=database, scope_id="B2", day=D)
    assert leaf.children == ()
    assert leaf.figures.secretary_vacancies == 1
    with pytest.raises(UnknownIdError):
        coverage_summary(driver=driver, database=database, scope_id="nope", day=D)


def test_search(graph: Graph) -> None:
    _city(graph)
    driver, database = graph

    def ids(text: str, **kw: object) -> list[str]:
        return [n.id for n in search(driver=driver, database=database, text=text, **kw)]  # type: ignore[arg-type]

    assert ids("村") == ["B2", "B3"]
    assert ids("家村党") == ["B2", "B3"]
    assert ids("镇党委") == ["T"]
    assert ids("社区", scope_id="T") == []
    assert ids("党支部", scope_id="T", limit=1) == ["B2"]
    assert ids("名") == ["a", "b", "c", "d", "e", "f"]
    assert ids("名", scope_id="T") == ["e", "f"]
    assert ids("盛德市委") == ["C"]
    assert ids("  ") == []
    hit = search(driver=driver, database=database, text="e名")
    assert hit == [NodeRef("e", "e名", "Person")]
    with pytest.raises(UnknownIdError):
        search(driver=driver, database=database, text="村", scope_id="nope")
