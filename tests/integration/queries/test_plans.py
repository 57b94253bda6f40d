"""The main queries are planned from indexes and labels: no plan scans every node."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver

from domain.thresholds import Thresholds
from queries import dashboard, gap_rules, gaps
from queries.who_covers import WHO_COVERS
from tests.support.factory import Build, D

Graph = tuple[Driver, str]
PARAMS = {
    **gaps.gap_parameters(D, "C", Thresholds()),
    **gaps.START,
    "first": 100,
    "id": "C",
    "text": "村",
    "limit": 20,
}


def _operators(plan: dict[str, Any]) -> Iterator[str]:
    yield plan["operatorType"].split("@")[0]
    for child in plan.get("children", []):
        yield from _operators(child)


def _queries() -> Iterator[tuple[str, str]]:
    yield "who_covers", WHO_COVERS
    for name, rule in gap_rules.RULES.items():
        yield f"gaps {name} in a scope", gap_rules.gap_query(rule, scoped=True)
        yield f"gaps {name}", gap_rules.gap_query(rule, scoped=False)
        yield f"count {name} per child", gap_rules.count_query(rule, scoped=True)
        yield f"count {name}", gap_rules.count_query(rule, scoped=False)
    yield "org_chart", dashboard.org_chart_query(3)
    yield "responsibility_chain", dashboard.RESPONSIBILITY_CHAIN
    yield "summary organisations", dashboard.SCOPE_ORGANISATIONS
    yield "summary grid cells", dashboard.SCOPE_GRID_CELLS
    yield "summary children", dashboard.SCOPE_AND_CHILDREN
    yield "search", dashboard.search_query(scoped=False)
    yield "search in a scope", dashboard.search_query(scoped=True)


@pytest.fixture
def seeded(graph: Graph) -> Graph:
    """A small graph, so the planner has labels, types and counts to plan with."""
    b = Build().org("C", "COMMITTEE").org("B", "BRANCH", "C").org("G", "GROUP", "B")
    b.person("p", "B", "COUNTY").post("p", "B", "SECRETARY").liaison("p", "C")
    b.visit("p", "B", D).grid("s", "STREET", area="C").grid("g", "GRID", "s").covers("B", "g")
    b.post("p", "g", "GRID_LEADER").unit("u", 5, "B").set_up("B", "u", "JOINT")
    b.load(*graph)
    return graph


def test_no_plan_scans_all_nodes(seeded: Graph) -> None:
    driver, database = seeded
    for label, query in _queries():
        summary = driver.execute_query(f"EXPLAIN {query}", PARAMS, database_=database).summary
        assert summary.plan is not None, label
        operators = set(_operators(summary.plan))
        assert "AllNodesScan" not in operators, (label, sorted(operators))
