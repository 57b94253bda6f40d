"""The kept answers of the dashboard's heavy queries never outlive a write: after every kind
of change, made through this server, another server process or an import, a server that keeps
answers says exactly what a server that keeps none says."""

from __future__ import annotations

import itertools
from datetime import date

from neo4j import Driver

from services.exchange.importer import import_dataset
from tests.support.factory import small_dataset
from tests.support.graph import load_fresh, make_tokens
from tests.support.serving import serving

DASHBOARD = """{
  coverageSummary(scopeId: "C1", asOf: "2024-07-15") {
    figures { organisationCount branches branchesWithLiaison secretaryVacancies
              gaps { key count } }
    children { organisation { id } figures { secretaryVacancies gaps { key count } } } }
  coverageGaps(asOf: "2024-07-15", first: 100) {
    totalCount edges { node { rule subject { id } related { id } detail } } }
  township: coverageGaps(scopeId: "T1", asOf: "2024-07-15", first: 2) { totalCount }
  orgChart(rootId: "C1", depth: 3, asOf: "2024-07-15") { id name parentId gapCount secretaries }
}"""
END_SECRETARY = """mutation { endPost(personId: "P1", targetId: "C1", role: "SECRETARY",
  start: "2021-03-01", end: "2024-07-01") { __typename } }"""
APPOINT = """mutation { appointPost(personId: "P3", targetId: "B1", role: "SECRETARY",
  start: "2024-07-02") { __typename } }"""


def test_kept_answers_follow_every_write(session_graph: tuple[Driver, str]) -> None:
    driver, database = session_graph
    load_fresh(driver, database, small_dataset())
    tokens = make_tokens(driver, database, "T1")
    with serving() as keeping, serving(COVERGRAPH_CACHE_ENTRIES="0") as fresh:

        def both_say() -> dict[str, object]:
            kept = keeping.data(DASHBOARD, tokens.admin)
            assert kept == fresh.data(DASHBOARD, tokens.admin)
            return kept

        answers = [both_say(), both_say()]
        keeping.data(END_SECRETARY, tokens.editor)  # a write through the keeping server
        answers.append(both_say())
        fresh.data(APPOINT, tokens.editor)  # through another process
        answers.append(both_say())
        changed = small_dataset()  # an import: B2 grows past a branch's 50 members
        changed.rows("organisations")[3].values["full_members"] = 60
        import_dataset(driver=driver, database=database, dataset=changed)
        answers.append(both_say())
        admin = {"Authorization": f"Bearer {tokens.admin}"}  # counters are for admins only
        stats = keeping.client.get(f"{keeping.url}/health", headers=admin).json()["answerCache"]
        unkept = fresh.client.get(f"{fresh.url}/health", headers=admin).json()["answerCache"]
    # Each write changed what the dashboard shows; the repeated question was answered from
    # memory.
    assert answers[0] == answers[1]
    assert all(a != b for a, b in itertools.pairwise(answers[1:]))
    # Five kept queries a round: the second round found all five, the other four none.
    assert stats["hits"] == 5, stats
    assert stats["misses"] == 4 * 5, stats
    assert unkept == {"entries": 0, "hits": 0, "misses": 0}


def test_questions_about_today_are_not_kept(session_graph: tuple[Driver, str]) -> None:
    """The coverage index answers today in one query: keeping it would cost as much."""
    driver, database = session_graph
    load_fresh(driver, database, small_dataset())
    tokens = make_tokens(driver, database, "T1")
    today = DASHBOARD.replace('"2024-07-15"', f'"{date.today()}"')
    with serving() as keeping:
        first, second = keeping.data(today, tokens.admin), keeping.data(today, tokens.admin)
        admin = {"Authorization": f"Bearer {tokens.admin}"}
        stats = keeping.client.get(f"{keeping.url}/health", headers=admin).json()["answerCache"]
    assert first == second
    assert (stats["hits"], stats["misses"]) == (0, 0), stats
