"""`create_app(bot)`: the HTTP API over a `MirrorBot`, for bots written in any language.

Endpoints: `POST /v1/detect`, `POST /v1/reply`, `GET`/`DELETE /v1/sessions/{id}`, `GET /health`,
and the OpenAPI schema at `/openapi.json` (browsable at `/docs`). The detector and the bot
block while they compute, so every call runs in a worker thread and the event loop stays free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Response, Security, status
from fastapi.security import APIKeyHeader, HTTPBearer
from starlette.concurrency import run_in_threadpool

from mirrorbot.server.errors import error_response, install_error_handlers
from mirrorbot.server.guard import Guard
from mirrorbot.server.schemas import (
    SESSION_ID_PATTERN,
    DetectRequest,
    DetectResponse,
    ErrorResponse,
    Health,
    ReplyRequest,
    SessionOut,
    TurnOut,
)

if TYPE_CHECKING:
    from mirrorbot.detector.detector import Detector
    from mirrorbot.mirror.bot import MirrorBot

DEFAULT_MAX_BODY_BYTES = 128 * 1024
"""Largest request body accepted (enough for the longest text the detector reads, 20,000 characters)."""

SessionId = Annotated[
    str, Path(pattern=SESSION_ID_PATTERN, description="The conversation's id (1-128 of letters, digits, `._:@-`).")
]

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorResponse,
        "description": "A malformed request (for instance a Content-Length that is not a number).",
    },
    413: {"model": ErrorResponse, "description": "The body is larger than the server's limit."},
    415: {"model": ErrorResponse, "description": "The body is not sent as application/json."},
    422: {"model": ErrorResponse, "description": "The body is not what the endpoint expects (see `message`)."},
    500: {"model": ErrorResponse, "description": "Unexpected server error."},
    502: {"model": ErrorResponse, "description": "The responder (e.g. an LLM endpoint) could not produce a reply."},
    503: {"model": ErrorResponse, "description": "The emotion model is missing or could not be loaded."},
}
_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or wrong API key."},
}


def create_app(
    bot: MirrorBot,
    *,
    detector: Detector | None = None,
    api_key: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> FastAPI:
    """The ASGI app serving `bot` (run it with uvicorn, or `mirrorbot serve`).

    Args:
        bot: the `MirrorBot` that answers `/v1/reply` and keeps the sessions.
        detector: what `/v1/detect` uses (default: the bot's own detector).
        api_key: when set, every `/v1` request must send `Authorization: Bearer KEY` or
            `X-API-Key: KEY`; `/health` and the docs stay open.
        max_body_bytes: larger request bodies are refused with 413 before they are parsed.
    """
    from mirrorbot import __version__

    reader: Detector = detector if detector is not None else bot.detector
    app = FastAPI(
        title="mirrorbot",
        version=__version__,
        summary="Reads the feeling in a message and answers with the same kind of feeling, milder.",
        responses=_ERRORS,
    )
    install_error_handlers(app)

    @app.get("/health", response_model=Health, tags=["service"])
    def health() -> dict[str, Any]:
        """Whether the service is up, and which model it reads with."""
        return {
            "status": "ok",
            "version": __version__,
            "model": reader.model_name,
            "model_loaded": reader.loaded,
            "auth": bool(api_key),
        }

    # The security schemes only document the key in the OpenAPI schema; `Guard` enforces it
    # (before the body is read, which a FastAPI dependency could not do).
    security = [HTTPBearer(auto_error=False), APIKeyHeader(name="X-API-Key", auto_error=False)] if api_key else []
    v1 = APIRouter(
        prefix="/v1",
        dependencies=[Security(scheme) for scheme in security],
        responses=_AUTH_ERRORS if api_key else {},
    )

    @v1.post("/detect", response_model=DetectResponse, tags=["detector"])
    async def detect(request: DetectRequest) -> dict[str, Any]:
        """The feeling in one text (the shape of `mirrorbot detect --json`)."""
        affect = await reader.adetect(request.text)
        return {"text": request.text, **affect.to_dict()}

    @v1.post("/reply", response_model=TurnOut, tags=["bot"])
    async def reply(request: ReplyRequest) -> dict[str, Any]:
        """The bot's answer to one message in a conversation (the shape of `mirrorbot reply --json`)."""
        turn = await bot.areply(request.text, session_id=request.session_id)
        return turn.to_dict()

    @v1.get(
        "/sessions/{session_id}",
        response_model=SessionOut,
        tags=["bot"],
        responses={404: {"model": ErrorResponse, "description": "No such session."}},
    )
    async def get_session(session_id: SessionId) -> Any:
        """A conversation's mood and its recent turns."""
        session = await run_in_threadpool(_existing_session, bot, session_id)
        if session is None:
            return _no_session(session_id)
        return session.to_dict()

    @v1.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["bot"], response_class=Response)
    async def delete_session(session_id: SessionId) -> Response:
        """Forget a conversation (its mood and turns); answers 204 whether or not it existed."""
        await run_in_threadpool(bot.reset, session_id)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    app.include_router(v1)
    app.add_middleware(Guard, api_key=api_key, max_body_bytes=max_body_bytes)
    return app


def _existing_session(bot: MirrorBot, session_id: str) -> Any:
    """The session if it has had a turn, else None (`bot.session` gives a fresh one for unknown ids)."""
    session = bot.session(session_id)
    return session if session.turns or session.history else None


def _no_session(session_id: str) -> Response:
    return error_response(
        404, f"no session {session_id!r}: a session starts with its first POST /v1/reply (or it was deleted)"
    )
