"""Edits of organisations keep their stored history: its rows, and the periods of their
hierarchy relationships."""

from __future__ import annotations

from datetime import date

from neo4j import Driver

from services import edits
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from tests.support.factory import history_dataset, table_rows
from tests.support.graph import hierarchy_links

Graph = tuple[Driver, str]
OH = "organisation_history"


def _links(g: Graph, org: str) -> list[tuple[str, str, date | None, date | None]]:
    """The hierarchy relationships leaving an organisation: type, target, start, end."""
    return [link[:4] for link in hierarchy_links(*g, org)]


def _history(g: Graph) -> dict[str, list[str]]:
    driver, database = g
    return table_rows(read_graph(driver=driver, database=database))


def test_move_and_rename_keep_history_and_periods(graph: Graph) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=history_dataset())
    before = _history(graph)[OH]
    edits.move_organisation(driver=driver, database=database, organisation_id="B1",
                            new_parent_id="C1")  # fmt: skip
    edits.update_organisation(driver=driver, database=database, organisation_id="B1",
                              changes={"name": "东风社区党支部"})  # fmt: skip
    assert _history(graph)[OH] == before
    assert _links(graph, "B1") == [
        ("WAS_PART_OF", "C1", None, date(2021, 6, 30)),
        ("PART_OF", "C1", date(2021, 7, 1), None),
    ]
    # The group's dates stay on its node and bound its PART_OF, whatever is edited.
    edits.update_organisation(driver=driver, database=database, organisation_id="G1",
                              changes={"name": "第二党小组"})  # fmt: skip
    assert _links(graph, "G1") == [("PART_OF", "B1", date(2021, 1, 1), date(2022, 12, 31))]


def test_an_organisation_created_by_an_edit_has_an_unbounded_link(graph: Graph) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=history_dataset())
    # Under the county, which has always existed: T1 was founded in 2020, so a branch that has
    # always existed could not sit under it (tests/integration/edits/test_dated_edits.py).
    edits.create_organisation(driver=driver, database=database,
                              values={"id": "B2", "name": "新支部", "kind": "BRANCH",
                                      "parent_id": "C1"})  # fmt: skip
    assert _links(graph, "B2") == [("PART_OF", "C1", None, None)]
    # A load of the graph's own export finds nothing to change, history included.
    again = import_dataset(driver=driver, database=database,
                           dataset=read_graph(driver=driver, database=database))  # fmt: skip
    for table, counts in again.tables.items():
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), table
