"""The gapReport download of the GraphQL API: formats, the token's scope, and its limits."""

from __future__ import annotations

import base64
import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from queries.gaps import count_gaps
from queries.organisations import root_ids
from services.reports import ReportRequest
from services.reports.download import build_download
from services.reports.labels import headers
from tests.support.graph import Tokens, make_tokens
from tests.support.reports import DAY, Graph, expected, identity, township
from tests.support.serving import Server

REPORT = """query($format: String!, $scopeId: ID, $rules: [String!], $lang: String) {
  gapReport(format: $format, scopeId: $scopeId, rules: $rules, asOf: "2026-11-01", lang: $lang) {
    filename mediaType contentBase64 gapCount
  }
}"""
GAPS = """query($scopeId: ID) {
  coverageGaps(scopeId: $scopeId, asOf: "2026-11-01", first: 1) { totalCount }
}"""


@pytest.fixture(scope="module")
def tokens(county: Graph) -> Tokens:
    """Tokens of the county demo; the scoped one sees one township."""
    return make_tokens(*county, township(county))


def report(server: Server, token: str, **variables: Any) -> dict[str, Any]:
    """Asks for a report that must be built, and returns it."""
    found: dict[str, Any] = server.data(REPORT, token, variables=variables)["gapReport"]
    return found


def content(found: dict[str, Any]) -> bytes:
    """Returns the decoded bytes of a report."""
    return base64.b64decode(found["contentBase64"])


def test_csv_of_everything(api_server: Server, tokens: Tokens, county: Graph) -> None:
    found = report(api_server, tokens.admin, format="csv")
    gaps = expected(county)
    assert found["filename"] == f"gaps-all-{DAY.isoformat()}.csv"
    assert found["mediaType"] == "text/csv; charset=utf-8"
    assert found["gapCount"] == len(gaps)
    rows = list(csv.reader(io.StringIO(content(found).decode("utf-8-sig"))))
    assert rows[0] == headers("zh")
    assert [[r[1], r[2], r[5], r[7]] for r in rows[1:]] == [identity(g) for g in gaps]


def test_xlsx_in_english_of_some_rules(api_server: Server, tokens: Tokens, county: Graph) -> None:
    rules = ["TERM_EXPIRED", "NO_LIAISON"]
    found = report(api_server, tokens.viewer, format="xlsx", rules=rules, lang="en")
    assert found["mediaType"].endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(content(found)))
    assert book.sheetnames == ["Summary", "No liaison", "Term expired"]
    assert [c.value for c in book["No liaison"][1]] == headers("en")
    assert found["gapCount"] == len(expected(county, rules=rules))


def test_a_scoped_token_gets_its_scope(api_server: Server, tokens: Tokens, county: Graph) -> None:
    driver, database = county
    found = report(api_server, tokens.scoped, format="json")
    counts = count_gaps(driver=driver, database=database, day=DAY, scope_id=tokens.scope_id)
    assert found["gapCount"] == sum(counts.values())
    assert found["filename"] == f"gaps-{tokens.scope_id}-{DAY.isoformat()}.json"
    assert tokens.scope_id.encode() in content(found)


def test_outside_the_scope_reads_like_an_unknown_id(
    api_server: Server, tokens: Tokens, county: Graph
) -> None:
    (root,) = root_ids(driver=county[0], database=county[1], day=DAY)
    for scope_id in (root, "NOPE1"):
        body = api_server.post(
            REPORT, tokens.scoped, variables={"format": "html", "scopeId": scope_id}
        ).json()
        like = api_server.post(GAPS, tokens.scoped, variables={"scopeId": scope_id}).json()
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert body["errors"][0]["message"] == like["errors"][0]["message"]


@pytest.mark.parametrize(
    ("variables", "words"),
    [
        ({"format": "table"}, ["table", "csv, json, xlsx, html"]),
        ({"format": "csv", "rules": ["NO_SUCH_RULE"]}, ["NO_SUCH_RULE"]),
        ({"format": "csv", "lang": "fr"}, ["fr"]),
    ],
)
def test_bad_arguments(
    api_server: Server, tokens: Tokens, variables: dict[str, Any], words: list[str]
) -> None:
    body = api_server.post(REPORT, tokens.admin, variables=variables).json()
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    for word in words:
        assert word in error["message"]


def test_a_report_too_large_for_a_download_is_refused(county: Graph) -> None:
    driver, database = county
    request = ReportRequest(day=DAY)
    with pytest.raises(ValueError, match="covergraph gaps"):
        build_download(
            driver=driver, database=database, format_name="csv", request=request, max_gaps=10
        )
