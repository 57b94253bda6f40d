"""The organisation panel's 沿革 (history) section, and the org chart of a day, in a real browser
on a hand-built county whose branch B1 is founded on 2020-03-01 under T1, renamed, moved to T2
and raised to a general branch; its group G1 lives from 2021-01-01 to 2023-06-30."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from neo4j import Driver
from playwright.sync_api import Browser

from tests.support.browser import Ui, opened_page
from tests.support.factory import changes_dataset
from tests.support.graph import Tokens, load_fresh, make_tokens
from tests.support.serving import Server

FOUNDED = "2020-03-01"
B1_ZH = [
    ("2020-03-01", "FOUNDED", "成立（隶属城关镇党委）"),
    ("2021-07-01", "RENAMED", "更名：东风村党支部 → 东风社区党支部"),
    ("2023-01-01", "MOVED", "调整隶属：城关镇党委 → 河口镇党委"),
    ("2023-07-01", "RENAMED", "更名：东风社区党支部 → 东风社区党总支"),
    ("2023-07-01", "REKINDED", "调整类别：党支部 → 党总支"),
]
B1_EN = [
    "Founded (under 城关镇党委)",
    "Renamed: 东风村党支部 → 东风社区党支部",
    "Moved: 城关镇党委 → 河口镇党委",
    "Renamed: 东风社区党支部 → 东风社区党总支",
    "Kind changed: Branch → General branch",
]
ENTRIES = """items => items.map(li => [li.dataset.date, li.dataset.kind,
  [...li.childNodes].slice(1).map(n => n.textContent).join('')])"""


@pytest.fixture(scope="module")
def tokens(session_graph: tuple[Driver, str], api_server: Server) -> Tokens:
    """The county with a history loaded; the scoped token sees township T2."""
    driver, database = session_graph
    load_fresh(driver, database, changes_dataset())
    return make_tokens(driver, database, "T2")


@pytest.fixture
def ui(browser: Browser, api_server: Server, tokens: Tokens) -> Iterator[Ui]:
    """A fresh page on the server with the county of this module loaded."""
    with opened_page(browser, api_server.url) as found:
        yield found


def entries(ui: Ui) -> list[list[str]]:
    """The history entries the panel shows: date, kind and text."""
    return ui.page.locator("#org-history li").evaluate_all(ENTRIES)  # type: ignore[no-any-return]


def children(ui: Ui, organisation_id: str) -> list[str]:
    """The ids the org chart has loaded below an organisation."""
    found = ui.page.evaluate("id => covergraph.chartTree(id)", organisation_id)
    return list(found["children"]) if found else []


def opened_on(ui: Ui, token: str, day: str) -> None:
    """Signs in, turns the UI to the day and opens the org chart of the county."""
    ui.sign_in(token)
    ui.set_day(day)
    ui.open_view("chart")


def test_the_panel_lists_the_history_in_chinese_and_english(ui: Ui, tokens: Tokens) -> None:
    opened_on(ui, tokens.admin, "2024-06-30")
    ui.click_chart_node("T2", "open T2")
    ui.click_chart_node("B1", "open B1")
    assert ui.page.inner_text("#panel h3:has(+ #org-history)") == "沿革"
    assert entries(ui) == [list(e) for e in B1_ZH]
    ui.timed("panel in English", "#panel", lambda: ui.page.click("#app .lang-toggle"))
    assert ui.page.inner_text("#panel h3:has(+ #org-history)") == "History"
    assert [text for _, _, text in entries(ui)] == B1_EN
    ui.page.click("#app .lang-toggle")
    ui.page.wait_for_selector("#panel[data-state=ready]", state="attached")
    ui.set_day("2023-01-01")  # B1 has its group then, and is under T2 already
    ui.click_chart_node("B1", "open B1 with its group")
    ui.click_chart_node("G1", "open G1")
    assert entries(ui) == [
        ["2021-01-01", "FOUNDED", "成立（隶属东风村党支部）"],
        ["2023-07-01", "DISSOLVED", "撤销"],
    ]
    ui.click_chart_node("C1", "open the root")
    assert ui.page.inner_text("#org-history") == "无沿革记录"


def test_a_scoped_token_sees_no_parent_outside_its_scope(ui: Ui, tokens: Tokens) -> None:
    opened_on(ui, tokens.scoped, "2024-06-30")
    ui.click_chart_node("B1", "open B1")
    shown = entries(ui)
    assert shown[0] == ["2020-03-01", "FOUNDED", "成立"]
    assert shown[2] == ["2023-01-01", "MOVED", "调整隶属：— → 河口镇党委"]
    assert "城关镇" not in ui.page.inner_text("#panel")


def test_the_date_picker_shows_the_tree_of_the_day(ui: Ui, tokens: Tokens) -> None:
    opened_on(ui, tokens.admin, FOUNDED)
    ui.click_chart_node("T1", "open T1")
    assert "B1" in children(ui, "T1")
    ui.set_day("2020-02-29")
    assert "B1" not in children(ui, "T1")
    assert ui.page.evaluate("() => covergraph.chartPoint('B1')") is None
    ui.set_day(FOUNDED)
    assert "B1" in children(ui, "T1")
    assert ui.page.evaluate("() => covergraph.chartPoint('B1')") is not None


def test_an_open_branch_before_its_founding_leaves_the_tree(ui: Ui, tokens: Tokens) -> None:
    opened_on(ui, tokens.admin, "2022-01-01")
    ui.click_chart_node("T1", "open T1")
    ui.click_chart_node("B1", "open B1")  # open, with its group below, and in the panel
    assert children(ui, "B1") == ["G1"]
    ui.page.evaluate("() => { document.getElementById('panel').dataset.state = 'stale'; }")
    ui.set_day("2020-02-29")
    ui.page.wait_for_selector("#panel[data-state=ready]", state="attached")
    assert ui.page.get_attribute("#view-chart", "data-state") == "ready"
    assert ui.page.is_hidden("#banner")
    assert "B1" not in children(ui, "T1")
    assert ui.page.inner_text("#panel-missing") == "该组织在 2020-02-29 不存在。"
    ui.set_day("2023-06-30")  # B1 has moved to T2 by then; T1 stays open without it
    assert "B1" not in children(ui, "T1")
    assert ui.page.evaluate("() => covergraph.chartPoint('G1')") is None
