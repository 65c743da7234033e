"""The HTTP API: `create_app(bot)` gives a FastAPI app; `mirrorbot serve` runs it on uvicorn."""

from mirrorbot.server.app import DEFAULT_MAX_BODY_BYTES, create_app

__all__ = ["DEFAULT_MAX_BODY_BYTES", "create_app"]
