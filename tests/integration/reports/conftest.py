"""The county demo loaded once for the report tests, and the API server for the download."""

from __future__ import annotations

from datetime import date

import pytest
from neo4j import Driver

from services.demo.generator import generate
from tests.integration.api.conftest import api_server, load_fresh  # noqa: F401 - a fixture

DAY = date(2026, 11, 1)


@pytest.fixture(scope="package")
def county(session_graph: tuple[Driver, str]) -> tuple[Driver, str]:
    """The county demo of seed 1, recent to DAY, in an otherwise empty graph."""
    driver, database = session_graph
    load_fresh(driver, database, generate("county", 1, DAY))
    return driver, database
