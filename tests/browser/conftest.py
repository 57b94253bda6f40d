"""The county demo behind a real `covergraph serve`, and chromium pages that record requests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from neo4j import Driver
from playwright.sync_api import Browser, sync_playwright

from tests.support.browser import DEMO_DAY, County, Ui, launch, opened_page, pick
from tests.support.factory import demo
from tests.support.graph import load_fresh, make_tokens
from tests.support.serving import Server


@pytest.fixture(scope="module")
def county(session_graph: tuple[Driver, str], api_server: Server) -> County:
    """Loads the county demo of 2026-11-01 with tokens; the scoped one sees a township."""
    driver, database = session_graph
    dataset = demo("county", 1, DEMO_DAY)
    load_fresh(driver, database, dataset)
    root, township, branch = pick(dataset.rows("organisations"))
    tokens = make_tokens(driver, database, township)
    vendor = httpx.get(f"{api_server.url}/vendor/echarts/dist/echarts.min.js")
    assert vendor.status_code == 200, "ECharts is not installed: run `make setup` (npm ci)"
    return County(api_server, tokens, root, township, branch)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Headless chromium for the browser tests; closed after them, because Playwright's sync API
    keeps an event loop running in this thread until it stops, which breaks later asyncio tests."""
    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


@pytest.fixture
def ui(browser: Browser, county: County) -> Iterator[Ui]:
    """A fresh page (its own session storage); fails the test if any request left the machine."""
    with opened_page(browser, county.server.url) as found:
        yield found
