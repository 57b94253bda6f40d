"""HTTP-level protection: body size, request rate, CORS and masked 500s, installed on the app."""

from __future__ import annotations

import json
import logging
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import TokenVerifier, Unauthenticated, bearer_secret
from api.limits import Limits
from api.messages import language, text

log = logging.getLogger("covergraph.api")
VERIFIED = "verified"  # request state: the principal (or the refusal) the rate limiter found
MAX_BUCKETS = 10_000  # beyond this many clients, idle (refilled) buckets are forgotten


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


async def refuse(
    send: Send, scope: Scope, status: int, code: str, message: str, headers: dict[str, str]
) -> None:
    """Answers with a GraphQL-shaped JSON error, without reading the request any further."""
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    raw = body.encode("utf-8")
    fields = {"content-type": "application/json", "content-length": str(len(raw)), **headers}
    encoded = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in fields.items()]
    await send({"type": "http.response.start", "status": status, "headers": encoded})
    await send({"type": "http.response.body", "body": raw})


def language_of(scope: Scope) -> str:
    """Returns the language a request asks for: "en" or "zh"."""
    return language(_header(scope, b"accept-language") or "")


class BodyLimit:
    """Answers 413 to a body over the limit: at once when Content-Length says so, else as soon
    as the streamed chunks pass it, so an oversized body is never read whole."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) <= self.max_bytes:
            await self.app(scope, receive, send)
            return
        if declared is None:  # chunked or no body: read up to the limit, then replay it
            messages = await self._read_within_limit(receive)
            if messages is not None:
                await self.app(scope, _replay(messages, receive), send)
                return
        await self._refuse(scope, send)

    async def _read_within_limit(self, receive: Receive) -> list[Message] | None:
        """Returns the body's messages, or None once they pass the limit."""
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return None
            if message["type"] != "http.request" or not message.get("more_body"):
                return messages

    async def _refuse(self, scope: Scope, send: Send) -> None:
        message = text("body_too_large", language_of(scope), max=self.max_bytes)
        # Connection: close tells the server to drop the unread rest instead of draining it.
        await refuse(send, scope, 413, "PAYLOAD_TOO_LARGE", message, {"connection": "close"})


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class TokenBuckets:
    """One token bucket per key: `burst` requests at once, refilled at `per_minute`."""

    def __init__(
        self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate, self.burst, self.clock = per_minute / 60.0, float(burst), clock
        self.buckets: dict[str, _Bucket] = {}

    def take(self, key: str) -> float:
        """Takes one request from the key's bucket; returns 0, or the seconds until one is free."""
        now = self.clock()
        bucket = self.buckets.get(key) or self._new(key, now)
        bucket.tokens = min(self.burst, self._refilled(bucket, now))
        bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate

    def _new(self, key: str, now: float) -> _Bucket:
        if len(self.buckets) >= MAX_BUCKETS:
            self._forget_idle(now)
        bucket = self.buckets[key] = _Bucket(self.burst, now)
        return bucket

    def _refilled(self, bucket: _Bucket, now: float) -> float:
        return bucket.tokens + (now - bucket.stamp) * self.rate

    def _forget_idle(self, now: float) -> None:
        """Drops buckets that have refilled: forgetting them changes nothing for their key."""
        full = [k for k, b in self.buckets.items() if self._refilled(b, now) >= self.burst]
        for key in full or list(self.buckets)[: MAX_BUCKETS // 2]:
            del self.buckets[key]


async def client_key(scope: Scope) -> str:
    """Names whose bucket a request draws on: its token's id when the token is real, else its
    client address.

    The key is the token's id, not the header's text, so changing the scheme's case or the
    spacing gives no fresh bucket, and made-up secrets all draw on their address's bucket.
    """
    verifier: TokenVerifier | None = getattr(scope["app"].state, "verifier", None)
    try:
        secret = bearer_secret(_header(scope, b"authorization"))
    except Unauthenticated:
        secret = None
    token_id = verifier.known_token_id(secret) if verifier and secret else None
    if token_id is None and verifier and secret:
        token_id = await _verified_id(verifier, secret, scope)
    if token_id is not None:
        return "token:" + token_id
    client = scope.get("client")
    return f"address:{client[0] if client else 'unknown'}"


async def _verified_id(verifier: TokenVerifier, secret: str, scope: Scope) -> str | None:
    """Returns the id of the token with this secret, or None when it is not a usable one; the
    outcome is kept on the request, whose context then need not ask the database again."""
    try:
        principal = await run_in_threadpool(verifier.verify, secret)
    except Exception as error:  # unknown, revoked, or the database is away
        scope.setdefault("state", {})[VERIFIED] = error
        return None
    scope.setdefault("state", {})[VERIFIED] = principal
    return principal.token_id


class RateLimit:
    """Answers 429 with Retry-After when a token (or an anonymous address) sends too fast.

    The buckets live in this process: with `serve --workers N` each worker counts on its own.
    """

    def __init__(self, app: ASGIApp, per_minute: int, burst: int, prefix: str = "/graphql") -> None:
        self.app, self.prefix = app, prefix
        self.buckets = TokenBuckets(per_minute, burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            wait = self.buckets.take(await client_key(scope))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                message = text("rate_limited", language_of(scope), seconds=seconds)
                headers = {"retry-after": str(seconds)}
                await refuse(send, scope, 429, "RATE_LIMITED", message, headers)
                return
        await self.app(scope, receive, send)


def internal_error(request: Request, error: Exception) -> JSONResponse:
    """Answers an unexpected failure outside GraphQL: logged with an id the response carries."""
    error_id = secrets.token_hex(6)
    where = f"{request.method} {request.url.path}"
    log.error("internal error %s on %s", error_id, where, exc_info=error)
    lang = language(request.headers.get("accept-language", ""))
    answer = {
        "message": text("internal", lang, error_id=error_id),
        "extensions": {"code": "INTERNAL", "errorId": error_id},
    }
    return JSONResponse({"errors": [answer]}, status_code=500)


def protect(app: FastAPI, limits: Limits) -> None:
    """Installs the body limit, the rate limit, CORS (only for listed origins) and masked 500s."""
    app.add_exception_handler(Exception, internal_error)
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    if limits.rate_per_minute > 0:
        app.add_middleware(RateLimit, per_minute=limits.rate_per_minute, burst=limits.rate_burst)
    if limits.cors_origins:  # outermost, so refusals carry CORS headers too
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(limits.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept", "Accept-Language"],
            max_age=600,
        )
