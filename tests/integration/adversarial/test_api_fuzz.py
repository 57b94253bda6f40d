"""Fuzzes the GraphQL endpoint of a real production server: no 5xx, no stack trace, ever.

schemathesis generates operations from schema.graphql (valid ones, and ones that break the
schema's types); hypothesis adds raw bodies and headers no client library would send. Each
request goes with one of five identities: admin, viewer, scoped viewer, a bogus token, none.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver
from schemathesis import GenerationMode

from api.auth import issue_token
from tests.support.factory import small_dataset
from tests.support.fuzz import tally
from tests.support.graph import load_fresh, make_tokens
from tests.support.serving import PROJECT, Server, serving

SCHEMA = schemathesis.graphql.from_path(PROJECT / "schema.graphql")
CASES = {GenerationMode.POSITIVE: 120, GenerationMode.NEGATIVE: 80}
RAW_CASES = 80
FUZZ = settings(
    deadline=None,
    database=None,
    derandomize=True,  # the same cases on every run of `make test`; raise the counts to explore
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def identities(session_graph: tuple[Driver, str]) -> dict[str, dict[str, str]]:
    """The small dataset loaded, and the headers of each identity a request may carry."""
    driver, database = session_graph
    load_fresh(driver, database, small_dataset())
    tokens = make_tokens(driver, database, "T1")
    bearer = {"admin": tokens.admin, "viewer": tokens.viewer, "scoped": tokens.scoped}
    headers = {name: {"Authorization": f"Bearer {t}"} for name, t in bearer.items()}
    return {**headers, "bogus": {"Authorization": "Bearer cg_not-a-token"}, "none": {}}


@pytest.fixture(scope="module")
def server(identities: dict[str, dict[str, str]]) -> Iterator[Server]:
    """A production server whose rate limit the fuzzing will reach now and then."""
    with serving(
        COVERGRAPH_ENV="production", COVERGRAPH_RATE_PER_MINUTE="600", COVERGRAPH_RATE_BURST="60"
    ) as running:
        yield running


def _checked(response: Any, no_stack_trace: Callable[[str], None], counts: Any) -> None:
    """Asserts the response is not a server error and shows no stack; counts its outcome."""
    status = response.status_code
    assert status < 500, f"{status}: {response.text[:500]}"
    no_stack_trace(response.text)
    counts["cases"] += 1
    counts[f"HTTP {status}"] += 1
    kind = response.headers.get("content-type", "")
    kind = kind[0] if isinstance(kind, list) else kind  # schemathesis lists each header's values
    body = response.json() if "json" in kind else None
    errors = body.get("errors") if isinstance(body, dict) else None
    if status >= 400 or errors:
        counts["refused"] += 1
        for error in errors or []:
            counts[f"code {error.get('extensions', {}).get('code', 'none')}"] += 1


@pytest.mark.parametrize("mode", list(CASES), ids=lambda m: m.value)
def test_generated_operations_never_crash_the_server(
    server: Server,
    identities: dict[str, dict[str, str]],
    no_stack_trace: Callable[[str], None],
    mode: GenerationMode,
) -> None:
    counts = tally(f"API fuzz, schemathesis ({mode.value})")

    @settings(FUZZ, max_examples=CASES[mode])
    @given(case=SCHEMA.as_strategy(mode), who=st.sampled_from(sorted(identities)))
    def run(case: Any, who: str) -> None:
        response = case.call(base_url=f"{server.url}/graphql", headers=identities[who], timeout=60)
        _checked(response, no_stack_trace, counts)

    run()
    assert counts["cases"] >= sum(CASES.values()) // 4


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
BODIES = st.one_of(
    st.binary(max_size=2048),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"query": st.text(max_size=300) | JSON_VALUES},
        optional={"variables": JSON_VALUES, "operationName": JSON_VALUES},
    ).map(lambda v: json.dumps(v).encode()),
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/graphql",
        "text/plain",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin-1",
    ]
)


def test_raw_requests_never_crash_the_server(
    server: Server,
    identities: dict[str, dict[str, str]],
    no_stack_trace: Callable[[str], None],
) -> None:
    counts = tally("API fuzz, raw HTTP")

    @settings(FUZZ, max_examples=RAW_CASES)
    @given(
        body=BODIES,
        content_type=CONTENT_TYPES,
        method=st.sampled_from(["POST", "GET", "PUT"]),
        who=st.sampled_from(sorted(identities)),
        language=st.sampled_from(["en", "zh-CN", "", "x" * 300]),
    )
    def run(body: bytes, content_type: str, method: str, who: str, language: str) -> None:
        headers = {**identities[who], "Content-Type": content_type, "Accept-Language": language}
        params = {"query": body.decode("utf-8", "replace")} if method == "GET" else None
        content = None if method == "GET" else body
        response = server.client.request(
            method, f"{server.url}/graphql", content=content, params=params, headers=headers
        )
        _checked(response, no_stack_trace, counts)

    run()
    assert counts["cases"] == RAW_CASES


def test_the_fuzzed_server_still_answers(server: Server, session_graph: tuple[Driver, str]) -> None:
    assert httpx.get(f"{server.url}/health", timeout=10).json()["status"] == "ok"
    fresh = issue_token(driver=session_graph[0], database=session_graph[1], role="viewer")[1]
    answer = server.data('{ organisation(id: "C1") { id } }', fresh)
    assert answer == {"organisation": {"id": "C1"}}
