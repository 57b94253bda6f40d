"""The county demo loaded once for the report tests (the API server is the session's)."""

from __future__ import annotations

import pytest
from neo4j import Driver

from tests.support.factory import demo
from tests.support.graph import load_fresh
from tests.support.reports import DAY


@pytest.fixture(scope="package")
def county(session_graph: tuple[Driver, str]) -> tuple[Driver, str]:
    """The county demo of seed 1, recent to DAY, in an otherwise empty graph."""
    driver, database = session_graph
    load_fresh(driver, database, demo("county", 1, DAY))
    return driver, database
