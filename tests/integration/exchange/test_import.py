"""Import writes the dataset exactly, idempotently, all or nothing; export reads it back."""

from __future__ import annotations

from datetime import date

import pytest
from neo4j import Driver

from queries.staged_import import count_staged
from services.exchange.exporter import read_graph
from services.exchange.import_stage import ImportRefused
from services.exchange.importer import ImportSummary, import_dataset
from tests.support.factory import Build, small_dataset, table_rows


def _counts(summary: ImportSummary, table: str) -> tuple[int, int, int, int]:
    c = summary.tables[table]
    return (c.created, c.updated, c.unchanged, c.deleted)


def test_import_then_export_gives_the_same_rows(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    summary = import_dataset(driver=driver, database=database, dataset=small_dataset())
    assert _counts(summary, "organisations") == (7, 0, 0, 0)
    assert _counts(summary, "posts") == (4, 0, 0, 0)
    assert table_rows(read_graph(driver=driver, database=database)) == table_rows(small_dataset())


def test_loading_twice_changes_nothing(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    again = import_dataset(driver=driver, database=database, dataset=small_dataset())
    for table, counts in again.tables.items():
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), table
    assert again.tables["people"].unchanged == 5


def test_a_changed_row_updates_in_place(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    changed = small_dataset()
    changed.rows("organisations")[3].values["parent_id"] = "T1"
    changed.rows("organisations")[3].values["full_members"] = 8
    changed.rows("posts")[2].values["end"] = None
    summary = import_dataset(driver=driver, database=database, dataset=changed)
    assert _counts(summary, "organisations") == (0, 1, 6, 0)
    assert _counts(summary, "posts") == (0, 1, 3, 0)
    assert table_rows(read_graph(driver=driver, database=database)) == table_rows(changed)


def test_replace_makes_the_graph_exactly_the_dataset(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    smaller = small_dataset()
    smaller.tables["visits"] = smaller.rows("visits")[:1]
    smaller.tables["people"] = [r for r in smaller.rows("people") if r["id"] != "P5"]
    summary = import_dataset(driver=driver, database=database, dataset=smaller, replace=True)
    assert summary.tables["visits"].deleted == 1
    assert summary.tables["people"].deleted == 1
    assert table_rows(read_graph(driver=driver, database=database)) == table_rows(smaller)


def test_a_failing_import_leaves_the_graph_unchanged(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    before = table_rows(read_graph(driver=driver, database=database))
    clash = small_dataset()
    clash.rows("organisations")[1].values["name"] = "改名镇党委"
    # Ids are unique across tables: a person may not take an organisation's id.
    Build(clash, every_column=False).row("people", id="B2", name="与组织同号", home_id="C1")
    with pytest.raises(ImportRefused, match="B2"):
        import_dataset(driver=driver, database=database, dataset=clash)
    assert table_rows(read_graph(driver=driver, database=database)) == before
    assert count_staged(driver=driver, database=database) == 0


def test_grid_cells_inherit_their_area(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    records, _, _ = driver.execute_query(
        "MATCH (g:Grid)-[:IN_AREA]->(o:Organisation) RETURN g.id AS g, o.id AS o ORDER BY g",
        database_=database,
    )
    assert [(r["g"], r["o"]) for r in records] == [("GR1", "S1"), ("GR2", "S1"), ("GR3", "S1")]
    assert date(2019, 2, 28) in [
        r["term_start"] for r in read_graph(driver=driver, database=database).rows("organisations")
    ]
