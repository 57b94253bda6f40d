"""Benchmark statistics, the dashboard operations they send, and the report sections."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import parse

from benchmarks import harness
from benchmarks.bench_load import QUERIES, WEIGHTS
from benchmarks.harness import Stats, side_by_side
from benchmarks.operations import Organisations, dashboard_query
from tests.support.factory import small_dataset


def test_stats_give_the_median_and_the_99th_percentile_in_milliseconds() -> None:
    stats = Stats.of([i / 1000 for i in range(1, 102)])  # 1 … 101 ms
    assert (stats.p50, stats.p99, stats.runs) == (51, 100, 101)


def test_side_by_side_runs_every_action_in_rotated_order() -> None:
    order: list[str] = []
    actions = {name: (lambda n=name: order.append(n)) for name in "abc"}
    stats = side_by_side(actions, runs=3, warmup=0)
    assert order == ["a", "b", "c", "b", "c", "a", "c", "a", "b"]
    assert {s.runs for s in stats.values()} == {3}


def test_every_load_test_operation_is_a_dashboard_query_that_parses() -> None:
    assert set(QUERIES) == set(WEIGHTS)
    for module, name in QUERIES.values():
        text = dashboard_query(module, name)
        assert parse(text).definitions, (module, name)


def test_an_unknown_dashboard_query_is_named_in_the_error() -> None:
    with pytest.raises(LookupError, match="NOPE"):
        dashboard_query("gaps", "NOPE")


def test_townships_are_the_rural_committees_and_street_working_committees() -> None:
    tree = Organisations.of(small_dataset())
    assert tree.roots == ["C1"]
    assert set(tree.townships()) == {
        o
        for o in tree.kind
        if (tree.kind[o], tree.domain[o])
        in {("COMMITTEE", "RURAL"), ("WORKING_COMMITTEE", "COMMUNITY")}
    }
    assert all(tree.kind[b] == "BRANCH" for b in tree.branches())
    assert set(tree.subtree("C1")) == set(tree.kind)


def test_a_section_is_replaced_between_its_markers_and_appended_when_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# B\n\n<!-- a:start -->\nold\n<!-- a:end -->\n\nkept\n")
    monkeypatch.setattr(harness, "REPORT", report)
    harness.rewrite_section("a", "new")
    harness.rewrite_section("b", "added")
    assert report.read_text() == (
        "# B\n\n<!-- a:start -->\nnew\n<!-- a:end -->\n\nkept\n\n<!-- b:start -->\nadded\n"
        "<!-- b:end -->\n"
    )
