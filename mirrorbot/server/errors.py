"""The server's edge: library errors and request problems become `{"error": {...}}` answers.

The library raises its own errors (`mirrorbot.errors`); here they are translated to HTTP:
empty text -> 422, a missing model -> 503, a failing responder -> 502, anything unexpected -> 500
(logged, with no internals in the answer).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from mirrorbot.errors import EmptyTextError, MirrorbotError, ModelNotFoundError, ResponderError

log = logging.getLogger("mirrorbot.server")

STATUS_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    500: "internal_error",
    502: "responder_error",
    503: "model_unavailable",
}

EXPECTED_BODIES = {
    "/v1/detect": '{"text": "I am so happy today!"}',
    "/v1/reply": '{"text": "My exam went badly.", "session_id": "user-42"}',
}


def error_response(
    status: int, message: str, *, fields: Sequence[dict[str, str]] = (), headers: dict[str, str] | None = None
) -> JSONResponse:
    """The one error shape: `{"error": {"type", "message", "fields"}}`."""
    body = {"error": {"type": STATUS_TYPES.get(status, "error"), "message": message, "fields": list(fields)}}
    return JSONResponse(body, status_code=status, headers=headers)


def _field_name(loc: Sequence[Any]) -> str:
    parts = [str(part) for part in loc if part != "body"] or ["body"]
    return ".".join(parts)


def describe_validation(errors: Sequence[dict[str, Any]], path: str) -> tuple[str, list[dict[str, str]]]:
    """A one-line message and per-field problems from pydantic errors (never echoing the input)."""
    expected = EXPECTED_BODIES.get(path)
    hint = f"; send Content-Type: application/json with a body like {expected}" if expected else ""
    fields: list[dict[str, str]] = []
    for error in errors:
        kind = error.get("type", "")
        if kind == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "malformed JSON")
            fields.append({"field": "body", "message": f"the body is not valid JSON ({reason})"})
        elif kind == "missing" and tuple(error.get("loc", ())) == ("body",):
            fields.append({"field": "body", "message": "the request has no JSON body"})
        elif kind == "string_unicode":
            fields.append(
                {
                    "field": _field_name(error["loc"]),
                    "message": "must be valid Unicode, found an unpaired surrogate escape such as \\ud800",
                }
            )
        elif kind == "extra_forbidden":
            fields.append({"field": _field_name(error["loc"]), "message": "unknown field (check its spelling)"})
        else:
            message = str(error.get("msg", "invalid value"))
            message = message.removeprefix("Value error, ")
            fields.append({"field": _field_name(error.get("loc", ())), "message": message})
    summary = "; ".join(f"{item['field']}: {item['message']}" for item in fields) or "the request is invalid"
    return f"invalid request: {summary}{hint}", fields


async def _validation_handler(request: Request, error: RequestValidationError) -> JSONResponse:
    message, fields = describe_validation(error.errors(), request.url.path)
    return error_response(422, message, fields=fields)


async def _http_handler(request: Request, error: StarletteHTTPException) -> JSONResponse:
    if error.status_code == 400 and error.detail == "There was an error parsing the body":
        # FastAPI's answer to a body that is not UTF-8: the same problem as malformed JSON
        message, fields = describe_validation(
            [{"type": "json_invalid", "loc": ("body",), "ctx": {"error": "not UTF-8 text"}}], request.url.path
        )
        return error_response(422, message, fields=fields)
    if error.status_code == 404 and isinstance(error.detail, str) and error.detail == "Not Found":
        message = f"no such endpoint: {request.method} {request.url.path}; see /docs for the API"
    elif error.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}; see /docs for the methods it takes"
    else:
        message = str(error.detail)
    return error_response(error.status_code, message, headers=getattr(error, "headers", None))


async def _library_handler(request: Request, error: MirrorbotError) -> JSONResponse:
    if isinstance(error, EmptyTextError | ValueError):
        return error_response(422, str(error), fields=[{"field": "text", "message": str(error)}])
    if isinstance(error, ModelNotFoundError):
        log.error("model unavailable: %s", error)
        return error_response(503, f"the emotion model is unavailable: {error}")
    if isinstance(error, ResponderError):
        log.error("responder failed: %s", error)
        return error_response(502, f"the responder could not produce a reply: {error}")
    log.exception("library error on %s %s", request.method, request.url.path, exc_info=error)
    return error_response(500, str(error))


async def _unexpected_handler(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return error_response(500, "internal error; the server log has the details")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_handler)  # type: ignore[arg-type]
    app.add_exception_handler(MirrorbotError, _library_handler)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected_handler)
