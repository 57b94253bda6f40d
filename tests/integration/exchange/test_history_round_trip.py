"""The organisations' history in and out of the graph: stored as hierarchy relationships with
their periods, loaded incrementally or with --replace, and exported back exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from neo4j import Driver

from services.exchange.exporter import read_graph
from services.exchange.importer import ImportSummary, import_dataset
from services.exchange.validation import check
from services.exchange.writing import write_dataset
from tests.support.factory import history_dataset, table_rows
from tests.support.graph import Link, hierarchy_links

Graph = tuple[Driver, str]
OH = "organisation_history"


def _counts(summary: ImportSummary, table: str) -> tuple[int, int, int, int]:
    c = summary.tables[table]
    return (c.created, c.updated, c.unchanged, c.deleted)


def _links(g: Graph, org: str) -> list[Link]:
    """The hierarchy relationships leaving an organisation: type, target, start, end, name."""
    return hierarchy_links(*g, org)


def _sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    return {s.title: list(s.iter_rows(values_only=True)) for s in workbook.worksheets}


@pytest.mark.parametrize(("name", "lang"), [("账本.xlsx", "zh"), ("ledger", "en")])
def test_load_export_reload_is_exact(graph: Graph, tmp_path: Path, name: str, lang: str) -> None:
    driver, database = graph
    source = tmp_path / "in" / name
    write_dataset(history_dataset(), source, lang=lang)
    summary = import_dataset(driver=driver, database=database, dataset=check(source))
    assert _counts(summary, OH) == (2, 0, 0, 0)
    assert _counts(summary, "organisations") == (4, 0, 0, 0)
    assert table_rows(read_graph(driver=driver, database=database)) == table_rows(history_dataset())
    first, second = tmp_path / "first" / name, tmp_path / "second" / name
    write_dataset(read_graph(driver=driver, database=database), first, lang=lang)
    again = import_dataset(driver=driver, database=database, dataset=check(first), replace=True)
    for table, counts in again.tables.items():
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), table
    assert again.tables[OH].unchanged == 2
    write_dataset(read_graph(driver=driver, database=database), second, lang=lang)
    if lang == "zh":  # a workbook also holds the time it was written: compare its cells
        assert _sheets(first) == _sheets(second)
        assert _sheets(first)["组织沿革"][0] == ("组织编码", "截止日期", "组织名称", "组织类别",
                                              "上级组织编码")  # fmt: skip
        return
    for file in sorted(first.iterdir()):
        assert file.read_bytes() == (second / file.name).read_bytes(), file.name
    assert (first / f"{OH}.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "organisation_id,until,name,kind,parent_id",
        "B1,2021-06-30,东风村老支部,BRANCH,C1",
        "T1,2020-12-31,城关镇筹备组,COMMITTEE,",
    ]


def test_every_day_of_the_hierarchy_is_a_relationship_with_its_period(graph: Graph) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=history_dataset())
    # The branch: under the county with its old name up to 2021-06-30, under the township since.
    assert _links(graph, "B1") == [
        ("WAS_PART_OF", "C1", None, date(2021, 6, 30), "东风村老支部"),
        ("PART_OF", "T1", date(2021, 7, 1), None, None),
    ]
    # The township: a root from its founding to 2020-12-31 (a relationship to itself).
    assert _links(graph, "T1") == [
        ("WAS_ROOT", "T1", date(2020, 1, 1), date(2020, 12, 31), "城关镇筹备组"),
        ("PART_OF", "C1", date(2021, 1, 1), None, None),
    ]
    # The group: its PART_OF holds only on the days it exists.
    assert _links(graph, "G1") == [("PART_OF", "B1", date(2021, 1, 1), date(2022, 12, 31), None)]
    assert _links(graph, "C1") == []


def test_incremental_loads_update_rows_and_replace_removes_them(graph: Graph) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=history_dataset())
    changed = history_dataset()
    history = changed.rows(OH)
    history[0].values["parent_id"] = "C1"  # the township sat under the county after all
    history[1].values["name"] = "东风村支部"
    changed.add(OH, organisation_id="B1", until=date(2019, 12, 31), name="东风大队支部",
                kind="BRANCH", parent_id="C1")  # fmt: skip
    summary = import_dataset(driver=driver, database=database, dataset=changed)
    assert _counts(summary, OH) == (1, 2, 0, 0)
    assert _counts(summary, "organisations") == (0, 0, 4, 0)
    assert table_rows(read_graph(driver=driver, database=database)) == table_rows(changed)
    assert _links(graph, "T1")[0] == ("WAS_PART_OF", "C1", date(2020, 1, 1), date(2020, 12, 31),
                                      "城关镇筹备组")  # fmt: skip
    assert _links(graph, "B1")[1] == ("WAS_PART_OF", "C1", date(2020, 1, 1), date(2021, 6, 30),
                                      "东风村支部")  # fmt: skip

    # Without --replace, rows the dataset lacks stay; with it, they go.
    del history[0]
    summary = import_dataset(driver=driver, database=database, dataset=changed)
    assert _counts(summary, OH) == (0, 0, 2, 0)
    assert len(read_graph(driver=driver, database=database).rows(OH)) == 3
    summary = import_dataset(driver=driver, database=database, dataset=changed, replace=True)
    assert _counts(summary, OH) == (0, 0, 2, 1)
    assert table_rows(read_graph(driver=driver, database=database)) == table_rows(changed)
    assert _links(graph, "T1") == [("PART_OF", "C1", date(2020, 1, 1), None, None)]


def test_dates_changed_alone_derive_the_periods_again(graph: Graph) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=history_dataset())
    later = history_dataset()
    group = next(r for r in later.rows("organisations") if r["id"] == "G1")
    group.values.update(founded=None, dissolved=date(2024, 1, 1))
    later.rows("posts")[0].values["start"] = None
    summary = import_dataset(driver=driver, database=database, dataset=later)
    assert _counts(summary, "organisations") == (0, 1, 3, 0)
    assert _links(graph, "G1") == [("PART_OF", "B1", None, date(2023, 12, 31), None)]


def test_a_dataset_without_history_removes_none_and_loads_as_before(graph: Graph) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=history_dataset())
    plain = history_dataset()
    plain.tables[OH] = []
    summary = import_dataset(driver=driver, database=database, dataset=plain)
    assert _counts(summary, OH) == (0, 0, 0, 0)
    assert len(read_graph(driver=driver, database=database).rows(OH)) == 2


def _with_history(g: Graph) -> set[str]:
    driver, database = g
    records, _, _ = driver.execute_query(
        "MATCH (o:Organisation:WithHistory) RETURN o.id AS id", database_=database
    )
    return {r["id"] for r in records}


def test_organisations_whose_day_matters_are_labelled_and_lose_the_label_with_their_past(
    graph: Graph,
) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=history_dataset())
    assert _with_history(graph) == {"T1", "B1", "G1"}  # founded, history rows, both
    plain = history_dataset()
    plain.tables[OH] = []
    for row in plain.rows("organisations"):
        row.values.update(founded=None, dissolved=None)
    import_dataset(driver=driver, database=database, dataset=plain, replace=True)
    assert _with_history(graph) == set()
