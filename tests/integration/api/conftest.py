"""Fixtures of the API tests: the small factory dataset loaded, with tokens."""

from __future__ import annotations

import pytest
from neo4j import Driver

from domain.dataset import Dataset
from tests.support.factory import small_dataset
from tests.support.graph import Tokens, load_fresh, make_tokens


@pytest.fixture(scope="module")
def small(session_graph: tuple[Driver, str]) -> tuple[Dataset, Tokens]:
    """The small factory dataset loaded, with tokens (the scoped one sees township T1)."""
    driver, database = session_graph
    dataset = small_dataset()
    load_fresh(driver, database, dataset)
    return dataset, make_tokens(driver, database, "T1")
