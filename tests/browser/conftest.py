"""The county demo behind a real `covergraph serve`, and chromium pages that record requests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import httpx
import pytest
from neo4j import Driver
from playwright.sync_api import Browser, sync_playwright

from services.demo.generator import generate
from tests.browser.harness import VIEWPORT, Ui, launch
from tests.integration.api.conftest import Server, Tokens, load_fresh, make_tokens
from tests.integration.api.conftest import api_server as api_server  # the server fixture

DEMO_DAY = date(2026, 11, 1)


@dataclass(frozen=True)
class County:
    """The loaded county demo: the server, its tokens, and organisations the tests click."""

    server: Server
    tokens: Tokens
    root_id: str
    township_id: str
    branch_id: str

    def data(self, query: str, token: str | None = None, **variables: object) -> dict:
        """Asks the API directly (admin by default), to check what the page shows."""
        return self.server.data(query, token or self.tokens.admin, variables=variables)


def _pick(rows: list[dict[str, str]]) -> tuple[str, str, str]:
    """The root, the first township committee, and the first branch directly under it."""
    root = next(r["id"] for r in rows if not r["parent_id"])
    township = next(r["id"] for r in rows if r["parent_id"] == root and r["kind"] == "COMMITTEE")
    branch = next(r["id"] for r in rows if r["parent_id"] == township and r["kind"] == "BRANCH")
    return root, township, branch


@pytest.fixture(scope="module")
def county(session_graph: tuple[Driver, str], api_server: Server) -> County:
    """Loads the county demo of 2026-11-01 with tokens; the scoped one sees a township."""
    driver, database = session_graph
    dataset = generate("county", 1, DEMO_DAY)
    load_fresh(driver, database, dataset)
    root, township, branch = _pick(dataset.rows("organisations"))
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
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    found = Ui(page, county.server.url)
    page.on("request", lambda request: found.requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield found
    context.close()
    assert not found.foreign_requests(), f"requests left the machine: {found.foreign_requests()}"
    assert not errors, f"errors in the page: {errors}"
