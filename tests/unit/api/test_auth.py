"""Bearer headers and the token verifier's cache, with a stand-in for the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from api import auth
from api.auth import TokenVerifier, Unauthenticated, bearer_secret, hash_secret
from queries.tokens import TokenRecord


def test_bearer_header_parsing() -> None:
    assert bearer_secret("Bearer abc") == "abc"
    assert bearer_secret("bearer  abc ") == "abc"
    for bad in (None, "", "Basic abc", "Bearer", "abc"):
        with pytest.raises(Unauthenticated):
            bearer_secret(bad)


def test_hash_is_stable_and_not_the_secret() -> None:
    assert hash_secret("s") == hash_secret("s") != "s"
    assert len(hash_secret("s")) == 64


def _record(**changes: Any) -> TokenRecord:
    now = datetime.now(UTC)
    values: dict[str, Any] = {"id": "t", "role": "viewer", "scope_id": "S", "created": now,
                              "expires": None, "revoked": False, **changes}  # fmt: skip
    return TokenRecord(**values)


def _store_knowing_good(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stands in for the token store, which holds one token, of the secret "good"; returns the
    list of hashes it is asked for."""
    calls: list[str] = []

    def find(*, driver: Any, database: str, token_hash: str) -> TokenRecord | None:
        calls.append(token_hash)
        return _record() if token_hash == hash_secret("good") else None

    monkeypatch.setattr(auth, "find_token", find)
    return calls


def test_verifier_caches_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _store_knowing_good(monkeypatch)
    verifier = TokenVerifier(driver=None, database="neo4j")  # type: ignore[arg-type]
    principal = verifier.verify("good")
    assert (principal.role, principal.scope_id, principal.can_edit) == ("viewer", "S", False)
    verifier.verify("good")
    with pytest.raises(Unauthenticated):
        verifier.verify("bad")
    with pytest.raises(Unauthenticated):
        verifier.verify("bad")
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"revoked": True}, "token revoked"),
     ({"expires": datetime.now(UTC) - timedelta(seconds=1)}, "token expired")],
)  # fmt: skip
def test_unusable_tokens(
    monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], message: str
) -> None:
    monkeypatch.setattr(auth, "find_token", lambda **_: _record(**changes))
    with pytest.raises(Unauthenticated, match=message):
        TokenVerifier(driver=None, database="neo4j").verify("x")  # type: ignore[arg-type]


def test_made_up_secrets_never_push_a_real_token_out(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _store_knowing_good(monkeypatch)
    monkeypatch.setattr(auth, "MAX_UNKNOWN", 100)
    verifier = TokenVerifier(driver=None, database="neo4j")  # type: ignore[arg-type]
    assert verifier.known_token_id("good") is None  # not looked up yet
    verifier.verify("good")
    for n in range(1_000):  # ten times what the cache of unknown secrets holds
        with pytest.raises(Unauthenticated):
            verifier.verify(f"made-up-{n}")
    calls.clear()
    verifier.verify("good")
    assert calls == []  # still remembered: no lookup
    assert verifier.known_token_id("good") == "t"
    assert verifier.known_token_id("made-up-1") is None
    assert len(verifier._unknown) <= 100
