"""The API's limits: read from COVERGRAPH_* variables, token buckets, masked 500s."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from fastapi import FastAPI

from api.auth import Principal, Unauthenticated
from api.limits import Limits, LimitsError
from api.middleware import TokenBuckets, client_key, protect


def test_defaults_apply_when_nothing_is_set() -> None:
    limits = Limits.from_env({})
    assert limits == Limits()
    assert not limits.production
    assert limits.max_page_size >= 100
    assert limits.cors_origins == ()


def test_every_limit_is_read_from_its_variable() -> None:
    limits = Limits.from_env(
        {
            "COVERGRAPH_ENV": "Production",
            "COVERGRAPH_MAX_DEPTH": "6",
            "COVERGRAPH_MAX_ALIASES": "0",
            "COVERGRAPH_MAX_TOKENS": "900",
            "COVERGRAPH_MAX_PAGE_SIZE": "200",
            "COVERGRAPH_QUERY_TIMEOUT_S": "2.5",
            "COVERGRAPH_MAX_BODY_BYTES": "65536",
            "COVERGRAPH_RATE_PER_MINUTE": "0",
            "COVERGRAPH_RATE_BURST": "7",
            "COVERGRAPH_CORS_ORIGINS": "https://a.example.org/, http://127.0.0.1:5173",
        }
    )
    assert limits == Limits(
        env="production",
        max_depth=6,
        max_aliases=0,
        max_tokens=900,
        max_page_size=200,
        query_timeout_s=2.5,
        max_body_bytes=65536,
        rate_per_minute=0,
        rate_burst=7,
        cors_origins=("https://a.example.org", "http://127.0.0.1:5173"),
    )
    assert limits.production


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("COVERGRAPH_ENV", "prod"),
        ("COVERGRAPH_MAX_DEPTH", "ten"),
        ("COVERGRAPH_MAX_DEPTH", "0"),
        ("COVERGRAPH_MAX_PAGE_SIZE", "50"),  # every `first` accepts at least 100
        ("COVERGRAPH_QUERY_TIMEOUT_S", "0"),
        ("COVERGRAPH_QUERY_TIMEOUT_S", "inf"),
        ("COVERGRAPH_MAX_BODY_BYTES", "-1"),
        ("COVERGRAPH_CORS_ORIGINS", "*"),
        ("COVERGRAPH_CORS_ORIGINS", "ledger.example.org"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(variable: str, value: str) -> None:
    with pytest.raises(LimitsError, match=variable) as refused:
        Limits.from_env({variable: value})
    assert repr(value) in str(refused.value)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_then_refills_at_its_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=3, clock=clock)
    assert [buckets.take("a") for _ in range(3)] == [0, 0, 0]
    assert buckets.take("a") == pytest.approx(1.0)
    assert buckets.take("b") == 0  # another key has its own bucket
    clock.now += 0.5
    assert buckets.take("a") == pytest.approx(0.5)
    clock.now += 0.5
    assert buckets.take("a") == 0
    clock.now += 3600
    assert [buckets.take("a") for _ in range(4)][-1] > 0  # refilled to the burst, not beyond


def test_buckets_stay_bounded_forgetting_refilled_ones_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("api.middleware.MAX_BUCKETS", 4)
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=2, clock=clock)
    for key in "abcd":
        buckets.take(key)
    clock.now += 60  # all four have refilled: forgetting them changes nothing
    buckets.take("e")
    assert set(buckets.buckets) == {"e"}
    for key in "fgh":
        buckets.take(key)
    buckets.take("i")  # none has refilled: the oldest half goes
    assert set(buckets.buckets) == {"g", "h", "i"}


def test_an_unexpected_failure_answers_500_with_only_an_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = FastAPI()
    protect(app, Limits())

    def broken() -> None:
        raise RuntimeError("password=hunter2 at bolt://10.0.0.7")

    app.add_api_route("/broken", broken)

    async def ask() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
            return await client.get("/broken", headers={"Accept-Language": "en"})

    with caplog.at_level(logging.ERROR, logger="covergraph.api"):
        answer = asyncio.run(ask())
    assert answer.status_code == 500
    (error,) = answer.json()["errors"]
    error_id = error["extensions"]["errorId"]
    assert error["extensions"] == {"code": "INTERNAL", "errorId": error_id}
    assert error["message"] == f"internal error (error id {error_id}; tell the administrator)"
    assert "hunter2" not in answer.text
    assert "Traceback" not in answer.text
    logged = next(r for r in caplog.records if error_id in r.getMessage())
    assert logged.exc_info is not None


class KnownTokens:
    """A verifier that knows one secret, of the token `tok_1`."""

    def known_token_id(self, secret: str) -> str | None:
        return None  # never verified before: the key comes from verify

    def verify(self, secret: str) -> Principal:
        if secret != "good":
            raise Unauthenticated("invalid token")
        return Principal("tok_1", "viewer", None)


def _key(authorization: str | None, verifier: object = None) -> str:
    app = FastAPI()
    app.state.verifier = verifier
    headers = [(b"authorization", authorization.encode())] if authorization else []
    scope = {"type": "http", "app": app, "headers": headers, "client": ("10.0.0.7", 5555)}
    return asyncio.run(client_key(scope))


def test_the_bucket_is_the_tokens_id_or_else_the_address() -> None:
    known = KnownTokens()
    for header in ("Bearer good", "bearer good", "BEARER   good  ", " Bearer good"):
        assert _key(header, known) == "token:tok_1", header
    for header in ("Bearer made-up", "Bearer x1", "Basic good", "good", None):
        assert _key(header, known) == "address:10.0.0.7", header
    assert _key("Bearer good") == "address:10.0.0.7"  # no verifier yet: before start-up
