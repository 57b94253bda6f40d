"""Staged imports: large ones are published in batches that a restart finishes, an import
that died before its switch is cleared away, and only one import runs at a time."""

from __future__ import annotations

import os
import socket
from datetime import date

import pytest
from neo4j import Driver

from domain.dataset import Dataset
from graph.instance import process_alive
from queries import staged_import as cypher
from queries.maintenance import wipe
from services.exchange import import_stage as staging
from services.exchange.exporter import read_graph
from services.exchange.importer import import_dataset
from tests.support.factory import Build, demo, small_dataset, table_rows


def _changed(ds: Dataset) -> Dataset:
    """The small dataset with a renamed branch, a new person posted to an existing branch,
    a person moved to another home and a person left out."""
    ds.rows("organisations")[2].values["name"] = "东风村党总支"
    more = Build(ds, every_column=False)  # in the small dataset's style: the columns given
    more.row("people", id="P9", name="赵敏", home_id="B2")
    more.post("P9", "B2", "SECRETARY", start=date(2025, 1, 1))
    ds.rows("people")[2].values["home_id"] = "B2"
    ds.tables["people"] = [r for r in ds.rows("people") if r["id"] != "P5"]
    ds.tables["liaisons"] = [r for r in ds.rows("liaisons") if r["person_id"] != "P5"]
    ds.tables["visits"] = [r for r in ds.rows("visits") if r["person_id"] != "P5"]
    return ds


def _snapshot(driver: Driver, database: str) -> dict[str, list[str]]:
    """Every table of the graph as sorted row reprs, plus every node's and link's version."""
    rows = table_rows(read_graph(driver=driver, database=database))
    records, _, _ = driver.execute_query(
        "MATCH (n:Entity) OPTIONAL MATCH (n)-[r]->(m:Entity) "
        "RETURN n.id + ':' + n.version + ':' + coalesce(type(r) + '>' + m.id, '') AS line",
        database_=database,
    )
    return {**rows, "versions": sorted(r["line"] for r in records)}


def _publish_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Makes every import take the large-import path, three rows a batch."""
    monkeypatch.setattr(staging, "ONE_SWITCH_ROWS", 0)
    monkeypatch.setattr(staging, "PUBLISH_BATCH", 3)


def _load_twice(driver: Driver, database: str) -> dict[str, list[str]]:
    """Loads the small dataset, then its changed form with --replace; returns the graph."""
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    import_dataset(
        driver=driver, database=database, dataset=_changed(small_dataset()), replace=True
    )
    assert cypher.count_staged(driver=driver, database=database) == 0
    assert cypher.find_stage(driver=driver, database=database) is None
    return _snapshot(driver, database)


def test_batched_publishing_gives_the_same_graph_as_one_switch(
    graph: tuple[Driver, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    driver, database = graph
    at_once = _load_twice(driver, database)
    wipe(driver=driver, database=database)
    _publish_in_batches(monkeypatch)
    assert _load_twice(driver, database) == at_once
    assert {k: v for k, v in at_once.items() if k != "versions"} == table_rows(
        _changed(small_dataset())
    )


def test_batched_publishing_of_a_county(
    graph: tuple[Driver, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    driver, database = graph
    county = demo("county", 3, date(2026, 6, 30))
    monkeypatch.setattr(staging, "ONE_SWITCH_ROWS", 0)
    import_dataset(driver=driver, database=database, dataset=county)
    assert read_graph(driver=driver, database=database).row_count() == county.row_count()


def test_an_import_that_died_while_staging_is_cleared(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    before = _snapshot(driver, database)
    dead_pid = _dead_pid()
    cypher.open_stage(driver=driver, database=database, host=socket.gethostname(), pid=dead_pid)
    driver.execute_query("CREATE (:Staged:StagedPerson {id: 'P7', name: '半截'})")
    assert _snapshot(driver, database) == before  # staged rows are in no answer
    assert staging.recover_abandoned(driver=driver, database=database) == "cleared"
    assert cypher.count_staged(driver=driver, database=database) == 0
    assert _snapshot(driver, database) == before


def test_a_second_import_is_refused_while_one_runs(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    living = os.getppid()  # a process that exists and is not this one
    cypher.open_stage(driver=driver, database=database, host=socket.gethostname(), pid=living)
    with pytest.raises(staging.ImportRefused, match=str(living)):
        import_dataset(driver=driver, database=database, dataset=small_dataset())
    assert read_graph(driver=driver, database=database).row_count() == 0
    assert cypher.find_stage(driver=driver, database=database) is not None


def _dead_pid() -> int:
    """Returns a process id that no process has now."""
    pid = 2**22 - 1
    while process_alive(pid):
        pid -= 1
    return pid
