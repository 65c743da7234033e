"""The gate in front of the app: the API key, the request size and its type, before any parsing.

A plain ASGI middleware so that it runs before FastAPI reads or parses the body: an unknown
client gets 401 without its body being read, and an oversized body gets 413 whether it
announces its size (Content-Length) or streams it (chunked).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mirrorbot.server.errors import error_response

OPEN_PATHS = frozenset({"/health", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})
"""Paths answered without an API key."""


def presented_key(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The key a request carries: `Authorization: Bearer KEY` or `X-API-Key: KEY`."""
    for name, value in headers:
        if name == b"x-api-key":
            return value.decode("latin-1").strip()
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


class Guard:
    """Checks the API key (when one is set), caps the body at `max_body_bytes`, wants JSON bodies."""

    def __init__(self, app: ASGIApp, *, api_key: str | None, max_body_bytes: int) -> None:
        if max_body_bytes < 1:
            raise ValueError(f"max_body_bytes must be at least 1, got {max_body_bytes}")
        self.app = app
        self.api_key = api_key or None
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        if self.api_key and scope["path"] not in OPEN_PATHS and not self._authorized(headers):
            response = error_response(
                401,
                "missing or wrong API key; send it as 'Authorization: Bearer KEY' or 'X-API-Key: KEY' "
                "(the key the server was started with, --api-key or MIRRORBOT_API_KEY)",
                headers={"WWW-Authenticate": "Bearer"},
            )
            await response(scope, receive, send)
            return
        declared = dict(headers).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await error_response(400, "the Content-Length header is not a number")(scope, receive, send)
                return
            if size > self.max_body_bytes:
                await self._too_large(f"{size} bytes")(scope, receive, send)
                return
        body, too_large = await self._read_body(receive)
        if body is None:  # the client went away before sending its body
            return
        if too_large:
            await self._too_large(f"more than {self.max_body_bytes} bytes")(scope, receive, send)
            return
        if body and not _is_json(dict(headers).get(b"content-type")):
            found = dict(headers).get(b"content-type", b"none").decode("latin-1")
            message = (
                f"expected Content-Type: application/json, found {found!r}; "
                "send the body as JSON (curl: -H 'Content-Type: application/json')"
            )
            await error_response(415, message)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _authorized(self, headers: Iterable[tuple[bytes, bytes]]) -> bool:
        key = presented_key(headers)
        return key is not None and hmac.compare_digest(key.encode(), (self.api_key or "").encode())

    def _too_large(self, found: str) -> JSONResponse:
        return error_response(
            413,
            f"the request body is too large: at most {self.max_body_bytes} bytes are accepted, found {found}; "
            "send shorter text (the server's --max-body-bytes sets the limit)",
        )

    async def _read_body(self, receive: Receive) -> tuple[bytes | None, bool]:
        """The whole body; (b"", True) as soon as it passes the limit; (None, False) on disconnect."""
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return None, False
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_body_bytes:
                return b"", True
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks), False


def _is_json(content_type: bytes | None) -> bool:
    """application/json or application/*+json, with or without parameters such as charset."""
    if not content_type:
        return False
    kind = content_type.split(b";", 1)[0].strip().lower()
    return kind == b"application/json" or (kind.startswith(b"application/") and kind.endswith(b"+json"))


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the buffered body once, then waits on the real one (disconnects)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
