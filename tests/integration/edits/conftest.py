"""Fixtures of the edit tests: the small dataset, loaded."""

from __future__ import annotations

import pytest
from neo4j import Driver

from services.exchange.importer import import_dataset
from tests.support.factory import small_dataset


@pytest.fixture
def loaded(graph: tuple[Driver, str]) -> tuple[Driver, str]:
    """The test graph holding tests.support.factory.small_dataset."""
    driver, database = graph
    import_dataset(driver=driver, database=database, dataset=small_dataset())
    return driver, database
