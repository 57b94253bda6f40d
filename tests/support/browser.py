"""Driving the web UI in Debian's chromium through Playwright: launch, sign-in, timings, and the
loaded county demo the browser tests click through."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Playwright

from tests.support.graph import Tokens
from tests.support.serving import Server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}
LOCAL_HOSTS = {"127.0.0.1"}
DEMO_DAY = date(2026, 11, 1)


def launch(playwright: Playwright) -> Browser:
    """Starts headless chromium from /usr/bin; says how to install it when it is missing."""
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: `make setup` installs Debian's chromium package "
            "(apt-get install chromium)"
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def is_local(url: str) -> bool:
    """Tells whether a request stays on this machine (about:, blob: and data: never leave it)."""
    parts = urlsplit(url)
    if parts.scheme in ("about", "data"):
        return True
    if parts.scheme == "blob":
        return urlsplit(url[len("blob:") :]).hostname in LOCAL_HOSTS
    return parts.hostname in LOCAL_HOSTS


@dataclass
class Ui:
    """A browser page on the running server, with every request it made and render timings."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def timed(self, name: str, selector: str, action: Callable[[], object]) -> float:
        """Runs an action and waits for the element to be marked ready; records milliseconds."""
        self.page.evaluate(
            "s => { const el = document.querySelector(s); if (el) el.dataset.state = 'stale'; }",
            selector,
        )
        start = time.perf_counter()
        action()
        self.page.wait_for_selector(f"{selector}[data-state=ready]", state="attached")
        elapsed = (time.perf_counter() - start) * 1000
        self.timings[name] = elapsed
        return elapsed

    def sign_in(self, token: str) -> float:
        """Loads the site afresh, signs in with the token and waits for the dashboard."""
        self.page.goto("about:blank")  # a real load, not a jump within the page
        self.page.goto(self.base_url + "/")
        self.page.wait_for_selector("#signin:not([hidden])")
        self.page.fill("#token", token)
        return self.timed("dashboard", "#view-dashboard", lambda: self.page.click("#signin-submit"))

    def set_day(self, day: str) -> float:
        """Changes the top bar's day and waits for the current view to follow it."""
        if self.page.input_value("#as-of") == day:
            return 0.0
        view = self.page.eval_on_selector(".view:not([hidden])", "el => '#' + el.id")

        def change() -> None:
            self.page.fill("#as-of", day)
            self.page.dispatch_event("#as-of", "change")

        return self.timed(f"day change ({view[6:]})", view, change)

    def open_view(self, route: str) -> float:
        """Clicks a tab of the top bar and waits for its view."""
        return self.timed(
            route, f"#view-{route}", lambda: self.page.click(f".tabs a[data-route={route}]")
        )

    def click_chart_node(self, organisation_id: str, name: str) -> float:
        """Clicks an org chart node where it is drawn; waits for the chart and its panel."""
        point = self.page.evaluate("id => covergraph.chartPoint(id)", organisation_id)
        assert point, f"{organisation_id} is not drawn in the org chart"
        self.page.evaluate(
            "() => ['view-chart', 'panel'].forEach(id => "
            "{ document.getElementById(id).dataset.state = 'stale'; })"
        )
        start = time.perf_counter()
        self.page.mouse.click(point["x"], point["y"])
        for selector in ("#view-chart", "#panel"):
            self.page.wait_for_selector(f"{selector}[data-state=ready]", state="attached")
        elapsed = (time.perf_counter() - start) * 1000
        self.timings[name] = elapsed
        return elapsed

    def foreign_requests(self) -> list[str]:
        """Lists the requests that went anywhere but this machine."""
        return [url for url in self.requests if not is_local(url)]


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


@contextmanager
def opened_page(browser: Browser, base_url: str) -> Iterator[Ui]:
    """A fresh page (its own session storage) on the server; fails if any request left the
    machine or the page raised an error."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    found = Ui(page, base_url)
    page.on("request", lambda request: found.requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield found
    context.close()
    assert not found.foreign_requests(), f"requests left the machine: {found.foreign_requests()}"
    assert not errors, f"errors in the page: {errors}"


def pick(rows: list[dict[str, str]]) -> tuple[str, str, str]:
    """The root, the first township committee, and the first branch directly under it."""
    root = next(r["id"] for r in rows if not r["parent_id"])
    township = next(r["id"] for r in rows if r["parent_id"] == root and r["kind"] == "COMMITTEE")
    branch = next(r["id"] for r in rows if r["parent_id"] == township and r["kind"] == "BRANCH")
    return root, township, branch
