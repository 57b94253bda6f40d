"""The start-up warm-up runs the dashboard's queries without error on a loaded graph."""

from __future__ import annotations

from neo4j import Driver

from api.warmup import warm_up
from services.exchange.importer import import_dataset
from tests.support.factory import small_dataset


def test_warm_up_runs_on_a_loaded_graph(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    assert warm_up(driver=driver, database=database) == "C1"  # the root; a failing query raises


def test_warm_up_skips_an_empty_graph(graph: tuple[Driver, str]) -> None:
    driver, database = graph
    assert warm_up(driver=driver, database=database) is None
