"""The API's limits over real HTTP, on a production server (COVERGRAPH_ENV) with small limits."""

from __future__ import annotations

import secrets
import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from neo4j import Driver

from api.auth import issue_token
from domain.dataset import Dataset
from tests.support.graph import Tokens
from tests.support.serving import Server, serving

ALLOWED_ORIGIN = "https://ledger.example.org"
SETTINGS = {
    "COVERGRAPH_ENV": "production",
    "COVERGRAPH_MAX_DEPTH": "4",
    "COVERGRAPH_MAX_ALIASES": "3",
    "COVERGRAPH_MAX_TOKENS": "150",
    "COVERGRAPH_MAX_COST": "2000",
    "COVERGRAPH_MAX_PAGE_SIZE": "150",
    "COVERGRAPH_QUERY_TIMEOUT_S": "5",
    "COVERGRAPH_MAX_BODY_BYTES": "4096",
    "COVERGRAPH_RATE_PER_MINUTE": "60",
    "COVERGRAPH_RATE_BURST": "20",
    "COVERGRAPH_CORS_ORIGINS": ALLOWED_ORIGIN,
}
ENGLISH = {"Accept-Language": "en"}
PAGE = "query($n: Int) { organisations(first: $n) { edges { node { id } } } }"


def nested(levels: int) -> str:
    """An operation whose deepest field sits `levels` fields below its top field."""
    return '{ organisation(id: "B1") { ' + "parent { " * (levels - 1) + "id" + " }" * (levels + 1)


@pytest.fixture(scope="module")
def hardened(small: tuple[Dataset, Tokens]) -> Iterator[Server]:
    """A production server with small limits over the small dataset, its queries planned."""
    with serving(**SETTINGS) as server:
        # Neo4j plans a query text on first use, which on a busy machine can take longer than
        # the short timeout here; once planned, the text runs in milliseconds.
        for _ in range(3):
            server.post(nested(4), small[1].admin)
            server.post(PAGE, small[1].admin, variables={"n": 150})
        yield server


@pytest.fixture
def token(session_graph: tuple[Driver, str]) -> str:
    """A new admin token: its own rate-limit bucket, untouched by other tests."""
    driver, database = session_graph
    return issue_token(driver=driver, database=database, role="admin")[1]


def only_error(response: Any) -> dict[str, Any]:
    """Returns the single GraphQL error of a response that has no data."""
    assert response.status_code in (200, 400), response.text
    (error,) = response.json()["errors"]
    return error  # type: ignore[no-any-return]


def test_depth_beyond_the_limit_is_refused_in_both_languages(hardened: Server, token: str) -> None:
    assert hardened.data(nested(4), token)["organisation"]["parent"]["parent"]["parent"] is None
    error = only_error(hardened.post(nested(5), token))
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "depth", "max": 4}
    assert error["message"] == "查询嵌套过深：顶层字段之下最多 4 层"
    english = only_error(hardened.post(nested(5), token, headers=ENGLISH))
    assert english["message"].endswith("at most 4 levels below its top field")


def test_aliases_beyond_the_limit_are_refused(hardened: Server, token: str) -> None:
    three = "{ a: __typename b: __typename c: __typename }"
    assert hardened.data(three, token) == {"a": "Query", "b": "Query", "c": "Query"}
    error = only_error(
        hardened.post("{ a: __typename b: __typename c: __typename d: __typename }", token)
    )
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "aliases", "max": 3}


def test_documents_beyond_the_token_limit_are_refused(hardened: Server, token: str) -> None:
    assert hardened.data("{ " + "__typename " * 140 + "}", token) == {"__typename": "Query"}
    error = only_error(hardened.post("{ " + "__typename " * 160 + "}", token, headers=ENGLISH))
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "tokens", "max": 150}
    assert error["message"] == "the operation text is too long: at most 150 tokens"


PAGE_OF_POSTS = "query($n: Int) { organisations(first: $n) { edges { node { posts { role } } } } }"


def test_an_operation_over_the_cost_budget_is_refused_before_it_runs(
    hardened: Server, token: str
) -> None:
    # n organisations, each with (a guess of) 10 posts: 1 + n × (1 + 1 + 10 × 2).
    assert hardened.data(PAGE_OF_POSTS, token, variables={"n": 10})
    refused = hardened.post(PAGE_OF_POSTS, token, variables={"n": 150}, headers=ENGLISH)
    error = only_error(refused)
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "cost", "max": 2000,
                                   "cost": 3301}  # fmt: skip
    assert error["message"].startswith("the operation would answer about 3301 fields")
    assert refused.json().get("data") is None


@pytest.mark.timing
def test_an_operation_over_the_cost_budget_is_refused_within_two_seconds(
    hardened: Server, token: str
) -> None:
    started = time.monotonic()
    refused = hardened.post(PAGE_OF_POSTS, token, variables={"n": 150})
    assert only_error(refused)["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert time.monotonic() - started < 2  # refused before Neo4j is asked


def test_a_page_above_the_maximum_is_refused_not_clamped(
    hardened: Server, token: str, small: tuple[Dataset, Tokens]
) -> None:
    edges = hardened.data(PAGE, token, variables={"n": 150})["organisations"]["edges"]
    assert len(edges) == len(small[0].rows("organisations"))
    error = only_error(hardened.post(PAGE, token, variables={"n": 151}))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == "first 应在 0 到 150 之间，实际为 151；请分页获取"


def test_introspection_graphiql_and_api_docs_are_off_in_production(
    hardened: Server, token: str
) -> None:
    schema = hardened.post("{ __schema { queryType { name } } }", token, headers=ENGLISH)
    for error in schema.json()["errors"]:  # one for __schema, one for the __Type under it
        assert error["extensions"] == {"code": "INTROSPECTION_DISABLED"}
        assert error["message"] == "introspection (__schema, __type) is off in production"
    one_type = only_error(hardened.post('{ __type(name: "Gap") { name } }', token))
    assert one_type["extensions"] == {"code": "INTROSPECTION_DISABLED"}
    assert hardened.data("{ __typename }", token) == {"__typename": "Query"}
    typo = only_error(hardened.post("{ organisatio { id } }", token))
    assert "Did you mean" not in typo["message"]
    page = hardened.client.get(f"{hardened.url}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 404
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert hardened.client.get(hardened.url + path).status_code == 404, path


def test_introspection_stays_on_outside_production(
    api_server: Server, small: tuple[Dataset, Tokens]
) -> None:
    schema = api_server.data("{ __schema { queryType { name } } }", small[1].admin)
    assert schema == {"__schema": {"queryType": {"name": "Query"}}}


def _rename_while_locked(
    hardened: Server, token: str, graph: tuple[Driver, str]
) -> tuple[httpx.Response, float]:
    """Renames B1 while an open transaction holds its write lock, so the edit waits until its
    timeout stops it; returns the answer and how long it took."""
    driver, database = graph
    rename = 'mutation { updateOrganisation(id: "B1", changes: {name: "改名"}) { version } }'
    with driver.session(database=database) as session, session.begin_transaction() as held:
        held.run("MATCH (o:Organisation {id: 'B1'}) SET o.name = o.name").consume()
        started = time.monotonic()
        response = hardened.post(rename, token)
        waited = time.monotonic() - started
        held.rollback()
    return response, waited


def test_a_query_that_outlives_the_timeout_is_stopped_with_a_clean_error(
    hardened: Server, token: str, session_graph: tuple[Driver, str]
) -> None:
    response, _ = _rename_while_locked(hardened, token, session_graph)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "TIMEOUT"}, error
    assert error["message"].startswith("查询超过 5 秒未完成，已被中止")
    name = hardened.data('{ organisation(id: "B1") { name } }', token)["organisation"]["name"]
    assert name == "东风村党支部"


@pytest.mark.timing
def test_a_query_is_stopped_between_its_timeout_and_three_times_it(
    hardened: Server, token: str, session_graph: tuple[Driver, str]
) -> None:
    response, waited = _rename_while_locked(hardened, token, session_graph)
    assert response.json()["errors"][0]["extensions"] == {"code": "TIMEOUT"}
    assert 5 <= waited < 15


def _raw(server: Server, request: bytes) -> bytes:
    """Sends raw bytes and returns what the server answers before it closes the connection."""
    address = urlsplit(server.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as conn:
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


def _head(token: str, framing: str) -> bytes:
    lines = ["POST /graphql HTTP/1.1", "Host: localhost", "Content-Type: application/json",
             f"Authorization: Bearer {token}", "Accept-Language: en", framing]  # fmt: skip
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_a_declared_oversized_body_gets_413_before_it_is_sent(hardened: Server, token: str) -> None:
    # Only the head and 100 bytes are sent: the answer cannot have waited for the 10 MB.
    answer = _raw(hardened, _head(token, "Content-Length: 10000000") + b"x" * 100)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b'"code": "PAYLOAD_TOO_LARGE"' in answer
    assert b"larger than the limit of 4096 bytes" in answer


def test_a_streamed_oversized_body_gets_413_once_it_passes_the_limit(
    hardened: Server, token: str
) -> None:
    chunk = b"3e8\r\n" + b"y" * 1000 + b"\r\n"  # 1000 bytes a chunk; the last chunk never comes
    answer = _raw(hardened, _head(token, "Transfer-Encoding: chunked") + chunk * 5)
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_a_small_streamed_body_still_works(hardened: Server, token: str) -> None:
    body = b'{"query": "{ __typename }"}'
    chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    head = _head(token, "Transfer-Encoding: chunked").replace(
        b"Content-Type", b"Connection: close\r\nContent-Type"
    )
    answer = _raw(hardened, head + chunked)
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert answer.endswith(b'{"data":{"__typename":"Query"}}')


def test_a_token_over_its_rate_gets_429_with_retry_after(hardened: Server, token: str) -> None:
    answers = [hardened.post("{ __typename }", token, headers=ENGLISH) for _ in range(30)]
    statuses = [a.status_code for a in answers]
    assert statuses[:20] == [200] * 20
    assert statuses.count(429) >= 8
    refused = next(a for a in answers if a.status_code == 429)
    assert int(refused.headers["Retry-After"]) >= 1
    error = refused.json()["errors"][0]
    assert error["extensions"] == {"code": "RATE_LIMITED"}
    assert error["message"].startswith("too many requests; retry in ")


def test_rate_limits_are_per_token(
    hardened: Server, token: str, session_graph: tuple[Driver, str]
) -> None:
    for _ in range(25):
        hardened.post("{ __typename }", token)
    assert hardened.post("{ __typename }", token).status_code == 429
    driver, database = session_graph
    other = issue_token(driver=driver, database=database, role="viewer")[1]
    assert hardened.post("{ __typename }", other).status_code == 200


def test_rate_limits_cannot_be_dodged(
    hardened: Server, token: str, session_graph: tuple[Driver, str]
) -> None:
    # The scheme's case and the spacing name the same token, hence the same bucket.
    spellings = ["Bearer {}", "bearer {}", "BEARER   {}", "bEaReR {}"]
    statuses = [
        hardened.client.post(f"{hardened.url}/graphql", json={"query": "{ __typename }"},
                             headers={"Authorization": spellings[n % 4].format(token)}).status_code
        for n in range(30)
    ]  # fmt: skip
    assert statuses[:20] == [200] * 20
    assert statuses.count(429) >= 8
    # Behind the proxy on 127.0.0.1 that uvicorn trusts, this client's address is its own.
    address = {"X-Forwarded-For": f"10.9.{secrets.randbelow(250)}.{secrets.randbelow(250)}"}
    # Made-up secrets all draw on their address's bucket: refused once it is empty.
    made_up = [hardened.post("{ __typename }", "cg_" + secrets.token_urlsafe(16), headers=address)
               for _ in range(30)]  # fmt: skip
    assert [r.status_code for r in made_up[:20]] == [401] * 20
    assert [r.status_code for r in made_up[20:]].count(429) >= 8
    # A real token sent from the same address draws on a bucket of its own.
    other = issue_token(driver=session_graph[0], database=session_graph[1], role="viewer")[1]
    assert hardened.post("{ __typename }", other, headers=address).status_code == 200


def test_no_cors_headers_unless_origins_are_configured(
    api_server: Server, small: tuple[Dataset, Tokens]
) -> None:
    origin = {"Origin": ALLOWED_ORIGIN}
    answer = api_server.post("{ __typename }", small[1].admin, headers=origin)
    assert answer.status_code == 200
    preflight = api_server.client.options(
        f"{api_server.url}/graphql",
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    for response in (answer, preflight):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_cors_answers_only_the_configured_origins(hardened: Server, token: str) -> None:
    def preflight(origin: str) -> Any:
        headers = {"Origin": origin, "Access-Control-Request-Method": "POST",
                   "Access-Control-Request-Headers": "authorization, content-type"}  # fmt: skip
        return hardened.client.options(f"{hardened.url}/graphql", headers=headers)

    allowed = preflight(ALLOWED_ORIGIN)
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert "authorization" in allowed.headers["Access-Control-Allow-Headers"].lower()
    other = preflight("https://elsewhere.example.com")
    assert "Access-Control-Allow-Origin" not in other.headers
    post = hardened.post("{ __typename }", token, headers={"Origin": ALLOWED_ORIGIN})
    assert post.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    foreign = hardened.post("{ __typename }", token, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in foreign.headers
