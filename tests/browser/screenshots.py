"""Writes the README's screenshots of the web UI (`make screenshots`).

Starts a throwaway bundled Neo4j with the county demo and a `covergraph serve` on free ports,
drives headless chromium through each page and saves PNGs to docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from api.auth import issue_token
from graph.connection import connection_from_env
from graph.constraints import apply_schema
from graph.database import open_driver
from graph.instance import Instance, free_port
from services.exchange.importer import import_dataset
from tests.support.browser import VIEWPORT, Ui, launch
from tests.support.factory import demo
from tests.support.serving import start_serve, stop_serve

PROJECT = Path(__file__).resolve().parents[2]
OUT = PROJECT / "docs" / "screenshots"
DAY = date(2026, 11, 1)


@contextmanager
def county_server() -> Iterator[tuple[str, str]]:
    """Runs a throwaway Neo4j with the county demo and a server; yields its URL and a token."""
    home = Path(tempfile.mkdtemp(prefix="covergraph-screens-"))
    os.environ.pop("NEO4J_URI", None)
    os.environ.update(
        COVERGRAPH_HOME=str(home),
        COVERGRAPH_NEO4J_HEAP_MB="1024",
        COVERGRAPH_NEO4J_PAGECACHE_MB="256",
    )
    instance = Instance(home)
    instance.start(free_port())
    process = None
    try:
        connection = connection_from_env()
        driver = open_driver(connection)
        apply_schema(driver=driver, database=connection.database)
        import_dataset(driver=driver, database=connection.database, dataset=demo("county", 1, DAY))
        token = issue_token(driver=driver, database=connection.database, role="admin")[1]
        driver.close()
        port = free_port()
        process = start_serve(port)
        yield f"http://127.0.0.1:{port}", token
    finally:
        if process:
            stop_serve(process)
        instance.stop()
        shutil.rmtree(home, ignore_errors=True)


def shoot(page: Page, name: str, full_page: bool = False) -> None:
    """Saves the page as docs/screenshots/NAME.png."""
    page.wait_for_timeout(300)  # let chart animations settle
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full_page)
    print(f"wrote {OUT / name}.png")


def take_all(ui: Ui, token: str) -> None:
    """Walks sign-in, dashboard, org chart with a panel, gap list, and the English dashboard."""
    page = ui.page
    page.goto(ui.base_url + "/")
    page.wait_for_selector("#signin:not([hidden])")
    page.fill("#token", token[:12] + "…")
    shoot(page, "sign-in")
    ui.sign_in(token)
    ui.set_day(DAY.isoformat())
    page.locator("#as-of").blur()
    shoot(page, "dashboard", full_page=True)
    ui.open_view("chart")
    township = page.evaluate("() => covergraph.chartTree().children[1]")
    ui.click_chart_node(township, "township")
    branch = page.evaluate("id => covergraph.chartTree(id).children[3]", township)
    ui.click_chart_node(branch, "branch")
    shoot(page, "org-chart")
    ui.open_view("gaps")
    shoot(page, "gaps")
    page.click("#app .lang-toggle")
    ui.open_view("dashboard")
    shoot(page, "dashboard-en")


def main() -> None:
    """Writes every screenshot."""
    OUT.mkdir(parents=True, exist_ok=True)
    with county_server() as (url, token), sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", device_scale_factor=1)
        take_all(Ui(context.new_page(), url), token)
        browser.close()


if __name__ == "__main__":
    main()
