"""Bearer tokens: issuing them, and checking one per request with a short-lived cache."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from neo4j import Driver

from queries.organisations import organisation_exists
from queries.tokens import TokenRecord, find_token, store_token

ROLES: tuple[str, ...] = ("admin", "editor", "viewer")
TOKEN_PREFIX = "cg_"
CACHE_SECONDS = 5.0  # a revoked (or expired) token stops working within this time
MAX_UNKNOWN = 10_000  # made-up secrets remembered at most (each for CACHE_SECONDS)


class Unauthenticated(Exception):
    """The request carries no usable token."""


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: the token's id, role and scope (None: everything)."""

    token_id: str
    role: str
    scope_id: str | None

    @property
    def can_edit(self) -> bool:
        """Tells whether the role may run mutations."""
        return self.role in ("admin", "editor")


def hash_secret(secret: str) -> str:
    """Returns the stored form of a token secret (hex sha256)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(
    *,
    driver: Driver,
    database: str,
    role: str,
    scope_id: str | None = None,
    expires_days: int | None = None,
) -> tuple[TokenRecord, str]:
    """Creates a token and returns its record and its secret (shown once, never stored)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if expires_days is not None and expires_days < 1:
        raise ValueError("--expires-days must be at least 1")
    if scope_id is not None and not organisation_exists(
        driver=driver, database=database, organisation_id=scope_id
    ):
        raise LookupError(f"unknown organisation id {scope_id!r} for --scope")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    created = datetime.now(UTC)
    record = store_token(
        driver=driver,
        database=database,
        token_id="tok_" + secrets.token_hex(6),
        token_hash=hash_secret(secret),
        role=role,
        scope_id=scope_id,
        created=created,
        expires=created + timedelta(days=expires_days) if expires_days else None,
    )
    return record, secret


def bearer_secret(header: str | None) -> str:
    """Extracts the secret of an `Authorization: Bearer` header, or raises Unauthenticated."""
    if not header:
        raise Unauthenticated("missing Authorization: Bearer token")
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
    return secret.strip()


class TokenVerifier:
    """Checks secrets against the stored hashes, remembering answers for CACHE_SECONDS.

    Tokens that exist and tokens that do not are remembered apart: a flood of made-up secrets
    fills (and, when full, empties) only the second, never pushing a real token out.
    """

    def __init__(self, driver: Driver, database: str, ttl: float = CACHE_SECONDS) -> None:
        self.driver, self.database, self.ttl = driver, database, ttl
        self._found: dict[str, tuple[float, TokenRecord]] = {}
        self._unknown: dict[str, float] = {}
        self._lock = threading.Lock()

    def verify(self, secret: str) -> Principal:
        """Returns the principal of a usable token, or raises Unauthenticated."""
        record = self._lookup(hash_secret(secret))
        if record is None:
            raise Unauthenticated("invalid token")
        if not record.usable_at(datetime.now(UTC)):
            raise Unauthenticated("token revoked" if record.revoked else "token expired")
        return Principal(record.id, record.role, record.scope_id)

    def known_token_id(self, secret: str) -> str | None:
        """Returns the id of the stored token with this secret if one was looked up before,
        without asking the database (the rate limiter's bucket key); None otherwise."""
        known = self.known(secret)
        return known.token_id if known else None

    def known(self, secret: str) -> Principal | None:
        """Returns the principal of a token looked up before, however long ago, without asking
        the database; None for a secret never found."""
        with self._lock:
            found = self._found.get(hash_secret(secret))
        return Principal(found[1].id, found[1].role, found[1].scope_id) if found else None

    def _lookup(self, token_hash: str) -> TokenRecord | None:
        now = time.monotonic()
        with self._lock:
            found, unknown = self._found.get(token_hash), self._unknown.get(token_hash)
        if found is not None and now - found[0] < self.ttl:
            return found[1]
        if unknown is not None and now - unknown < self.ttl:
            return None
        record = find_token(driver=self.driver, database=self.database, token_hash=token_hash)
        with self._lock:
            if record is None:
                if len(self._unknown) >= MAX_UNKNOWN:  # bound memory against floods
                    self._unknown.clear()
                self._unknown[token_hash] = now
                self._found.pop(token_hash, None)
            else:
                self._found[token_hash] = (now, record)  # as many as tokens were issued
        return record
