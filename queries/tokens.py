"""API access tokens: only a hash of each secret is stored, as a (:Token) node."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import Driver, ManagedTransaction, RoutingControl

from graph.model import Label
from queries.audit import CLI_ACTOR, record_change
from queries.gate import write_transaction

TOKEN = Label.TOKEN.value

CREATE_TOKEN = f"""
CREATE (t:{TOKEN} {{id: $id, hash: $hash, role: $role, scope_id: $scope_id,
    created: $created, expires: $expires, revoked: false}})
RETURN t
"""
FIND_TOKEN = f"MATCH (t:{TOKEN} {{hash: $hash}}) RETURN t"
LIST_TOKENS = f"MATCH (t:{TOKEN}) RETURN t ORDER BY t.created, t.id"
REVOKE_TOKEN = f"MATCH (t:{TOKEN} {{id: $id}}) SET t.revoked = true RETURN t"


@dataclass(frozen=True)
class TokenRecord:
    """A stored token: id, role, scope, dates and whether it was revoked (never the secret)."""

    id: str
    role: str
    scope_id: str | None
    created: datetime
    expires: datetime | None
    revoked: bool

    def usable_at(self, moment: datetime) -> bool:
        """Tells whether the token is neither revoked nor expired at the moment."""
        return not self.revoked and (self.expires is None or moment < self.expires)


def _record(node: Any) -> TokenRecord:
    expires = node.get("expires")
    return TokenRecord(
        id=node["id"],
        role=node["role"],
        scope_id=node.get("scope_id"),
        created=node["created"].to_native(),
        expires=expires.to_native() if expires is not None else None,
        revoked=bool(node.get("revoked", False)),
    )


def store_token(
    *,
    driver: Driver,
    database: str,
    token_id: str,
    token_hash: str,
    role: str,
    scope_id: str | None,
    created: datetime,
    expires: datetime | None,
) -> TokenRecord:
    """Stores a new token by the hash of its secret and returns it."""
    params = {"id": token_id, "hash": token_hash, "role": role, "scope_id": scope_id,
              "created": created, "expires": expires}  # fmt: skip
    found = write_transaction(
        driver=driver,
        database=database,
        work=lambda tx: _audited(tx, CREATE_TOKEN, params, "token_create"),
    )
    assert found is not None  # CREATE always returns the node
    return found


def find_token(*, driver: Driver, database: str, token_hash: str) -> TokenRecord | None:
    """Returns the token whose secret has this hash, or None."""
    records, _, _ = driver.execute_query(
        FIND_TOKEN, hash=token_hash, routing_=RoutingControl.READ, database_=database
    )
    return _record(records[0]["t"]) if records else None


def list_tokens(*, driver: Driver, database: str) -> list[TokenRecord]:
    """Lists every stored token, oldest first."""
    records, _, _ = driver.execute_query(
        LIST_TOKENS, routing_=RoutingControl.READ, database_=database
    )
    return [_record(r["t"]) for r in records]


def revoke_token(*, driver: Driver, database: str, token_id: str) -> TokenRecord | None:
    """Marks the token revoked; returns it, or None when no token has this id."""
    return write_transaction(
        driver=driver,
        database=database,
        work=lambda tx: _audited(tx, REVOKE_TOKEN, {"id": token_id}, "token_revoke"),
    )


def _audited(
    tx: ManagedTransaction, query: str, params: dict[str, Any], action: str
) -> TokenRecord | None:
    """Writes a token and records it in the audit trail, in one transaction (never the hash)."""
    record = tx.run(query, params).single()
    if record is None:
        return None
    token = _record(record["t"])
    state = {"role": token.role, "scope_id": token.scope_id, "expires": token.expires,
             "revoked": token.revoked}  # fmt: skip
    record_change(tx=tx, actor=CLI_ACTOR, action=action, target_kind="tokens",
                  target_id=token.id, before=None, after=state)  # fmt: skip
    return token
