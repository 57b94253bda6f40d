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
    """Checks secrets against the stored hashes, remembering answers for CACHE_SECONDS."""

    def __init__(self, driver: Driver, database: str, ttl: float = CACHE_SECONDS) -> None:
        self.driver, self.database, self.ttl = driver, database, ttl
        self._cache: dict[str, tuple[float, TokenRecord | None]] = {}
        self._lock = threading.Lock()

    def verify(self, secret: str) -> Principal:
        """Returns the principal of a usable token, or raises Unauthenticated."""
        record = self._lookup(hash_secret(secret))
        if record is None:
            raise Unauthenticated("invalid token")
        if not record.usable_at(datetime.now(UTC)):
            raise Unauthenticated("token revoked" if record.revoked else "token expired")
        return Principal(record.id, record.role, record.scope_id)

    def _lookup(self, token_hash: str) -> TokenRecord | None:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(token_hash)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        record = find_token(driver=self.driver, database=self.database, token_hash=token_hash)
        with self._lock:
            if len(self._cache) > 10_000:  # bound memory against floods of bad tokens
                self._cache.clear()
            self._cache[token_hash] = (now, record)
        return record
